// One log line per kind of trouble per window, however often it happens: a puppet without network
// fails many times a second, and the log must stay readable (and small). The first occurrence of
// a kind is logged at once; later ones in the same window are counted, and the count is logged
// when the window closes ("and 37 more like it").
import type { Log } from '../app/ports/clock.js';

export interface RateLimitedLogOptions {
  log: Log;
  /** Default 60 s. */
  windowMs?: number;
  level?: 'warn' | 'error';
}

interface Window {
  suppressed: number;
  timer: NodeJS.Timeout;
  msg: string;
  last: Record<string, unknown>;
}

export class RateLimitedLog {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;

  constructor(private readonly options: RateLimitedLogOptions) {
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** Logs `msg` with `fields` unless a line of this `kind` was logged less than a window ago. */
  report(kind: string, msg: string, fields: Record<string, unknown> = {}): void {
    const open = this.windows.get(kind);
    if (open) {
      open.suppressed++;
      open.last = fields;
      return;
    }
    this.write({ kind, ...fields }, msg);
    const timer = setTimeout(() => this.close(kind), this.windowMs);
    timer.unref();
    this.windows.set(kind, { suppressed: 0, timer, msg, last: fields });
  }

  /** Logs what is still counted (at a clean stop). */
  flush(): void {
    for (const kind of [...this.windows.keys()]) this.close(kind);
  }

  private close(kind: string): void {
    const open = this.windows.get(kind);
    if (!open) return;
    clearTimeout(open.timer);
    this.windows.delete(kind);
    if (open.suppressed > 0) {
      this.write({ kind, ...open.last, repeated: open.suppressed, withinSeconds: Math.round(this.windowMs / 1000) }, `${open.msg} (again, ${open.suppressed} more times)`);
    }
  }

  private write(fields: Record<string, unknown>, msg: string): void {
    if ((this.options.level ?? 'warn') === 'error') this.options.log.error(fields, msg);
    else this.options.log.warn(fields, msg);
  }
}
