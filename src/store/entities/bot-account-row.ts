import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, NAME, TIMESTAMP } from './column-types.js';

/** A bot account (its WeChat contact id) and its heartbeat: alive while the heartbeat is recent. */
@Entity({ name: 'bot_accounts' })
export class BotAccountRow {
  @PrimaryColumn({ ...ID, name: 'account_id' })
  accountId!: string;

  @Column({ ...NAME, name: 'name' })
  name!: string;

  /** Null once it logged out or stopped: the others take over at once instead of after the timeout. */
  @Column({ ...TIMESTAMP, name: 'heartbeat_at', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'first_seen_at' })
  firstSeenAt!: Date;
}
