import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CODE, ID, NAME, TIMESTAMP } from './column-types.js';

/** Every group the bot has been in, and how it is bound (kind null: not bound). */
@Entity({ name: 'rooms' })
@Index('IDX_rooms_kind', ['kind'])
export class RoomRow {
  @PrimaryColumn({ ...ID, name: 'id' })
  id!: string;

  /** Last topic seen: display only, never what a group's kind comes from. */
  @Column({ type: 'varchar', length: 255, name: 'topic' })
  topic!: string;

  @Column({ ...CODE, name: 'kind', nullable: true })
  kind!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'community', nullable: true })
  community!: string | null;

  @Column({ ...ID, name: 'bound_by_id', nullable: true })
  boundById!: string | null;

  @Column({ ...NAME, name: 'bound_by_name', nullable: true })
  boundByName!: string | null;

  @Column({ ...TIMESTAMP, name: 'bound_at', nullable: true })
  boundAt!: Date | null;

  /** Since when the bot sits in the group (null: it left). */
  @Column({ ...TIMESTAMP, name: 'present_since', nullable: true })
  presentSince!: Date | null;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
