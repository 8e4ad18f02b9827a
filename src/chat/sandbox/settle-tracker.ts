// Counts sandbox messages that were posted but not yet handled, so `settle` never has to sleep.
export class SettleTracker {
  private readonly waiting = new Map<string, number>();

  expect(id: string): void {
    this.waiting.set(id, (this.waiting.get(id) ?? 0) + 1);
  }

  done(id: string): void {
    const n = this.waiting.get(id);
    if (n === undefined) return;
    if (n <= 1) this.waiting.delete(id);
    else this.waiting.set(id, n - 1);
  }

  idle(): boolean {
    return this.waiting.size === 0;
  }
}
