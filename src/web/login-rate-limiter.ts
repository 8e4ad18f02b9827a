// Failed sign-in attempts (login codes, the bearer token) counted per client address in a sliding
// window: an address that failed too often waits, whatever it sends next. Six-digit codes are
// guessable only by volume, so volume per address is what this stops. There is deliberately no
// global cap that refuses everyone: a flood of wrong codes from many addresses must not lock out a
// staff member holding a valid one. It is raised as an alarm in the log instead; each account's
// number of live codes is limited where codes are issued (src/app/console-login.ts).

export interface RateLimitOptions {
  windowMs: number;
  /** Failures one address may make per window. */
  perClient: number;
  /** Failures from all addresses together per window that raise the alarm (nobody is refused for it). */
  alarmOverall: number;
}

export const LOGIN_RATE_LIMIT: RateLimitOptions = { windowMs: 15 * 60_000, perClient: 10, alarmOverall: 100 };

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private all: number[] = [];
  private alarmedAt = -Infinity;

  constructor(
    private readonly options: RateLimitOptions = LOGIN_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string): number {
    const t = this.now();
    const since = t - this.options.windowMs;
    const mine = (this.failures.get(client) ?? []).filter((at) => at > since);
    if (mine.length) this.failures.set(client, mine);
    else this.failures.delete(client);
    if (mine.length < this.options.perClient) return 0;
    return Math.max(1, mine[mine.length - this.options.perClient]! + this.options.windowMs - t);
  }

  /**
   * Counts a failure. Returns true once per window when failures from all addresses together
   * reach the alarm level (a distributed guesser): the caller logs it.
   */
  fail(client: string): boolean {
    const t = this.now();
    this.failures.set(client, [...(this.failures.get(client) ?? []), t]);
    this.all = [...this.all.filter((at) => at > t - this.options.windowMs), t];
    if (this.all.length < this.options.alarmOverall || t - this.alarmedAt < this.options.windowMs) return false;
    this.alarmedAt = t;
    return true;
  }
}
