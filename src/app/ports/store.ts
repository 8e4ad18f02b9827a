// The store: one repository per concern, and transactions over all of them.
import { CodedError } from '../../domain/coded-error.js';
import type { AttachmentRepository, TicketRepository } from './tickets.js';
import type { OutboxRepository } from './outbox.js';
import type { InboundRepository } from './inbound.js';
import type { IdentityRepository } from './identity.js';
import type { DigestRepository, JobLockRepository, LadderRepository, MetricsRepository, RetentionRepository } from './jobs.js';
import type { ConsoleAuthRepository } from './console-auth.js';
import type { IncidentRepository } from './incidents.js';
import type { AccountRepository } from './accounts.js';

export interface Repositories {
  tickets: TicketRepository;
  attachments: AttachmentRepository;
  outbox: OutboxRepository;
  inbound: InboundRepository;
  identity: IdentityRepository;
  ladder: LadderRepository;
  jobLocks: JobLockRepository;
  digests: DigestRepository;
  metrics: MetricsRepository;
  retention: RetentionRepository;
  consoleAuth: ConsoleAuthRepository;
  incidents: IncidentRepository;
  accounts: AccountRepository;
}

export interface Store extends Repositories {
  /** Runs `work` atomically: everything it writes lands together or not at all. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The database could not be reached, or kept failing transiently after the store's own retries:
 * nothing of the failed call was written. Hold the work and do it again once the database is back.
 */
export class StoreUnavailableError extends CodedError {
  readonly code = 'store_unavailable';
  constructor(cause: unknown) {
    super(`the database is unavailable: ${describeCause(cause)}`, true, { cause });
  }
}

/**
 * The connection dropped while a transaction was committing: it may or may not have committed.
 * Not retried (a retry could do the work twice); the caller finds out what happened.
 */
export class CommitOutcomeUnknownError extends CodedError {
  readonly code = 'commit_outcome_unknown';
  constructor(cause: unknown) {
    super(`the connection dropped while committing: ${describeCause(cause)}`, false, { cause });
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
}
