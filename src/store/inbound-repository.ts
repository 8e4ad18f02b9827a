import { IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { marks, read, rowMarks, write } from './sql.js';
import type { InboundRepository } from '../app/ports/inbound.js';
import type { InboundMessage, MessageKind } from '../app/inbound-message.js';
import { clip, MAX_TEXT } from './clip.js';
import { isDuplicateKeyError } from './db-errors.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { InboundMessageRow } from './entities/inbound-message-row.js';
import { sqlTime } from './sql-time.js';

export class TypeormInboundRepository implements InboundRepository {
  constructor(private readonly em: EntityManager) {}

  async record(message: InboundMessage): Promise<boolean> {
    if (await this.em.existsBy(InboundMessageRow, { messageId: message.id })) return false;
    try {
      await this.em.insert(InboundMessageRow, toRow(message));
      return true;
    } catch (err) {
      // The same message delivered twice at once: the second insert loses the race.
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async recordMany(messages: InboundMessage[]): Promise<boolean[]> {
    if (messages.length === 0) return [];
    // Hand-written SQL: this runs for every message of a busy bot, and building it through TypeORM
    // cost more CPU than the round trip.
    const ids = [...new Set(messages.map((m) => m.id))];
    const found = await read<{ message_id: string }>(this.em, `SELECT message_id FROM inbound_messages WHERE message_id IN (${marks(ids.length)})`, ids);
    const stored = new Set(found.map((r) => r.message_id));
    // The first copy of each id not stored yet is new; later copies in the batch are re-deliveries.
    const fresh = messages.map((m) => !stored.has(m.id) && (stored.add(m.id), true));
    const rows = messages.filter((_, i) => fresh[i]);
    if (rows.length === 0) return fresh;
    const receivedAt = sqlTime(new Date());
    try {
      await write(
        this.em,
        `INSERT INTO inbound_messages (message_id, room_id, sender_id, sender_name, text, kind, mentions_bot, mentions, quoted, at, received_at, account_id) VALUES ${rowMarks(rows.length, 12)}`,
        rows.flatMap((m) => [
          m.id,
          m.roomId,
          m.senderId,
          clip(m.senderName, NAME_LENGTH),
          clip(m.text, MAX_TEXT),
          m.kind,
          m.mentionsBot ? 1 : 0,
          JSON.stringify(m.mentions),
          m.quoted === null ? null : JSON.stringify(m.quoted),
          sqlTime(m.at),
          receivedAt,
          m.accountId ?? null,
        ]),
      );
      return fresh;
    } catch (err) {
      // Another process stored one of them meanwhile: settle them one by one.
      if (!isDuplicateKeyError(err)) throw err;
      const settled: boolean[] = [];
      for (const [i, m] of messages.entries()) settled.push(fresh[i] ? await this.record(m) : false);
      return settled;
    }
  }

  async markProcessed(id: string, outcome: string, ticketNo?: number | null): Promise<void> {
    const set = ticketNo !== undefined ? ', ticket_no = ?' : '';
    await write(this.em, `UPDATE inbound_messages SET processed_at = ?, outcome = ?${set} WHERE message_id = ?`, [
      sqlTime(new Date()),
      clip(outcome, 64),
      ...(ticketNo !== undefined ? [ticketNo] : []),
      id,
    ]);
  }

  async markProcessedMany(marksOf: Array<{ id: string; outcome: string; ticketNo: number | null }>): Promise<void> {
    // One UPDATE per (outcome, ticket): a batch of chit-chat has a handful of outcomes.
    const groups = new Map<string, { outcome: string; ticketNo: number | null; ids: string[] }>();
    for (const m of marksOf) {
      const key = `${m.outcome}\u0000${m.ticketNo ?? ''}`;
      const group = groups.get(key) ?? { outcome: m.outcome, ticketNo: m.ticketNo, ids: [] };
      group.ids.push(m.id);
      groups.set(key, group);
    }
    const processedAt = sqlTime(new Date());
    for (const g of groups.values()) {
      await write(this.em, `UPDATE inbound_messages SET processed_at = ?, outcome = ?, ticket_no = ? WHERE message_id IN (${marks(g.ids.length)})`, [
        processedAt,
        clip(g.outcome, 64),
        g.ticketNo,
        ...g.ids,
      ]);
    }
  }

  async isProcessed(id: string, accountId?: string): Promise<boolean | null> {
    const row = await this.em.findOne(InboundMessageRow, { where: { messageId: id }, select: { id: true, processedAt: true, accountId: true } });
    if (!row) return null;
    return row.processedAt !== null || (accountId !== undefined && row.accountId !== null && row.accountId !== accountId);
  }

  async unprocessed(limit: number, accountId?: string): Promise<InboundMessage[]> {
    const where: FindOptionsWhere<InboundMessageRow>[] = accountId
      ? [
          { processedAt: IsNull(), accountId },
          { processedAt: IsNull(), accountId: IsNull() },
        ]
      : [{ processedAt: IsNull() }];
    const rows = await this.em.find(InboundMessageRow, {
      where,
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map(toMessage);
  }
}


function toRow(message: InboundMessage): Omit<InboundMessageRow, 'id'> {
  return {
    messageId: message.id,
    roomId: message.roomId,
    senderId: message.senderId,
    senderName: clip(message.senderName, NAME_LENGTH),
    text: clip(message.text, MAX_TEXT),
    kind: message.kind,
    mentionsBot: message.mentionsBot,
    mentions: JSON.stringify(message.mentions),
    quoted: message.quoted === null ? null : JSON.stringify(message.quoted),
    at: message.at,
    receivedAt: new Date(),
    processedAt: null,
    outcome: null,
    ticketNo: null,
    accountId: message.accountId ?? null,
  };
}

function toMessage(row: InboundMessageRow): InboundMessage {
  return {
    id: row.messageId,
    roomId: row.roomId,
    senderId: row.senderId,
    senderName: row.senderName,
    text: row.text,
    kind: row.kind as MessageKind,
    mentionsBot: Boolean(row.mentionsBot),
    mentions: JSON.parse(row.mentions) as InboundMessage['mentions'],
    quoted: row.quoted === null ? null : (JSON.parse(row.quoted) as InboundMessage['quoted']),
    at: row.at,
    ...(row.accountId !== null ? { accountId: row.accountId } : {}),
  };
}
