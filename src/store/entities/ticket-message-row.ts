import { Entity, Index, PrimaryColumn } from 'typeorm';
import { INT, MESSAGE_ID } from './column-types.js';

/** Which inbound messages a ticket was made from (a burst can be several). */
@Entity({ name: 'ticket_messages' })
@Index('IDX_ticket_messages_message_id', ['messageId'])
export class TicketMessageRow {
  @PrimaryColumn({ ...INT, name: 'ticket_no' })
  ticketNo!: number;

  @PrimaryColumn({ ...MESSAGE_ID, name: 'message_id' })
  messageId!: string;
}
