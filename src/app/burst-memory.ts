// Who said what a moment ago, per group and sender: kept in memory because a burst lasts a
// minute; after a restart the next message simply starts a new one. Also how many messages each
// sender wrote in the last minute (flood control, src/app/flood-control.ts).
import type { SenderBurst } from './conversation.js';

const RATE_WINDOW_MS = 60_000;
/** A group's duty staff: a dozen names is more than any group has. */
const MAX_OFFICIAL_NICKNAMES = 12;

export class BurstMemory {
  private readonly entries = new Map<string, SenderBurst>();
  private readonly recent = new Map<string, number[]>();
  /** When an official last spoke in each group: a reporter's next line answers them. */
  private readonly officials = new Map<string, Date>();
  /** The group nicknames those officials spoke under (newest last): residents call them by these. */
  private readonly officialNicknames = new Map<string, string[]>();
  /** Pruned when either map grows past this; then twice what is left, so pruning stays rare. */
  private pruneAt = 1000;

  constructor(private readonly maxAgeMs: number) {}

  get(key: string): SenderBurst | null {
    return this.entries.get(key) ?? null;
  }

  set(key: string, burst: SenderBurst | null, now: Date): void {
    if (burst) this.entries.set(key, burst);
    else this.entries.delete(key);
    if (this.entries.size > this.pruneAt) this.prune(now);
  }

  officialSpoke(roomId: string, at: Date, nickname?: string): void {
    this.officials.set(roomId, at);
    if (!nickname) return;
    const names = (this.officialNicknames.get(roomId) ?? []).filter((n) => n !== nickname);
    names.push(nickname);
    this.officialNicknames.set(roomId, names.slice(-MAX_OFFICIAL_NICKNAMES));
  }

  officialSpokeAt(roomId: string): Date | null {
    return this.officials.get(roomId) ?? null;
  }

  officialNames(roomId: string): readonly string[] {
    return this.officialNicknames.get(roomId) ?? [];
  }

  /** Counts a message of `key` written at `at`; returns how many it wrote in the minute up to then. */
  count(key: string, at: Date): number {
    const since = at.getTime() - RATE_WINDOW_MS;
    const times = (this.recent.get(key) ?? []).filter((t) => t > since);
    times.push(at.getTime());
    this.recent.set(key, times);
    if (this.recent.size > this.pruneAt) this.prune(at);
    return times.length;
  }

  private prune(now: Date): void {
    for (const [key, b] of this.entries) if (now.getTime() - b.lastAt.getTime() > this.maxAgeMs) this.entries.delete(key);
    for (const [room, at] of this.officials) if (now.getTime() - at.getTime() > this.maxAgeMs) this.officials.delete(room);
    for (const [key, times] of this.recent) if (now.getTime() - times[times.length - 1]! > RATE_WINDOW_MS) this.recent.delete(key);
    this.pruneAt = Math.max(1000, 2 * Math.max(this.entries.size, this.recent.size));
  }
}
