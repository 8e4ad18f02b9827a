import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CODE, ID, TEXT, TIMESTAMP } from './column-types.js';

/** A notice posted with `公告` (design.md, Incidents): its ticket, where it applies and to what. */
@Entity({ name: 'incidents' })
@Index('IDX_incidents_community_status', ['community', 'status'])
export class IncidentRow {
  /** The notice ticket's number. */
  @PrimaryColumn({ type: 'integer', name: 'ticket_no' })
  ticketNo!: number;

  @Column({ type: 'varchar', length: 64, name: 'community' })
  community!: string;

  @Column({ ...ID, name: 'duty_room_id' })
  dutyRoomId!: string;

  /** A building (`8栋`), an area, or `全小区`. */
  @Column({ type: 'varchar', length: 64, name: 'scope' })
  scope!: string;

  /** Comma-separated problem kinds (`water,power`), empty when the notice names none we know. */
  @Column({ type: 'varchar', length: 128, name: 'problems' })
  problems!: string;

  @Column({ ...TEXT, name: 'text' })
  text!: string;

  /** `active` or `lifted`. */
  @Column({ ...CODE, name: 'status' })
  status!: string;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'lifted_at', nullable: true })
  liftedAt!: Date | null;
}
