import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, ID, NAME, TEXT, TIMESTAMP } from './column-types.js';

/** A single-use enrolment code (hash only), sent to whoever invited in a private chat. */
@Entity({ name: 'invitations' })
@Index('IDX_invitations_code_hash', ['codeHash'])
export class InvitationRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  /** sha256 hex of the code. */
  @Column({ type: 'varchar', length: 64, name: 'code_hash' })
  codeHash!: string;

  @Column({ ...CODE, name: 'role' })
  role!: string;

  /** JSON array of community ids; null for all. */
  @Column({ ...TEXT, name: 'communities', nullable: true })
  communities!: string | null;

  /** The name the invitee is bound with. */
  @Column({ ...NAME, name: 'name' })
  name!: string;

  @Column({ ...ID, name: 'invited_by_id' })
  invitedById!: string;

  @Column({ ...NAME, name: 'invited_by_name' })
  invitedByName!: string;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'expires_at' })
  expiresAt!: Date;

  @Column({ ...TIMESTAMP, name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @Column({ ...ID, name: 'used_by', nullable: true })
  usedBy!: string | null;
}
