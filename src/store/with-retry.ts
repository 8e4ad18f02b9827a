// Retries work that failed for a transient database reason (deadlock, dropped connection, busy).
import { isTransientDbError } from './db-errors.js';

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** Delay before the first retry; doubles each time, with jitter. */
  baseDelayMs?: number;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, 'onRetry'>> = { attempts: 4, baseDelayMs: 50 };

/**
 * Runs `fn`, and runs it again after a short backoff if it failed transiently. `fn` must be safe to
 * repeat: a whole transaction is (it rolled back), a single statement outside one is.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_RETRY.attempts;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isTransientDbError(err)) throw err;
      // Jitter keeps two deadlocked transactions from retrying in lockstep.
      const delayMs = Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      options.onRetry?.(err, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
