// Databases for integration tests: a throwaway MariaDB database per suite, SQLite in memory or in
// a temp file, and the list of backends every store test runs against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../src/store/data-source.js';

/** Server the test databases are created on; override for CI or a remote server. */
const MARIADB_SERVER = process.env.LINLI_TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';
/** Set to run the suites against MySQL 8 too (e.g. mysql://root:pw@127.0.0.1:3307). */
const MYSQL_SERVER = process.env.LINLI_TEST_MYSQL_URL;

export const skipMariaDb = process.env.LINLI_SKIP_MARIADB === '1';

export const sqliteMemoryUrl = 'sqlite::memory:';

/** A SQLite file in a fresh temp directory (a subdirectory, to prove it is created). */
export function tempSqliteUrl(): { url: string; file: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-test-'));
  const file = path.join(dir, 'nested', 'linli.db');
  return { url: `sqlite:${file}`, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `linli_test_<pid>_<random>` on the test MariaDB server. Fails loudly if it is down. */
export function createTestMariaDb(): Promise<TestDatabase> {
  return createServerDatabase(MARIADB_SERVER);
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const server = new URL(serverUrl);
  const name = `linli_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const connect = () =>
    mysql.createConnection({
      host: server.hostname,
      port: server.port ? Number(server.port) : 3306,
      user: decodeURIComponent(server.username || 'root'),
      password: decodeURIComponent(server.password),
      connectTimeout: 3000,
    });
  let admin: mysql.Connection;
  try {
    admin = await connect();
  } catch (err) {
    throw new Error(
      `cannot reach the test database server at ${server.host} (${(err as Error).message}). Start it with ` +
        '`start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`, point ' +
        'LINLI_TEST_MARIADB_URL elsewhere, or set LINLI_SKIP_MARIADB=1 to run only the SQLite suites.',
    );
  }
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = await connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated database; `fresh()` empties it (and restarts ticket numbers) between tests. */
export interface MigratedDatabase {
  url: string;
  fresh(): Promise<void>;
  teardown(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'mariadb' | 'mysql';
  /** Called once per suite (in beforeAll). */
  setup(): Promise<MigratedDatabase>;
}

/**
 * Every real database the store must work on. Use with
 * `describe.each(backends)('$name', (backend) => { ... })`.
 */
export const backends: Backend[] = [
  { name: 'sqlite', setup: setupSqlite },
  ...(skipMariaDb ? [] : [{ name: 'mariadb' as const, setup: () => setupServer(createTestMariaDb) }]),
  ...(MYSQL_SERVER
    ? [{ name: 'mysql' as const, setup: () => setupServer(() => createServerDatabase(MYSQL_SERVER)) }]
    : []),
];

async function setupSqlite(): Promise<MigratedDatabase> {
  // A file rather than :memory:, so that every data source opened on the URL sees the same data.
  const temp = tempSqliteUrl();
  await migrate(temp.url);
  return {
    url: temp.url,
    fresh: () => withDataSource(temp.url, emptyTables),
    async teardown() {
      temp.cleanup();
    },
  };
}

async function setupServer(create: () => Promise<TestDatabase>): Promise<MigratedDatabase> {
  const db = await create();
  try {
    await migrate(db.url);
  } catch (err) {
    await db.drop();
    throw err;
  }
  return { url: db.url, fresh: () => withDataSource(db.url, emptyTables), teardown: () => db.drop() };
}

async function migrate(url: string): Promise<void> {
  await withDataSource(url, async (ds) => {
    await runMigrations(ds);
  });
}

export async function withDataSource<T>(url: string, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

/** Deletes every row and restarts the auto-increment counters (ticket numbers start at 1 again). */
export async function emptyTables(ds: DataSource): Promise<void> {
  const tables = ds.entityMetadatas.map((m) => m.tableName);
  if (ds.options.type === 'better-sqlite3') {
    for (const table of tables) await ds.query(`DELETE FROM "${table}"`);
    await ds.query(`DELETE FROM sqlite_sequence`);
  } else {
    for (const table of tables) await ds.query(`TRUNCATE TABLE \`${table}\``);
  }
}
