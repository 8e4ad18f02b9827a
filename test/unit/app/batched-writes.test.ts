import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../../src/app/pipeline/batched-writes.js';
import { KeptReads } from '../../../src/app/kept-reads.js';

describe('WriteBatcher', () => {
  it('writes what callers queued in one turn as one batch, and answers each with its own result', async () => {
    const batches: number[][] = [];
    const batcher = new WriteBatcher(async (xs: number[]) => {
      batches.push(xs);
      return xs.map((x) => x * 10);
    });
    const results = await Promise.all([1, 2, 3, 4].map((x) => batcher.run(x)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('keeps at most `concurrency` batches in flight; what arrives meanwhile goes in the next one', async () => {
    const started: number[][] = [];
    const release: Array<() => void> = [];
    const batcher = new WriteBatcher(
      (xs: number[]) =>
        new Promise<number[]>((resolve) => {
          started.push(xs);
          release.push(() => resolve(xs));
        }),
      { concurrency: 1 },
    );
    const first = batcher.run(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((x) => batcher.run(x));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([[1]]); // the others wait for the one in flight
    release.shift()!();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([[1], [2, 3, 4]]);
    release.shift()!();
    expect(await Promise.all(later)).toEqual([2, 3, 4]);
  });

  it('fails every caller of a failed batch, and goes on with the next', async () => {
    let fail = true;
    const batcher = new WriteBatcher(async (xs: string[]) => {
      if (fail) throw new Error('database unavailable');
      return xs;
    });
    const failed = await Promise.allSettled([batcher.run('a'), batcher.run('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.run('c')).toBe('c');
  });
});

describe('KeptReads', () => {
  it('reads once for many callers, takes local changes, and reads again after its time or when told', async () => {
    let reads = 0;
    const kept = new KeptReads<number[]>(60_000);
    const read = async () => (reads++, [1, 2]);
    expect(await Promise.all([kept.get('c1', read), kept.get('c1', read)])).toEqual([[1, 2], [1, 2]]);
    expect(reads).toBe(1);
    kept.update('c1', (xs) => [0, ...xs]);
    expect(await kept.get('c1', read)).toEqual([0, 1, 2]);
    kept.forget('c1');
    expect(await kept.get('c1', read)).toEqual([1, 2]);
    expect(reads).toBe(2);
    const short = new KeptReads<number>(0);
    await short.get('k', async () => (reads++, 1));
    await short.get('k', async () => (reads++, 1));
    expect(reads).toBe(4);
  });

  it('does not keep a failed read', async () => {
    const kept = new KeptReads<number>(60_000);
    await expect(kept.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await kept.get('k', async () => 7)).toBe(7);
  });
});
