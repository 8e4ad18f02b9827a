// Who said what a moment ago, per group and sender: kept in memory because a burst lasts a
// minute; after a restart the next message simply starts a new one.
import type { SenderBurst } from './conversation.js';

export class BurstMemory {
  private readonly entries = new Map<string, SenderBurst>();

  constructor(private readonly maxAgeMs: number) {}

  get(key: string): SenderBurst | null {
    return this.entries.get(key) ?? null;
  }

  set(key: string, burst: SenderBurst | null, now: Date): void {
    if (burst) this.entries.set(key, burst);
    else this.entries.delete(key);
    if (this.entries.size > 1000) this.prune(now);
  }

  private prune(now: Date): void {
    for (const [key, b] of this.entries) if (now.getTime() - b.lastAt.getTime() > this.maxAgeMs) this.entries.delete(key);
  }
}
