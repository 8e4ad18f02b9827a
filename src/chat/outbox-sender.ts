// Sends what the use-cases put in the outbox, one message at a time, paced per room and
// globally with jitter (WeChat restricts accounts that post too fast), retrying with backoff.
// What goes next is decided message by message: the most urgent lane first, oldest first within a
// lane (an item never overtakes an older one about the same ticket in its room: that one inherits
// its lane). When the queue is deep, everything waiting for one room goes out as one message, rows
// with the same coalescing key put together (src/app/outbox-coalescing.ts says how); keys held for
// it always go together, and messages with the same text to one room are said once. The rows a combined message covers are recorded on them
// before it is sent, so a crash neither sends a row twice nor loses one.
// A message is marked sent only after the platform accepted it; if the database cannot take that
// mark, the sender remembers it and sends nothing else until it can, so the message is never sent
// twice. Only a crash between "accepted" and "marked" can repeat one message (at most one per
// crash: one message is in flight at a time).
import type { OutboxConfig } from '../config/linli-config.js';
import type { ChatPort } from '../app/ports/chat.js';
import type { Clock, Log } from '../app/ports/clock.js';
import { laneRank, type OutboxCoalescer, type OutboxItem, type OutboxRepository, type SendingAccount } from '../app/ports/outbox.js';

/** Real time for pacing: pacing is about the platform's rate limits, not the (sandbox) clock. */
export interface PacingTimer {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}
export const realTimer: PacingTimer = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Pacing is required; the coalescing thresholds have the config's defaults. */
export type SenderConfig = Pick<OutboxConfig, 'globalIntervalMs' | 'roomIntervalMs' | 'jitterMs' | 'maxAttempts' | 'retryBaseMs'> &
  Partial<Pick<OutboxConfig, 'deepRoom' | 'deepQueue' | 'maxCombined'>>;

export interface OutboxSenderDeps {
  outbox: OutboxRepository;
  chat: Pick<ChatPort, 'send'>;
  clock: Clock;
  config: SenderConfig;
  /** Puts waiting messages together; without one every row goes out on its own. */
  coalescer?: OutboxCoalescer;
  log: Log;
  timer?: PacingTimer;
  random?: () => number;
  /** Told when a message is given up on, so someone can be alerted. */
  onGiveUp?: (item: OutboxItem, error: string) => void;
  /** False while the chat platform is logged out: nothing is attempted (and no attempts are burnt). */
  online?: () => boolean;
  /**
   * The bot account this sender sends as, when several share the database: it reads and claims
   * only what it may send (its groups; another account's items only while that one cannot). Null
   * until it is known (nothing is sent); without this option every item is this sender's.
   */
  account?: () => SendingAccount | null;
}

export interface OutboxSenderStatus {
  /** Reading or writing the outbox has been failing since then (database down). */
  failingSince: Date | null;
  lastError: string | null;
  /** Accepted by the platform, waiting for the database to record it. */
  unrecordedSends: number;
  sent: number;
  gaveUp: number;
  /** Sends the platform refused (each try counts; retried or given up). */
  sendFailures: number;
}

const MAX_BACKOFF_MS = 10 * 60_000;
const IDLE_POLL_MS = 1000;
/** Longest wait between tries while the outbox cannot be read (database down). */
const MAX_ERROR_WAIT_MS = 30_000;
/** Due rows read at a time: enough to see a storm's queue whole. */
const SCAN = 1000;
/** The queue in hand is read again after this long even without news (held rows fall due). */
const RESCAN_MS = 5000;
/** …and after news (a kick) once this long has passed since the last read. */
const STALE_READ_MS = 250;
/** An item taken for sending is left alone by other processes for this long. */
const CLAIM_MS = 60_000;

/** The next send: the row that leads it, when its room may speak, and its lane after inheritance. */
interface NextSend {
  head: OutboxItem;
  readyAt: number;
  lane: number;
}

