import { LessThanOrEqual, type EntityManager } from 'typeorm';
import { SECRET_REDACTED, type OutboxItem, type OutboxRepository, type OutgoingMessage } from '../app/ports/outbox.js';
import { clip, MAX_TEXT } from './clip.js';
import { isDuplicateKeyError } from './db-errors.js';
import { OutboxRow } from './entities/outbox-row.js';

const MAX_ERROR = 2000;

/** The new text of an item leaving the queue: blanked when it carried a secret (one statement, no race). */
const redactedIfSecret = () => 'CASE WHEN secret <> 0 THEN :redacted ELSE text END';

export class TypeormOutboxRepository implements OutboxRepository {
  constructor(private readonly em: EntityManager) {}

  async enqueue(messages: OutgoingMessage[], now: Date): Promise<void> {
    for (const message of messages) {
      const dedupeKey = message.dedupeKey ?? null;
      // Checking first keeps the common re-run quiet; the unique index settles races.
      if (dedupeKey !== null && (await this.em.existsBy(OutboxRow, { dedupeKey }))) continue;
      try {
        await this.em.insert(OutboxRow, {
          roomId: message.roomId,
          text: clip(message.text, MAX_TEXT),
          mentionIds: JSON.stringify(message.mentionIds ?? []),
          imagePng: message.imagePngBase64 ?? null,
          dedupeKey,
          status: 'pending',
          attempts: 0,
          createdAt: now,
          nextAttemptAt: now,
          sentAt: null,
          lastError: null,
          secret: message.secret === true,
        });
      } catch (err) {
        // A failed INSERT leaves a MySQL/MariaDB or SQLite transaction usable (not so on Postgres).
        if (dedupeKey !== null && isDuplicateKeyError(err)) continue;
        throw err;
      }
    }
  }

  async nextDue(now: Date, limit: number): Promise<OutboxItem[]> {
    const rows = await this.em.find(OutboxRow, {
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      // Creation order, so one room hears things in the order they were said.
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map(toItem);
  }

  async markSent(id: number, at: Date): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ status: 'sent', sentAt: at, attempts: () => 'attempts + 1', text: redactedIfSecret })
      .where({ id })
      .setParameter('redacted', SECRET_REDACTED)
      .execute();
  }

  async markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ attempts: () => 'attempts + 1', lastError: clip(error, MAX_ERROR), nextAttemptAt })
      .where({ id })
      .execute();
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ status: 'failed', attempts: () => 'attempts + 1', lastError: clip(error, MAX_ERROR), text: redactedIfSecret })
      .where({ id })
      .setParameter('redacted', SECRET_REDACTED)
      .execute();
  }

  async cancelPendingTo(roomId: string, personId: string, since: Date): Promise<number> {
    const result = await this.em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ status: 'cancelled' })
      .where('status = :pending AND room_id = :roomId AND created_at >= :since AND mention_ids LIKE :mention', {
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

  async pendingCount(): Promise<number> {
    return this.em.countBy(OutboxRow, { status: 'pending' });
  }

  async oldestPendingAt(): Promise<Date | null> {
    const row = await this.em.findOne(OutboxRow, { select: { id: true, createdAt: true }, where: { status: 'pending' }, order: { createdAt: 'ASC' } });
    return row?.createdAt ?? null;
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
    ...(row.secret ? { secret: true } : {}),
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
  };
}
