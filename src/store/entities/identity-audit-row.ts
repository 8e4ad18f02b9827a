import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, ID, NAME, TEXT, TIMESTAMP } from './column-types.js';

/** Every change to who is who: who did it, when, how, and what. Append-only. */
@Entity({ name: 'identity_audit' })
@Index('IDX_identity_audit_at', ['at'])
@Index('IDX_identity_audit_subject', ['subjectId'])
export class IdentityAuditRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...TIMESTAMP, name: 'at' })
  at!: Date;

  @Column({ ...ID, name: 'actor_id' })
  actorId!: string;

  @Column({ ...NAME, name: 'actor_name' })
  actorName!: string;

  @Column({ ...CODE, name: 'via' })
  via!: string;

  @Column({ ...CODE, name: 'action' })
  action!: string;

  @Column({ ...CODE, name: 'subject_kind' })
  subjectKind!: string;

  @Column({ ...ID, name: 'subject_id' })
  subjectId!: string;

  @Column({ ...NAME, name: 'subject_name' })
  subjectName!: string;

  @Column({ ...TEXT, name: 'detail', nullable: true })
  detail!: string | null;
}
