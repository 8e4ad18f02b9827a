import { IsNull, type EntityManager } from 'typeorm';
import type { InboundRepository } from '../app/ports/inbound.js';
import type { InboundMessage, MessageKind } from '../app/inbound-message.js';
import { clip, MAX_TEXT } from './clip.js';
import { isDuplicateKeyError } from './db-errors.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { InboundMessageRow } from './entities/inbound-message-row.js';

export class TypeormInboundRepository implements InboundRepository {
  constructor(private readonly em: EntityManager) {}

  async record(message: InboundMessage): Promise<boolean> {
    if (await this.em.existsBy(InboundMessageRow, { messageId: message.id })) return false;
    try {
      await this.em.insert(InboundMessageRow, {
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
      });
      return true;
    } catch (err) {
      // The same message delivered twice at once: the second insert loses the race.
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async markProcessed(id: string, outcome: string, ticketNo?: number | null): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(InboundMessageRow)
      .set({
        processedAt: new Date(),
        outcome: clip(outcome, 64),
        ...(ticketNo !== undefined ? { ticketNo } : {}),
      })
      .where({ messageId: id })
      .execute();
  }

  async isProcessed(id: string): Promise<boolean | null> {
    const row = await this.em.findOne(InboundMessageRow, { where: { messageId: id }, select: { id: true, processedAt: true } });
    return row ? row.processedAt !== null : null;
  }

  async unprocessed(limit: number): Promise<InboundMessage[]> {
    const rows = await this.em.find(InboundMessageRow, {
      where: { processedAt: IsNull() },
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map(toMessage);
  }
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
  };
}
