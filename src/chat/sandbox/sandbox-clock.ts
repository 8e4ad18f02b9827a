// The sandbox's time: the real clock plus an offset that `POST /api/sandbox/clock` moves forward,
// so a demo or a test can jump to a deadline without waiting for it.
import type { Clock } from '../../app/ports/clock.js';

export class SandboxClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  advance(minutes: number): Date {
    this.offsetMs += minutes * 60_000;
    return this.now();
  }
}
