// What the bot will say: the persisted, prioritised, paced, retried outbox.

/**
 * How soon a message must go, most urgent first; within a lane, oldest first.
 * - urgent: urgent duty cards, emergency advice, leaders' alerts;
 * - ack: acknowledgements, duty cards, answers to someone who just asked, notices;
 * - relay: what residents add, progress told to residents, reminders;
 * - digest: the leaders' digest.
 */
export const LANES = ['urgent', 'ack', 'relay', 'digest'] as const;
export type Lane = (typeof LANES)[number];
export const laneRank = (lane: Lane | undefined): number => LANES.indexOf(lane ?? 'ack');
export const laneOf = (rank: number): Lane => LANES[Math.min(Math.max(rank, 0), LANES.length - 1)]!;

/**
 * Messages to one room with the same `key` may go out as one message (src/app/outbox-coalescing.ts
 * knows how each kind of key is put together), each contributing its `line`.
 */
export interface Coalescing {
  /** `ack`, `cards`, `info:<no>`, `same:<what>`, `to:<contactId>` — see src/app/outbox-coalescing.ts. */
  key: string;
  /** This message's part of a combined one. */
  line: string;
  /**
   * At most one message with this key to this room per this many ms: what comes in between waits
   * for the end of the interval and goes out together ("one 居民补充 per ticket per few minutes").
   */
  everyMs?: number;
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
  /** Default `ack`. */
  lane?: Lane;
  /** The ticket the message is about: it never overtakes an older message about it in its room. */
  ticketNo?: number;
  coalesce?: Coalescing;
  /**
   * The text carries a secret (a sign-in or invitation code): once sent, or given up on, the stored
   * text is replaced by SECRET_REDACTED, so no backup or dump of the database holds a usable code.
   * A secret message is never combined with others.
   */
  secret?: boolean;
  /**
   * The bot account that should say it (the one that received the message being answered; filled
   * in by transaction()). Another account in the room says it only while this one cannot.
   */
  via?: string;
}

/**
 * The account asking for work: it gets only items for groups it sits in (or groups no account is
 * recorded in yet, and private chats), and an item meant for another account only while that one is
 * not alive (no heartbeat at or after `aliveSince`) or not in the room.
 */
export interface SendingAccount {
  id: string;
  aliveSince: Date;
}

/** What a secret message's stored text becomes once it is no longer needed. */
export const SECRET_REDACTED = '（含登录码或邀请码的消息，发出后已隐去）';

export interface OutboxItem extends Omit<OutgoingMessage, 'coalesce'> {
  id: number;
  mentionIds: string[];
  lane: Lane;
  coalesce?: { key: string; line: string };
  /** The row whose send covers this one, once it was taken into a combined message; null otherwise. */
  sentIn: number | null;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
}

export interface OutboxRepository {
  /**
   * Queues messages; one whose `coalesce.everyMs` interval for its room and key is still running
   * (a message with that key went out less than `everyMs` ago) becomes due at the end of it, and
   * one whose very text, to the same people, was queued or said with its key in the last `everyMs`
   * is not queued again.
   */
  enqueue(messages: OutgoingMessage[], now: Date): Promise<void>;
  /** Pending items due at `now`: most urgent lane first, oldest first within a lane. */
  nextDue(now: Date, limit: number, account?: SendingAccount): Promise<OutboxItem[]>;
  /** The pending rows a combined message covers (those with `sentIn = leadId`), oldest first. */
  batch(leadId: number): Promise<OutboxItem[]>;
  /** Sent: the item, and every row its send covers; a secret item's text is redacted in the same statement. */
  markSent(id: number, at: Date): Promise<void>;
  /** Failed attempt of the item (and the rows its send covers): count it and schedule the next one. */
  markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void>;
  /** Gave up after too many attempts (on the item and the rows its send covers; a secret item's text is redacted too). */
  markFailed(id: number, error: string): Promise<void>;
  /**
   * Pending rows. Given `now`, not counting rows that only wait for their key's interval (held to
   * go out together, never tried yet): "nothing left to send now".
   */
  pendingCount(now?: Date): Promise<number>;
  /** When the oldest item still waiting to be sent was queued; null when nothing waits. */
  oldestPendingAt(): Promise<Date | null>;
  /**
   * Withdraws what the bot was still going to say to one person in one room (a staff member has
   * just answered them in person); returns how many messages were withdrawn. Rows already taken
   * into a combined message stay (it is on its way).
   */
  cancelPendingTo(roomId: string, personId: string, since: Date): Promise<number>;
  /**
   * Takes a due item for sending: true if this caller got it. It is then not due again before
   * `until`, so another process sharing the database leaves it alone (and a sender that died with
   * it in hand has it back after `until`). With `account`, only an item that account may send
   * (see SendingAccount): the membership and liveness are checked in the same statement.
   */
  claim(id: number, now: Date, until: Date, account?: SendingAccount): Promise<boolean>;
  /**
   * Takes due rows for one combined message led by `leadId` (one of `ids`): all of them or none.
   * Each row records `sentIn = leadId` before anything is sent, so after a crash the same rows go
   * out together again, once; true if this caller got them all.
   */
  claimBatch(leadId: number, ids: number[], now: Date, until: Date, account?: SendingAccount): Promise<boolean>;
}

/** Another sender took some of a batch's rows first: the claim is rolled back (claimBatch answers false). */
export class BatchTakenError extends Error {
  constructor(readonly leadId: number) {
    super(`outbox rows of batch ${leadId} were taken by another sender`);
    this.name = 'BatchTakenError';
  }
}

/** How the sender puts waiting messages to one room together (src/app/outbox-coalescing.ts). */
export interface OutboxCoalescer {
  /** Keys whose waiting messages go out together even when the queue is short (they were held for it). */
  alwaysTogether(key: string): boolean;
  /** One message from several to one room: all with the same key, or all with the same text. */
  combine(items: OutboxItem[]): { text: string; mentionIds: string[] };
}
