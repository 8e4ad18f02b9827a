// The Store port on TypeORM: repositories bound to the data source or to a transaction, with
// retries for transient failures and, on SQLite, one unit of work at a time.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { Repositories, Store } from '../app/ports.js';
import { Mutex } from './mutex.js';
import { NestedStoreCallError } from './nested-store-call-error.js';
import { TypeormInboundRepository } from './inbound-repository.js';
import { TypeormOutboxRepository } from './outbox-repository.js';
import { TypeormRegistryRepository } from './registry-repository.js';
import { TypeormTicketRepository } from './ticket-repository.js';
import { withRetry, type RetryOptions } from './with-retry.js';

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
    // A retry re-runs `work` from the start in a fresh transaction; the failed one rolled back.
    return withRetry(
      () =>
        exclusive(() =>
          ds.transaction((em) => insideTransaction.run(true, () => work(repositoriesFor(em)))),
        ),
      options.retry,
    );
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
    tickets: {
      create: (draft, event) => write('tickets.create', (r) => r.tickets.create(draft, event)),
      get: (no) => direct('tickets.get', (r) => r.tickets.get(no)),
      save: (ticket, events) => write('tickets.save', (r) => r.tickets.save(ticket, events)),
      events: (no) => direct('tickets.events', (r) => r.tickets.events(no)),
      list: (filter) => direct('tickets.list', (r) => r.tickets.list(filter)),
      latestResolvedFor: (id) => direct('tickets.latestResolvedFor', (r) => r.tickets.latestResolvedFor(id)),
      openFor: (id) => direct('tickets.openFor', (r) => r.tickets.openFor(id)),
    },
    outbox: {
      enqueue: (messages, now) => write('outbox.enqueue', (r) => r.outbox.enqueue(messages, now)),
      nextDue: (now, limit) => direct('outbox.nextDue', (r) => r.outbox.nextDue(now, limit)),
      markSent: (id, at) => direct('outbox.markSent', (r) => r.outbox.markSent(id, at)),
      markRetry: (id, error, next) => direct('outbox.markRetry', (r) => r.outbox.markRetry(id, error, next)),
      markFailed: (id, error) => direct('outbox.markFailed', (r) => r.outbox.markFailed(id, error)),
      pendingCount: () => direct('outbox.pendingCount', (r) => r.outbox.pendingCount()),
    },
    inbound: {
      record: (message) => direct('inbound.record', (r) => r.inbound.record(message)),
      markProcessed: (id, outcome, ticketNo) =>
        direct('inbound.markProcessed', (r) => r.inbound.markProcessed(id, outcome, ticketNo)),
      unprocessed: (limit) => direct('inbound.unprocessed', (r) => r.inbound.unprocessed(limit)),
    },
    registry: {
      upsertRoom: (room, now) => direct('registry.upsertRoom', (r) => r.registry.upsertRoom(room, now)),
      upsertPerson: (person, now) => direct('registry.upsertPerson', (r) => r.registry.upsertPerson(person, now)),
    },
    transaction,
    async close() {
      // Let a running transaction finish rather than cut it off.
      if (ds.isInitialized) await exclusive(() => ds.destroy());
    },
  };
}
