// The I/O boundaries the use-cases talk to. Real implementations live in store/ and chat/;
// in-memory fakes for unit tests live in test/fakes/.
import type { Logger } from 'pino';
import type { InboundMessage } from './inbound-message.js';
import type {
  Actor,
  CategoryCode,
  ClassificationSource,
  Reporter,
  Ticket,
  TicketEvent,
  TicketStatus,
  Urgency,
} from '../domain/ticket.js';
import type { LadderPhase, LadderStep } from '../domain/sla-ladder.js';
import type { BreakdownRow, DigestKind, OverdueTicket, PeriodStats, Totals } from '../domain/digest-model.js';
import type { ReportSummary } from '../domain/repeat-problems.js';

export type Log = Logger;

export interface Clock {
  now(): Date;
}

/** What intake hands the store to open a ticket; the store assigns `no` and `version`. */
export interface NewTicket {
  status: 'new';
  category: CategoryCode;
  urgency: Urgency;
  community: string;
  groupId: string;
  dutyRoomId: string;
  text: string;
  source: ClassificationSource;
  confidence: number;
  reporter: Reporter;
  createdAt: Date;
  claimDueAt: Date;
  dueAt: Date;
  /** The inbound message(s) the ticket was made from. */
  messageIds: string[];
}

export interface TicketFilter {
  status?: TicketStatus | TicketStatus[];
  community?: string;
  category?: CategoryCode;
  dutyRoomId?: string;
  /** Any of these communities (the console's scope of a staff member); [] matches nothing. */
  communities?: string[];
  /** Created at or after this instant. */
  createdFrom?: Date;
  /** Created before this instant. */
  createdBefore?: Date;
  /** Newest first, at most this many (default 500). */
  limit?: number;
}

/** Thrown by save() when the ticket changed since it was loaded (optimistic lock). */
export class ConcurrentUpdateError extends Error {
  constructor(readonly ticketNo: number) {
    super(`ticket ${ticketNo} was changed by someone else`);
    this.name = 'ConcurrentUpdateError';
  }
}

export interface TicketRepository {
  /** Inserts the ticket, its first reporter and its `created` event; returns it with its new `no`. */
  create(draft: NewTicket, createdEvent: TicketEvent): Promise<Ticket>;
  get(no: number): Promise<Ticket | null>;
  /**
   * Writes the ticket's fields, appends `events`, and adds reporters not yet stored.
   * Fails with ConcurrentUpdateError if `ticket.version` is not the stored version; returns the
   * ticket with its version bumped.
   */
  save(ticket: Ticket, events: TicketEvent[]): Promise<Ticket>;
  events(no: number): Promise<TicketEvent[]>;
  list(filter: TicketFilter): Promise<Ticket[]>;
  /** The most recently resolved ticket this person reported (and may therefore rate). */
  latestResolvedFor(reporterId: string): Promise<Ticket | null>;
  /** Open (new/claimed) tickets this person reported, newest first. */
  openFor(reporterId: string): Promise<Ticket[]>;
}

export interface OutgoingMessage {
  roomId: string;
  text: string;
  /** Contacts to @ (their names are put in front of the text by the sender). */
  mentionIds?: string[];
  /** An image (PNG) instead of text; `text` then serves as its alt text for logs. */
  imagePngBase64?: string;
  /**
   * Idempotency key: a second enqueue with the same key is ignored, so a retried handler never
   * says the same thing twice (e.g. `ack:12`, `card:12`).
   */
  dedupeKey?: string;
}

export interface OutboxItem extends OutgoingMessage {
  id: number;
  mentionIds: string[];
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
}

export interface OutboxRepository {
  enqueue(messages: OutgoingMessage[], now: Date): Promise<void>;
  /** Pending items due at `now`, oldest first. */
  nextDue(now: Date, limit: number): Promise<OutboxItem[]>;
  markSent(id: number, at: Date): Promise<void>;
  /** Failed attempt: count it and schedule the next one. */
  markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void>;
  /** Gave up after too many attempts. */
  markFailed(id: number, error: string): Promise<void>;
  pendingCount(): Promise<number>;
  /**
   * Withdraws what the bot was still going to say to one person in one room (a staff member has
   * just answered them in person); returns how many messages were withdrawn.
   */
  cancelPendingTo(roomId: string, personId: string, since: Date): Promise<number>;
  /**
   * Takes a due item for sending: true if this caller got it. It is then not due again before
   * `until`, so another process sharing the database leaves it alone (and a sender that died with
   * it in hand has it back after `until`). Optional.
   */
  claim?(id: number, now: Date, until: Date): Promise<boolean>;
}

