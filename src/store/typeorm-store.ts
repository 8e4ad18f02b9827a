// The Store port on TypeORM: repositories bound to the data source or to a transaction, with
// retries for transient failures and, on SQLite, one unit of work at a time.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { ConsoleAuthRepository, Repositories, Store } from '../app/ports.js';
import { Mutex } from './mutex.js';
import { NestedStoreCallError } from './nested-store-call-error.js';
import { TypeormInboundRepository } from './inbound-repository.js';
import { TypeormOutboxRepository } from './outbox-repository.js';
import { TypeormRegistryRepository } from './registry-repository.js';
import { TypeormAttachmentRepository } from './attachment-repository.js';
import { guardedRepositories } from './guarded-repositories.js';
import { TypeormTicketRepository } from './ticket-repository.js';
import { TypeormConsoleAuthRepository } from './console-auth-repository.js';
import { withRetry, type RetryOptions } from './with-retry.js';
import { CommitOutcomeUnknownError, isDatabaseUnreachable } from './db-errors.js';
import { TypeormLadderRepository } from './ladder-repository.js';
import { TypeormJobLockRepository } from './job-lock-repository.js';
import { TypeormDigestRepository } from './digest-repository.js';
import { TypeormMetricsRepository } from './metrics-repository.js';

export { isTransientDbError, isDuplicateKeyError } from './db-errors.js';
export { withRetry } from './with-retry.js';
export { NestedStoreCallError } from './nested-store-call-error.js';

export interface TypeormStoreOptions {
  retry?: RetryOptions;
}

export function repositoriesFor(em: EntityManager): Repositories {
  return {
    tickets: new TypeormTicketRepository(em),
    outbox: new TypeormOutboxRepository(em),
    inbound: new TypeormInboundRepository(em),
    registry: new TypeormRegistryRepository(em),
    attachments: new TypeormAttachmentRepository(em),
    ladder: new TypeormLadderRepository(em),
    jobLocks: new TypeormJobLockRepository(em),
    digests: new TypeormDigestRepository(em),
    metrics: new TypeormMetricsRepository(em),
  };
}

export function createTypeormStore(ds: DataSource, options: TypeormStoreOptions = {}): Store {
  // SQLite has a single connection: TypeORM would run a second transaction, or any query issued
  // meanwhile, inside the first one. MySQL/MariaDB give each transaction its own pooled connection.
  const sqlite = ds.options.type === 'better-sqlite3';
  const mutex = new Mutex();
  const exclusive = <T>(work: () => Promise<T>) => (sqlite ? mutex.run(work) : work());
  const insideTransaction = new AsyncLocalStorage<true>();
  const base = repositoriesFor(ds.manager);

  function guard(what: string): void {
    if (insideTransaction.getStore()) throw new NestedStoreCallError(what);
  }

  function transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    guard('store.transaction');
    // A retry re-runs `work` from the start in a fresh transaction; the failed one rolled back —
    // unless the connection dropped during the commit: then it may have committed, and is not retried.
    return withRetry(() => {
      let committing = false;
      return exclusive(() =>
        ds.transaction(async (em) => {
          const result = await insideTransaction.run(true, () => work(repositoriesFor(em)));
          committing = true;
          return result;
        }),
      ).catch((err: unknown) => {
        throw committing && isDatabaseUnreachable(err) ? new CommitOutcomeUnknownError(err) : err;
      });
    }, options.retry);
  }

  /** Work that is atomic or idempotent on its own: no transaction, still one at a time on SQLite. */
  function direct<T>(what: string, work: (r: Repositories) => Promise<T>): Promise<T> {
    guard(what);
    return withRetry(() => exclusive(() => work(base)), options.retry);
  }

  /** Writes span several statements (ticket + events + reporters; a batch of messages). */
  function write<T>(what: string, work: (r: Repositories) => Promise<T>): Promise<T> {
    guard(what);
    return transaction(work);
  }

  return {
    ...guardedRepositories(direct, write),
    consoleAuth: consoleAuthOn(ds, (what, work) => {
      guard(what);
      return withRetry(() => exclusive(work), options.retry);
    }),
    transaction,
    async close() {
      // Let a running transaction finish rather than cut it off.
      if (ds.isInitialized) await exclusive(() => ds.destroy());
    },
  };
}

/** Console sign-in tables: outside `Repositories` (no use-case writes them inside a ticket transaction). */
function consoleAuthOn(
  ds: DataSource,
  run: <T>(what: string, work: () => Promise<T>) => Promise<T>,
): ConsoleAuthRepository {
  const repo = new TypeormConsoleAuthRepository(ds.manager);
  return {
    // Retiring the older codes and inserting the new one land together.
    createLoginCode: (code) =>
      run('consoleAuth.createLoginCode', () => ds.transaction((em) => new TypeormConsoleAuthRepository(em).createLoginCode(code))),
    hasActiveLoginCode: (hash, now) => run('consoleAuth.hasActiveLoginCode', () => repo.hasActiveLoginCode(hash, now)),
    consumeLoginCode: (hash, now) => run('consoleAuth.consumeLoginCode', () => repo.consumeLoginCode(hash, now)),
    createSession: (session) => run('consoleAuth.createSession', () => repo.createSession(session)),
    findSession: (idHash) => run('consoleAuth.findSession', () => repo.findSession(idHash)),
    touchSession: (idHash, at) => run('consoleAuth.touchSession', () => repo.touchSession(idHash, at)),
    revokeSession: (idHash, at) => run('consoleAuth.revokeSession', () => repo.revokeSession(idHash, at)),
    recentSessions: (limit) => run('consoleAuth.recentSessions', () => repo.recentSessions(limit)),
  };
}
