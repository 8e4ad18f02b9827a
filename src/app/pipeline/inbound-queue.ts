// Nothing lost, nothing doubled, each room in order. Messages the router accepted queue here:
// - a message is stored before it is handled; storing runs ahead of handling (its own chain per
//   room), so under load a message is safe in the database within milliseconds however long its
//   turn takes;
// - stored-but-unprocessed messages (the process died in between) are taken up after a restart;
// - a re-delivered id is stored once and handled once;
// - while the database is unavailable, messages wait in memory (bounded) and then in a spool file,
//   in arrival order, and are stored and handled once it is back.
import type { InboundMessage } from '../inbound-message.js';
import type { Log } from '../ports/clock.js';
import type { InboundRepository } from '../ports/inbound.js';
import { StoreUnavailableError } from '../ports/store.js';
import { GateClosedError, type DatabaseGate } from './database-gate.js';
import { WriteBatcher } from './batched-writes.js';

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

export interface InboundQueueDeps {
  inbound: InboundRepository;
  /** This process's bot account: at start it takes up only what it received (or what no account was recorded for). */
  account?: () => string | undefined;
  gate: DatabaseGate;
  log: Log;
  /** Handles one stored, fresh message (its turn in its room has come). */
  handle(message: InboundMessage, log: Log): Promise<void>;
  /**
   * Messages held in memory that the database has not taken yet (or that wait for their room's
   * turn). Past this, new messages go to the spool until it has been read back. Default 2000.
   */
  maxBuffered?: number;
  /** Overflow file; without one the buffer just grows (tests, in-memory stores). */
  spool?: InboundSpool | null;
}

const SPOOL_READ_BATCH = 200;

export class InboundQueue {
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
  /** Stores the messages of many rooms that arrive together in one round trip. */
  private readonly recorder: WriteBatcher<InboundMessage, boolean>;

  constructor(private readonly deps: InboundQueueDeps) {
    this.maxBuffered = deps.maxBuffered ?? 2000;
    this.spool = deps.spool ?? null;
    this.recorder = new WriteBatcher((messages) => deps.inbound.recordMany(messages));
  }

  /** Messages accepted but not yet fully handled, the spooled ones included. */
  get inFlight(): number {
    return this.queued + (this.spool?.size ?? 0) + (this.early?.length ?? 0);
  }

  get buffered(): number {
    return this.queued + (this.early?.length ?? 0);
  }

  get spooled(): number {
    return this.spool?.size ?? 0;
  }

  /**
   * Takes up work left by the previous run — stored but unprocessed messages, then the spool —
   * and then what arrived meanwhile, each room in order. Resolves once all of it is queued.
   */
  async start(limit = 100_000): Promise<{ resumed: number; spooled: number }> {
    const stored = await this.whenStoreIsUp(() => this.deps.inbound.unprocessed(limit, this.deps.account?.()));
    for (const msg of stored) void this.admit(msg, false);
    const spooled = this.spool?.size ?? 0;
    const early = this.early ?? [];
    this.early = null;
    this.pumpSpool();
    for (const msg of early) void this.accept(msg);
    if (stored.length || spooled) {
      this.deps.log.info({ resumed: stored.length, spooled }, 'taking up messages left over from before a restart');
    }
    return { resumed: stored.length, spooled };
  }

  /**
   * Takes one message in. Resolves when it has been handled — or, when the buffer is full, once it
   * is safe in the spool (it is then handled later, in order).
   */
  push(msg: InboundMessage): Promise<void> {
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
    this.deps.gate.close();
    let spooled = 0;
    // Held in memory = older than anything in the spool; arrived before start() = newer.
    const held = [...this.unrecorded];
    if (held.length && this.spool) {
      try {
        this.spool.prepend(held);
        spooled += held.length;
      } catch (err) {
        this.deps.log.error({ err, lost: held.length }, 'stopping: could not write the message buffer to the spool');
      }
    } else if (held.length) {
      this.deps.log.error({ lost: held.length }, 'stopping without a spool: messages not yet stored are lost');
    }
    for (const msg of this.early ?? []) if (this.toSpool(msg)) spooled++;
    this.unrecorded.clear();
    this.early = null;
    if (spooled) this.deps.log.warn({ spooled }, 'stopping: messages not yet stored were written to the spool');
    return { spooled };
  }

