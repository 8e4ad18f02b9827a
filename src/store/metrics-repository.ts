// The digest's aggregates, computed by the database over indexed ranges (docs/metrics.md lists
// each query with the index it uses). Nothing here loads tickets wholesale: the tables grow to
// millions of rows. Hand-written SQL in the dialect MySQL/MariaDB and SQLite share (backticks
// quote identifiers in both).
import type { EntityManager } from 'typeorm';
import type { CommunityScope, MetricsRepository } from '../app/ports/jobs.js';
import {
  emptyPeriodStats,
  type BreakdownRow,
  type OverdueTicket,
  type PeriodStats,
  type Totals,
} from '../domain/digest-model.js';
import type { ReportSummary } from '../domain/repeat-problems.js';
import { RATING_LABELS, TICKET_STATUSES, type TicketStatus } from '../domain/ticket.js';
import { fromSqlTime, sqlNumber, sqlTime } from './sql-time.js';
import { marks } from './sql.js';

type Row = Record<string, unknown>;

/** `AND <column> IN (…)` for a scope of communities; nothing for the whole district. */
function inScope(column: string, scope: CommunityScope): { sql: string; params: string[] } {
  if (!scope) return { sql: '', params: [] };
  if (scope.length === 0) return { sql: ' AND 1 = 0', params: [] };
  return { sql: ` AND ${column} IN (${marks(scope.length)})`, params: [...scope] };
}

/** Events need their ticket's community only when a scope asks for it (a join by primary key). */
function eventsIn(scope: CommunityScope): { from: string; sql: string; params: string[] } {
  const where = inScope('t.`community`', scope);
  return { from: scope ? '`ticket_events` e JOIN `tickets` t ON t.`no` = e.`ticket_no`' : '`ticket_events` e', ...where };
}

export class TypeormMetricsRepository implements MetricsRepository {
  constructor(private readonly em: EntityManager) {}

  private query(sql: string, params: unknown[]): Promise<Row[]> {
    return this.em.query(sql, params);
  }

  async periodStats(from: Date, to: Date, scope?: CommunityScope): Promise<PeriodStats> {
    const p = emptyPeriodStats();
    const range = [sqlTime(from), sqlTime(to)];
    const ev = eventsIn(scope);
    const tk = inScope('`community`', scope);
    // IDX_ticket_events_type_at: one index range per type, counted in the index (joined by key when scoped).
    for (const r of await this.query(
      `SELECT e.\`type\`, COUNT(*) AS n FROM ${ev.from}
        WHERE e.\`type\` IN ('created', 'claimed', 'resolved', 'closed', 'reopened') AND e.\`at\` >= ? AND e.\`at\` < ?${ev.sql}
        GROUP BY e.\`type\``,
      [...range, ...ev.params],
    )) {
      const n = sqlNumber(r.n);
      if (r.type === 'created') p.created = n;
      else if (r.type === 'claimed') p.claimed = n;
      else if (r.type === 'resolved') p.resolved = n;
      else if (r.type === 'closed') p.closed = n;
      else if (r.type === 'reopened') p.reopened = n;
    }
    for (const r of await this.query(
      `SELECT e.\`note\`, COUNT(*) AS n FROM ${ev.from} WHERE e.\`type\` = 'rated' AND e.\`at\` >= ? AND e.\`at\` < ?${ev.sql} GROUP BY e.\`note\``,
      [...range, ...ev.params],
    )) {
      const n = sqlNumber(r.n);
      if (r.note === RATING_LABELS.satisfied) p.satisfied = n;
      else if (r.note === RATING_LABELS.basically_satisfied) p.basicallySatisfied = n;
      else if (r.note === RATING_LABELS.unsatisfied) p.unsatisfied = n;
    }
    // The period's claims and resolutions joined to their tickets by primary key.
    const [onTime] = await this.query(
      `SELECT
          SUM(CASE WHEN e.\`type\` = 'claimed' AND e.\`at\` <= t.\`claim_due_at\` THEN 1 ELSE 0 END) AS claimed,
          SUM(CASE WHEN e.\`type\` = 'resolved' AND e.\`at\` <= t.\`due_at\` THEN 1 ELSE 0 END) AS resolved
         FROM \`ticket_events\` e JOIN \`tickets\` t ON t.\`no\` = e.\`ticket_no\`
        WHERE e.\`type\` IN ('claimed', 'resolved') AND e.\`at\` >= ? AND e.\`at\` < ?${ev.sql}`,
      [...range, ...ev.params],
    );
    p.claimedOnTime = sqlNumber(onTime?.claimed);
    p.resolvedOnTime = sqlNumber(onTime?.resolved);
    // Deadlines that passed in the period on tickets still open: IDX_tickets_status_* ranges.
    const [claimMissed] = await this.query(
      `SELECT COUNT(*) AS n FROM \`tickets\` WHERE \`status\` = ? AND \`claim_due_at\` >= ? AND \`claim_due_at\` < ?${tk.sql}`,
      ['new', ...range, ...tk.params],
    );
    p.claimMissed = sqlNumber(claimMissed?.n);
    let claimedPastDue = 0;
    for (const r of await this.query(
      `SELECT \`status\`, COUNT(*) AS n FROM \`tickets\`
        WHERE \`status\` IN ('new', 'claimed') AND \`due_at\` >= ? AND \`due_at\` < ?${tk.sql} GROUP BY \`status\``,
      [...range, ...tk.params],
    )) {
      p.resolveMissed += sqlNumber(r.n);
      if (r.status === 'claimed') claimedPastDue = sqlNumber(r.n);
    }
    p.becameOverdue = p.claimMissed + claimedPastDue;
    return p;
  }

