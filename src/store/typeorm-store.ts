// The Store port on TypeORM: repositories bound to the data source or to a transaction and, on
// SQLite, one unit of work at a time.
//
// This is the one retry layer for database calls:
// - every call is tried again a few times, with backoff, when it failed transiently (a deadlock, a
//   dropped connection, SQLITE_BUSY);
// - a transaction is also run again, whole, when its work lost an optimistic-lock race
//   (TicketChangedError): the work reads the ticket afresh;
// - what still fails because the database is unavailable is thrown as StoreUnavailableError: the
//   message pipeline then holds the message behind its database gate until the database is back
//   (src/app/pipeline/), and jobs simply run again on their next tick.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { CommitOutcomeUnknownError, StoreUnavailableError, type Repositories, type Store } from '../app/ports/store.js';
import { TicketChangedError } from '../app/ports/tickets.js';
import { Mutex } from './mutex.js';
import { NestedStoreCallError } from './nested-store-call-error.js';
import { TypeormInboundRepository } from './inbound-repository.js';
import { TypeormOutboxRepository } from './outbox-repository.js';
import { TypeormIdentityRepository } from './identity-repository.js';
import { TypeormAttachmentRepository } from './attachment-repository.js';
import { guardedRepositories } from './guarded-repositories.js';
import { TypeormTicketRepository } from './ticket-repository.js';
import { TypeormConsoleAuthRepository } from './console-auth-repository.js';
import { withRetry, type RetryOptions } from './with-retry.js';
import { isDatabaseUnreachable, isTransientDbError } from './db-errors.js';
import { TypeormLadderRepository } from './ladder-repository.js';
import { TypeormJobLockRepository } from './job-lock-repository.js';
import { TypeormDigestRepository } from './digest-repository.js';
import { TypeormMetricsRepository } from './metrics-repository.js';
import { TypeormRetentionRepository } from './retention-repository.js';
import { TypeormIncidentRepository } from './incident-repository.js';
import { TypeormAccountRepository } from './account-repository.js';

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
    identity: new TypeormIdentityRepository(em),
    attachments: new TypeormAttachmentRepository(em),
    ladder: new TypeormLadderRepository(em),
    jobLocks: new TypeormJobLockRepository(em),
    digests: new TypeormDigestRepository(em),
    metrics: new TypeormMetricsRepository(em),
    retention: new TypeormRetentionRepository(em),
    consoleAuth: new TypeormConsoleAuthRepository(em),
    incidents: new TypeormIncidentRepository(em),
    accounts: new TypeormAccountRepository(em),
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

  /** Runs `attempt` under the retry policy above. */
  function retried<T>(attempt: () => Promise<T>, retryOn: (err: unknown) => boolean): Promise<T> {
    return withRetry(attempt, { ...options.retry, retryOn }).catch((err: unknown) => {
      throw isTransientDbError(err) ? new StoreUnavailableError(err) : err;
    });
  }

  /** One try of `work` in a transaction; a commit whose answer was lost is reported as such, not retried. */
  function once<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
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
  }

  function transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    guard('store.transaction');
    return retried(() => once(work), (err) => isTransientDbError(err) || err instanceof TicketChangedError);
  }

  /** Work that is atomic or idempotent on its own: no transaction, still one at a time on SQLite. */
  function direct<T>(what: string, work: (r: Repositories) => Promise<T>): Promise<T> {
    guard(what);
    return retried(() => exclusive(() => work(base)), isTransientDbError);
  }

  /** Writes that span several statements (ticket + events + reporters; a batch of messages). */
  function write<T>(what: string, work: (r: Repositories) => Promise<T>): Promise<T> {
    guard(what);
    // Not retried on a lost race: the same stale arguments would lose it again.
    return retried(() => once(work), isTransientDbError);
  }

  return {
    ...guardedRepositories(direct, write),
    transaction,
    async close() {
      // Let a running transaction finish rather than cut it off.
      if (ds.isInitialized) await exclusive(() => ds.destroy());
    },
  };
}
