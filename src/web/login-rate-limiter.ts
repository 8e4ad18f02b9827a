// Failed sign-in attempts, counted per client address and overall in a sliding window. Six-digit
// codes are guessable only by volume, so volume is what this stops.

export interface RateLimitOptions {
  windowMs: number;
  /** Failures one address may make per window. */
  perClient: number;
  /** Failures all addresses together may make per window (a distributed guesser). */
  overall: number;
}

export const LOGIN_RATE_LIMIT: RateLimitOptions = { windowMs: 15 * 60_000, perClient: 10, overall: 100 };

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private all: number[] = [];

  constructor(
    private readonly options: RateLimitOptions = LOGIN_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string): number {
    const t = this.now();
    const since = t - this.options.windowMs;
    const mine = (this.failures.get(client) ?? []).filter((at) => at > since);
    this.all = this.all.filter((at) => at > since);
    if (mine.length) this.failures.set(client, mine);
    else this.failures.delete(client);
    const waits: number[] = [];
    if (mine.length >= this.options.perClient) waits.push(mine[mine.length - this.options.perClient]! + this.options.windowMs - t);
    if (this.all.length >= this.options.overall) waits.push(this.all[this.all.length - this.options.overall]! + this.options.windowMs - t);
    return waits.length ? Math.max(1, ...waits) : 0;
  }

  fail(client: string): void {
    const t = this.now();
    this.failures.set(client, [...(this.failures.get(client) ?? []), t]);
    this.all.push(t);
  }
}
