// What every use-case receives: the ports, the directory, the texts, and `transaction()` — the one
// way to change state. Built once by the composition root (src/linli.ts); a message's handlers get
// the richer MessageContext (src/app/pipeline/message-context.ts), which is an AppContext too.
import type { LinliConfig } from '../config/linli-config.js';
import type { Classifier } from '../classify/classification.js';
import type { Directory } from './directory.js';
import type { Clock, Log } from './ports/clock.js';
import type { OutgoingMessage } from './ports/outbox.js';
import type { Repositories, Store } from './ports/store.js';
import { NO_TELEMETRY, type Telemetry } from './ports/telemetry.js';
import type { Texts } from './texts.js';
import type { BurstMemory } from './burst-memory.js';

/** The repositories of one transaction, and `say`: what the bot will say once it commits. */
export interface UnitOfWork extends Repositories {
  /** Queues messages in the outbox within this transaction: said only if it commits, said once. */
  say(...messages: OutgoingMessage[]): void;
  /** Runs `effect` once the transaction committed (never for a try that was rolled back). */
  onCommit(effect: () => void): void;
}

export type Transact = <T>(work: (tx: UnitOfWork) => Promise<T>) => Promise<T>;

export interface AppContext {
  config: LinliConfig;
  /** Reads, and the few writes that stand alone (sign-in sessions, job leases). */
  store: Store;
  clock: Clock;
  directory: Directory;
  classifier: Classifier;
  texts: Texts;
  log: Log;
  /** What each resident said in the last minute (bursts). */
  bursts: BurstMemory;
  /**
   * Runs `work` in one database transaction; what it says lands in the outbox in the same
   * transaction, and the outbox sender is woken once it committed.
   */
  transaction: Transact;
  /** Called after every commit: wakes the outbox sender, refreshes open console pages. */
  afterCommit(): void;
  /** Counters for /metrics. */
  telemetry: Telemetry;
}

export function createAppContext(services: Omit<AppContext, 'transaction' | 'telemetry'> & { telemetry?: Telemetry }): AppContext {
  return {
    ...services,
    telemetry: services.telemetry ?? NO_TELEMETRY,
    transaction: transactionOn(services.store, services.clock, () => services.afterCommit(), { via: () => services.directory.botId || undefined }),
  };
}

/**
 * A `transaction()` over `store`. `beforeCommit` runs inside the same transaction after the work
 * (the message pipeline marks its message processed there).
 */
export function transactionOn(
  store: Store,
  clock: Clock,
  afterCommit: () => void,
  hooks: {
    beforeCommit?: (tx: Repositories) => Promise<void>;
    /** The bot account that should say what this work queues (this process's; see OutgoingMessage.via). */
    via?: () => string | undefined;
  } = {},
): Transact {
  return async (work) => {
    let effects: Array<() => void> = [];
    const result = await store.transaction(async (tx) => {
      const outgoing: OutgoingMessage[] = [];
      effects = []; // a try that was rolled back leaves nothing to do
      const result = await work({ ...tx, say: (...messages) => void outgoing.push(...messages), onCommit: (effect) => void effects.push(effect) });
      const via = hooks.via?.();
      if (outgoing.length) await tx.outbox.enqueue(via ? outgoing.map((m) => ({ via, ...m })) : outgoing, clock.now());
      await hooks.beforeCommit?.(tx);
      return result;
    });
    for (const effect of effects) effect();
    afterCommit();
    return result;
  };
}
