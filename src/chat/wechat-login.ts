// Getting the bot logged in to WeChat, as an operator meets it. Until the first login this module
// owns the puppet's starts: a start that fails (the puppet reports an error or stops before it
// shows a QR code, or shows neither a QR code nor a login within a minute) is one log line, the
// puppet is stopped and started again with backoff (1, 2, 4 … 30 s), and after `maxFailedStarts`
// failures in a row the start gives up (main.ts exits non-zero, so systemd or Docker starts a
// fresh process). Showing a QR code counts as a start that worked: what is left is the scan, which
// may take as long as it takes. The QR code is drawn in the terminal (when there is one) and shown
// on the console's 微信登录 page; its payload (whoever scans it logs their account in as the bot)
// is logged at debug level only. After the first login the puppet-service keeper handles a lost
// gateway (puppet-connection-keeper.ts), and this module keeps the login state for /healthz and the
// console, and turns the puppet's errors into one rate-limited line per kind.
import { ScanStatus } from 'wechaty';
import { CodedError } from '../domain/coded-error.js';
import type { Log } from '../app/ports/clock.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { describeTrouble, troubleHint, type Trouble } from './wechat-trouble.js';
import { afterWechat4uStop, beforeWechat4uStop } from './wechat4u-quirks.js';

export type LoginPhase = 'connecting' | 'retrying' | 'waiting_for_scan' | 'scanned' | 'logged_in' | 'logged_out' | 'stopped';

export interface WechatLoginStatus {
  phase: LoginPhase;
  /** The QR code's payload while one waits for a scan; never logged at info level. */
  qrCode: string | null;
  qrSince: Date | null;
  /** Failed starts in a row (before the first login). */
  failedStarts: number;
  maxFailedStarts: number;
  lastFailure: (Trouble & { at: Date }) | null;
  /** The account's WeChat name once logged in. */
  account: string | null;
}

/** The puppet, as far as starting and stopping it goes. */
export interface LoginPuppet {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly state?: { active(): boolean };
  /** LinliPuppetService: 'lost' when the gateway's event stream ends. */
  readonly connection?: { on(event: 'lost', listener: (reason: string) => void): unknown; off(event: 'lost', listener: (reason: string) => void): unknown };
}

/** The Wechaty bot, as far as logging in goes. */
export interface LoginBot {
  on(event: string, listener: (...args: any[]) => void): unknown;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly puppet: LoginPuppet;
}

export interface WechatLoginDeps {
  bot: LoginBot;
  log: Log;
  /** LINLI_START_TRIES: failed starts in a row before giving up. */
  maxFailedStarts: number;
  /** A start that shows neither a QR code nor a login within this fails. Default 60 s. */
  startTimeoutMs?: number;
  /** First wait after a failed start, doubling up to maxBackoffMs. Defaults 1 s and 30 s. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Draws a QR code for an operator at a terminal (null: no terminal). */
  drawQr?: ((payload: string) => void) | null;
  /** Where the console's 微信登录 page is, for the log line that asks for a scan. */
  consolePage?: () => string | null;
  /** Runs after each start of the puppet (the sandbox logs its simulated account in). */
  afterStart?: () => void;
  now?: () => Date;
}

export class WechatStartGaveUp extends CodedError {
  readonly code = 'wechat_start_gave_up';

  constructor(
    readonly tries: number,
    readonly last: Trouble,
  ) {
    super(`could not connect to WeChat in ${tries} ${tries === 1 ? 'try' : 'tries'} (last: ${last.reason}; ${troubleHint(last.kind)})`, false);
  }
}

/** How long a clean stop waits for Wechaty's own. */
const STOP_WAIT_MS = 3000;

type Outcome = { ok: true } | { ok: false; trouble: Trouble };

export class WechatLogin {
  private phase: LoginPhase = 'connecting';
  private qrCode: string | null = null;
  private qrSince: Date | null = null;
  private failedStarts = 0;
  private lastFailure: (Trouble & { at: Date }) | null = null;
  private account: string | null = null;
  private everLoggedIn = false;
  private pendingStart: Promise<void> | null = null;
  /** The attempt in progress hears of errors, a lost connection and the QR code through this. */
  private current: { fail(trouble: Trouble, evenAfterQr?: boolean): boolean; qrShown(): void; loggedIn(): void } | null = null;
  private botStarted = false;
  private readonly troubles: RateLimitedLog;
  private readonly now: () => Date;

  constructor(private readonly deps: WechatLoginDeps) {
    this.troubles = new RateLimitedLog({ log: deps.log });
    this.now = deps.now ?? (() => new Date());
  }

