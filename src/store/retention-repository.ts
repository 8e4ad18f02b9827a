// Retention on TypeORM: ids first, then the rows by id, so every call is a short, bounded
// statement on MySQL, MariaDB and SQLite alike (no DELETE … LIMIT, which SQLite lacks).
import { In, type EntityManager } from 'typeorm';
import type { RetentionRepository } from '../app/ports/jobs.js';
import type { TicketForRedaction } from '../domain/redact-ticket.js';
import { InboundMessageRow } from './entities/inbound-message-row.js';
import { OutboxRow } from './entities/outbox-row.js';
import { TicketAttachmentRow } from './entities/ticket-attachment-row.js';
import { TicketEventRow } from './entities/ticket-event-row.js';
import { TicketReporterRow } from './entities/ticket-reporter-row.js';
import { TicketRow } from './entities/ticket-row.js';
import { sqlNumber, sqlTime } from './sql-time.js';
import { marks } from './sql.js';

/** Statuses a ticket never leaves: what retention may redact. */
const ENDED = ['closed', 'rejected', 'merged'];

export class TypeormRetentionRepository implements RetentionRepository {
  constructor(private readonly em: EntityManager) {}

  async deleteChat(before: Date, limit: number): Promise<number> {
    // Messages of a burst that made a ticket carry no ticket_no but are linked in ticket_messages.
    const rows: Array<{ id: unknown }> = await this.em.query(
      `SELECT im.id FROM inbound_messages im
        WHERE im.ticket_no IS NULL AND im.processed_at < ?
          AND NOT EXISTS (SELECT 1 FROM ticket_messages tm WHERE tm.message_id = im.message_id)
        ORDER BY im.processed_at LIMIT ${Number(limit)}`,
      [sqlTime(before)],
    );
    return this.deleteByIds(InboundMessageRow, rows);
  }

  async deleteFinishedOutbox(before: Date, limit: number): Promise<number> {
    const rows: Array<{ id: unknown }> = await this.em.query(
      `SELECT id FROM outbox WHERE status IN ('sent', 'failed', 'cancelled') AND next_attempt_at < ? ORDER BY next_attempt_at LIMIT ${Number(limit)}`,
      [sqlTime(before)],
    );
    return this.deleteByIds(OutboxRow, rows);
  }

  async deleteAttachments(before: Date, limit: number): Promise<number> {
    const rows: Array<{ id: unknown }> = await this.em.query(
      `SELECT id FROM ticket_attachments WHERE created_at < ? ORDER BY created_at LIMIT ${Number(limit)}`,
      [sqlTime(before)],
    );
    return this.deleteByIds(TicketAttachmentRow, rows);
  }

  async ticketsToRedact(before: Date, limit: number): Promise<TicketForRedaction[]> {
    const tickets: Array<{ no: unknown; text: string }> = await this.em.query(
      `SELECT no, text FROM tickets
        WHERE redacted_at IS NULL AND status IN (${marks(ENDED.length)}) AND updated_at < ?
        ORDER BY updated_at LIMIT ${Number(limit)}`,
      [...ENDED, sqlTime(before)],
    );
    const nos = tickets.map((t) => sqlNumber(t.no));
    if (nos.length === 0) return [];
    const [reporters, events, messages] = await Promise.all([
      this.em.find(TicketReporterRow, { select: { id: true, ticketNo: true, personId: true, name: true }, where: { ticketNo: In(nos) } }),
      this.em.find(TicketEventRow, { select: { id: true, ticketNo: true, actorId: true, actorName: true, note: true }, where: { ticketNo: In(nos) } }),
      this.em.query(
        `SELECT im.id, im.text, im.sender_name, COALESCE(im.ticket_no, tm.ticket_no) AS ticket_no
           FROM inbound_messages im LEFT JOIN ticket_messages tm ON tm.message_id = im.message_id
          WHERE im.ticket_no IN (${marks(nos.length)}) OR tm.ticket_no IN (${marks(nos.length)})`,
        [...nos, ...nos],
      ) as Promise<Array<{ id: unknown; text: string; sender_name: string; ticket_no: unknown }>>,
    ]);
    return tickets.map((t) => {
      const no = sqlNumber(t.no);
      return {
        no,
        text: t.text,
        reporters: reporters.filter((r) => r.ticketNo === no).map((r) => ({ id: r.id, personId: r.personId, name: r.name })),
        events: events.filter((e) => e.ticketNo === no).map((e) => ({ id: e.id, actorId: e.actorId, actorName: e.actorName, note: e.note })),
        messages: messages
          .filter((m) => sqlNumber(m.ticket_no) === no)
          .map((m) => ({ id: sqlNumber(m.id), text: m.text, senderName: m.sender_name })),
      };
    });
  }

  async saveRedacted(ticket: TicketForRedaction, at: Date): Promise<void> {
    await this.em.update(TicketRow, { no: ticket.no }, { text: ticket.text, redactedAt: at });
    for (const r of ticket.reporters) await this.em.update(TicketReporterRow, { id: r.id }, { name: r.name });
    for (const e of ticket.events) await this.em.update(TicketEventRow, { id: e.id }, { actorName: e.actorName, note: e.note });
    for (const m of ticket.messages) await this.em.update(InboundMessageRow, { id: m.id }, { text: m.text, senderName: m.senderName, quoted: null });
  }

  private async deleteByIds(entity: typeof InboundMessageRow | typeof OutboxRow | typeof TicketAttachmentRow, rows: Array<{ id: unknown }>): Promise<number> {
    if (rows.length === 0) return 0;
    await this.em.delete(entity, { id: In(rows.map((r) => sqlNumber(r.id))) });
    return rows.length;
  }
}
