// Hand-written statements for what runs with every message and every report (storing it, opening
// or changing a ticket, marking it processed): built through TypeORM's query builders and entity
// metadata, each cost more CPU than its round trip to the database, and even TypeORM's raw query()
// wraps every statement in events and promises. These go to the driver itself — mysql2's
// connection (the transaction's, or the pool's), better-sqlite3's prepared statements — in the
// same connection and transaction TypeORM would use. Instants go in as sqlTime text (sql-time.ts)
// and come back through fromSqlTime; the SQL is the same on SQLite and MySQL/MariaDB. Errors are
// the driver's own (db-errors.ts reads their codes either way).
import type { EntityManager } from 'typeorm';

/** What a write did: rows it touched, and the key an INSERT generated. */
export interface Written {
  affected: number;
  insertId: number;
}

/** The driver calls used here, mysql2's callback API (a pool and a pooled connection both have it). */
interface MysqlQueryable {
  query(sql: string, params: unknown[], callback: (err: Error | null, result: unknown) => void): void;
}

interface SqliteStatement {
  reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/** Prepared once per SQLite database and statement text (the hand-written ones are few). */
const prepared = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>();

function sqliteStatement(db: SqliteDatabase, sql: string): SqliteStatement {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    // Multi-row statements come in many lengths: keep the cache from growing without end.
    if (statements.size >= 500) statements.clear();
    statements.set(sql, (statement = db.prepare(sql)));
  }
  return statement;
}

/** The transaction's mysql2 connection, or the pool outside one. */
async function mysqlOf(em: EntityManager): Promise<MysqlQueryable> {
  if (em.queryRunner) return (await em.queryRunner.connect()) as MysqlQueryable;
  return (em.connection.driver as unknown as { pool: MysqlQueryable }).pool;
}

function mysqlQuery(target: MysqlQueryable, sql: string, params: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => target.query(sql, params, (err, result) => (err ? reject(err) : resolve(result))));
}

const isSqlite = (em: EntityManager) => em.connection.options.type === 'better-sqlite3';

function sqliteOf(em: EntityManager): SqliteDatabase {
  return (em.connection.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
}

/** Runs a SELECT on `em` (in its transaction, if it has one). */
export async function read<Row>(em: EntityManager, sql: string, params: unknown[] = []): Promise<Row[]> {
  if (isSqlite(em)) return sqliteStatement(sqliteOf(em), sql).all(...params) as Row[];
  return (await mysqlQuery(await mysqlOf(em), sql, params)) as Row[];
}

/** Runs an INSERT, UPDATE or DELETE on `em` (in its transaction, if it has one). */
export async function write(em: EntityManager, sql: string, params: unknown[]): Promise<Written> {
  if (isSqlite(em)) {
    const result = sqliteStatement(sqliteOf(em), sql).run(...params);
    return { affected: result.changes, insertId: Number(result.lastInsertRowid) };
  }
  const result = (await mysqlQuery(await mysqlOf(em), sql, params)) as { affectedRows: number; insertId: number };
  return { affected: result.affectedRows, insertId: result.insertId };
}

/** `?, ?, …` for n values. */
export const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** `(?, ?), (?, ?), …`: `rows` rows of `columns` values each, for a multi-row INSERT. */
export const rowMarks = (rows: number, columns: number): string => Array.from({ length: rows }, () => `(${marks(columns)})`).join(', ');
