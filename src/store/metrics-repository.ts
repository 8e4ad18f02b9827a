// The digest's aggregates, computed by the database over indexed ranges (docs/metrics.md lists
// each query with the index it uses). Nothing here loads tickets wholesale: the tables grow to
// millions of rows. Hand-written SQL in the dialect MySQL/MariaDB and SQLite share (backticks
// quote identifiers in both).
import type { EntityManager } from 'typeorm';
import type { MetricsRepository } from '../app/ports/jobs.js';
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

type Row = Record<string, unknown>;

export class TypeormMetricsRepository implements MetricsRepository {
  constructor(private readonly em: EntityManager) {}

  private query(sql: string, params: unknown[]): Promise<Row[]> {
    return this.em.query(sql, params);
  }

  async periodStats(from: Date, to: Date): Promise<PeriodStats> {
    const p = emptyPeriodStats();
    const range = [sqlTime(from), sqlTime(to)];
    // IDX_ticket_events_type_at: one index range per type, counted in the index.
    for (const r of await this.query(
      `SELECT \`type\`, COUNT(*) AS n FROM \`ticket_events\`
        WHERE \`type\` IN ('created', 'claimed', 'resolved', 'closed', 'reopened') AND \`at\` >= ? AND \`at\` < ?
        GROUP BY \`type\``,
      range,
    )) {
      const n = sqlNumber(r.n);
      if (r.type === 'created') p.created = n;
      else if (r.type === 'claimed') p.claimed = n;
      else if (r.type === 'resolved') p.resolved = n;
      else if (r.type === 'closed') p.closed = n;
      else if (r.type === 'reopened') p.reopened = n;
    }
    for (const r of await this.query(
      `SELECT \`note\`, COUNT(*) AS n FROM \`ticket_events\` WHERE \`type\` = 'rated' AND \`at\` >= ? AND \`at\` < ? GROUP BY \`note\``,
      range,
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
        WHERE e.\`type\` IN ('claimed', 'resolved') AND e.\`at\` >= ? AND e.\`at\` < ?`,
      range,
    );
    p.claimedOnTime = sqlNumber(onTime?.claimed);
    p.resolvedOnTime = sqlNumber(onTime?.resolved);
    // Deadlines that passed in the period on tickets still open: IDX_tickets_status_* ranges.
    const [claimMissed] = await this.query(
      'SELECT COUNT(*) AS n FROM `tickets` WHERE `status` = ? AND `claim_due_at` >= ? AND `claim_due_at` < ?',
      ['new', ...range],
    );
    p.claimMissed = sqlNumber(claimMissed?.n);
    let claimedPastDue = 0;
    for (const r of await this.query(
      "SELECT `status`, COUNT(*) AS n FROM `tickets` WHERE `status` IN ('new', 'claimed') AND `due_at` >= ? AND `due_at` < ? GROUP BY `status`",
      range,
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

  async breakdown(from: Date, to: Date, now: Date): Promise<BreakdownRow[]> {
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
      'SELECT `community`, `category`, COUNT(*) AS n FROM `tickets` WHERE `created_at` >= ? AND `created_at` < ? GROUP BY `community`, `category`',
      range,
    )) {
      row(r.community, r.category).created = sqlNumber(r.n);
    }
    for (const r of await this.query(
      `SELECT t.\`community\`, t.\`category\`, COUNT(*) AS n
         FROM \`ticket_events\` e JOIN \`tickets\` t ON t.\`no\` = e.\`ticket_no\`
        WHERE e.\`type\` = 'resolved' AND e.\`at\` >= ? AND e.\`at\` < ?
        GROUP BY t.\`community\`, t.\`category\``,
      range,
    )) {
      row(r.community, r.category).resolved = sqlNumber(r.n);
    }
    const at = sqlTime(now);
    for (const r of await this.query(
      `SELECT \`community\`, \`category\`, COUNT(*) AS n,
          SUM(CASE WHEN (\`status\` = 'new' AND \`claim_due_at\` < ?) OR (\`status\` = 'claimed' AND \`due_at\` < ?) THEN 1 ELSE 0 END) AS overdue
         FROM \`tickets\` WHERE \`status\` IN ('new', 'claimed')
        GROUP BY \`community\`, \`category\``,
      [at, at],
    )) {
      const b = row(r.community, r.category);
      b.open = sqlNumber(r.n);
      b.overdue = sqlNumber(r.overdue);
    }
    return [...rows.values()].sort((a, b) => a.community.localeCompare(b.community) || a.category.localeCompare(b.category));
  }

  async mostOverdue(now: Date, limit: number): Promise<OverdueTicket[]> {
    const at = sqlTime(now);
    const n = Math.max(1, Math.floor(limit));
    // Both walk an index in deadline order and stop after `limit` rows.
    const pick = (status: 'new' | 'claimed', column: string) =>
      this.query(
        `SELECT \`no\`, \`community\`, \`category\`, \`status\`, \`assignee_name\`, \`${column}\` AS due
           FROM \`tickets\` WHERE \`status\` = ? AND \`${column}\` < ? ORDER BY \`${column}\`, \`no\` LIMIT ${n}`,
        [status, at],
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

  async reportsBetween(from: Date, to: Date, limit: number): Promise<ReportSummary[]> {
    const rows = await this.query(
      `SELECT \`no\`, \`community\`, \`category\`, \`group_id\`, SUBSTR(\`text\`, 1, 200) AS \`text\`
         FROM \`tickets\`
        WHERE \`created_at\` >= ? AND \`created_at\` < ? AND \`status\` NOT IN ('rejected', 'merged')
        ORDER BY \`created_at\`, \`no\` LIMIT ${Math.max(1, Math.floor(limit))}`,
      [sqlTime(from), sqlTime(to)],
    );
    return rows.map((r) => ({
      no: sqlNumber(r.no),
      community: String(r.community),
      category: String(r.category),
      groupId: String(r.group_id),
      text: String(r.text),
    }));
  }
}
