// Sends what the use-cases put in the outbox, one message at a time, paced per room and
// globally with jitter (WeChat restricts accounts that post too fast), retrying with backoff.
// A message is marked sent only after the platform accepted it.
import type { OutboxConfig } from '../config/linli-config.js';
import type { ChatPort, Clock, Log, OutboxItem, OutboxRepository } from '../app/ports.js';

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
  chat: ChatPort;
  clock: Clock;
  config: OutboxConfig;
  log: Log;
  timer?: PacingTimer;
  random?: () => number;
  /** Told when a message is given up on, so someone can be alerted. */
  onGiveUp?: (item: OutboxItem, error: string) => void;
}

const MAX_BACKOFF_MS = 10 * 60_000;
const IDLE_POLL_MS = 1000;
const BATCH = 50;

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
    if (this.busy || this.kicked) return false;
    return (await this.deps.outbox.pendingCount()) === 0;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let sent = 0;
      try {
        this.busy = true;
        sent = await this.sendDueBatch();
      } catch (err) {
        this.deps.log.error({ err }, 'outbox: reading the queue failed; will retry');
      } finally {
        this.busy = false;
      }
      if (sent === 0 && !this.kicked) await this.idle(IDLE_POLL_MS);
    }
  }

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
    while (byRoom.size > 0 && this.running) {
      let best: { roomId: string; readyAt: number } | null = null;
      for (const roomId of byRoom.keys()) {
        const readyAt = this.readyAt(roomId);
        if (!best || readyAt < best.readyAt) best = { roomId, readyAt };
      }
      const wait = best!.readyAt - this.timer.nowMs();
      if (wait > 0) await this.timer.sleep(wait);
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
    const startedMs = this.timer.nowMs();
    // Jitter goes after the send, as extra spacing before the next one.
    const jitter = Math.floor(this.random() * (config.jitterMs + 1));
    this.lastGlobalMs = startedMs + jitter;
    this.lastRoomMs.set(item.roomId, startedMs + jitter);
    try {
      await chat.send(item);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const attempts = item.attempts + 1;
      const retryable = (err as { retryable?: boolean }).retryable !== false;
      if (!retryable || attempts >= config.maxAttempts) {
        await outbox.markFailed(item.id, error);
        log.error({ outboxId: item.id, roomId: item.roomId, attempts, error }, 'outbox: giving up on a message');
        this.deps.onGiveUp?.(item, error);
      } else {
        const backoff = Math.min(MAX_BACKOFF_MS, config.retryBaseMs * 2 ** (attempts - 1));
        await outbox.markRetry(item.id, error, new Date(clock.now().getTime() + backoff));
        log.warn({ outboxId: item.id, roomId: item.roomId, attempts, backoff, error }, 'outbox: send failed; will retry');
      }
      return;
    }
    await outbox.markSent(item.id, clock.now());
    log.debug({ outboxId: item.id, roomId: item.roomId }, 'outbox: sent');
  }
}
