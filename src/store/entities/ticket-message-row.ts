import { Entity, PrimaryColumn } from 'typeorm';
import { INT, MESSAGE_ID } from './column-types.js';

/** Which inbound messages a ticket was made from (a burst can be several). */
@Entity({ name: 'ticket_messages' })
export class TicketMessageRow {
  @PrimaryColumn({ ...INT, name: 'ticket_no' })
  ticketNo!: number;

  @PrimaryColumn({ ...MESSAGE_ID, name: 'message_id' })
  messageId!: string;
}
