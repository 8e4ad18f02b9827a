import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, ID, NAME, TEXT, TIMESTAMP } from './column-types.js';

/** A one-time console login code sent to a staff member or leader in a private chat (hash only). */
@Entity({ name: 'console_login_codes' })
@Index('IDX_console_login_codes_code_hash', ['codeHash'])
@Index('IDX_console_login_codes_person_id', ['personId'])
export class ConsoleLoginCodeRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  /** sha256 hex of the code. */
  @Column({ type: 'varchar', length: 64, name: 'code_hash' })
  codeHash!: string;

  @Column({ ...ID, name: 'person_id' })
  personId!: string;

  @Column({ ...NAME, name: 'person_name' })
  personName!: string;

  @Column({ ...CODE, name: 'role' })
  role!: string;

  /** JSON array of community ids; null for all. */
  @Column({ ...TEXT, name: 'communities', nullable: true })
  communities!: string | null;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'expires_at' })
  expiresAt!: Date;

  /** Set when the code was used, or retired by a newer code for the same person. */
  @Column({ ...TIMESTAMP, name: 'used_at', nullable: true })
  usedAt!: Date | null;
}
