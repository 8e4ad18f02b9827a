// The front door for every chat message: a chain of small named filters, durable recording,
// per-room ordering, then the handler for the room's kind. One error boundary per message.
//
// Nothing lost, nothing doubled:
// - a message is stored before it is handled, and marked processed in the same transaction as the
//   first thing its handler commits, so a crash can neither lose it nor make it act twice;
// - stored-but-unprocessed messages (the process died in between) are handled after a restart;
// - a re-delivered id is stored once and handled once;
// - while the database is unavailable, messages wait in memory (bounded) and then in a spool file,
//   in arrival order, and are stored and handled once it is back.
import type { AppContext } from './app-context.js';
import { inTransaction, replyTo } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';
import { ConcurrentUpdateError, type Repositories, type Store } from './ports.js';
import { DatabaseGate, GateClosedError, type DatabaseStatus } from './database-gate.js';
import { CommitOutcomeUnknownError, isTransientDbError } from '../store/db-errors.js';

/** What happened to a message, kept on the stored message for audits (`ticket`, `not_request`, …). */
export type Outcome = string | { outcome: string; ticketNo: number };
export type RoomHandler = (ctx: AppContext, msg: InboundMessage, room: RoomInfo) => Promise<Outcome>;

export interface RoomHandlers {
  resident: RoomHandler;
  duty: RoomHandler;
  leaders: RoomHandler;
}

/** Where messages go when the in-memory buffer is full (src/store/spool.ts). */
export interface InboundSpool {
  /** Messages written and not yet read back. */
  readonly size: number;
  append(message: InboundMessage): void;
  /** Puts messages in front of everything not yet read back (a stop's in-memory buffer). */
  prepend(messages: InboundMessage[]): void;
  /** The next messages, oldest first. */
  read(max: number): InboundMessage[];
  /** Deletes the file once everything was read back; true if nothing is left. */
  removeIfDrained(): boolean;
}

export interface RouterOptions {
  /**
   * Messages held in memory that the database has not taken yet (or that wait for their room's
   * turn). Past this, new messages go to the spool until it has been read back. Default 2000.
   */
  maxBuffered?: number;
  /** Overflow file; without one the buffer just grows (tests, in-memory stores). */
  spool?: InboundSpool | null;
  /** Database availability; by default one probing `inbound.unprocessed(1)`. */
  gate?: DatabaseGate;
  /** Failures that mean "the database is unavailable, wait and retry". Default: transient DB errors. */
  isUnavailable?: (err: unknown) => boolean;
  /**
   * After the chat platform was offline: messages written since this instant are caught up even if
   * older than `intake.staleMinutes` (the puppet delivers them late). Null: no catch-up going on.
   */
  catchUpFrom?: () => Date | null;
}

export interface RouterStatus {
  database: DatabaseStatus;
  /** In memory, not yet fully handled. */
  buffered: number;
  /** In the spool file, not yet read back. */
  spooled: number;
}

/** Outcome kept while a message's handler is part-way: its first transaction committed. */
export const OUTCOME_IN_PROGRESS = 'in_progress';

type Filter = (ctx: AppContext, msg: InboundMessage, catchUpFrom: Date | null) => string | null; // a reason to skip, or null

const ignoreSelf: Filter = (ctx, msg) => (msg.senderId === ctx.directory.botId ? 'own message' : null);
const ignoreStale: Filter = (ctx, msg, catchUpFrom) => {
  const ageMs = ctx.clock.now().getTime() - msg.at.getTime();
  if (ageMs <= ctx.config.intake.staleMinutes * 60_000) return null;
  if (catchUpFrom && msg.at >= catchUpFrom) return null;
  return `stale (${Math.round(ageMs / 1000)} s old)`;
};
const onlyKnownRooms: Filter = (ctx, msg) => (ctx.directory.room(msg.roomId) ? null : 'not a Linli group');

// Run when a message arrives, not when its turn comes: one that waited out a database outage in
// the buffer was fresh when it arrived and must not be dropped as stale.
const FILTERS: Array<[string, Filter]> = [
  ['ignoreSelf', ignoreSelf],
  ['ignoreStale', ignoreStale],
  ['onlyKnownRooms', onlyKnownRooms],
];

