import type { EntityManager } from 'typeorm';
import type { Attachment, AttachmentRepository } from '../app/ports/tickets.js';
import { TicketAttachmentRow } from './entities/ticket-attachment-row.js';

export class TypeormAttachmentRepository implements AttachmentRepository {
  constructor(private readonly em: EntityManager) {}

  async add(a: Omit<Attachment, 'id'>): Promise<number> {
    const result = await this.em.insert(TicketAttachmentRow, { ...a });
    return Number(result.identifiers[0]?.id);
  }

  async list(ticketNo: number): Promise<Array<Omit<Attachment, 'data'>>> {
    const rows = await this.em.find(TicketAttachmentRow, {
      select: { id: true, ticketNo: true, messageId: true, mime: true, createdAt: true },
      where: { ticketNo },
      order: { id: 'ASC' },
    });
    return rows.map((r) => ({ id: r.id, ticketNo: r.ticketNo, messageId: r.messageId, mime: r.mime, createdAt: r.createdAt }));
  }

  async get(id: number): Promise<Attachment | null> {
    const r = await this.em.findOneBy(TicketAttachmentRow, { id });
    return r ? { id: r.id, ticketNo: r.ticketNo, messageId: r.messageId, mime: r.mime, data: r.data, createdAt: r.createdAt } : null;
  }
}
