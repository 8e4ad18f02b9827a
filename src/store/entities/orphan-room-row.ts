import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIMESTAMP } from './column-types.js';

/** A bound group whose accounts are all gone, announced to the leaders once; removed when one is back. */
@Entity({ name: 'orphan_rooms' })
export class OrphanRoomRow {
  @PrimaryColumn({ ...ID, name: 'room_id' })
  roomId!: string;

  @Column({ ...TIMESTAMP, name: 'since' })
  since!: Date;
}
