import { CodedError } from '../domain/coded-error.js';

/** Thrown when code inside `store.transaction(work)` calls the store itself instead of `work`'s `tx`: a bug. */
export class NestedStoreCallError extends CodedError {
  readonly code = 'nested_store_call';
  constructor(what: string) {
    super(
      `${what} was called inside store.transaction(); use the repositories passed to the transaction ` +
        `callback, or the work would run outside the transaction (and wait for it forever on SQLite)`,
      false,
    );
  }
}