  /** Subscribes to the bot's events. Call before `start()`; Wechaty needs an 'error' listener anyway. */
  attach(): this {
    const { bot } = this.deps;
    bot.on('scan', (qrcode: string, status: ScanStatus) => this.onScan(qrcode, status));
    bot.on('login', (user: { name(): string }) => this.onLogin(user));
    bot.on('logout', () => this.onLogout());
    bot.on('error', (err: unknown) => this.onError(err));
    // Wechaty makes its puppet at the first start.
    bot.on('puppet', (puppet: LoginPuppet) => puppet.connection?.on('lost', (reason) => this.onLost(reason)));
    return this;
  }

  status(): WechatLoginStatus {
    return {
      phase: this.phase,
      qrCode: this.qrCode,
      qrSince: this.qrSince,
      failedStarts: this.failedStarts,
      maxFailedStarts: this.deps.maxFailedStarts,
      lastFailure: this.lastFailure,
      account: this.account,
    };
  }

  /**
   * Starts the bot and resolves at its first login. Rejects with the signal's reason when it is
   * aborted (the caller then stops the bot), or with WechatStartGaveUp.
   */
  async start(signal: AbortSignal): Promise<void> {
    const { log, maxFailedStarts } = this.deps;
    for (let attempt = 1; ; attempt++) {
      signal.throwIfAborted();
      this.phase = 'connecting';
      const outcome = await this.attempt(signal);
      if (outcome.ok) return;
      const { trouble } = outcome;
      this.failedStarts++;
      this.lastFailure = { ...trouble, at: this.now() };
      const givingUp = this.failedStarts >= maxFailedStarts;
      const delayMs = Math.min((this.deps.baseBackoffMs ?? 1000) * 2 ** (this.failedStarts - 1), this.deps.maxBackoffMs ?? 30_000);
      // The one line of this failure: its kind, its cause and what to check, never a stack.
      log.error(
        { kind: trouble.kind, reason: trouble.reason, failedStarts: this.failedStarts, maxFailedStarts, ...(givingUp ? {} : { retryInSeconds: delayMs / 1000 }) },
        `could not connect to WeChat (${this.failedStarts} of ${maxFailedStarts}): ${trouble.reason}; ${troubleHint(trouble.kind)}`,
      );
      this.phase = 'retrying';
      await this.stopPuppet(signal);
      if (givingUp) throw new WechatStartGaveUp(this.failedStarts, trouble);
      await sleep(delayMs, signal);
    }
  }

  /** Stops the puppet between two starts. */
  private async stopPuppet(signal: AbortSignal): Promise<void> {
    const puppet = this.puppet();
    if (!puppet) return;
    // A start still in progress finishes (or fails) first — within reason, and not past a stop
    // request (the bot's stop then deals with it); its failure is already counted.
    if (this.pendingStart) await Promise.race([this.pendingStart.catch(() => undefined), delay(10_000, signal)]);
    if (signal.aborted) return;
    beforeWechat4uStop(puppet);
    await puppet.stop().catch((err) => this.deps.log.debug({ err: describeTrouble(err).reason }, 'stopping the puppet failed'));
    afterWechat4uStop(puppet);
  }

  /** A clean stop of the bot: what the rate limit still holds is logged, then Wechaty stops. */
  async stopBot(): Promise<void> {
    this.phase = 'stopped';
    this.current = null;
    this.troubles.flush();
    beforeWechat4uStop(this.puppet());
    // Wechaty's stop waits up to 5 s for a start in progress (a gateway that does not answer);
    // by now everything of Linli's is saved, so it gets STOP_WAIT_MS and the process moves on.
    const stopped = this.deps.bot.stop().then(
      () => true,
      (err) => void this.deps.log.warn({ reason: describeTrouble(err).reason }, 'stopping wechaty failed'),
    );
    if ((await Promise.race([stopped, delay(STOP_WAIT_MS).then(() => 'late' as const)])) === 'late') {
      this.deps.log.warn({ waitedSeconds: STOP_WAIT_MS / 1000 }, 'wechaty is still stopping (a start in progress): not waiting for it');
    }
    afterWechat4uStop(this.puppet());
  }

  /** What /healthz says before the bot is ready (public: no reasons, no QR code). */
  publicStatus(): { status: string } & Record<string, unknown> {
    switch (this.phase) {
      case 'waiting_for_scan':
        return { status: 'waiting_for_scan', since: this.qrSince?.toISOString() };
      case 'retrying':
        return { status: 'retrying', failedStarts: this.failedStarts, maxFailedStarts: this.deps.maxFailedStarts, lastFailure: this.lastFailure?.kind };
      case 'connecting':
      case 'scanned':
        return { status: this.phase };
      default:
        // Logged in and taking up what the last run left (or stopping).
        return { status: 'starting' };
    }
  }

