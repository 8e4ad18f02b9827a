// Keeps track of whether the bot is logged in to WeChat. A logout or disconnect is logged and
// remembered (on disk too, so a restarted process knows); when the bot is back, messages the
// puppet delivers late are caught up, and the leaders group is told once, after the catch-up.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock, Log } from '../app/ports/clock.js';

export interface PuppetWatchDeps {
  clock: Clock;
  log: Log;
  /** Where the start of an offline spell is kept across restarts; null keeps it in memory only. */
  stateFile: string | null;
  /** Tells the leaders group (once per offline spell: use `since` as the idempotency key). */
  announce(since: Date, backAt: Date): Promise<void>;
  /** `intake.staleMinutes` in ms: how far before the outage late messages are still taken. */
  staleMs: number;
  /** How long after the login late messages are caught up. Default 10 minutes. */
  catchUpWindowMs?: number;
  /** Spells shorter than this are logged but not announced. Default 0: every spell is announced. */
  announceAfterMs?: number;
}

interface OfflineState {
  since: string;
  reason: string;
}

export interface PuppetStatus {
  loggedIn: boolean;
  offlineSince: Date | null;
  lastReason: string | null;
}

export class PuppetWatch {
  private loggedIn = false;
  private offlineSince: Date | null;
  private lastReason: string | null = null;
  private stopping = false;
  private catchUp: { from: Date; until: number } | null = null;
  private announcing: Promise<void> | null = null;

  constructor(private readonly deps: PuppetWatchDeps) {
    this.offlineSince = this.readState();
    if (this.offlineSince) deps.log.warn({ offlineSince: this.offlineSince.toISOString() }, 'the previous run ended while logged out of WeChat');
  }

  get online(): boolean {
    return this.loggedIn;
  }

  /** An announcement is being prepared (sandbox settle waits for it). */
  get busy(): boolean {
    return this.announcing !== null;
  }

  status(): PuppetStatus {
    return { loggedIn: this.loggedIn, offlineSince: this.loggedIn ? null : this.offlineSince, lastReason: this.lastReason };
  }

  /** Messages written at or after this instant are caught up even when older than usual. */
  catchUpFrom(): Date | null {
    // While offline too: the puppet may deliver its backlog before the login event is through.
    if (this.offlineSince) return new Date(this.offlineSince.getTime() - this.deps.staleMs);
    if (!this.catchUp) return null;
    if (Date.now() > this.catchUp.until) {
      this.catchUp = null;
      return null;
    }
    return this.catchUp.from;
  }

  onLogout(reason: string): void {
    if (this.stopping) return;
    const wasIn = this.loggedIn;
    this.loggedIn = false;
    this.lastReason = reason;
    if (!this.offlineSince) {
      this.offlineSince = this.deps.clock.now();
      this.writeState({ since: this.offlineSince.toISOString(), reason });
    }
    if (wasIn) this.deps.log.error({ reason }, 'logged out of WeChat: nothing can be sent until the bot logs in again (scan the QR code in the log)');
  }

  /** Logged in; `caughtUp` resolves once the messages delivered after the login were handled (bounded wait). */
  onLogin(caughtUp: () => Promise<void>): void {
    this.loggedIn = true;
    const since = this.offlineSince;
    if (!since) return;
    this.offlineSince = null;
    const backAt = this.deps.clock.now();
    const offlineMs = backAt.getTime() - since.getTime();
    this.deps.log.warn({ offlineSeconds: Math.round(offlineMs / 1000) }, 'logged in to WeChat again: catching up');
    this.catchUp = { from: new Date(since.getTime() - this.deps.staleMs), until: Date.now() + (this.deps.catchUpWindowMs ?? 10 * 60_000) };
    if (offlineMs < (this.deps.announceAfterMs ?? 0)) {
      this.clearState();
      return;
    }
    const run = this.announceAfterCatchUp(since, backAt, caughtUp).finally(() => {
      if (this.announcing === run) this.announcing = null;
    });
    this.announcing = run;
  }

  /** A clean stop logs out too: that is not an outage. */
  shutdown(): void {
    this.stopping = true;
  }

  /** Waits for a pending announcement (tests, clean stop). */
  async idle(): Promise<void> {
    while (this.announcing) await this.announcing;
  }

  private async announceAfterCatchUp(since: Date, backAt: Date, caughtUp: () => Promise<void>): Promise<void> {
    try {
      await caughtUp();
    } catch (err) {
      this.deps.log.warn({ err }, 'waiting for the catch-up failed; announcing anyway');
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.announce(since, backAt);
        // Cleared only once the notice is safely queued: a crash before that announces after restart.
        if (!this.offlineSince) this.clearState();
        return;
      } catch (err) {
        if (attempt >= 20 || this.stopping) {
          this.deps.log.error({ err }, 'could not tell the leaders group that the bot was offline');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)).unref());
      }
    }
  }

  private readState(): Date | null {
    const file = this.deps.stateFile;
    if (!file || !existsSync(file)) return null;
    try {
      const state = JSON.parse(readFileSync(file, 'utf8')) as OfflineState;
      const since = new Date(state.since);
      this.lastReason = state.reason ?? null;
      return Number.isNaN(since.getTime()) ? null : since;
    } catch {
      return null;
    }
  }

  private writeState(state: OfflineState): void {
    const file = this.deps.stateFile;
    if (!file) return;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(state));
    } catch (err) {
      this.deps.log.warn({ err, file }, 'could not remember the logout on disk');
    }
  }

  private clearState(): void {
    if (this.deps.stateFile) rmSync(this.deps.stateFile, { force: true });
  }
}