export interface InboundRepository {
  /** Stores the message; false if a message with this id was stored before (re-delivery). */
  record(message: InboundMessage): Promise<boolean>;
  markProcessed(id: string, outcome: string, ticketNo?: number | null): Promise<void>;
  /** Stored but never processed (the process died in between), oldest first. */
  unprocessed(limit: number): Promise<InboundMessage[]>;
  /**
   * Whether the stored message with this id was processed; null if none is stored. Optional: the
   * router uses it to settle an insert whose connection dropped before the answer came back.
   */
  isProcessed?(id: string): Promise<boolean | null>;
}

export type RoomKind = 'resident' | 'duty' | 'leaders';
export type PersonRole = 'resident' | 'staff' | 'leader' | 'admin' | 'bot';

export interface RegistryRepository {
  upsertRoom(room: { id: string; topic: string; kind: RoomKind; community: string | null }, now: Date): Promise<void>;
  upsertPerson(person: { id: string; name: string; role: PersonRole }, now: Date): Promise<void>;
}

/** A photo a resident sent with a report. */
export interface Attachment {
  id: number;
  ticketNo: number;
  messageId: string;
  mime: string;
  /** Base64 of the file. */
  data: string;
  createdAt: Date;
}

export interface AttachmentRepository {
  add(attachment: Omit<Attachment, 'id'>): Promise<number>;
  /** A ticket's attachments without their data, oldest first. */
  list(ticketNo: number): Promise<Array<Omit<Attachment, 'data'>>>;
  get(id: number): Promise<Attachment | null>;
}

/** Where the SLA ladder scans: open tickets of one phase by the deadline that phase chases. */
export interface LadderScan {
  /** claim: `new` tickets by claimDueAt; resolve: `claimed` tickets by dueAt. */
  phase: LadderPhase;
  /** Deadlines in [dueFrom, dueTo]. */
  dueFrom: Date;
  dueTo: Date;
  /** Keyset paging: only tickets after this (deadline, no) in scan order. */
  after?: { due: Date; no: number };
  limit: number;
}

export interface LadderCandidate {
  no: number;
  category: CategoryCode;
  urgency: Urgency;
  /** The deadline of the scanned phase as stored. */
  due: Date;
  /** Steps of this phase already recorded for that deadline. */
  recorded: LadderStep[];
}

/** SLA ladder bookkeeping: which notice went out for which deadline of which ticket. */
export interface LadderRepository {
  /**
   * Tickets in the scan whose ladder for the current deadline is not complete, earliest deadline
   * first (ties by number), at most `limit`.
   */
  candidates(scan: LadderScan): Promise<LadderCandidate[]>;
  /**
   * Records `step` for `deadline` and appends `event` to the ticket, bumping its version so a
   * notice never goes out about a state someone just changed. Returns false if this step was
   * recorded for this deadline before; throws ConcurrentUpdateError if `ticket.version` is stale.
   */
  recordStep(ticket: { no: number; version: number }, step: LadderStep, deadline: Date, event: TicketEvent): Promise<boolean>;
}

/** Leases that let one of several bot instances run a job at a time. */
export interface JobLockRepository {
  /** Takes lock `name` for `holder` until `expiresAt` if it is free, expired at `now`, or theirs already. */
  acquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean>;
  /** Gives the lock back (only if `holder` still has it). */
  release(name: string, holder: string, now: Date): Promise<void>;
}

/** Which digests went out: one per kind and period, whatever restarts or instances happen. */
export interface DigestRepository {
  /** Records the digest of (kind, period); false if one was recorded before. */
  record(run: { kind: DigestKind; period: string; roomId: string; text: string; at: Date }): Promise<boolean>;
  has(kind: DigestKind, period: string): Promise<boolean>;
}