export class OutboxSender {
  private readonly timer: PacingTimer;
  private readonly random: () => number;
  private lastGlobalMs = Number.NEGATIVE_INFINITY;
  private readonly lastRoomMs = new Map<string, number>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private busy = false;
  private kicked = false;
  /** Something was queued since the queue in hand was read. */
  private stale = true;
  /** Sent (the platform accepted them) but not yet marked sent in the database. */
  private readonly unmarked = new Map<number, Date>();
  private failingSince: Date | null = null;
  private lastError: string | null = null;
  private failures = 0;
  private sentCount = 0;
  private gaveUpCount = 0;
  private sendFailureCount = 0;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.timer = deps.timer ?? realTimer;
    this.random = deps.random ?? Math.random;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  /** New messages were enqueued: look now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.stale = true;
    this.wake?.();
  }

  /** Not working right now: waiting for a kick or the next poll (a simulation drives time by this). */
  get waiting(): boolean {
    return !this.busy && !this.kicked;
  }

  /** True when nothing is being sent right now and nothing due is waiting. */
  async isDrained(): Promise<boolean> {
    if (this.busy || this.kicked || this.unmarked.size > 0) return false;
    // Rows held to go out together later are not waiting on the sender.
    return (await this.deps.outbox.pendingCount(this.deps.clock.now())) === 0;
  }

  status(): OutboxSenderStatus {
    return {
      failingSince: this.failingSince,
      lastError: this.lastError,
      unrecordedSends: this.unmarked.size,
      sent: this.sentCount,
      gaveUp: this.gaveUpCount,
      sendFailures: this.sendFailureCount,
    };
  }

  private online(): boolean {
    return (this.deps.online?.() ?? true) && (this.deps.account ? this.deps.account() !== null : true);
  }

