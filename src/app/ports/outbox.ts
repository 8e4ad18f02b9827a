// What the bot will say: the persisted, paced, retried outbox.

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
  /**
   * The text carries a secret (a sign-in or invitation code): once sent, or given up on, the stored
   * text is replaced by SECRET_REDACTED, so no backup or dump of the database holds a usable code.
   */
  secret?: boolean;
}

/** What a secret message's stored text becomes once it is no longer needed. */
export const SECRET_REDACTED = '（含登录码或邀请码的消息，发出后已隐去）';

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
  /** Sent: a secret item's text is redacted in the same statement. */
  markSent(id: number, at: Date): Promise<void>;
  /** Failed attempt: count it and schedule the next one. */
  markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void>;
  /** Gave up after too many attempts (a secret item's text is redacted too). */
  markFailed(id: number, error: string): Promise<void>;
  pendingCount(): Promise<number>;
  /** When the oldest item still waiting to be sent was queued; null when nothing waits. */
  oldestPendingAt(): Promise<Date | null>;
  /**
   * Withdraws what the bot was still going to say to one person in one room (a staff member has
   * just answered them in person); returns how many messages were withdrawn.
   */
  cancelPendingTo(roomId: string, personId: string, since: Date): Promise<number>;
  /**
   * Takes a due item for sending: true if this caller got it. It is then not due again before
   * `until`, so another process sharing the database leaves it alone (and a sender that died with
   * it in hand has it back after `until`).
   */
  claim(id: number, now: Date, until: Date): Promise<boolean>;
}
