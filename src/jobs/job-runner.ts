// Runs scheduled jobs as functions of a window of time (from, to]: the sandbox's clock endpoint
// and production's node-cron tick call the same runDue(). Each job runs under a database lease so
// that of several bot instances one does it at a time; its own durable records (ladder steps,
// digest runs) make a second run over the same window a no-op, so a lease that lapses is harmless.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Clock, Log } from '../app/ports/clock.js';
import type { JobLockRepository } from '../app/ports/jobs.js';
import { Mutex } from '../store/mutex.js';

export interface Job {
  name: string;
  run(window: { from: Date; to: Date }): Promise<void>;
}

export interface JobRunnerDeps {
  jobs: Job[];
  locks: JobLockRepository;
  clock: Clock;
  log: Log;
  /** How long a lease lasts if its holder dies without giving it back. */
  lockMs: number;
  /** Who this instance is in the lock table. */
  holder?: string;
}

export function instanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export class JobRunner {
  readonly holder: string;
  private readonly mutex = new Mutex();
  /** Start of a window a job has not covered yet (it failed, or another instance held its lease). */
  private readonly pendingFrom = new Map<string, Date>();
  /** When each job last ran to the end of its window here (for /metrics). */
  private readonly succeededAt = new Map<string, Date>();

  constructor(private readonly deps: JobRunnerDeps) {
    this.holder = deps.holder ?? instanceId();
  }

  /** Runs every job for (from, to]; one run at a time in this process. Never throws. */
  runDue(from: Date, to: Date): Promise<void> {
    return this.mutex.run(async () => {
      for (const job of this.deps.jobs) await this.runOne(job, from, to);
    });
  }

  /** When `job` last ran to completion in this process; null if it has not (yet, or another instance ran it). */
  lastSuccess(job: string): Date | null {
    return this.succeededAt.get(job) ?? null;
  }

  /** Names of the jobs it runs. */
  get jobNames(): string[] {
    return this.deps.jobs.map((j) => j.name);
  }

  private async runOne(job: Job, from: Date, to: Date): Promise<void> {
    const log = this.deps.log.child({ job: job.name });
    const pending = this.pendingFrom.get(job.name);
    const window = { from: pending && pending < from ? pending : from, to };
    const lock = `job:${job.name}`;
    const now = this.deps.clock.now();
    let acquired = false;
    try {
      acquired = await this.deps.locks.acquire(lock, this.holder, now, new Date(now.getTime() + this.deps.lockMs));
    } catch (err) {
      log.error({ err }, 'could not take the job lock');
    }
    if (!acquired) {
      // Another instance is on it; keep the window so that a crash of theirs is caught up next run.
      this.pendingFrom.set(job.name, window.from);
      log.debug({ holder: this.holder }, 'job skipped: another instance holds its lock');
      return;
    }
    const started = performance.now();
    try {
      await job.run(window);
      this.pendingFrom.delete(job.name);
      this.succeededAt.set(job.name, this.deps.clock.now());
      log.debug({ ms: Math.round(performance.now() - started), from: window.from, to: window.to }, 'job ran');
    } catch (err) {
      this.pendingFrom.set(job.name, window.from);
      log.error({ err, from: window.from, to: window.to }, 'job failed: it is tried again with the next run');
    } finally {
      await this.deps.locks.release(lock, this.holder, this.deps.clock.now()).catch((err) => log.warn({ err }, 'could not release the job lock'));
    }
  }
}