const SPOOL_READ_BATCH = 200;
/** Tries for a message whose handler keeps losing optimistic-lock races (rooms run in parallel). */
const MAX_LOST_RACES = 5;

export class MessageRouter {
  /** Per room: handling, one message after the other. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Per room: storing, one message after the other, ahead of handling. */
  private readonly inserts = new Map<string, Promise<void>>();
  /** Ids stored (or taken up from the database) and not yet handled, with how many copies. */
  private readonly toHandle = new Map<string, number>();
  private queued = 0;
  /** Admitted to memory but not yet stored: what a clean stop writes to the spool. */
  private readonly unrecorded = new Set<InboundMessage>();
  /** Arrived before start(): handled after the leftovers of the previous run, to keep order. */
  private early: InboundMessage[] | null = [];
  private spoolWarned = false;
  private pumpPending = false;
  private stopped = false;
  private readonly maxBuffered: number;
  private readonly spool: InboundSpool | null;
  private readonly isUnavailable: (err: unknown) => boolean;
  readonly gate: DatabaseGate;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: RoomHandlers,
    private readonly options: RouterOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? 2000;
    this.spool = options.spool ?? null;
    this.isUnavailable = options.isUnavailable ?? isTransientDbError;
    this.gate = options.gate ?? new DatabaseGate({ probe: () => ctx.store.inbound.unprocessed(1), log: ctx.log });
  }

  /** Messages accepted but not yet fully handled, the spooled ones included. */
  get inFlight(): number {
    return this.queued + (this.spool?.size ?? 0) + (this.early?.length ?? 0);
  }

  status(): RouterStatus {
    return { database: this.gate.status(), buffered: this.queued + (this.early?.length ?? 0), spooled: this.spool?.size ?? 0 };
  }

  /**
   * Takes up work left by the previous run — stored but unprocessed messages, then the spool —
   * and then what arrived meanwhile, each room in order. Resolves once all of it is queued.
   */
  async start(limit = 100_000): Promise<{ resumed: number; spooled: number }> {
    const stored = await this.untilStored(() => this.ctx.store.inbound.unprocessed(limit), this.ctx.log);
    for (const msg of stored ?? []) void this.admit(msg, false);
    const spooled = this.spool?.size ?? 0;
    const early = this.early ?? [];
    this.early = null;
    this.pumpSpool();
    for (const msg of early) void this.accept(msg);
    if (stored?.length || spooled) {
      this.ctx.log.info({ resumed: stored?.length ?? 0, spooled }, 'taking up messages left over from before a restart');
    }
    return { resumed: stored?.length ?? 0, spooled };
  }

  /**
   * Takes one message in. Resolves when it has been handled — or, when the buffer is full, once it
   * is safe in the spool (it is then handled later, in order).
   */
  receive(msg: InboundMessage): Promise<void> {
    const catchUpFrom = this.options.catchUpFrom?.() ?? null;
    for (const [name, filter] of FILTERS) {
      const reason = filter(this.ctx, msg, catchUpFrom);
      if (reason) {
        this.ctx.log.debug({ msgId: msg.id, roomId: msg.roomId, filter: name, reason }, 'message skipped');
        return Promise.resolve();
      }
    }
    if (this.early) {
      this.early.push(msg);
      return Promise.resolve();
    }
    return this.accept(msg);
  }

  /**
   * Stops taking work: messages not yet stored go to the spool (handled after the next start);
   * stored ones are taken up again from the database.
   */
  stop(): { spooled: number } {
    this.stopped = true;
    this.gate.close();
    let spooled = 0;
    // Held in memory = older than anything in the spool; arrived before start() = newer.
    const held = [...this.unrecorded];
    if (held.length && this.spool) {
      try {
        this.spool.prepend(held);
        spooled += held.length;
      } catch (err) {
        this.ctx.log.error({ err, lost: held.length }, 'stopping: could not write the message buffer to the spool');
      }
    } else if (held.length) {
      this.ctx.log.error({ lost: held.length }, 'stopping without a spool: messages not yet stored are lost');
    }
    for (const msg of this.early ?? []) if (this.toSpool(msg)) spooled++;
    this.unrecorded.clear();
    this.early = null;
    if (spooled) this.ctx.log.warn({ spooled }, 'stopping: messages not yet stored were written to the spool');
    return { spooled };
  }

  /** Resolves once nothing is being handled (or after `timeoutMs`): for a clean stop. */
  async idle(timeoutMs: number): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; this.queued > 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** New work goes behind whatever is in the spool, so each room keeps its order. */
  private accept(msg: InboundMessage): Promise<void> {
    if (this.stopped) {
      this.toSpool(msg);
      return Promise.resolve();
    }
    if (this.spool && (this.spool.size > 0 || this.queued >= this.maxBuffered) && this.toSpool(msg)) {
      return Promise.resolve();
    }
    return this.admit(msg, true);
  }

  private toSpool(msg: InboundMessage): boolean {
    if (!this.spool) return false;
    try {
      this.spool.append(msg);
    } catch (err) {
      this.ctx.log.error({ err, msgId: msg.id }, 'could not write to the spool: keeping the message in memory');
      return false;
    }
    if (!this.spoolWarned) {
      this.spoolWarned = true;
      this.ctx.log.warn({ buffered: this.queued, max: this.maxBuffered }, 'message buffer full: spooling incoming messages to disk');
    }
    return true;
  }

  /** Reads the spool back into the room queues while there is room in memory. */
  private pumpSpool(): void {
    const spool = this.spool;
    if (!spool || this.stopped || this.early) return;
    if (!this.gate.up) {
      // Nothing may be left in memory to call again when the database is back: be called then.
      if (spool.size > 0 && !this.pumpPending) {
        this.pumpPending = true;
        void this.gate
          .ready()
          .then(() => this.pumpSpool(), () => undefined)
          .finally(() => (this.pumpPending = false));
      }
      return;
    }
    const lowWater = Math.max(1, Math.floor(this.maxBuffered / 2));
    while (spool.size > 0 && this.queued < lowWater) {
      const batch = spool.read(Math.min(SPOOL_READ_BATCH, lowWater - this.queued));
      if (batch.length === 0) break;
      for (const msg of batch) void this.admit(msg, true);
    }
    if (spool.size === 0 && spool.removeIfDrained() && this.spoolWarned) {
      this.spoolWarned = false;
      this.ctx.log.info('spool read back: incoming messages go straight to the database again');
    }
  }

  /**
   * Queues a message. Storing runs ahead of handling: each room has a chain of inserts (so the
   * database's order is the room's order) that does not wait for the handlers, so under load a
   * message is in the database — safe from a kill -9 — within milliseconds, however long its
   * turn to be handled takes.
   */
  private admit(msg: InboundMessage, needsRecord: boolean): Promise<void> {
    this.queued++;
    const roomId = msg.roomId;
    const log = this.ctx.log.child({ msgId: msg.id, roomId });
    let stored: Promise<boolean | undefined> = Promise.resolve(true);
    if (!needsRecord) this.toHandle.set(msg.id, (this.toHandle.get(msg.id) ?? 0) + 1);
    if (needsRecord) {
      this.unrecorded.add(msg);
      const previousInsert = this.inserts.get(roomId) ?? Promise.resolve();
      stored = previousInsert.then(() => this.store(msg, log));
      const insertDone: Promise<void> = stored.then(
        () => undefined,
        () => undefined,
      );
      this.inserts.set(roomId, insertDone);
      void insertDone.then(() => {
        if (this.inserts.get(roomId) === insertDone) this.inserts.delete(roomId);
      });
    }
    const previous = this.chains.get(roomId) ?? Promise.resolve();
    // A failure of one message must not stop the messages queued behind it.
    const next = previous
      .then(() => this.handle(msg, stored, log))
      .catch((err) => {
        if (!(err instanceof GateClosedError)) this.ctx.log.error({ err, msgId: msg.id, roomId }, 'could not take in a message');
      })
      .finally(async () => {
        if (await stored.catch(() => false)) {
          const n = (this.toHandle.get(msg.id) ?? 1) - 1;
          if (n > 0) this.toHandle.set(msg.id, n);
          else this.toHandle.delete(msg.id);
        }
        this.queued--;
        if (this.chains.get(roomId) === next) this.chains.delete(roomId);
        this.pumpSpool();
      });
    this.chains.set(roomId, next);
    return next;
  }

  /** Stores a message: true if new, false if delivered before, undefined if it could not be stored. */
  private async store(msg: InboundMessage, log: AppContext['log']): Promise<boolean | undefined> {
    if (this.stopped) throw new GateClosedError();
    let dropped = false;
    let fresh: boolean | undefined;
    for (;;) {
      await this.gate.ready();
      try {
        fresh = await this.ctx.store.inbound.record(msg);
        break;
      } catch (err) {
        if (this.isUnavailable(err)) {
          dropped = true;
          this.gate.failed(err);
          continue;
        }
        log.error({ err }, 'could not store the message: handling it anyway (a re-delivery of it may be handled twice)');
        fresh = undefined;
        break;
      }
    }
    if (fresh === false && dropped) fresh = await this.landedAfterAll(msg, log);
    this.unrecorded.delete(msg);
    if (fresh) this.toHandle.set(msg.id, (this.toHandle.get(msg.id) ?? 0) + 1);
    return fresh;
  }

  /** After a commit whose answer was lost: did the handler's first transaction land? Null: cannot tell. */
  private async committedAfterAll(msg: InboundMessage, log: AppContext['log']): Promise<boolean | null> {
    const isProcessed = this.ctx.store.inbound.isProcessed?.bind(this.ctx.store.inbound);
    if (!isProcessed) return null;
    const processed = await this.untilStored(() => isProcessed(msg.id), log);
    log.warn({ committed: processed }, 'the connection dropped while committing: checked whether it landed');
    return processed ?? null;
  }

  /**
   * An insert whose connection dropped may have committed anyway; the retry then finds the row and
   * reports a re-delivery. It is ours if no copy of the message is being handled here and the
   * stored row is still unprocessed.
   */
  private async landedAfterAll(msg: InboundMessage, log: AppContext['log']): Promise<boolean> {
    if (this.toHandle.has(msg.id)) return false;
    const isProcessed = this.ctx.store.inbound.isProcessed?.bind(this.ctx.store.inbound);
    const processed = isProcessed ? await this.untilStored(() => isProcessed(msg.id), log) : false;
    if (processed === false) log.warn('the insert landed although its connection dropped: handling the message');
    return processed === false;
  }

  private async handle(msg: InboundMessage, stored: Promise<boolean | undefined>, log: AppContext['log']): Promise<void> {
    const fresh = await stored;
    if (this.stopped) throw new GateClosedError();
    if (fresh === false) {
      log.debug({ filter: 'ignoreRedelivered' }, 'message skipped: delivered before');
      return;
    }
    const room = this.ctx.directory.room(msg.roomId);
    if (!room) {
      // Only from the database or the spool: the group is no longer one of ours.
      await this.untilStored(() => this.ctx.store.inbound.markProcessed(msg.id, 'not_a_linli_group'), log);
      return;
    }
    await this.process(msg, room, log);
  }

  /** Runs the handler for an already stored message (also used to catch up after a restart). */
  async process(msg: InboundMessage, room: RoomInfo, log = this.ctx.log.child({ msgId: msg.id, roomId: msg.roomId })): Promise<void> {
    let outcome: Outcome;
    for (let attempt = 1; ; attempt++) {
      await this.gate.ready();
      const marking = markingCommits(this.ctx.store, msg.id);
      const ctx: AppContext = { ...this.ctx, log, store: marking.store };
      try {
        outcome = await this.handlers[room.kind](ctx, msg, room);
        break;
      } catch (err) {
        if (err instanceof GateClosedError) throw err;
        let committed = marking.committed();
        if (err instanceof CommitOutcomeUnknownError && !committed) {
          // Its first transaction carried the processed mark: the mark tells whether it landed.
          const landed = await this.committedAfterAll(msg, log);
          if (landed === false) {
            this.gate.failed(err.cause);
            continue;
          }
          committed = true; // it did, or nobody can tell: better not do it twice
        }
        if (this.isUnavailable(err) && !committed) {
          // Nothing of it was committed: run it again, whole, once the database is back.
          log.warn({ err: describe(err) }, 'database unavailable while handling a message: will handle it again');
          this.gate.failed(err);
          continue;
        }
        if (err instanceof ConcurrentUpdateError && !committed && attempt < MAX_LOST_RACES) {
          // Another group's message changed the same ticket a moment earlier: read it again and redo.
          log.debug({ ticketNo: err.ticketNo, attempt }, 'lost a race for a ticket: handling the message again');
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        log.error({ err, kind: room.kind, partlyDone: committed }, 'handling a message failed');
        outcome = committed ? 'error_after_commit' : 'error';
        // Tell the person something useful rather than nothing: only where they gave a command.
        if (!committed && (room.kind !== 'resident' || msg.mentionsBot)) {
          await inTransaction(this.ctx, (tx) => tx.outbox.enqueue([replyTo(msg, this.ctx.texts.somethingWentWrong(), 99)], this.ctx.clock.now())).catch(
            (e) => log.error({ err: e }, 'could not even say sorry'),
          );
        }
        break;
      }
    }
    const { outcome: label, ticketNo } = typeof outcome === 'string' ? { outcome, ticketNo: null } : outcome;
    log.debug({ outcome: label, ticketNo }, 'message handled');
    await this.untilStored(() => this.ctx.store.inbound.markProcessed(msg.id, label, ticketNo), log, (err) =>
      log.error({ err }, 'could not mark message processed'),
    );
  }

  /**
   * Runs a store call, waiting out database outages (reported to the gate) for as long as they last.
   * Other failures go to `onOtherError` and give undefined.
   */
  private async untilStored<T>(work: () => Promise<T>, log: AppContext['log'], onOtherError?: (err: unknown) => void): Promise<T | undefined> {
    for (;;) {
      await this.gate.ready();
      try {
        return await work();
      } catch (err) {
        if (this.isUnavailable(err)) {
          this.gate.failed(err);
          continue;
        }
        if (onOtherError) {
          onOtherError(err);
          return undefined;
        }
        log.error({ err }, 'database call failed');
        throw err;
      }
    }
  }
}

