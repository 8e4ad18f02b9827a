import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CODE, DEDUPE_KEY, ID, INT, TEXT, TIMESTAMP } from './column-types.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * A PNG (base64) can be hundreds of KB, more than TEXT/BLOB hold on MySQL, and no large text type
 * exists on both SQLite and MySQL except JSON (MySQL JSON, MariaDB LONGTEXT+json_valid, SQLite
 * text). So the image is stored as the JSON object {"png": base64}; an object, not a bare JSON
 * string, so mysql2's and TypeORM's JSON parsing cannot disagree about it.
 */
const imageInJson = {
  to: (png: string | null | undefined) => (png == null ? null : { png }),
  from: (stored: { png?: unknown } | null | undefined) => (typeof stored?.png === 'string' ? stored.png : null),
};

@Entity({ name: 'outbox' })
@Index('UQ_outbox_dedupe_key', ['dedupeKey'], { unique: true })
@Index('IDX_outbox_status_next_attempt_at', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_room_id_coalesce_key', ['roomId', 'coalesceKey'])
@Index('IDX_outbox_sent_in', ['sentIn'])
export class OutboxRow {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ ...ID, name: 'room_id' })
  roomId!: string;

  @Column({ ...TEXT, name: 'text' })
  text!: string;

  /** JSON array of contact ids. */
  @Column({ ...TEXT, name: 'mention_ids' })
  mentionIds!: string;

  @Column({ type: 'json', name: 'image_png', nullable: true, transformer: imageInJson })
  imagePng!: string | null;

  @Column({ ...DEDUPE_KEY, name: 'dedupe_key', nullable: true })
  dedupeKey!: string | null;

  @Column({ ...CODE, name: 'status' })
  status!: OutboxStatus;

  @Column({ ...INT, name: 'attempts' })
  attempts!: number;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column({ ...TIMESTAMP, name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column({ ...TEXT, name: 'last_error', nullable: true })
  lastError!: string | null;

  /** Carries a secret (a sign-in or invitation code): its text is blanked once sent or given up. */
  @Column({ type: 'boolean', name: 'secret', default: false })
  secret!: boolean;

  /** 0 urgent, 1 acknowledgements and cards, 2 relays and reminders, 3 digests (src/app/ports/outbox.ts). */
  @Column({ ...INT, name: 'lane', default: 1 })
  lane!: number;

  /** The ticket the message is about, if any: it never overtakes an older message about it in its room. */
  @Column({ ...INT, name: 'ticket_no', nullable: true })
  ticketNo!: number | null;

  /** Messages to one room with the same key may go out as one. */
  @Column({ ...DEDUPE_KEY, name: 'coalesce_key', nullable: true })
  coalesceKey!: string | null;

  /** This message's part of a coalesced one. */
  @Column({ ...TEXT, name: 'line', nullable: true })
  line!: string | null;

  /** The row whose send covers this one (the first row of a coalesced message); null when sent alone. */
  @Column({ ...INT, name: 'sent_in', nullable: true })
  sentIn!: number | null;

  /** The account that should say it (the one that received the message): another says it only when this one cannot. */
  @Column({ ...ID, name: 'via_account', nullable: true })
  viaAccount!: string | null;
}
