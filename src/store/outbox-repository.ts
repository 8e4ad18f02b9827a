import type { EntityManager } from 'typeorm';
import { read, rowMarks, write } from './sql.js';
import { BatchTakenError, SECRET_REDACTED, laneOf, laneRank, type OutboxItem, type OutboxRepository, type OutgoingMessage, type SendingAccount } from '../app/ports/outbox.js';
import { PRIVATE_CHAT_PREFIX } from '../app/ports/chat.js';
import { clip, MAX_TEXT } from './clip.js';
import { OutboxRow } from './entities/outbox-row.js';
import { fromSqlTime, sqlTime } from './sql-time.js';

const MAX_ERROR = 2000;
const MAX_KEY = 191;

/** The new text of an item leaving the queue: blanked when it carried a secret (one statement, no race). */
const redactedIfSecret = () => 'CASE WHEN secret <> 0 THEN :redacted ELSE text END';

export class TypeormOutboxRepository implements OutboxRepository {
  constructor(private readonly em: EntityManager) {}

  async enqueue(messages: OutgoingMessage[], now: Date): Promise<void> {
    const rows: unknown[][] = [];
    for (const message of messages) {
      const due = await this.dueAt(message, now);
      if (due === null) continue;
      rows.push([
        message.roomId,
        clip(message.text, MAX_TEXT),
        JSON.stringify(message.mentionIds ?? []),
        message.imagePngBase64 === undefined ? null : JSON.stringify({ png: message.imagePngBase64 }),
        message.dedupeKey ?? null,
        'pending',
        0,
        sqlTime(now),
        sqlTime(due),
        laneRank(message.lane),
        message.ticketNo ?? null,
        message.coalesce ? clip(message.coalesce.key, MAX_KEY) : null,
        message.coalesce ? clip(message.coalesce.line, MAX_TEXT) : null,
        message.secret === true ? 1 : 0,
        message.via ?? null,
      ]);
    }
    if (rows.length === 0) return;
    // One statement for the lot, written by hand (every message a handler says passes here); a
    // dedupe key queued before (a handler run again, or a race with another transaction) is
    // skipped by the unique index. Values are clipped to fit, so IGNORE has nothing else to forgive.
    const ignore = this.em.connection.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    await write(
      this.em,
      `${ignore} INTO outbox (room_id, text, mention_ids, image_png, dedupe_key, status, attempts, created_at, next_attempt_at, lane, ticket_no, coalesce_key, line, secret, via_account) VALUES ${rowMarks(rows.length, 15)}`,
      rows.flat(),
    );
  }

  /**
   * When a held-together message is due: now, or the end of its key's interval in this room if a
   * message with the key went out lately; null if the very same text to the same people is already
   * said or queued within the interval (a flooding resident is not told the same thing twice).
   */
  private async dueAt(message: OutgoingMessage, now: Date): Promise<Date | null> {
    const everyMs = message.coalesce?.everyMs;
    if (!everyMs) return now;
    const since = sqlTime(new Date(now.getTime() - everyMs));
    // Rows of the key queued in the interval (the same text again?) or sent in it (the last send).
    const recent = await read<{ text: string; mention_ids: string; status: string; sent_at: unknown }>(
      this.em,
      'SELECT text, mention_ids, status, sent_at FROM outbox WHERE room_id = ? AND coalesce_key = ? AND (created_at >= ? OR sent_at >= ?)',
      [message.roomId, message.coalesce!.key, since, since],
    );
    const mentions = JSON.stringify(message.mentionIds ?? []);
    if (recent.some((r) => (r.status === 'pending' || r.status === 'sent') && r.text === message.text && r.mention_ids === mentions)) return null;
    const lastMs = Math.max(...recent.filter((r) => r.status === 'sent' && r.sent_at != null).map((r) => fromSqlTime(r.sent_at).getTime()));
    return lastMs + everyMs > now.getTime() ? new Date(lastMs + everyMs) : now;
  }

