// The runner: leases, windows carried over when a job could not run, and errors kept inside.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { JobRunner, type Job } from '../../../src/jobs/job-runner.js';
import { createMemoryStore } from '../../support/fakes/memory-store.js';
import { MONDAY_0900, TestClock, minutes } from '../../support/test-context.js';

function recorder(fail = () => false) {
  const windows: Array<[number, number]> = [];
  const job: Job = {
    name: 'probe',
    async run({ from, to }) {
      if (fail()) throw new Error('boom');
      windows.push([(from.getTime() - MONDAY_0900.getTime()) / 60_000, (to.getTime() - MONDAY_0900.getTime()) / 60_000]);
    },
  };
  return { job, windows };
}

describe('JobRunner', () => {
  const log = pino({ level: 'silent' });

  it('skips a job another instance holds, and covers the missed window on the next run', async () => {
    const store = createMemoryStore();
    const clock = new TestClock(MONDAY_0900);
    const { job, windows } = recorder();
    const runner = new JobRunner({ jobs: [job], locks: store.jobLocks, clock, log, lockMs: 300_000, holder: 'a' });
    await store.jobLocks.acquire('job:probe', 'b', MONDAY_0900, minutes(MONDAY_0900, 5));
    await runner.runDue(minutes(MONDAY_0900, -1), MONDAY_0900);
    expect(windows).toEqual([]);
    clock.set(minutes(MONDAY_0900, 1));
    await runner.runDue(MONDAY_0900, minutes(MONDAY_0900, 1));
    expect(windows).toEqual([]);
    clock.set(minutes(MONDAY_0900, 6)); // b's lease has lapsed
    await runner.runDue(minutes(MONDAY_0900, 1), minutes(MONDAY_0900, 6));
    expect(windows).toEqual([[-1, 6]]);
    await runner.runDue(minutes(MONDAY_0900, 6), minutes(MONDAY_0900, 7));
    expect(windows).toEqual([[-1, 6], [6, 7]]);
    expect(store.state.jobLocks.get('job:probe')).toMatchObject({ holder: 'a', expiresAt: minutes(MONDAY_0900, 6) });
  });

  it('keeps a failed window for the next run and never throws', async () => {
    const store = createMemoryStore();
    let failing = true;
    const { job, windows } = recorder(() => failing);
    const runner = new JobRunner({ jobs: [job], locks: store.jobLocks, clock: new TestClock(MONDAY_0900), log, lockMs: 300_000 });
    await expect(runner.runDue(MONDAY_0900, minutes(MONDAY_0900, 1))).resolves.toBeUndefined();
    failing = false;
    await runner.runDue(minutes(MONDAY_0900, 1), minutes(MONDAY_0900, 2));
    expect(windows).toEqual([[0, 2]]);
  });

  it('runs one window at a time within a process', async () => {
    const store = createMemoryStore();
    const order: string[] = [];
    const slow: Job = {
      name: 'slow',
      async run({ to }) {
        order.push(`start ${to.getTime()}`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`end ${to.getTime()}`);
      },
    };
    const runner = new JobRunner({ jobs: [slow], locks: store.jobLocks, clock: new TestClock(MONDAY_0900), log, lockMs: 300_000 });
    await Promise.all([runner.runDue(new Date(0), new Date(1)), runner.runDue(new Date(1), new Date(2))]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
