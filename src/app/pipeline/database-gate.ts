// Whether the database is usable right now. Work that fails because the database went away
// reports it here and waits; one probe (not every waiting message) checks with backoff until the
// database answers again, then everyone waiting carries on. Health reads the state.
import { CodedError } from '../../domain/coded-error.js';
import type { Log } from '../ports/clock.js';

export interface DatabaseGateOptions {
  /** A cheap query; resolves once the database answers again. */
  probe(): Promise<unknown>;
  log: Log;
  /** First wait between probes; doubles up to `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** The process is stopping: work waiting for the database is given up (it is taken up after the restart). */
export class GateClosedError extends CodedError {
  readonly code = 'stopping';
  constructor() {
    super('stopping: the database gate is closed', false);
  }
}

export interface DatabaseStatus {
  up: boolean;
  downSince: Date | null;
  lastError: string | null;
  /** Outages since start, for the operator. */
  outages: number;
}

export class DatabaseGate {
  private downSince: Date | null = null;
  private lastError: string | null = null;
  private outages = 0;
  private waiters: Array<{ resolve(): void; reject(err: Error): void }> = [];
  private probing = false;
  private closed = false;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: DatabaseGateOptions) {
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
  }

  get up(): boolean {
    return this.downSince === null;
  }

  status(): DatabaseStatus {
    return { up: this.up, downSince: this.downSince, lastError: this.lastError, outages: this.outages };
  }

  /** Resolves at once while the database is up, else when it is back. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new GateClosedError());
    if (this.up) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Work failed because the database is unavailable: hold everything until a probe succeeds. */
  failed(err: unknown): void {
    this.lastError = describe(err);
    if (this.closed) return;
    if (this.up) {
      this.downSince = this.now();
      this.outages++;
      this.options.log.error({ err: this.lastError }, 'database unavailable: holding incoming messages and retrying with backoff');
    }
    if (!this.probing) void this.probeUntilUp();
  }

  /** Stops probing; everyone waiting gets GateClosedError (the process is stopping). */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new GateClosedError());
  }

  private async probeUntilUp(): Promise<void> {
    this.probing = true;
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 5_000;
    try {
      for (let attempt = 0; !this.closed; attempt++) {
        await this.sleep(Math.round(Math.min(max, base * 2 ** attempt) * (0.75 + Math.random() / 4)));
        if (this.closed) return;
        try {
          await this.options.probe();
        } catch (err) {
          this.lastError = describe(err);
          if (attempt === 0 || attempt % 10 === 9) this.options.log.warn({ err: this.lastError, attempt: attempt + 1 }, 'database still unavailable');
          continue;
        }
        const downMs = this.now().getTime() - (this.downSince ?? this.now()).getTime();
        this.downSince = null;
        this.options.log.warn({ downSeconds: Math.round(downMs / 1000) }, 'database is back: catching up');
        for (const w of this.waiters.splice(0)) w.resolve();
        return;
      }
    } finally {
      this.probing = false;
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${(err as { code?: string }).code ?? err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}
