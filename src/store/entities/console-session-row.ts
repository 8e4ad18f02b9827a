import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CODE, ID, NAME, TEXT, TIMESTAMP } from './column-types.js';

/** A console session; kept after logout or expiry as the login log. */
@Entity({ name: 'console_sessions' })
@Index('IDX_console_sessions_created_at', ['createdAt'])
@Index('IDX_console_sessions_person_id', ['personId'])
export class ConsoleSessionRow {
  /** sha256 hex of the cookie value: a stolen database does not yield usable cookies. */
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'id_hash' })
  idHash!: string;

  @Column({ ...ID, name: 'person_id' })
  personId!: string;

  @Column({ ...NAME, name: 'person_name' })
  personName!: string;

  @Column({ ...CODE, name: 'role' })
  role!: string;

  /** JSON array of community ids; null for all. */
  @Column({ ...TEXT, name: 'communities', nullable: true })
  communities!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'csrf_token' })
  csrfToken!: string;

  @Column({ ...CODE, name: 'method' })
  method!: string;

  @Column({ type: 'varchar', length: 64, name: 'ip', nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 255, name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'expires_at' })
  expiresAt!: Date;

  @Column({ ...TIMESTAMP, name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column({ ...TIMESTAMP, name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
