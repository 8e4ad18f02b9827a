/** Thrown when code inside `store.transaction(work)` calls the store itself instead of `work`'s `tx`. */
export class NestedStoreCallError extends Error {
  constructor(what: string) {
    super(
      `${what} was called inside store.transaction(); use the repositories passed to the transaction ` +
        `callback, or the work would run outside the transaction (and wait for it forever on SQLite)`,
    );
    this.name = 'NestedStoreCallError';
  }
}
