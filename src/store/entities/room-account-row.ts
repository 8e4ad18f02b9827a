import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID, TIMESTAMP } from './column-types.js';

/** A bot account sits in a group (from the scan at login and the puppet's join / leave events). */
@Entity({ name: 'room_accounts' })
@Index('UQ_room_accounts_room_id_account_id', ['roomId', 'accountId'], { unique: true })
@Index('IDX_room_accounts_account_id', ['accountId'])
export class RoomAccountRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...ID, name: 'room_id' })
  roomId!: string;

  @Column({ ...ID, name: 'account_id' })
  accountId!: string;

  @Column({ ...TIMESTAMP, name: 'seen_at' })
  seenAt!: Date;
}