  async totals(now: Date): Promise<Totals> {
    const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
    // A scan of the smallest index holding status; no table rows are read.
    for (const r of await this.query('SELECT `status`, COUNT(*) AS n FROM `tickets` GROUP BY `status`', [])) {
      if (typeof r.status === 'string' && r.status in byStatus) byStatus[r.status as TicketStatus] = sqlNumber(r.n);
    }
    const at = sqlTime(now);
    const [overdueNew] = await this.query('SELECT COUNT(*) AS n FROM `tickets` WHERE `status` = ? AND `claim_due_at` < ?', ['new', at]);
    const [overdueClaimed] = await this.query('SELECT COUNT(*) AS n FROM `tickets` WHERE `status` = ? AND `due_at` < ?', ['claimed', at]);
    return {
      byStatus,
      all: Object.values(byStatus).reduce((a, b) => a + b, 0),
      open: byStatus.new + byStatus.claimed,
      overdue: sqlNumber(overdueNew?.n) + sqlNumber(overdueClaimed?.n),
    };
  }

  async backlog(now: Date): Promise<{ open: number; overdue: number }> {
    const at = sqlTime(now);
    const count = async (sql: string, params: unknown[]) => sqlNumber((await this.query(sql, params))[0]?.n);
    const [open, overdueNew, overdueClaimed] = await Promise.all([
      count("SELECT COUNT(*) AS n FROM `tickets` WHERE `status` IN ('new', 'claimed')", []),
      count('SELECT COUNT(*) AS n FROM `tickets` WHERE `status` = ? AND `claim_due_at` < ?', ['new', at]),
      count('SELECT COUNT(*) AS n FROM `tickets` WHERE `status` = ? AND `due_at` < ?', ['claimed', at]),
    ]);
    return { open, overdue: overdueNew + overdueClaimed };
  }

  async breakdown(from: Date, to: Date, now: Date, scope?: CommunityScope): Promise<BreakdownRow[]> {
    const tk = inScope('`community`', scope);
    const joined = inScope('t.`community`', scope);
    const rows = new Map<string, BreakdownRow>();
    const row = (community: unknown, category: unknown): BreakdownRow => {
      const key = `${String(community)}\u0000${String(category)}`;
      let r = rows.get(key);
      if (!r) {
        r = { community: String(community), category: String(category), created: 0, resolved: 0, open: 0, overdue: 0 };
        rows.set(key, r);
      }
      return r;
    };
    const range = [sqlTime(from), sqlTime(to)];
    for (const r of await this.query(
      `SELECT \`community\`, \`category\`, COUNT(*) AS n FROM \`tickets\`
        WHERE \`created_at\` >= ? AND \`created_at\` < ?${tk.sql} GROUP BY \`community\`, \`category\``,
      [...range, ...tk.params],
    )) {
      row(r.community, r.category).created = sqlNumber(r.n);
    }
    for (const r of await this.query(
      `SELECT t.\`community\`, t.\`category\`, COUNT(*) AS n
         FROM \`ticket_events\` e JOIN \`tickets\` t ON t.\`no\` = e.\`ticket_no\`
        WHERE e.\`type\` = 'resolved' AND e.\`at\` >= ? AND e.\`at\` < ?${joined.sql}
        GROUP BY t.\`community\`, t.\`category\``,
      [...range, ...joined.params],
    )) {
      row(r.community, r.category).resolved = sqlNumber(r.n);
    }
    const at = sqlTime(now);
    for (const r of await this.query(
      `SELECT \`community\`, \`category\`, COUNT(*) AS n,
          SUM(CASE WHEN (\`status\` = 'new' AND \`claim_due_at\` < ?) OR (\`status\` = 'claimed' AND \`due_at\` < ?) THEN 1 ELSE 0 END) AS overdue
         FROM \`tickets\` WHERE \`status\` IN ('new', 'claimed')${tk.sql}
        GROUP BY \`community\`, \`category\``,
      [at, at, ...tk.params],
    )) {
      const b = row(r.community, r.category);
      b.open = sqlNumber(r.n);
      b.overdue = sqlNumber(r.overdue);
    }
    return [...rows.values()].sort((a, b) => a.community.localeCompare(b.community) || a.category.localeCompare(b.category));
  }

