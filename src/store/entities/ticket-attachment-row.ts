import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, INT, MESSAGE_ID, TIMESTAMP } from './column-types.js';

/** Photos residents sent with a report; JSON is the one large type SQLite and MySQL share (see outbox-row). */
const dataInJson = {
  to: (data: string | null | undefined) => (data == null ? null : { b64: data }),
  from: (stored: { b64?: unknown } | null | undefined) => (typeof stored?.b64 === 'string' ? stored.b64 : ''),
};

@Entity({ name: 'ticket_attachments' })
@Index('IDX_ticket_attachments_ticket_no', ['ticketNo'])
@Index('IDX_ticket_attachments_created_at', ['createdAt'])
export class TicketAttachmentRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...INT, name: 'ticket_no' })
  ticketNo!: number;

  @Column({ ...MESSAGE_ID, name: 'message_id' })
  messageId!: string;

  @Column({ ...CODE, name: 'mime' })
  mime!: string;

  @Column({ type: 'json', name: 'data', transformer: dataInJson })
  data!: string;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;
}
