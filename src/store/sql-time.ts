// Instants in hand-written SQL. TypeORM converts Date parameters for its own query builder, not
// for raw queries: better-sqlite3 cannot bind a Date at all. Both databases compare the UTC text
// 'YYYY-MM-DD HH:MM:SS.SSS' correctly (MySQL/MariaDB connections run with timezone 'Z').

export function sqlTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

/** A DATETIME read back: mysql2 gives a Date, SQLite the stored text. */
export function fromSqlTime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  throw new Error(`not a DATETIME value: ${String(value)}`);
}

/** COUNT/SUM read back: numbers on SQLite, strings (bigNumberStrings) or null on MySQL/MariaDB. */
export function sqlNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}
