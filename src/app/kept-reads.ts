// Reads that every message of a busy community would repeat, kept for a moment per store (one per
// running app, so tests with stores of their own never share an entry). Whoever changes what was
// read in this process says so (forget / update); changes made elsewhere show after `ttlMs`.
import type { Store } from './ports/store.js';

interface Entry<T> {
  value: Promise<T>;
  readAt: number;
}

export class KeptReads<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && performance.now() - hit.readAt < this.ttlMs) return hit.value;
    const entry = { value: read(), readAt: performance.now() };
    this.entries.set(key, entry);
    // A failed read is not kept.
    entry.value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return entry.value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Changes what is kept for `key` (if anything is). */
  update(key: string, change: (value: T) => T): void {
    const hit = this.entries.get(key);
    if (hit) hit.value = hit.value.then(change);
  }
}

/** One KeptReads per store. */
export function keptPerStore<T>(ttlMs: number): (store: Store) => KeptReads<T> {
  const kept = new WeakMap<Store, KeptReads<T>>();
  return (store) => {
    let reads = kept.get(store);
    if (!reads) kept.set(store, (reads = new KeptReads<T>(ttlMs)));
    return reads;
  };
}
