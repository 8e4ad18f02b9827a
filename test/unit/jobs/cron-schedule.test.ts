// Production's minute tick: the first window reaches back for a missed digest, and stop() waits.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { startJobSchedule } from '../../../src/jobs/cron-schedule.js';
import type { JobRunner } from '../../../src/jobs/job-runner.js';
import { MONDAY_0900, TestClock, minutes } from '../../support/test-context.js';

describe('startJobSchedule', () => {
  it('runs at once over the catch-up window, then stops cleanly', async () => {
    const calls: Array<[Date, Date]> = [];
    let finish!: () => void;
    const runner = {
      holder: 'test',
      runDue: (from: Date, to: Date) => {
        calls.push([from, to]);
        return new Promise<void>((resolve) => (finish = resolve));
      },
    } as unknown as JobRunner;
    const clock = new TestClock(MONDAY_0900);
    const schedule = startJobSchedule(runner, {
      clock,
      log: pino({ level: 'silent' }),
      timezone: 'Asia/Shanghai',
      config: { enabled: true, lockSeconds: 300, catchUpMinutes: 30 },
    });
    expect(calls).toEqual([[minutes(MONDAY_0900, -30), MONDAY_0900]]);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false); // waits for the run in flight
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });
});
