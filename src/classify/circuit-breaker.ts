// Stops calling a failing LLM endpoint for a while: after `failureThreshold` consecutive failures
// the circuit opens; after `cooldownMs` one trial call is let through (half-open); its success
// closes the circuit, its failure opens it again for another cool-down.
import type { Clock } from '../app/ports/clock.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  failureThreshold?: number;
  cooldownMs?: number;
  clock: Clock;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly cooldownMs: number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.threshold = Math.max(1, options.failureThreshold ?? 5);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? 60_000);
  }

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.options.clock.now().getTime() - this.openedAt >= this.cooldownMs ? 'half_open' : 'open';
  }

  /** May a call go out now? In half-open state only one trial call at a time. */
  allow(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  /** The allowed call never went out (e.g. our own budget refused it): neither success nor failure. */
  release(): void {
    this.trialInFlight = false;
  }

  failure(): void {
    this.failures += 1;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || this.failures >= this.threshold) this.openedAt = this.options.clock.now().getTime();
  }
}
