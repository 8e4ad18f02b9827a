// Hand-written statements for what runs with every message and every report (storing it, opening
// or changing a ticket, marking it processed): built through TypeORM's query builders and entity
// metadata, each cost more CPU than its round trip to the database. Instants go in as sqlTime text
// (sql-time.ts) and come back through fromSqlTime; the SQL is the same on SQLite and MySQL/MariaDB.
import type { EntityManager } from 'typeorm';

/** What a write did: rows it touched, and the key an INSERT generated. */
export interface Written {
  affected: number;
  insertId: number;
}

/** Runs an INSERT, UPDATE or DELETE on `em` (in its transaction, if it has one). */
export async function write(em: EntityManager, sql: string, params: unknown[]): Promise<Written> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    // MySQL/MariaDB give the driver's result header, SQLite the new row id.
    const raw = result.raw as { insertId?: number } | number | bigint | undefined;
    return { affected: result.affected ?? 0, insertId: Number(typeof raw === 'object' ? raw.insertId : raw) };
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

/** `?, ?, …` for n values. */
export const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** `(?, ?), (?, ?), …`: `rows` rows of `columns` values each, for a multi-row INSERT. */
export const rowMarks = (rows: number, columns: number): string => {
  const row = `(${marks(columns)})`;
  return Array.from({ length: rows }, () => row).join(', ');
};