  /** Resolves once nothing is being handled (or after `timeoutMs`): for a clean stop. */
  async idle(timeoutMs: number): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; this.queued > 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Runs a store call, waiting out database outages (reported to the gate) for as long as they
   * last. Anything else is thrown.
   */
  async whenStoreIsUp<T>(work: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.deps.gate.ready();
      try {
        return await work();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        this.deps.gate.failed(err);
      }
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
      this.deps.log.error({ err, msgId: msg.id }, 'could not write to the spool: keeping the message in memory');
      return false;
    }
    if (!this.spoolWarned) {
      this.spoolWarned = true;
      this.deps.log.warn({ buffered: this.queued, max: this.maxBuffered }, 'message buffer full: spooling incoming messages to disk');
    }
    return true;
  }

  /** Reads the spool back into the room queues while there is room in memory. */
  private pumpSpool(): void {
    const spool = this.spool;
    if (!spool || this.stopped || this.early) return;
    if (!this.deps.gate.up) {
      // Nothing may be left in memory to call again when the database is back: be called then.
      if (spool.size > 0 && !this.pumpPending) {
        this.pumpPending = true;
        void this.deps.gate
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
      this.deps.log.info('spool read back: incoming messages go straight to the database again');
    }
  }

  /** Queues a message: its insert on the room's insert chain, its handling on the room's chain. */
  private admit(msg: InboundMessage, needsRecord: boolean): Promise<void> {
    this.queued++;
    const roomId = msg.roomId;
    const log = this.deps.log.child({ msgId: msg.id, roomId });
    let stored: Promise<boolean | undefined> = Promise.resolve(true);
    if (!needsRecord) this.toHandle.set(msg.id, (this.toHandle.get(msg.id) ?? 0) + 1);
    if (needsRecord) {
      this.unrecorded.add(msg);
      stored = this.chain(this.inserts, roomId, () => this.record(msg, log));
    }
    const handled = this.chain(this.chains, roomId, async () => {
      try {
        const fresh = await stored;
        if (this.stopped) throw new GateClosedError();
        if (fresh === false) log.debug({ filter: 'ignoreRedelivered' }, 'message skipped: delivered before');
        else await this.deps.handle(msg, log);
      } catch (err) {
        // A failure of one message must not stop the messages queued behind it.
        if (!(err instanceof GateClosedError)) log.error({ err }, 'could not take in a message');
      } finally {
        if (await stored.catch(() => false)) {
          const n = (this.toHandle.get(msg.id) ?? 1) - 1;
          if (n > 0) this.toHandle.set(msg.id, n);
          else this.toHandle.delete(msg.id);
        }
        this.queued--;
        this.pumpSpool();
      }
    });
    return handled;
  }

  /** Runs `work` after the room's previous link of `chains`, and forgets the link when it is the last. */
  private chain<T>(chains: Map<string, Promise<void>>, roomId: string, work: () => Promise<T>): Promise<T> {
    const result = (chains.get(roomId) ?? Promise.resolve()).then(work);
    const link: Promise<void> = result.then(
      () => undefined,
      () => undefined,
    );
    chains.set(roomId, link);
    void link.then(() => {
      if (chains.get(roomId) === link) chains.delete(roomId);
    });
    return result;
  }

  /** Stores a message: true if new, false if delivered before, undefined if it could not be stored. */
  private async record(msg: InboundMessage, log: Log): Promise<boolean | undefined> {
    if (this.stopped) throw new GateClosedError();
    let dropped = false;
    let fresh: boolean | undefined;
    for (;;) {
      await this.deps.gate.ready();
      try {
        fresh = await this.recorder.run(msg);
        break;
      } catch (err) {
        if (err instanceof StoreUnavailableError) {
          dropped = true;
          this.deps.gate.failed(err);
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

  /**
   * An insert whose connection dropped may have committed anyway; the retry then finds the row and
   * reports a re-delivery. It is ours if no copy of the message is being handled here and the
   * stored row is still unprocessed and was stored by this account.
   */
  private async landedAfterAll(msg: InboundMessage, log: Log): Promise<boolean> {
    if (this.toHandle.has(msg.id)) return false;
    // Stored by another account's process (a group both are in): that one handles it.
    const processed = await this.whenStoreIsUp(() => this.deps.inbound.isProcessed(msg.id, this.deps.account?.()));
    if (processed === false) log.warn('the insert landed although its connection dropped: handling the message');
    return processed === false;
  }
}
