// The one base of every error Linli raises on purpose. `code` is stable: callers branch on it and
// the texts people read are looked up by it (src/app/error-texts.ts), so no English message ever
// reaches a chat or the console. `retryable` says whether doing the same work again may succeed
// (a lost optimistic-lock race, a database that went away) or not (a refused transition).

export abstract class CodedError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Whether doing the same work again may succeed: only coded errors that say so. */
export function isRetryable(err: unknown): boolean {
  return err instanceof CodedError && err.retryable;
}
