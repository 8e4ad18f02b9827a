// A store that notes every repository call: which one, and in which transaction (null: outside one).
// For tests that pin down how a use-case talks to the database.
import type { Repositories, Store } from '../../src/app/ports/store.js';

export interface StoreCall {
  call: string;
  /** Which transaction it ran in (1, 2, … in the order they began), or null outside one. */
  tx: number | null;
}

export function recordingStore(store: Store): { store: Store; calls: StoreCall[] } {
  const calls: StoreCall[] = [];
  let transactions = 0;
  // The repositories: the store's members that are objects of functions.
  const isRepository = (value: unknown) =>
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'function');
  const wrap = (repos: Repositories, tx: number | null): Repositories =>
    Object.fromEntries(
      Object.entries(repos)
        .filter(([, repo]) => isRepository(repo))
        .map(([name, repo]) => [
        name,
        Object.fromEntries(
          Object.entries(repo as Record<string, unknown>).map(([method, fn]) => [
            method,
            typeof fn === 'function'
              ? (...args: unknown[]) => {
                  calls.push({ call: `${name}.${method}`, tx });
                  return (fn as (...a: unknown[]) => unknown).apply(repo, args);
                }
              : fn,
          ]),
        ),
      ]),
    ) as unknown as Repositories;
  const outside = wrap(store, null);
  return {
    calls,
    store: {
      ...outside,
      transaction: (work) => {
        const n = ++transactions;
        return store.transaction((tx) => work(wrap(tx, n)));
      },
      close: () => store.close(),
    },
  };
}
