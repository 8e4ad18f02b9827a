// What every use-case receives: the ports, the directory and the texts. Built once in main.ts.
import type { LinliConfig } from '../config/linli-config.js';
import type { Classifier } from '../classify/classification.js';
import type { Directory } from './directory.js';
import type { Clock, Log, OutgoingMessage, Repositories, Store } from './ports.js';
import type { Texts } from './texts.js';
import type { InboundMessage } from './inbound-message.js';
import type { BurstMemory } from './burst-memory.js';

export interface AppContext {
  config: LinliConfig;
  store: Store;
  clock: Clock;
  directory: Directory;
  classifier: Classifier;
  texts: Texts;
  log: Log;
  /** What each resident said in the last minute (bursts). */
  bursts: BurstMemory;
  /** Wakes the outbox sender after a transaction enqueued messages. */
  outboxKick(): void;
}

/** A reply to the person who wrote `msg`, in the same room, @-ing them. */
export function replyTo(msg: InboundMessage, text: string, n = 0): OutgoingMessage {
  return { roomId: msg.roomId, text, mentionIds: [msg.senderId], dedupeKey: `reply:${msg.id}:${n}` };
}

/** Enqueues inside the caller's transaction so that messages land together with the state change. */
export async function say(tx: Repositories, ctx: AppContext, messages: OutgoingMessage[]): Promise<void> {
  if (messages.length) await tx.outbox.enqueue(messages, ctx.clock.now());
}

/** Runs a write in a transaction and wakes the sender once it committed. */
export async function inTransaction<T>(ctx: AppContext, work: (tx: Repositories) => Promise<T>): Promise<T> {
  const result = await ctx.store.transaction(work);
  ctx.outboxKick();
  return result;
}
