// Classifies database errors by cause, looking through TypeORM's QueryFailedError to the driver's.

const TRANSIENT_CODES = new Set([
  // MySQL / MariaDB server: the transaction was chosen as a deadlock victim or waited too long.
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  // mysql2 client: the connection dropped or could not be made.
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  // SQLite: another process (the migrate script, a backup) holds the lock past the busy timeout.
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
]);

const DUPLICATE_CODES = new Set(['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** A failure that may well not happen again if the same work is simply retried. */
export function isTransientDbError(err: unknown): boolean {
  return codesOf(err).some((code) => TRANSIENT_CODES.has(code));
}

/** An insert hit a unique index or primary key. */
export function isDuplicateKeyError(err: unknown): boolean {
  return codesOf(err).some((code) => DUPLICATE_CODES.has(code));
}

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  // QueryFailedError copies the driver error's fields and also keeps it as driverError.
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string') codes.push(e.code);
    current = e.driverError ?? e.cause;
  }
  return codes;
}