/** Aggregates for the digest, computed by the database (docs/metrics.md). */
export interface MetricsRepository {
  /** What happened in [from, to). */
  periodStats(from: Date, to: Date): Promise<PeriodStats>;
  /** Counts by status, open and overdue at `now`. */
  totals(now: Date): Promise<Totals>;
  /** Per community × category: created and resolved in [from, to), open and overdue at `now`. */
  breakdown(from: Date, to: Date, now: Date): Promise<BreakdownRow[]>;
  /** Open tickets furthest past their current deadline at `now`. */
  mostOverdue(now: Date, limit: number): Promise<OverdueTicket[]>;
  /** Tickets (not rejected or merged) created in [from, to), oldest first, at most `limit`, text cut to 200 characters. */
  reportsBetween(from: Date, to: Date, limit: number): Promise<ReportSummary[]>;
}

export interface Repositories {
  tickets: TicketRepository;
  attachments: AttachmentRepository;
  outbox: OutboxRepository;
  inbound: InboundRepository;
  registry: RegistryRepository;
  ladder: LadderRepository;
  jobLocks: JobLockRepository;
  digests: DigestRepository;
  metrics: MetricsRepository;
}

export interface Store extends Repositories {
  /** Runs `work` atomically: everything it writes lands together or not at all. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Console sign-in: one-time login codes and sessions (src/app/console-login.ts, src/web/). */
  consoleAuth?: ConsoleAuthRepository;
}

/**
 * A private chat with one person. The outbox addresses it where a room id would go, as
 * `dm:<contactId>`: WeChat room ids end in "@chatroom" and contact ids never start with "dm:".
 */
export const PRIVATE_CHAT_PREFIX = 'dm:';
export const privateChatId = (contactId: string): string => `${PRIVATE_CHAT_PREFIX}${contactId}`;
/** The contact a private-chat address names, or null for a room id. */
export const contactOfPrivateChat = (roomId: string): string | null =>
  roomId.startsWith(PRIVATE_CHAT_PREFIX) ? roomId.slice(PRIVATE_CHAT_PREFIX.length) : null;

export type ConsoleRole = 'staff' | 'leader' | 'admin';

/** Who a login code or session is for, and what they may see: `communities` null means all. */
export interface ConsoleIdentity {
  personId: string;
  personName: string;
  role: ConsoleRole;
  communities: string[] | null;
}

export interface NewLoginCode extends ConsoleIdentity {
  /** sha256 (hex) of the code: the code itself is only ever in the person's private chat. */
  codeHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ConsoleSession extends ConsoleIdentity {
  /** sha256 (hex) of the cookie value. */
  idHash: string;
  /** Must accompany every state-changing request (header x-csrf-token or form field _csrf). */
  csrfToken: string;
  /** How the session was opened: a login code from the bot, or the bootstrap token. */
  method: 'code' | 'token';
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export interface ConsoleAuthRepository {
  /** Stores a new code and retires the person's earlier unused ones. */
  createLoginCode(code: NewLoginCode): Promise<void>;
  /** An unused, unexpired code with this hash exists (so a new code must differ). */
  hasActiveLoginCode(codeHash: string, now: Date): Promise<boolean>;
  /** Marks the unused, unexpired code used, once even under races; null when there is none. */
  consumeLoginCode(codeHash: string, now: Date): Promise<ConsoleIdentity | null>;
  createSession(session: ConsoleSession): Promise<void>;
  /** The session, revoked or expired ones included (the caller decides). */
  findSession(idHash: string): Promise<ConsoleSession | null>;
  touchSession(idHash: string, at: Date): Promise<void>;
  revokeSession(idHash: string, at: Date): Promise<void>;
  /** Newest first: the login log. */
  recentSessions(limit: number): Promise<ConsoleSession[]>;
}

/** Sends one message to the chat platform. Throws ChatSendError when the platform refuses. */
export interface ChatPort {
  send(message: OutboxItem): Promise<void>;
}

export class ChatSendError extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
    this.name = 'ChatSendError';
  }
}

export type { Actor };
