// Keeps a puppet-service connection alive. wechaty-puppet-service does nothing when its gRPC
// event stream ends (a gateway restart, a network cut): the bot would sit "logged in" and deaf.
// Wechaty's own watchdog resets the puppet once after 60 s of silence and gives up if the gateway
// is still down at that moment. This keeper notices a dead connection — an error from the
// puppet, or a long silence, followed by no answer to a ding — stops the puppet (Wechaty then
// sees a logout) and starts it again with backoff until the gateway answers (Wechaty sees the
// login, and the bot catches up).
import type { Log } from '../app/ports.js';

/** The part of a wechaty-puppet Puppet the keeper uses. */
export interface KeptPuppet {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  ding(data?: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface KeeperOptions {
  log: Log;
  /** Ask the gateway for a sign of life after this much silence. Default 15 s. */
  probeAfterMs?: number;
  /** Reconnect after this much silence (a ding answers within a second or two). Default 30 s. */
  deadAfterMs?: number;
  /** After an error from the puppet, reconnect unless it shows a sign of life this soon. Default 5 s. */
  errorGraceMs?: number;
  /** Longest wait between two reconnection attempts. Default 30 s. */
  maxBackoffMs?: number;
  now?: () => number;
}

/** Events that prove the connection carries something. */
const SIGNS_OF_LIFE = ['heartbeat', 'dong', 'login', 'message', 'ready'] as const;

export class PuppetConnectionKeeper {
  private lastSeen: number;
  private timer: NodeJS.Timeout | null = null;
  private restarting = false;
  private disposed = false;
  private readonly now: () => number;
  private readonly probeAfterMs: number;
  private readonly deadAfterMs: number;
  private readonly errorGraceMs: number;
  private readonly maxBackoffMs: number;
  /** When the puppet last reported an error that a dead stream would also cause. */
  private suspectSince: number | null = null;
  private readonly seen = () => {
    this.lastSeen = this.now();
  };
  private readonly onStart = () => this.arm();
  private readonly onError = () => {
    if (this.restarting || this.disposed || !this.timer) return;
    this.suspectSince ??= this.now();
    this.probe();
  };
  private readonly onStop = () => {
    // A stop the keeper did not make is the bot shutting down.
    if (!this.restarting) this.dispose();
  };

  constructor(
    private readonly puppet: KeptPuppet,
    private readonly options: KeeperOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.lastSeen = this.now();
    this.probeAfterMs = options.probeAfterMs ?? 15_000;
    this.deadAfterMs = options.deadAfterMs ?? 30_000;
    this.errorGraceMs = options.errorGraceMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
  }

  /** Watches the puppet from its next start on. */
  attach(): this {
    for (const event of SIGNS_OF_LIFE) this.puppet.on(event, this.seen);
    this.puppet.on('start', this.onStart);
    this.puppet.on('stop', this.onStop);
    this.puppet.on('error', this.onError);
    return this;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const event of SIGNS_OF_LIFE) this.puppet.off(event, this.seen);
    this.puppet.off('start', this.onStart);
    this.puppet.off('stop', this.onStop);
    this.puppet.off('error', this.onError);
  }

  get reconnecting(): boolean {
    return this.restarting;
  }

  private arm(): void {
    this.lastSeen = this.now();
    if (this.timer || this.disposed) return;
    this.timer = setInterval(() => this.check(), Math.max(250, Math.floor(Math.min(this.probeAfterMs, this.errorGraceMs) / 3)));
    this.timer.unref();
  }

  private check(): void {
    if (this.restarting || this.disposed) return;
    const now = this.now();
    if (this.suspectSince !== null && this.lastSeen > this.suspectSince) this.suspectSince = null;
    const quiet = now - this.lastSeen;
    if (this.suspectSince !== null && now - this.suspectSince >= this.errorGraceMs) {
      void this.reconnect(`an error, then no sign of life for ${Math.round((now - this.suspectSince) / 1000)} s`);
    } else if (quiet >= this.deadAfterMs) {
      void this.reconnect(`no sign of life for ${Math.round(quiet / 1000)} s`);
    } else if (quiet >= this.probeAfterMs) {
      this.probe();
    }
  }

  private probe(): void {
    try {
      this.puppet.ding('linli keepalive');
    } catch {
      // The client is gone: a later check reconnects.
    }
  }

  /** Stops the puppet and starts it again until the gateway answers. */
  async reconnect(reason: string): Promise<void> {
    if (this.restarting || this.disposed) return;
    this.restarting = true;
    const { log } = this.options;
    log.warn({ reason }, 'lost the connection to the WeChat gateway (puppet service): reconnecting');
    try {
      await this.puppet.stop().catch(() => undefined);
      for (let attempt = 1; !this.disposed; attempt++) {
        try {
          await this.puppet.start();
          log.info({ attempts: attempt }, 'reconnected to the WeChat gateway');
          return;
        } catch (err) {
          const delayMs = Math.min(1000 * 2 ** (attempt - 1), this.maxBackoffMs);
          log.warn({ attempt, retryInSeconds: Math.round(delayMs / 1000), err: (err as Error).message }, 'the WeChat gateway does not answer yet');
          await this.puppet.stop().catch(() => undefined);
          await new Promise((r) => setTimeout(r, delayMs).unref());
        }
      }
    } finally {
      this.lastSeen = this.now();
      this.suspectSince = null;
      this.restarting = false;
    }
  }
}
