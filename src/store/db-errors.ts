// Classifies database errors by cause, looking through TypeORM's QueryFailedError to the driver's.

/** The database is gone or cannot be reached (see isDatabaseUnreachable). */
const UNREACHABLE_CODES = new Set([
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  // MariaDB: the server is shutting down and killed the connection (KILL_CONNECTION on shutdown).
  'ER_CONNECTION_KILLED',
  // mysql2 client: the connection dropped or could not be made.
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Worth simply retrying: everything unreachable, plus one statement losing a race. */
const TRANSIENT_CODES = new Set([
  ...UNREACHABLE_CODES,
  // MySQL / MariaDB server: the transaction was chosen as a deadlock victim or waited too long.
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  // A replica promoted during a failover is read-only for a moment.
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_NET_READ_ERROR',
  'ER_NET_READ_INTERRUPTED',
  'ER_NET_ERROR_ON_WRITE',
  'ER_NET_WRITE_INTERRUPTED',
  // SQLite: another process (the migrate script, a backup) holds the lock past the busy timeout.
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
]);

const DUPLICATE_CODES = new Set(['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** mysql2 reuses a pooled connection the server has dropped and says so only in words. */
const CLOSED_CONNECTION = /connection is in closed state|Can't write in closed state/;

/** A failure that may well not happen again if the same work is simply retried. */
export function isTransientDbError(err: unknown): boolean {
  return codesOf(err).some((code) => TRANSIENT_CODES.has(code)) || closedConnection(err);
}

/**
 * The database cannot be reached at all (connection refused, lost, server shutting down), as
 * opposed to one statement losing a race: the caller should hold its work and wait for the
 * database rather than give up on it.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  return codesOf(err).some((code) => UNREACHABLE_CODES.has(code)) || closedConnection(err);
}

function closedConnection(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as { message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.message === 'string' && CLOSED_CONNECTION.test(e.message)) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
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
