// Keeps a puppet-service connection alive. wechaty-puppet-service does nothing when its gRPC
// event stream ends (a gateway restart, a network cut): the bot would sit "logged in" and deaf.
// Wechaty's own watchdog resets the puppet once after 60 s of silence and gives up if the gateway
// is still down at that moment. This keeper reconnects when the event stream is lost (reported by
// LinliPuppetService) or, for a connection that dies without a word, after a long silence with no
// answer to dings. It stops the puppet (Wechaty sees a logout) and starts it again with backoff
// until the gateway answers (Wechaty sees the login, and the bot catches up). Silence alone is
// judged slowly on purpose: a bot busy with a flood of messages may hear nothing for a while.
import type { Log } from '../app/ports/clock.js';

/** The part of a wechaty-puppet Puppet the keeper uses. */
export interface KeptPuppet {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  ding(data?: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Emits 'lost' (reason) when the connection to the gateway is known to be gone. */
  readonly connection?: { on(event: 'lost', listener: (reason: string) => void): unknown; off(event: 'lost', listener: (reason: string) => void): unknown };
}

export interface KeeperOptions {
  log: Log;
  /** Ask the gateway for a sign of life after this much silence. Default 60 s. */
  probeAfterMs?: number;
  /** Reconnect after this much silence, dings unanswered. Default 180 s. */
  deadAfterMs?: number;
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
  private readonly maxBackoffMs: number;
  private readonly seen = () => {
    this.lastSeen = this.now();
  };
  // Armed by a login, not a start: until the first login, wechat-login.ts owns the starts and
  // counts their failures; from then on a lost gateway is reconnected here, for as long as it takes.
  private readonly onLogin = () => this.arm();
  private readonly onLost = (reason: string) => {
    if (this.timer) void this.reconnect(reason);
  };
  private readonly onStop = () => {
    // A stop the keeper did not make, once it keeps the connection, is the bot shutting down
    // (before that, stops between two failed starts are wechat-login.ts's).
    if (!this.restarting && this.timer) this.dispose();
  };

  constructor(
    private readonly puppet: KeptPuppet,
    private readonly options: KeeperOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.lastSeen = this.now();
    this.probeAfterMs = options.probeAfterMs ?? 60_000;
    this.deadAfterMs = options.deadAfterMs ?? 180_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
  }

  /** Watches the puppet from its next login on. */
  attach(): this {
    for (const event of SIGNS_OF_LIFE) this.puppet.on(event, this.seen);
    this.puppet.on('login', this.onLogin);
    this.puppet.on('stop', this.onStop);
    this.puppet.connection?.on('lost', this.onLost);
    return this;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const event of SIGNS_OF_LIFE) this.puppet.off(event, this.seen);
    this.puppet.off('login', this.onLogin);
    this.puppet.off('stop', this.onStop);
    this.puppet.connection?.off('lost', this.onLost);
  }

  get reconnecting(): boolean {
    return this.restarting;
  }

  private arm(): void {
    this.lastSeen = this.now();
    if (this.timer || this.disposed) return;
    this.timer = setInterval(() => this.check(), Math.max(250, Math.floor(this.probeAfterMs / 3)));
    this.timer.unref();
  }

  private check(): void {
    if (this.restarting || this.disposed) return;
    const quiet = this.now() - this.lastSeen;
    if (quiet >= this.deadAfterMs) {
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
      this.restarting = false;
    }
  }
}
