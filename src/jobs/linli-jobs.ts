// Linli's scheduled jobs: the SLA ladder every run; the nightly digest, the weekly summary and the
// daily retention clean-up when their instant falls in the run's window.
import type { AppContext } from '../app/app-context.js';
import { sendScheduledDigest } from '../app/digest.js';
import { runSlaLadder } from '../app/sla-ladder.js';
import { runRetention } from '../app/retention.js';
import { JobRunner, type Job } from './job-runner.js';
import { lastOccurrence, type Schedule } from './schedule.js';

export function linliJobs(ctx: AppContext): Job[] {
  const { digest, retention, timezone } = ctx.config;
  const scheduled = (name: string, schedule: Schedule | null, run: (at: Date) => Promise<unknown>): Job[] =>
    schedule
      ? [
          {
            name,
            async run({ from, to }) {
              const at = lastOccurrence(schedule, from, to, timezone);
              if (at) await run(at);
            },
          },
        ]
      : [];
  return [
    // State-based: evaluated at the end of the window, however long it is.
    { name: 'sla-ladder', run: async ({ to }) => void (await runSlaLadder(ctx, to)) },
    ...scheduled('daily-digest', digest.dailyAt ? { kind: 'daily', at: digest.dailyAt } : null, (at) => sendScheduledDigest(ctx, 'daily', at)),
    ...scheduled('weekly-summary', digest.weekly ? { kind: 'weekly', ...digest.weekly } : null, (at) => sendScheduledDigest(ctx, 'weekly', at)),
    ...scheduled('retention', { kind: 'daily', at: retention.at }, (at) => runRetention(ctx, at)),
  ];
}

export function createLinliJobRunner(ctx: AppContext, opts: { holder?: string } = {}): JobRunner {
  return new JobRunner({
    jobs: linliJobs(ctx),
    locks: ctx.store.jobLocks,
    clock: ctx.clock,
    log: ctx.log,
    lockMs: ctx.config.jobs.lockSeconds * 1000,
    holder: opts.holder,
  });
}
