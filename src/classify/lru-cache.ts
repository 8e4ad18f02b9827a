// A small least-recently-used cache with an optional time-to-live read from the injected clock.
import type { Clock } from '../app/ports/clock.js';

export class LruCache<V> {
  private readonly map = new Map<string, { value: V; at: number }>();

  constructor(private readonly options: { maxEntries: number; ttlMs?: number; clock: Clock }) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    const { ttlMs, clock } = this.options;
    if (ttlMs !== undefined && clock.now().getTime() - hit.at > ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, at: this.options.clock.now().getTime() });
    while (this.map.size > Math.max(1, this.options.maxEntries)) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }
}