  private sendingAs(): SendingAccount | undefined {
    return this.deps.account?.() ?? undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let sent = 0;
      let failed = false;
      try {
        this.busy = true;
        await this.recordUnmarked();
        if (this.online()) sent = await this.sendDue();
        if (this.failingSince) {
          this.deps.log.warn({ failingSeconds: Math.round((Date.now() - this.failingSince.getTime()) / 1000) }, 'outbox: working again');
          this.failingSince = null;
        }
        this.failures = 0;
      } catch (err) {
        failed = true;
        this.failures++;
        this.lastError = err instanceof Error ? err.message : String(err);
        // Once at error level, then quietly: a database outage would otherwise log every second.
        if (!this.failingSince) {
          this.failingSince = new Date();
          this.deps.log.error({ err }, 'outbox: the queue cannot be read or updated; will retry with backoff');
        } else {
          this.deps.log.debug({ err: this.lastError, failures: this.failures }, 'outbox: still failing');
        }
      } finally {
        this.busy = false;
      }
      if (failed) await this.idle(Math.min(MAX_ERROR_WAIT_MS, IDLE_POLL_MS * 2 ** Math.min(this.failures - 1, 5)));
      else if (sent === 0 && !this.kicked) await this.idle(IDLE_POLL_MS);
    }
  }

  /** Marks sent what the platform accepted while the database could not take the mark. */
  private async recordUnmarked(): Promise<void> {
    for (const [id, at] of this.unmarked) {
      await this.deps.outbox.markSent(id, at);
      this.unmarked.delete(id);
    }
  }

  /** Waits `ms`, or less if kicked (a kick after failures means the database just took a write). */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  /** Sends due messages, most urgent first, until none is due; returns how many sends it tried. */
  private async sendDue(): Promise<number> {
    let queue: OutboxItem[] = [];
    let readAt = Number.NEGATIVE_INFINITY;
    let tried = 0;
    while (this.running && this.online()) {
      // Read again when the queue in hand ran out, when something was queued (a kick — at most
      // every STALE_READ_MS: a busy bot commits all the time), or now and then for rows that fell
      // due; in between, the queue in hand is worked from memory.
      const sinceRead = this.timer.nowMs() - readAt;
      if (queue.length === 0 || (this.stale && sinceRead >= STALE_READ_MS) || sinceRead > RESCAN_MS) {
        this.stale = false;
        readAt = this.timer.nowMs();
        // Kept in id order: each room's rows in the order they were queued.
        queue = (await this.deps.outbox.nextDue(this.deps.clock.now(), SCAN, this.sendingAs())).sort((a, b) => a.id - b.id);
        if (queue.length === 0) break;
      }
      const pick = this.pick(queue);
      const wait = pick.readyAt - this.timer.nowMs();
      if (wait > 0) {
        // A timer may fire a little early, and something more urgent may come meanwhile: look again.
        await this.timer.sleep(wait);
        continue;
      }
      const covered = await this.sendPicked(pick.head, queue);
      queue = queue.filter((i) => !covered.has(i.id));
      tried++;
    }
    return tried;
  }

  /**
   * The next row to send. Each room's head is its most urgent row (a row inherits the lane of any
   * newer row about the same ticket in the room, so it is never overtaken by it); the most urgent
   * head whose room may speak soonest goes — or, while it waits for its room's pace, a less urgent
   * one that is ready and cannot delay it.
   */
  private pick(queue: OutboxItem[]): NextSend {
    const byRoom = new Map<string, OutboxItem[]>();
    for (const item of queue) {
      const items = byRoom.get(item.roomId);
      if (items) items.push(item);
      else byRoom.set(item.roomId, [item]);
    }
    const heads: NextSend[] = [];
    for (const [roomId, items] of byRoom) {
      const newerLane = new Map<number, number>();
      let head: { item: OutboxItem; lane: number } | null = null;
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i]!;
        let lane = laneRank(item.lane);
        if (item.ticketNo !== undefined) {
          lane = Math.min(lane, newerLane.get(item.ticketNo) ?? lane);
          newerLane.set(item.ticketNo, lane);
        }
        if (!head || lane < head.lane || (lane === head.lane && item.id < head.item.id)) head = { item, lane };
      }
      heads.push({ head: head!.item, lane: head!.lane, readyAt: this.readyAt(roomId) });
    }
    const order = (a: NextSend, b: NextSend) => a.lane - b.lane || a.readyAt - b.readyAt || a.head.id - b.head.id;
    heads.sort(order);
    const best = heads[0]!;
    // Whatever is sent next holds the next send back by the global gap (and up to the jitter).
    const { globalIntervalMs, jitterMs } = this.deps.config;
    if (best.readyAt <= this.timer.nowMs()) return best;
    const filler = heads.find((h) => h.head.roomId !== best.head.roomId && h.readyAt + globalIntervalMs + jitterMs <= best.readyAt);
    return filler ?? best;
  }

  /**
   * Sends `head`, with whatever may go together with it; returns the ids of the queue's rows it
   * took care of (sent, failed, or taken by another process meanwhile). `queue` is in id order.
   */
  private async sendPicked(head: OutboxItem, queue: OutboxItem[]): Promise<Set<number>> {
    const { outbox, clock } = this.deps;
    const now = clock.now();
    const until = new Date(now.getTime() + CLAIM_MS);
    const as = this.sendingAs();
    // A combined message that was interrupted (a crash, a failed attempt) goes again as it was.
    if (head.sentIn !== null) {
      const batch = await outbox.batch(head.sentIn);
      const ids = batch.map((i) => i.id);
      const lead = batch.find((i) => i.id === head.sentIn);
      if (!lead || !(await outbox.claimBatch(lead.id, ids, now, until, as))) return new Set([head.id, ...ids]);
      await this.sendOne(this.combined(lead, batch));
      return new Set([head.id, ...ids]);
    }
    const rows = [head, ...this.companions(head, queue)];
    if (rows.length === 1) {
      // Another bot process on the same database may have taken it since the queue was read.
      if (await outbox.claim(head.id, now, until, as)) await this.sendOne(head);
      return new Set([head.id]);
    }
    const ids = rows.map((r) => r.id);
    if (await outbox.claimBatch(head.id, ids, now, until, as)) {
      this.deps.log.debug({ outboxId: head.id, roomId: head.roomId, rows: ids.length, key: head.coalesce?.key }, 'outbox: sending waiting messages as one');
      await this.sendOne(this.combined(head, rows));
    }
    return new Set(ids);
  }

  /**
   * What goes out together with `head` in its room. When the queue is deep: everything waiting for
   * the room (a group that waits its turn hears all it is owed in one message). Otherwise: rows with
   * a key held for it (relays, answers to one person), else rows with the very same text. A row
   * about a ticket never jumps an older row about the same ticket that stays behind.
   */
  private companions(head: OutboxItem, queue: OutboxItem[]): OutboxItem[] {
    const coalescer = this.deps.coalescer;
    // A secret (a sign-in or invitation code) goes alone: its row is redacted once sent (src/app/ports/outbox.ts).
    if (!coalescer || head.imagePngBase64 || head.secret) return [];
    const inRoom = queue.filter((i) => i.roomId === head.roomId);
    const { deepRoom = 4, deepQueue = 20, maxCombined = 30 } = this.deps.config;
    const key = head.coalesce?.key;
    const deep = inRoom.length >= deepRoom || queue.length >= deepQueue;
    const held = (i: OutboxItem) => i.coalesce !== undefined && coalescer.alwaysTogether(i.coalesce.key);
    const fits = deep
      ? () => true
      : key !== undefined && held(head)
        ? (i: OutboxItem) => i.coalesce?.key === key
        : (i: OutboxItem) => i.text === head.text;
    const taken = new Set([head.id]);
    const together: OutboxItem[] = [];
    let counted = held(head) ? 0 : 1;
    for (const row of inRoom) {
      if (taken.has(row.id) || row.sentIn !== null || row.imagePngBase64 || row.secret || !fits(row)) continue;
      // Held rows were held to go out as one, however many (their text counts the rest); others are capped.
      if (!held(row) && counted >= maxCombined) continue;
      const jumps = row.ticketNo !== undefined && inRoom.some((o) => o.id < row.id && !taken.has(o.id) && o.ticketNo === row.ticketNo);
      if (jumps) continue;
      taken.add(row.id);
      together.push(row);
      if (!held(row)) counted++;
    }
    return together;
  }

  /** One outbox item standing for `rows`, under the lead's id (marking it marks them all). */
  private combined(lead: OutboxItem, rows: OutboxItem[]): OutboxItem {
    if (rows.length <= 1 || !this.deps.coalescer) return lead;
    const { text, mentionIds } = this.deps.coalescer.combine([...rows].sort((a, b) => a.id - b.id));
    return { ...lead, text, mentionIds, attempts: Math.max(...rows.map((r) => r.attempts)) };
  }

  private readyAt(roomId: string): number {
    const { globalIntervalMs, roomIntervalMs } = this.deps.config;
    return Math.max(this.lastGlobalMs + globalIntervalMs, (this.lastRoomMs.get(roomId) ?? Number.NEGATIVE_INFINITY) + roomIntervalMs);
  }

  private async sendOne(item: OutboxItem): Promise<void> {
    const { outbox, chat, clock, config, log } = this.deps;
    if (this.unmarked.has(item.id)) return; // sent already; only the mark is missing
    // Jitter goes after the send, as extra spacing before the next one.
    const jitter = Math.floor(this.random() * (config.jitterMs + 1));
    const paceFrom = () => {
      // Counted from when the platform answered: a slow send does not eat into the gap.
      const endedMs = this.timer.nowMs();
      this.lastGlobalMs = endedMs + jitter;
      this.lastRoomMs.set(item.roomId, endedMs + jitter);
    };
    try {
      await chat.send(item);
      paceFrom();
    } catch (err) {
      paceFrom();
      this.sendFailureCount++;
      const error = err instanceof Error ? err.message : String(err);
      const attempts = item.attempts + 1;
      const retryable = (err as { retryable?: boolean }).retryable !== false;
      if (!retryable || attempts >= config.maxAttempts) {
        await outbox.markFailed(item.id, error);
        this.gaveUpCount++;
        log.error({ outboxId: item.id, roomId: item.roomId, attempts, error }, 'outbox: giving up on a message');
        try {
          this.deps.onGiveUp?.(item, error);
        } catch (hookErr) {
          log.error({ err: hookErr }, 'outbox: the give-up alert failed');
        }
      } else {
        const backoff = Math.min(MAX_BACKOFF_MS, config.retryBaseMs * 2 ** (attempts - 1));
        await outbox.markRetry(item.id, error, new Date(clock.now().getTime() + backoff));
        log.warn({ outboxId: item.id, roomId: item.roomId, attempts, backoff, error }, 'outbox: send failed; will retry');
      }
      return;
    }
    const sentAt = clock.now();
    this.unmarked.set(item.id, sentAt);
    this.sentCount++;
    try {
      await outbox.markSent(item.id, sentAt);
    } catch (err) {
      // The platform has it: it must not be sent again. Remember it and stop until it is recorded.
      log.warn({ outboxId: item.id, roomId: item.roomId, err }, 'outbox: sent, but the database could not record it yet; holding the queue');
      throw err;
    }
    this.unmarked.delete(item.id);
    log.debug({ outboxId: item.id, roomId: item.roomId }, 'outbox: sent');
  }
}
