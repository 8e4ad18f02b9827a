import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, ID, TEXT, TIMESTAMP } from './column-types.js';

/** A digest that went out: one per kind and period (`daily` 2026-05-01, `weekly` 2026-04-27). */
@Entity({ name: 'digest_runs' })
@Index('UQ_digest_runs_kind_period', ['kind', 'period'], { unique: true })
export class DigestRunRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...CODE, name: 'kind' })
  kind!: string;

  @Column({ ...CODE, name: 'period' })
  period!: string;

  @Column({ ...ID, name: 'room_id' })
  roomId!: string;

  /** The text as sent, for the record. */
  @Column({ ...TEXT, name: 'text' })
  text!: string;

  @Column({ ...TIMESTAMP, name: 'sent_at' })
  sentAt!: Date;
}
