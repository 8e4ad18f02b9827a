import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CODE, ID, TIMESTAMP } from './column-types.js';

/** Rooms the bot has seen, with the kind config gave them (for the console and reports). */
@Entity({ name: 'rooms' })
export class RoomRow {
  @PrimaryColumn({ ...ID, name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 255, name: 'topic' })
  topic!: string;

  @Column({ ...CODE, name: 'kind' })
  kind!: string;

  @Column({ type: 'varchar', length: 64, name: 'community', nullable: true })
  community!: string | null;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
