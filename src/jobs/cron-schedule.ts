// Production's clock for the jobs: node-cron ticks every minute in the deployment's time zone and
// hands the runner the window since the previous tick. The sandbox does not use this: its clock
// endpoint calls runDue() directly.
import cron from 'node-cron';
import type { JobsConfig } from '../config/linli-config.js';
import type { Clock, Log } from '../app/ports/clock.js';
import type { JobRunner } from './job-runner.js';

export interface JobSchedule {
  stop(): Promise<void>;
}

export function startJobSchedule(runner: JobRunner, deps: { clock: Clock; log: Log; timezone: string; config: JobsConfig }): JobSchedule {
  // The first window reaches back, so a digest due while the bot was restarting still goes out.
  let last = new Date(deps.clock.now().getTime() - deps.config.catchUpMinutes * 60_000);
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    const to = deps.clock.now();
    const from = last;
    last = to;
    running = runner.runDue(from, to);
    return running;
  };
  const task = cron.schedule('* * * * *', tick, { name: 'linli-jobs', timezone: deps.timezone, noOverlap: true });
  void tick();
  deps.log.info({ timezone: deps.timezone, holder: runner.holder }, 'scheduled jobs started');
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
