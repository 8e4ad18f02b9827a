import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, ID, INT, NAME, TEXT, TIMESTAMP } from './column-types.js';

@Entity({ name: 'tickets' })
@Index('IDX_tickets_status_claim_due_at', ['status', 'claimDueAt'])
@Index('IDX_tickets_status_due_at', ['status', 'dueAt'])
@Index('IDX_tickets_community_created_at', ['community', 'createdAt'])
@Index('IDX_tickets_created_at', ['createdAt'])
@Index('IDX_tickets_redacted_at_updated_at', ['redactedAt', 'updatedAt'])
// The digest's open tickets by community × category, overdue or not, from the index alone (docs/metrics.md).
@Index('IDX_tickets_status_community_category', ['status', 'community', 'category', 'claimDueAt', 'dueAt'])
export class TicketRow {
  /** The sequential number people type (`认领 12`), so it is the primary key itself. */
  @PrimaryGeneratedColumn({ type: 'integer', name: 'no' })
  no!: number;

  @Column({ ...CODE, name: 'status' })
  status!: string;

  @Column({ ...CODE, name: 'category' })
  category!: string;

  @Column({ ...CODE, name: 'urgency' })
  urgency!: string;

  @Column({ type: 'varchar', length: 64, name: 'community' })
  community!: string;

  @Column({ ...ID, name: 'group_id' })
  groupId!: string;

  @Column({ ...ID, name: 'duty_room_id' })
  dutyRoomId!: string;

  @Column({ ...TEXT, name: 'text' })
  text!: string;

  @Column({ ...CODE, name: 'source' })
  source!: string;

  @Column({ type: 'double', name: 'confidence' })
  confidence!: number;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'claim_due_at' })
  claimDueAt!: Date;

  @Column({ ...TIMESTAMP, name: 'due_at' })
  dueAt!: Date;

  @Column({ ...TIMESTAMP, name: 'claimed_at', nullable: true })
  claimedAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ ...ID, name: 'assignee_id', nullable: true })
  assigneeId!: string | null;

  @Column({ ...NAME, name: 'assignee_name', nullable: true })
  assigneeName!: string | null;

  @Column({ ...CODE, name: 'rating', nullable: true })
  rating!: string | null;

  @Column({ ...INT, name: 'reopen_count' })
  reopenCount!: number;

  @Column({ ...INT, name: 'merged_into', nullable: true })
  mergedInto!: number | null;

  /** Optimistic lock, bumped by hand in save() (not @VersionColumn, which only works with save()). */
  @Column({ ...INT, name: 'version' })
  version!: number;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;

  /** When retention masked the personal data of this ended ticket (null: not yet). */
  @Column({ ...TIMESTAMP, name: 'redacted_at', nullable: true })
  redactedAt!: Date | null;
}
