// Only one process migrates a database at a time. Bot instances that start together (a rolling
// restart, two accounts, a migration:run next to a running bot) would otherwise both find the same
// migrations pending and both run them; the second fails half-way ("table already exists").
// MySQL/MariaDB: a named lock (GET_LOCK) held on a connection of its own while the migrations run;
// the others wait for it and then find nothing pending. SQLite: the database's own write lock —
// the pending check and the migrations run in one BEGIN IMMEDIATE transaction, which a second
// process can only begin once the first has committed.
import { MigrationExecutor, type DataSource, type Migration, type QueryRunner } from 'typeorm';

export interface MigrationLockOptions {
  /** How long to wait for another process's migrations. Default 10 minutes. */
  waitMs?: number;
  /** Told once when another process holds the lock and this one waits. */
  onWait?(): void;
}

const DEFAULT_WAIT_MS = 10 * 60_000;

export class MigrationLockTimeout extends Error {
  constructor(waitedMs: number) {
    super(`another process has been migrating this database for more than ${Math.round(waitedMs / 1000)} s; not migrating alongside it`);
    this.name = 'MigrationLockTimeout';
  }
}

/** Applies pending migrations under the database's migration lock. */
export async function runMigrationsLocked(ds: DataSource, options: MigrationLockOptions = {}): Promise<Migration[]> {
  if (ds.options.type === 'better-sqlite3') return runInImmediateTransaction(ds, options);
  return runUnderNamedLock(ds, options);
}

/** The GET_LOCK name: per database, since one server may hold several Linli databases (≤ 64 chars). */
function lockName(ds: DataSource): string {
  return `linli_migrations:${String(ds.options.database ?? '')}`.slice(0, 64);
}

async function runUnderNamedLock(ds: DataSource, options: MigrationLockOptions): Promise<Migration[]> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const name = lockName(ds);
  const holder = ds.createQueryRunner();
  try {
    // Try at once; if taken, say so and then wait (GET_LOCK's timeout is in whole seconds).
    let got = await getLock(holder, name, 0);
    if (!got) {
      options.onWait?.();
      got = await getLock(holder, name, Math.max(1, Math.ceil(waitMs / 1000)));
    }
    if (!got) throw new MigrationLockTimeout(waitMs);
    try {
      // DDL commits implicitly in MySQL/MariaDB; each migration still gets its own transaction for its data.
      return await ds.runMigrations({ transaction: 'each' });
    } finally {
      await holder.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    }
  } finally {
    await holder.release();
  }
}

async function getLock(runner: QueryRunner, name: string, timeoutSeconds: number): Promise<boolean> {
  const rows = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [name, timeoutSeconds])) as Array<{ got: number | string | null }>;
  return Number(rows[0]?.got) === 1;
}

async function runInImmediateTransaction(ds: DataSource, options: MigrationLockOptions): Promise<Migration[]> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const runner = ds.createQueryRunner();
  const deadline = Date.now() + waitMs;
  let told = false;
  // Ask without the driver's busy timeout, which would block this thread while it waits; poll instead.
  const [{ timeout: busyTimeout }] = (await runner.query('PRAGMA busy_timeout')) as Array<{ timeout: number }>;
  await runner.query('PRAGMA busy_timeout = 0');
  try {
    for (;;) {
      try {
        await runner.query('BEGIN IMMEDIATE');
        break;
      } catch (err) {
        if (!isSqliteBusy(err)) throw err;
        if (Date.now() >= deadline) throw new MigrationLockTimeout(waitMs);
        if (!told) {
          told = true;
          options.onWait?.();
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await runner.query(`PRAGMA busy_timeout = ${Number(busyTimeout) || 0}`);
  }
  try {
    // Inside our transaction: TypeORM must not open one of its own per migration.
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'none';
    const ran = await executor.executePendingMigrations();
    await runner.query('COMMIT');
    return ran;
  } catch (err) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * SQLite's "database is locked", with its extended codes (better-sqlite3 reports SQLITE_BUSY_RECOVERY
 * while another connection recovers the WAL, SQLITE_BUSY_SNAPSHOT…): another process is at it.
 */
export function isSqliteBusy(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}
