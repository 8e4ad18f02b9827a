// A per-day allowance of LLM calls and tokens. The day turns over at midnight in the
// deployment's time zone (Asia/Shanghai by default), read from the injected clock.
import type { Clock } from '../app/ports/clock.js';

export interface DailyBudgetOptions {
  /** Calls allowed per day; 0 allows none. */
  calls: number;
  /** Tokens (prompt + completion) allowed per day; 0 allows none. */
  tokens: number;
  clock: Clock;
  timeZone?: string;
}

export type BudgetRefusal = 'calls' | 'tokens';

export class DailyBudget {
  private day = '';
  private calls = 0;
  private tokens = 0;
  private readonly dayOf: Intl.DateTimeFormat;

  constructor(private readonly options: DailyBudgetOptions) {
    this.dayOf = new Intl.DateTimeFormat('en-CA', {
      timeZone: options.timeZone ?? 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  private roll(): void {
    const today = this.dayOf.format(this.options.clock.now());
    if (today !== this.day) {
      this.day = today;
      this.calls = 0;
      this.tokens = 0;
    }
  }

  /** Why another call is not allowed today, or null when it is. */
  refusal(): BudgetRefusal | null {
    this.roll();
    if (this.calls >= this.options.calls) return 'calls';
    if (this.tokens >= this.options.tokens) return 'tokens';
    return null;
  }

  /** Counts one call (made, whatever its outcome) and the tokens it used. */
  spend(tokens: number): void {
    this.roll();
    this.calls += 1;
    this.tokens += Math.max(0, Math.round(tokens));
  }

  snapshot(): { day: string; calls: number; tokens: number; callLimit: number; tokenLimit: number } {
    this.roll();
    return { day: this.day, calls: this.calls, tokens: this.tokens, callLimit: this.options.calls, tokenLimit: this.options.tokens };
  }
}