  async nextDue(now: Date, limit: number, account?: SendingAccount): Promise<OutboxItem[]> {
    const query = this.em.createQueryBuilder(OutboxRow, 'o').where('o.status = :pending AND o.nextAttemptAt <= :now', { pending: 'pending', now });
    if (account) query.andWhere(sendableBy('o'), sendableParams(account));
    const rows = await query
      // By lane, then creation order, so one room hears things in the order they were said.
      .orderBy('o.lane', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(limit)
      .getMany();
    return rows.map(toItem);
  }

  async batch(leadId: number): Promise<OutboxItem[]> {
    const rows = await this.em.find(OutboxRow, { where: { sentIn: leadId, status: 'pending' }, order: { id: 'ASC' } });
    return rows.map(toItem);
  }

  async markSent(id: number, at: Date): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ status: 'sent', sentAt: at, attempts: () => 'attempts + 1', text: redactedIfSecret })
      .where('id = :id OR sent_in = :id', { id })
      .setParameter('redacted', SECRET_REDACTED)
      .execute();
  }

  async markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ attempts: () => 'attempts + 1', lastError: clip(error, MAX_ERROR), nextAttemptAt })
      .where('(id = :id OR sent_in = :id) AND status = :pending', { id, pending: 'pending' })
      .execute();
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ status: 'failed', attempts: () => 'attempts + 1', lastError: clip(error, MAX_ERROR), text: redactedIfSecret })
      .where('(id = :id OR sent_in = :id) AND status = :pending', { id, pending: 'pending' })
      .setParameter('redacted', SECRET_REDACTED)
      .execute();
  }

  async cancelPendingTo(roomId: string, personId: string, since: Date): Promise<number> {
    const result = await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ status: 'cancelled' })
      .where('status = :pending AND room_id = :roomId AND created_at >= :since AND mention_ids LIKE :mention AND sent_in IS NULL', {
        pending: 'pending',
        roomId,
        since,
        mention: `%${JSON.stringify(personId)}%`,
      })
      .execute();
    return result.affected ?? 0;
  }

  async claim(id: number, now: Date, until: Date, account?: SendingAccount): Promise<boolean> {
    const query = this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ nextAttemptAt: until })
      .where('id = :id AND status = :pending AND next_attempt_at <= :now', { id, pending: 'pending', now });
    if (account) query.andWhere(sendableBy('outbox'), sendableParams(account));
    const result = await query.execute();
    return (result.affected ?? 0) === 1;
  }

  async claimBatch(leadId: number, ids: number[], now: Date, until: Date, account?: SendingAccount): Promise<boolean> {
    const unique = [...new Set([leadId, ...ids])];
    const query = this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ nextAttemptAt: until, sentIn: leadId })
      .where('id IN (:...ids) AND status = :pending AND next_attempt_at <= :now AND (sent_in IS NULL OR sent_in = :leadId)', {
        ids: unique,
        pending: 'pending',
        now,
        leadId,
      });
    if (account) query.andWhere(sendableBy('outbox'), sendableParams(account));
    const result = await query.execute();
    // All or none: the caller runs this in a transaction, so throwing rolls the partial claim back.
    if ((result.affected ?? 0) !== unique.length) throw new BatchTakenError(leadId);
    return true;
  }

  async pendingCount(now?: Date): Promise<number> {
    if (!now) return this.em.countBy(OutboxRow, { status: 'pending' });
    return this.em
      .createQueryBuilder(OutboxRow, 'o')
      .where('o.status = :pending', { pending: 'pending' })
      .andWhere('(o.nextAttemptAt <= :now OR o.attempts > 0 OR o.coalesceKey IS NULL OR o.sentIn IS NOT NULL)', { now })
      .getCount();
  }

  async oldestPendingAt(): Promise<Date | null> {
    const row = await this.em.findOne(OutboxRow, { select: { id: true, createdAt: true }, where: { status: 'pending' }, order: { createdAt: 'ASC' } });
    return row?.createdAt ?? null;
  }
}

/**
 * The rows `:account` may send (SendingAccount): a private chat, a group it sits in, or a group no
 * account is recorded in yet; and meant for it, for nobody in particular, or for an account that is
 * not alive or not in that group. `table` qualifies the outbox's columns (the subqueries have their own).
 */
function sendableBy(table: string): string {
  const room = `${table}.room_id`;
  const via = `${table}.via_account`;
  const inRoom = (who: string, alias: string) => `EXISTS (SELECT 1 FROM room_accounts ${alias} WHERE ${alias}.room_id = ${room} AND ${alias}.account_id = ${who})`;
  return (
    `(${room} LIKE :dm OR ${inRoom(':account', 'ma')} OR NOT EXISTS (SELECT 1 FROM room_accounts mn WHERE mn.room_id = ${room}))` +
    ` AND (${via} IS NULL OR ${via} = :account OR NOT EXISTS (SELECT 1 FROM bot_accounts va WHERE va.account_id = ${via}` +
    ` AND va.heartbeat_at >= :aliveSince AND (${room} LIKE :dm OR ${inRoom(via, 'mv')})))`
  );
}

function sendableParams(account: SendingAccount) {
  return { account: account.id, aliveSince: sqlTime(account.aliveSince), dm: `${PRIVATE_CHAT_PREFIX}%` };
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    roomId: row.roomId,
    text: row.text,
    mentionIds: JSON.parse(row.mentionIds) as string[],
    ...(row.imagePng !== null ? { imagePngBase64: row.imagePng } : {}),
    ...(row.dedupeKey !== null ? { dedupeKey: row.dedupeKey } : {}),
    ...(row.secret ? { secret: true } : {}),
    ...(row.viaAccount !== null ? { via: row.viaAccount } : {}),
    lane: laneOf(row.lane),
    ...(row.ticketNo !== null ? { ticketNo: row.ticketNo } : {}),
    ...(row.coalesceKey !== null ? { coalesce: { key: row.coalesceKey, line: row.line ?? '' } } : {}),
    sentIn: row.sentIn,
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
  };
}
