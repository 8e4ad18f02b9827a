import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, INT, TIMESTAMP } from './column-types.js';

/**
 * One SLA ladder notice that went out: the unique key (ticket, step, deadline) makes each notice
 * once-only across restarts and instances; a moved deadline starts a fresh ladder.
 */
@Entity({ name: 'ticket_sla_steps' })
@Index('UQ_ticket_sla_steps_ticket_no_step_deadline_at', ['ticketNo', 'step', 'deadlineAt'], { unique: true })
export class TicketSlaStepRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...INT, name: 'ticket_no' })
  ticketNo!: number;

  @Column({ ...CODE, name: 'step' })
  step!: string;

  @Column({ ...TIMESTAMP, name: 'deadline_at' })
  deadlineAt!: Date;

  @Column({ ...TIMESTAMP, name: 'at' })
  at!: Date;
}