  async mostOverdue(now: Date, limit: number, scope?: CommunityScope): Promise<OverdueTicket[]> {
    const at = sqlTime(now);
    const tk = inScope('`community`', scope);
    const n = Math.max(1, Math.floor(limit));
    // Both walk an index in deadline order and stop after `limit` rows.
    const pick = (status: 'new' | 'claimed', column: string) =>
      this.query(
        `SELECT \`no\`, \`community\`, \`category\`, \`status\`, \`assignee_name\`, \`${column}\` AS due
           FROM \`tickets\` WHERE \`status\` = ? AND \`${column}\` < ?${tk.sql} ORDER BY \`${column}\`, \`no\` LIMIT ${n}`,
        [status, at, ...tk.params],
      );
    const rows = [...(await pick('new', 'claim_due_at')), ...(await pick('claimed', 'due_at'))];
    return rows
      .map((r) => ({
        no: sqlNumber(r.no),
        community: String(r.community),
        category: String(r.category),
        status: r.status as 'new' | 'claimed',
        assigneeName: r.assignee_name === null || r.assignee_name === undefined ? null : String(r.assignee_name),
        due: fromSqlTime(r.due),
      }))
      .sort((a, b) => a.due.getTime() - b.due.getTime() || a.no - b.no)
      .slice(0, n);
  }

  async reportsBetween(from: Date, to: Date, limit: number, scope?: CommunityScope): Promise<ReportSummary[]> {
    const tk = inScope('`community`', scope);
    const rows = await this.query(
      `SELECT \`no\`, \`community\`, \`category\`, \`group_id\`, SUBSTR(\`text\`, 1, 200) AS \`text\`
         FROM \`tickets\`
        WHERE \`created_at\` >= ? AND \`created_at\` < ? AND \`status\` NOT IN ('rejected', 'merged')${tk.sql}
        ORDER BY \`created_at\`, \`no\` LIMIT ${Math.max(1, Math.floor(limit))}`,
      [sqlTime(from), sqlTime(to), ...tk.params],
    );
    return rows.map((r) => ({
      no: sqlNumber(r.no),
      community: String(r.community),
      category: String(r.category),
      groupId: String(r.group_id),
      text: String(r.text),
    }));
  }

  async flow(bounds: Date[], scope?: CommunityScope): Promise<Array<{ created: number; resolved: number }>> {
    if (bounds.length < 2) return [];
    const edges = bounds.map(sqlTime);
    // One range scan each, bucketed by CASE: no date functions, so the SQL is the same on every database.
    const buckets = (column: string) =>
      edges
        .slice(1)
        .map((_, i) => `SUM(CASE WHEN ${column} >= '${edges[i]}' AND ${column} < '${edges[i + 1]}' THEN 1 ELSE 0 END) AS d${i}`)
        .join(', ');
    const whole = [edges[0]!, edges[edges.length - 1]!];
    const tk = inScope('`community`', scope);
    const ev = eventsIn(scope);
    const [created] = await this.query(
      `SELECT ${buckets('`created_at`')} FROM \`tickets\` WHERE \`created_at\` >= ? AND \`created_at\` < ?${tk.sql}`,
      [...whole, ...tk.params],
    );
    const [resolved] = await this.query(
      `SELECT ${buckets('e.`at`')} FROM ${ev.from} WHERE e.\`type\` = 'resolved' AND e.\`at\` >= ? AND e.\`at\` < ?${ev.sql}`,
      [...whole, ...ev.params],
    );
    return edges.slice(1).map((_, i) => ({ created: sqlNumber(created?.[`d${i}`]), resolved: sqlNumber(resolved?.[`d${i}`]) }));
  }
}