/**
 * The store as a handler sees it: every transaction it runs also marks the message processed
 * (outcome `in_progress`, overwritten with the real one when the handler returns). So the first
 * thing a handler commits and "this message was handled" land together: after a crash, a message
 * whose effects were committed is not handled a second time, and one whose effects were not is.
 * Writes made outside a transaction are routed through one, for the same reason.
 */
function markingCommits(store: Store, messageId: string): { store: Store; committed(): boolean } {
  let committed = false;
  const transaction = async <T>(work: (tx: Repositories) => Promise<T>): Promise<T> => {
    const result = await store.transaction(async (tx) => {
      await tx.inbound.markProcessed(messageId, OUTCOME_IN_PROGRESS);
      return work(tx);
    });
    committed = true;
    return result;
  };
  const routed = <K extends keyof Repositories>(repo: K, writes: string[]) =>
    new Proxy(store[repo] as object, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (typeof prop === 'string' && writes.includes(prop)) {
          return (...args: unknown[]) =>
            transaction((tx) => (tx[repo] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop]!(...args));
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    }) as Store[K];
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'transaction') return transaction;
      if (prop === 'tickets') return routed('tickets', ['create', 'save']);
      if (prop === 'outbox') return routed('outbox', ['enqueue', 'cancelPendingTo']);
      if (prop === 'attachments' && target.attachments) return routed('attachments', ['add']);
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, committed: () => committed };
}

function describe(err: unknown): string {
  return err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err);
}
