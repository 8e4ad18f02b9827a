import type { EntityManager } from 'typeorm';
import { TicketChangedError } from '../app/ports/tickets.js';
import type { LadderCandidate, LadderRepository, LadderScan } from '../app/ports/jobs.js';
import { PHASE_STEPS, type LadderStep } from '../domain/sla-ladder.js';
import type { TicketEvent, Urgency } from '../domain/ticket.js';
import { clip, MAX_TEXT } from './clip.js';
import { isDuplicateKeyError } from './db-errors.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { TicketEventRow } from './entities/ticket-event-row.js';
import { TicketRow } from './entities/ticket-row.js';
import { TicketSlaStepRow } from './entities/ticket-sla-step-row.js';
import { fromSqlTime, sqlNumber, sqlTime } from './sql-time.js';
import { marks } from './sql.js';

const PHASE_SQL = {
  claim: { status: 'new', column: 'claim_due_at' },
  resolve: { status: 'claimed', column: 'due_at' },
} as const;

export class TypeormLadderRepository implements LadderRepository {
  constructor(private readonly em: EntityManager) {}

  async candidates(scan: LadderScan): Promise<LadderCandidate[]> {
    const { status, column } = PHASE_SQL[scan.phase];
    const steps = PHASE_STEPS[scan.phase];
    const from = scan.after && scan.after.due > scan.dueFrom ? scan.after.due : scan.dueFrom;
    const params: unknown[] = [status, sqlTime(from), sqlTime(scan.dueTo)];
    let keyset = '';
    if (scan.after) {
      keyset = `AND (t.\`${column}\` > ? OR t.\`no\` > ?)`;
      params.push(sqlTime(scan.after.due), scan.after.no);
    }
    // A range on IDX_tickets_status_<deadline>; each count is a probe of the steps' unique index.
    const recordedOf = (prefix: readonly string[]) =>
      `(SELECT COUNT(*) FROM \`ticket_sla_steps\` s
         WHERE s.\`ticket_no\` = t.\`no\` AND s.\`deadline_at\` = t.\`${column}\`
           AND s.\`step\` IN (${marks(prefix.length)})) < ${prefix.length}`;
    let owed = recordedOf(steps);
    let owedParams: unknown[] = [...steps];
    if (scan.owing) {
      // Steps fall due in order: only the ones that can be due by now count (port: LadderScan.owing).
      const urgentClaim = scan.phase === 'claim' ? `WHEN t.\`urgency\` = 'urgent' THEN ${recordedOf(steps)}` : '';
      owed = `CASE ${urgentClaim}
                   WHEN t.\`${column}\` > ? THEN ${recordedOf(steps.slice(0, 1))}
                   WHEN t.\`urgency\` = 'urgent' AND t.\`${column}\` > ? THEN ${recordedOf(steps.slice(0, 2))}
                   WHEN t.\`urgency\` <> 'urgent' AND t.\`${column}\` > ? THEN ${recordedOf(steps.slice(0, 2))}
                   ELSE ${recordedOf(steps)} END`;
      const { now, escalateFrom } = scan.owing;
      owedParams = [
        ...(scan.phase === 'claim' ? steps : []),
        ...[sqlTime(now), ...steps.slice(0, 1)],
        ...[sqlTime(escalateFrom.urgent), ...steps.slice(0, 2)],
        ...[sqlTime(escalateFrom.normal), ...steps.slice(0, 2)],
        ...steps,
      ];
    }
    const rows: Array<{ no: unknown; category: string; urgency: string; due: unknown }> = await this.em.query(
      `SELECT t.\`no\` AS \`no\`, t.\`category\` AS \`category\`, t.\`urgency\` AS \`urgency\`, t.\`${column}\` AS \`due\`
         FROM \`tickets\` t
        WHERE t.\`status\` = ? AND t.\`${column}\` >= ? AND t.\`${column}\` <= ? ${keyset}
          AND ${owed}
        ORDER BY t.\`${column}\`, t.\`no\`
        LIMIT ${Math.max(1, Math.floor(scan.limit))}`,
      [...params, ...owedParams],
    );
    if (rows.length === 0) return [];
    const candidates: LadderCandidate[] = rows.map((r) => ({
      no: sqlNumber(r.no),
      category: r.category,
      urgency: r.urgency as Urgency,
      due: fromSqlTime(r.due),
      recorded: [],
    }));
    const byNo = new Map(candidates.map((c) => [c.no, c]));
    const recorded: Array<{ ticket_no: unknown; step: string; deadline_at: unknown }> = await this.em.query(
      `SELECT \`ticket_no\`, \`step\`, \`deadline_at\` FROM \`ticket_sla_steps\`
        WHERE \`ticket_no\` IN (${marks(candidates.length)}) AND \`step\` IN (${marks(steps.length)})`,
      [...candidates.map((c) => c.no), ...steps],
    );
    for (const r of recorded) {
      const c = byNo.get(sqlNumber(r.ticket_no));
      if (c && fromSqlTime(r.deadline_at).getTime() === c.due.getTime()) c.recorded.push(r.step as LadderStep);
    }
    return candidates;
  }

  async recordStep(ticket: { no: number; version: number }, step: LadderStep, deadline: Date, event: TicketEvent): Promise<boolean> {
    try {
      await this.em.insert(TicketSlaStepRow, { ticketNo: ticket.no, step, deadlineAt: deadline, at: event.at });
    } catch (err) {
      // The unique key settles races between instances: the loser waits for the winner's commit.
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
    const bumped = await this.em
      .createQueryBuilder()
      .update(TicketRow)
      .set({ version: () => 'version + 1', updatedAt: new Date() })
      .where({ no: ticket.no, version: ticket.version })
      .execute();
    if (bumped.affected !== 1) throw new TicketChangedError(ticket.no);
    await this.em.insert(TicketEventRow, {
      ticketNo: ticket.no,
      type: event.type,
      actorId: event.actor.id,
      actorName: clip(event.actor.name, NAME_LENGTH),
      at: event.at,
      note: event.note === null ? null : clip(event.note, MAX_TEXT),
    });
    return true;
  }
}
