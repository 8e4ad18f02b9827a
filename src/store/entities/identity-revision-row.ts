import { Column, Entity, PrimaryColumn } from 'typeorm';
import { INT, TIMESTAMP } from './column-types.js';

/**
 * One row: a counter every identity change bumps in its own transaction. Unlike the audit's
 * highest id (auto-increment values may commit out of order), it moves in commit order, so a
 * process that sees the same revision twice knows nothing changed in between.
 */
@Entity({ name: 'identity_revision' })
export class IdentityRevisionRow {
  @PrimaryColumn({ ...INT, name: 'id' })
  id!: number;

  @Column({ ...INT, name: 'revision' })
  revision!: number;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
