import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, ID, INT, NAME, TEXT, TIMESTAMP } from './column-types.js';

/** The audit trail: one row per transition, in insertion order. */
@Entity({ name: 'ticket_events' })
@Index('IDX_ticket_events_ticket_no_id', ['ticketNo', 'id'])
// Digest counts by type over a period (docs/metrics.md): an index range per type, no table scan.
@Index('IDX_ticket_events_type_at', ['type', 'at'])
export class TicketEventRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...INT, name: 'ticket_no' })
  ticketNo!: number;

  @Column({ ...CODE, name: 'type' })
  type!: string;

  @Column({ ...ID, name: 'actor_id' })
  actorId!: string;

  @Column({ ...NAME, name: 'actor_name' })
  actorName!: string;

  @Column({ ...TIMESTAMP, name: 'at' })
  at!: Date;

  @Column({ ...TEXT, name: 'note', nullable: true })
  note!: string | null;
}
