// Retries work that failed for a transient database reason (deadlock, dropped connection, busy).
import { isTransientDbError } from './db-errors.js';

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** Delay before the first retry; doubles each time, with jitter. */
  baseDelayMs?: number;
  /** Which failures are worth another try. Default: transient database errors. */
  retryOn?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, 'onRetry' | 'retryOn'>> = { attempts: 4, baseDelayMs: 50 };

/**
 * Runs `fn`, and runs it again after a short backoff if it failed in a way worth another try. `fn`
 * must be safe to repeat: a whole transaction is (it rolled back), a single statement outside one is.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_RETRY.attempts;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const retryOn = options.retryOn ?? isTransientDbError;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !retryOn(err)) throw err;
      // Jitter keeps two deadlocked transactions from retrying in lockstep.
      const delayMs = Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      options.onRetry?.(err, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

export interface PatienceOptions {
  /** Which failures are worth waiting out; anything else is thrown at once. */
  isRetryable: (err: unknown) => boolean;
  /** First wait; doubles each time up to `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told before each wait (to log it). */
  onWait?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Gives up (throwing the last error) once aborted. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `fn` until it succeeds, waiting longer and longer between tries while it fails in a way
 * worth waiting out (the database is not up yet). For start-up, where there is nothing better
 * to do than wait: a process that exits instead is restarted by its supervisor into the same
 * failure, a crash loop.
 */
export async function retryPatiently<T>(fn: () => Promise<T>, options: PatienceOptions): Promise<T> {
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => wakeableSleep(ms, options.signal));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!options.isRetryable(err) || options.signal?.aborted) throw err;
      const delayMs = Math.round(Math.min(max, base * 2 ** (attempt - 1)) * (0.75 + Math.random() / 4));
      options.onWait?.(err, attempt, delayMs);
      await sleep(delayMs);
      // A stop asked for during the wait ends it at once (SIGTERM while the database is down).
      if (options.signal?.aborted) throw err;
    }
  }
}

/** Sleeps `ms`, or less if `signal` aborts meanwhile. */
function wakeableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
