// Sends what the use-cases put in the outbox, one message at a time, paced per room and
// globally with jitter (WeChat restricts accounts that post too fast), retrying with backoff.
// A message is marked sent only after the platform accepted it; if the database cannot take that
// mark, the sender remembers it and sends nothing else until it can, so the message is never sent
// twice. Only a crash between "accepted" and "marked" can repeat one message (at most one per
// crash: one message is in flight at a time).
import type { OutboxConfig } from '../config/linli-config.js';
import type { ChatPort } from '../app/ports/chat.js';
import type { Clock, Log } from '../app/ports/clock.js';
import type { OutboxItem, OutboxRepository } from '../app/ports/outbox.js';

/** Real time for pacing: pacing is about the platform's rate limits, not the (sandbox) clock. */
export interface PacingTimer {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}
export const realTimer: PacingTimer = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface OutboxSenderDeps {
  outbox: OutboxRepository;
  chat: Pick<ChatPort, 'send'>;
  clock: Clock;
  config: OutboxConfig;
  log: Log;
  timer?: PacingTimer;
  random?: () => number;
  /** Told when a message is given up on, so someone can be alerted. */
  onGiveUp?: (item: OutboxItem, error: string) => void;
  /** False while the chat platform is logged out: nothing is attempted (and no attempts are burnt). */
  online?: () => boolean;
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
const BATCH = 200;
/** An item taken for sending is left alone by other processes for this long. */
const CLAIM_MS = 60_000;

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
    this.wake?.();
  }

  /** True when nothing is being sent right now and nothing due is waiting. */
  async isDrained(): Promise<boolean> {
    if (this.busy || this.kicked || this.unmarked.size > 0) return false;
    return (await this.deps.outbox.pendingCount()) === 0;
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
    return this.deps.online?.() ?? true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let sent = 0;
      let failed = false;
      try {
        this.busy = true;
        await this.recordUnmarked();
        if (this.online()) sent = await this.sendDueBatch();
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

  /** Sends every due message once (each room in order); returns how many it tried. */
  private async sendDueBatch(): Promise<number> {
    const due = await this.deps.outbox.nextDue(this.deps.clock.now(), BATCH);
    // Per room, oldest first; across rooms, whichever room may speak soonest goes next.
    const byRoom = new Map<string, OutboxItem[]>();
    for (const item of due) byRoom.set(item.roomId, [...(byRoom.get(item.roomId) ?? []), item]);
    let tried = 0;
    while (byRoom.size > 0 && this.running && this.online()) {
      let best: { roomId: string; readyAt: number } | null = null;
      for (const roomId of byRoom.keys()) {
        const readyAt = this.readyAt(roomId);
        if (!best || readyAt < best.readyAt) best = { roomId, readyAt };
      }
      // A timer may fire a little early: wait until the pace really allows the next message.
      for (let wait = best!.readyAt - this.timer.nowMs(); wait > 0; wait = best!.readyAt - this.timer.nowMs()) {
        await this.timer.sleep(wait);
      }
      if (!this.running || !this.online()) break;
      const queue = byRoom.get(best!.roomId)!;
      const item = queue.shift()!;
      if (queue.length === 0) byRoom.delete(best!.roomId);
      await this.sendOne(item);
      tried++;
    }
    return tried;
  }

  private readyAt(roomId: string): number {
    const { globalIntervalMs, roomIntervalMs } = this.deps.config;
    return Math.max(this.lastGlobalMs + globalIntervalMs, (this.lastRoomMs.get(roomId) ?? Number.NEGATIVE_INFINITY) + roomIntervalMs);
  }

  private async sendOne(item: OutboxItem): Promise<void> {
    const { outbox, chat, clock, config, log } = this.deps;
    if (this.unmarked.has(item.id)) return; // sent already; only the mark is missing
    // Another bot process on the same database may have taken it since the batch was read.
    if (outbox.claim) {
      const now = clock.now();
      if (!(await outbox.claim(item.id, now, new Date(now.getTime() + CLAIM_MS)))) return;
    }
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
