import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, ID, INT, MESSAGE_ID, NAME, TEXT, TIMESTAMP } from './column-types.js';

/** Every message the bot received, stored before it is handled (idempotency + crash recovery). */
@Entity({ name: 'inbound_messages' })
@Index('UQ_inbound_messages_message_id', ['messageId'], { unique: true })
@Index('IDX_inbound_messages_processed_at', ['processedAt'])
@Index('IDX_inbound_messages_ticket_no_processed_at', ['ticketNo', 'processedAt'])
export class InboundMessageRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...MESSAGE_ID, name: 'message_id' })
  messageId!: string;

  @Column({ ...ID, name: 'room_id' })
  roomId!: string;

  @Column({ ...ID, name: 'sender_id' })
  senderId!: string;

  @Column({ ...NAME, name: 'sender_name' })
  senderName!: string;

  @Column({ ...TEXT, name: 'text' })
  text!: string;

  @Column({ ...CODE, name: 'kind' })
  kind!: string;

  @Column({ type: 'boolean', name: 'mentions_bot' })
  mentionsBot!: boolean;

  /** JSON array of {id, name}. */
  @Column({ ...TEXT, name: 'mentions' })
  mentions!: string;

  /** JSON {name, text} or null. */
  @Column({ ...TEXT, name: 'quoted', nullable: true })
  quoted!: string | null;

  @Column({ ...TIMESTAMP, name: 'at' })
  at!: Date;

  @Column({ ...TIMESTAMP, name: 'received_at' })
  receivedAt!: Date;

  @Column({ ...TIMESTAMP, name: 'processed_at', nullable: true })
  processedAt!: Date | null;

  @Column({ type: 'varchar', length: 64, name: 'outcome', nullable: true })
  outcome!: string | null;

  @Column({ ...INT, name: 'ticket_no', nullable: true })
  ticketNo!: number | null;

  /** The bot account that received it: after a restart that account takes it up, not another process. */
  @Column({ ...ID, name: 'account_id', nullable: true })
  accountId!: string | null;
}
