// Where tickets, their events, reporters and photos are kept.
import { CodedError } from '../../domain/coded-error.js';
import type { CategoryCode, ClassificationSource, Reporter, Ticket, TicketEvent, TicketStatus, Urgency } from '../../domain/ticket.js';

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
  /** Newest first (oldest first with `oldestFirst`), at most this many (default 500). */
  limit?: number;
  oldestFirst?: boolean;
  /** Keyset paging: only tickets that come after this one in the list's order. */
  after?: { createdAt: Date; no: number };
}

/**
 * Thrown by save() when the ticket changed since it was loaded (optimistic lock): someone else
 * won the race. Retryable: the store runs the whole transaction again on fresh data.
 */
export class TicketChangedError extends CodedError {
  readonly code = 'ticket_changed';
  constructor(readonly ticketNo: number) {
    super(`ticket ${ticketNo} was changed by someone else`, true);
  }
}

export interface TicketRepository {
  /** Inserts the ticket, its first reporter and its `created` event; returns it with its new `no`. */
  create(draft: NewTicket, createdEvent: TicketEvent): Promise<Ticket>;
  get(no: number): Promise<Ticket | null>;
  /**
   * Writes the ticket's fields, appends `events`, and adds reporters not yet stored.
   * Fails with TicketChangedError if `ticket.version` is not the stored version; returns the
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
