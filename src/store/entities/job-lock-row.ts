import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DEDUPE_KEY, ID, TIMESTAMP } from './column-types.js';

/** A lease on a scheduled job, so that one of several bot instances runs it at a time. */
@Entity({ name: 'job_locks' })
export class JobLockRow {
  @PrimaryColumn({ ...DEDUPE_KEY, name: 'name' })
  name!: string;

  @Column({ ...ID, name: 'holder' })
  holder!: string;

  @Column({ ...TIMESTAMP, name: 'acquired_at' })
  acquiredAt!: Date;

  @Column({ ...TIMESTAMP, name: 'expires_at' })
  expiresAt!: Date;
}
