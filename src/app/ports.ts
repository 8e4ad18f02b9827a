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
}

export interface InboundRepository {
  /** Stores the message; false if a message with this id was stored before (re-delivery). */
  record(message: InboundMessage): Promise<boolean>;
  markProcessed(id: string, outcome: string, ticketNo?: number | null): Promise<void>;
  /** Stored but never processed (the process died in between), oldest first. */
  unprocessed(limit: number): Promise<InboundMessage[]>;
}

export type RoomKind = 'resident' | 'duty' | 'leaders';
export type PersonRole = 'resident' | 'staff' | 'leader' | 'admin' | 'bot';

export interface RegistryRepository {
  upsertRoom(room: { id: string; topic: string; kind: RoomKind; community: string | null }, now: Date): Promise<void>;
  upsertPerson(person: { id: string; name: string; role: PersonRole }, now: Date): Promise<void>;
}

export interface Repositories {
  tickets: TicketRepository;
  outbox: OutboxRepository;
  inbound: InboundRepository;
  registry: RegistryRepository;
}

export interface Store extends Repositories {
  /** Runs `work` atomically: everything it writes lands together or not at all. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
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
