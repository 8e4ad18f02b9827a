// Every message received, stored before it is handled.
import type { InboundMessage } from '../inbound-message.js';

export interface InboundRepository {
  /** Stores the message; false if a message with this id was stored before (re-delivery). */
  record(message: InboundMessage): Promise<boolean>;
  /** Stores several messages at once (one round trip for many rooms); per message, as `record`. */
  recordMany(messages: InboundMessage[]): Promise<boolean[]>;
  markProcessed(id: string, outcome: string, ticketNo?: number | null): Promise<void>;
  /** Marks several messages processed at once (messages that changed nothing). */
  markProcessedMany(marks: Array<{ id: string; outcome: string; ticketNo: number | null }>): Promise<void>;
  /**
   * Stored but never processed (the process died in between), oldest first; with `accountId`, only
   * those that account received (or that no account was recorded for): another account's process
   * may be handling its own right now.
   */
  unprocessed(limit: number, accountId?: string): Promise<InboundMessage[]>;
  /**
   * Whether the stored message with this id was processed; null if none is stored. Settles an
   * insert or a commit whose connection dropped before the answer came back. With `accountId`, a
   * message another account stored counts as processed: that account's process handles it.
   */
  isProcessed(id: string, accountId?: string): Promise<boolean | null>;
}
