import { In, type EntityManager } from 'typeorm';
import { BatchTakenError, laneOf, laneRank, type OutboxItem, type OutboxRepository, type OutgoingMessage } from '../app/ports/outbox.js';
import { clip, MAX_TEXT } from './clip.js';
import { isDuplicateKeyError } from './db-errors.js';
import { OutboxRow } from './entities/outbox-row.js';
import { fromSqlTime } from './sql-time.js';

const MAX_ERROR = 2000;
const MAX_KEY = 191;

export class TypeormOutboxRepository implements OutboxRepository {
  constructor(private readonly em: EntityManager) {}

  async enqueue(messages: OutgoingMessage[], now: Date): Promise<void> {
    // Checking first keeps the common re-run quiet (one query for the lot); the unique index settles races.
    const keys = [...new Set(messages.flatMap((m) => (m.dedupeKey ? [m.dedupeKey] : [])))];
    const taken = new Set<string>(
      keys.length ? (await this.em.find(OutboxRow, { select: { id: true, dedupeKey: true }, where: { dedupeKey: In(keys) } })).map((r) => r.dedupeKey!) : [],
    );
    const rows: Array<Omit<OutboxRow, 'id'>> = [];
    for (const message of messages) {
      const dedupeKey = message.dedupeKey ?? null;
      if (dedupeKey !== null) {
        if (taken.has(dedupeKey)) continue;
        taken.add(dedupeKey);
      }
      const due = await this.dueAt(message, now);
      if (due === null) continue;
      rows.push({
        roomId: message.roomId,
        text: clip(message.text, MAX_TEXT),
        mentionIds: JSON.stringify(message.mentionIds ?? []),
        imagePng: message.imagePngBase64 ?? null,
        dedupeKey,
        status: 'pending',
        attempts: 0,
        createdAt: now,
        nextAttemptAt: due,
        sentAt: null,
        lastError: null,
        lane: laneRank(message.lane),
        ticketNo: message.ticketNo ?? null,
        coalesceKey: message.coalesce ? clip(message.coalesce.key, MAX_KEY) : null,
        line: message.coalesce ? clip(message.coalesce.line, MAX_TEXT) : null,
        sentIn: null,
      });
    }
    if (rows.length === 0) return;
    try {
      await this.em.insert(OutboxRow, rows);
    } catch (err) {
      // Another transaction queued one of the keys meanwhile: insert one by one, skipping it.
      // A failed INSERT leaves a MySQL/MariaDB or SQLite transaction usable (not so on Postgres).
      if (!isDuplicateKeyError(err)) throw err;
      for (const row of rows) {
        try {
          await this.em.insert(OutboxRow, row);
        } catch (rowErr) {
          if (row.dedupeKey !== null && isDuplicateKeyError(rowErr)) continue;
          throw rowErr;
        }
      }
    }
  }

  /**
   * When a held-together message is due: now, or the end of its key's interval in this room if a
   * message with the key went out lately; null if the very same text to the same people is already
   * said or queued within the interval (a flooding resident is not told the same thing twice).
   */
  private async dueAt(message: OutgoingMessage, now: Date): Promise<Date | null> {
    const everyMs = message.coalesce?.everyMs;
    if (!everyMs) return now;
    const recent = await this.em
      .createQueryBuilder(OutboxRow, 'o')
      .select(['o.id', 'o.text', 'o.mentionIds', 'o.status'])
      .where('o.roomId = :roomId AND o.coalesceKey = :key AND o.createdAt >= :since', {
        roomId: message.roomId,
        key: message.coalesce!.key,
        since: new Date(now.getTime() - everyMs),
      })
      .getMany();
    const mentions = JSON.stringify(message.mentionIds ?? []);
    if (recent.some((r) => (r.status === 'pending' || r.status === 'sent') && r.text === message.text && r.mentionIds === mentions)) return null;
    const last = await this.em
      .createQueryBuilder(OutboxRow, 'o')
      .select('MAX(o.sentAt)', 'last')
      .where('o.roomId = :roomId AND o.coalesceKey = :key AND o.status = :sent', { roomId: message.roomId, key: message.coalesce!.key, sent: 'sent' })
      .getRawOne<{ last: Date | string | null }>();
    const lastMs = last?.last == null ? null : fromSqlTime(last.last).getTime();
    return lastMs !== null && lastMs + everyMs > now.getTime() ? new Date(lastMs + everyMs) : now;
  }

  async nextDue(now: Date, limit: number): Promise<OutboxItem[]> {
    const rows = await this.em
      .createQueryBuilder(OutboxRow, 'o')
      .where('o.status = :pending AND o.nextAttemptAt <= :now', { pending: 'pending', now })
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
      .set({ status: 'sent', sentAt: at, attempts: () => 'attempts + 1' })
      .where('id = :id OR sent_in = :id', { id })
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
      .set({ status: 'failed', attempts: () => 'attempts + 1', lastError: clip(error, MAX_ERROR) })
      .where('(id = :id OR sent_in = :id) AND status = :pending', { id, pending: 'pending' })
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

  async claim(id: number, now: Date, until: Date): Promise<boolean> {
    const result = await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ nextAttemptAt: until })
      .where('id = :id AND status = :pending AND next_attempt_at <= :now', { id, pending: 'pending', now })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async claimBatch(leadId: number, ids: number[], now: Date, until: Date): Promise<boolean> {
    const unique = [...new Set([leadId, ...ids])];
    const result = await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ nextAttemptAt: until, sentIn: leadId })
      .where('id IN (:...ids) AND status = :pending AND next_attempt_at <= :now AND (sent_in IS NULL OR sent_in = :leadId)', {
        ids: unique,
        pending: 'pending',
        now,
        leadId,
      })
      .execute();
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
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    roomId: row.roomId,
    text: row.text,
    mentionIds: JSON.parse(row.mentionIds) as string[],
    ...(row.imagePng !== null ? { imagePngBase64: row.imagePng } : {}),
    ...(row.dedupeKey !== null ? { dedupeKey: row.dedupeKey } : {}),
    lane: laneOf(row.lane),
    ...(row.ticketNo !== null ? { ticketNo: row.ticketNo } : {}),
    ...(row.coalesceKey !== null ? { coalesce: { key: row.coalesceKey, line: row.line ?? '' } } : {}),
    sentIn: row.sentIn,
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
  };
}