  private attempt(signal: AbortSignal): Promise<Outcome> {
    const { bot, startTimeoutMs = 60_000 } = this.deps;
    return new Promise<Outcome>((resolve, reject) => {
      let shown = false;
      const finish = (outcome: Outcome | Error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.current = null;
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted')));
      const timer = setTimeout(() => {
        if (!shown) finish({ ok: false, trouble: { kind: 'timeout', reason: `neither a QR code nor a login within ${Math.round(startTimeoutMs / 1000)} s` } });
      }, startTimeoutMs);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
      this.current = {
        // Before a QR code shows, an error means this start failed; after, the scan may still come.
        fail: (trouble, evenAfterQr = false) => {
          if (shown && !evenAfterQr) return false;
          finish({ ok: false, trouble });
          return true;
        },
        qrShown: () => {
          shown = true;
          clearTimeout(timer);
        },
        loggedIn: () => finish({ ok: true }),
      };
      // Wechaty itself starts once; after that only its puppet is started again.
      const start = this.botStarted ? bot.puppet.start() : bot.start().then(() => void (this.botStarted = true));
      this.pendingStart = start;
      start.then(
        () => {
          this.deps.afterStart?.();
          // puppet-service swallows a failed connection: the start resolves with the puppet off.
          const state = this.puppet()?.state;
          if (this.current && state && !state.active()) this.current.fail({ kind: 'stopped', reason: 'the puppet stopped right after starting' });
        },
        (err: unknown) => this.current?.fail(describeTrouble(err)),
      );
    });
  }

  /** Wechaty's puppet, once it has one (its getter throws before the first start). */
  private puppet(): LoginPuppet | null {
    try {
      return this.deps.bot.puppet;
    } catch {
      return null;
    }
  }

  private onScan(qrcode: string, status: ScanStatus): void {
    const { log } = this.deps;
    if (this.phase === 'stopped') return;
    if ((status === ScanStatus.Waiting || status === ScanStatus.Timeout) && qrcode) {
      if (qrcode === this.qrCode) return; // the same code again (a gateway repeats it to a new stream)
      this.qrCode = qrcode;
      this.qrSince = this.now();
      this.phase = 'waiting_for_scan';
      this.failedStarts = 0;
      this.current?.qrShown();
      const page = this.deps.consolePage?.();
      log.info(
        { page },
        `请用机器人微信号扫码登录：二维码${this.deps.drawQr ? '在终端里，也' : ''}在控制台「微信登录」页（管理员或领导登录后可见）${page ? `：${page}` : ''}`,
      );
      log.debug({ qrcode }, 'the QR code to scan');
      this.deps.drawQr?.(qrcode);
    } else if (status === ScanStatus.Scanned || status === ScanStatus.Confirmed) {
      if (this.phase !== 'scanned') log.info('the QR code was scanned: confirm the login on the phone');
      this.phase = 'scanned';
    } else if (status === ScanStatus.Cancel || status === ScanStatus.Timeout) {
      log.info({ status: ScanStatus[status] }, 'the QR code expired or the login was cancelled: waiting for a new one');
      this.qrCode = null;
      this.qrSince = null;
      this.phase = this.everLoggedIn ? 'logged_out' : 'connecting';
    }
  }

  private onLogin(user: { name(): string }): void {
    this.everLoggedIn = true;
    this.phase = 'logged_in';
    this.qrCode = null;
    this.qrSince = null;
    this.failedStarts = 0;
    this.account = user.name();
    this.current?.loggedIn();
  }

  private onLogout(): void {
    if (this.phase === 'stopped' || this.phase === 'retrying') return;
    if (this.everLoggedIn) this.phase = 'logged_out';
  }

  private onError(err: unknown): void {
    const trouble = describeTrouble(err);
    if (this.current?.fail(trouble)) return;
    if (this.phase === 'stopped' || this.phase === 'retrying') {
      // Between two starts (or while stopping) the puppet's last words are already counted.
      this.deps.log.debug({ kind: trouble.kind, reason: trouble.reason }, 'wechat error while stopped');
      return;
    }
    this.troubles.report(trouble.kind, `WeChat trouble: ${trouble.reason}`, { reason: trouble.reason });
  }

  private onLost(reason: string): void {
    // Before the first login a lost gateway is a failed start (even while a QR code waits for its
    // scan: the code died with the connection); after it, the keeper reconnects.
    this.current?.fail({ kind: 'connection_lost', reason }, true);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted')));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
