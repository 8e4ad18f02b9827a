// The one place that turns DATABASE_URL into a TypeORM DataSource.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type Migration } from 'typeorm';
import { InboundMessageRow } from './entities/inbound-message-row.js';
import { OutboxRow } from './entities/outbox-row.js';
import { PersonRow } from './entities/person-row.js';
import { RoomRow } from './entities/room-row.js';
import { TicketEventRow } from './entities/ticket-event-row.js';
import { TicketMessageRow } from './entities/ticket-message-row.js';
import { TicketReporterRow } from './entities/ticket-reporter-row.js';
import { TicketRow } from './entities/ticket-row.js';
import { TicketSlaStepRow } from './entities/ticket-sla-step-row.js';
import { JobLockRow } from './entities/job-lock-row.js';
import { DigestRunRow } from './entities/digest-run-row.js';
import { SlaJobs1798000000000 } from '../../migrations/1798000000000-sla-jobs.js';
import { Retention1804000000000 } from '../../migrations/1804000000000-retention.js';
import { ConsoleLoginCodeRow } from './entities/console-login-code-row.js';
import { ConsoleSessionRow } from './entities/console-session-row.js';
import { TicketAttachmentRow } from './entities/ticket-attachment-row.js';
import { InvitationRow } from './entities/invitation-row.js';
import { IdentityAuditRow } from './entities/identity-audit-row.js';
import { IdentityRevisionRow } from './entities/identity-revision-row.js';
import { TicketAttachments1797000000000 } from '../../migrations/1797000000000-ticket-attachments.js';
import { Initial1795392000000 } from '../../migrations/1795392000000-initial.js';
import { ConsoleAuth1796000000000 } from '../../migrations/1796000000000-console-auth.js';
import { Identity1800000000000 } from '../../migrations/1800000000000-identity.js';
import { OutboxSecrets1800000000001 } from '../../migrations/1800000000001-outbox-secrets.js';
import { runMigrationsLocked, type MigrationLockOptions } from './migration-lock.js';
import { Storms1801000000000 } from '../../migrations/1801000000000-storms.js';
import { IncidentRow } from './entities/incident-row.js';
import { BotAccountRow } from './entities/bot-account-row.js';
import { RoomAccountRow } from './entities/room-account-row.js';
import { OrphanRoomRow } from './entities/orphan-room-row.js';
import { Accounts1806000000000 } from '../../migrations/1806000000000-accounts.js';

export const ENTITIES = [
  TicketSlaStepRow,
  JobLockRow,
  DigestRunRow,
  TicketRow,
  TicketEventRow,
  TicketReporterRow,
  TicketMessageRow,
  InboundMessageRow,
  OutboxRow,
  RoomRow,
  PersonRow,
  ConsoleLoginCodeRow,
  ConsoleSessionRow,
  TicketAttachmentRow,
  InvitationRow,
  IdentityAuditRow,
  IdentityRevisionRow,
  IncidentRow,
  BotAccountRow,
  RoomAccountRow,
  OrphanRoomRow,
];

/** In order. Listed as classes, not globs, so tsx, vitest and a bundle all load the same set. */
export const MIGRATIONS = [
  Initial1795392000000,
  ConsoleAuth1796000000000,
  TicketAttachments1797000000000,
  SlaJobs1798000000000,
  Identity1800000000000,
  OutboxSecrets1800000000001,
  Storms1801000000000,
  Retention1804000000000,
  Accounts1806000000000,
];

export type DatabaseKind = 'sqlite' | 'mysql' | 'mariadb';

export function databaseKind(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith('sqlite:')) return 'sqlite';
  if (databaseUrl.startsWith('mysql://')) return 'mysql';
  if (databaseUrl.startsWith('mariadb://')) return 'mariadb';
  throw new Error(`DATABASE_URL must start with sqlite:, mysql:// or mariadb:// (got ${redactUrl(databaseUrl)})`);
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export function createDataSource(databaseUrl: string, opts: { logging?: boolean } = {}): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: opts.logging ? ('all' as const) : false,
  };
  const kind = databaseKind(databaseUrl);
  let options: DataSourceOptions;
  if (kind === 'sqlite') {
    options = { ...common, type: 'better-sqlite3', ...sqliteOptions(databaseUrl.slice('sqlite:'.length)) };
  } else {
    options = { ...common, type: kind, ...mysqlOptions(databaseUrl) };
  }
  return new DataSource(options);
}

/**
 * Applies pending migrations, one process at a time (migration-lock.ts): instances that start
 * together wait for the first, then find nothing left to do.
 */
export async function runMigrations(ds: DataSource, options: MigrationLockOptions = {}): Promise<Migration[]> {
  if (!ds.isInitialized) await ds.initialize();
  return runMigrationsLocked(ds, options);
}

function sqliteOptions(location: string) {
  if (location === '') throw new Error('DATABASE_URL sqlite: needs a path (e.g. sqlite:data/linli.db) or :memory:');
  if (location === ':memory:') return { database: ':memory:' };
  const file = path.resolve(process.cwd(), location);
  mkdirSync(path.dirname(file), { recursive: true });
  return {
    database: file,
    // WAL lets the migrate script or a backup read while the bot writes; the busy timeout covers
    // the short moments when another process holds the write lock.
    enableWAL: true,
    timeout: 5000,
  };
}

function mysqlOptions(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`DATABASE_URL needs a database name (e.g. ${url.protocol}//user:pass@host:3306/linli)`);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
    // mysql2 then writes and reads DATETIME as UTC, whatever the server's or process's zone.
    timezone: 'Z',
    charset: 'utf8mb4',
    connectTimeout: 5000,
    poolSize: 5,
    // COUNT(*) and BIGINT come back as strings with these on (TypeORM's defaults); we only count.
    supportBigNumbers: true,
    bigNumberStrings: true,
    // trace: mysql2 would capture a stack for every query (a few per cent of the CPU under load);
    // TypeORM's QueryFailedError names the query anyway.
    extra: { enableKeepAlive: true, maxIdle: 2, idleTimeout: 60_000, trace: false },
  };
}
