import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID, INT, NAME, TIMESTAMP } from './column-types.js';

@Entity({ name: 'ticket_reporters' })
@Index('UQ_ticket_reporters_ticket_no_person_id', ['ticketNo', 'personId'], { unique: true })
@Index('IDX_ticket_reporters_person_id', ['personId'])
export class TicketReporterRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...INT, name: 'ticket_no' })
  ticketNo!: number;

  @Column({ ...ID, name: 'person_id' })
  personId!: string;

  @Column({ ...NAME, name: 'name' })
  name!: string;

  @Column({ ...ID, name: 'room_id' })
  roomId!: string;

  @Column({ ...TIMESTAMP, name: 'at' })
  at!: Date;
}
