// The keeper that reconnects a puppet-service client when the gateway goes away, on a fake puppet
// and fake time: it probes a quiet connection, reconnects after an error or a long silence, keeps
// trying with backoff while the gateway is down, and stands down when the bot stops.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PuppetConnectionKeeper } from '../../../src/chat/puppet-connection-keeper.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;

class FakePuppet extends EventEmitter {
  dings = 0;
  starts = 0;
  stops = 0;
  /** Whether the gateway answers: a ding gets a dong, a start succeeds. */
  gatewayUp = true;
  ding(): void {
    this.dings++;
    if (this.gatewayUp) setTimeout(() => this.emit('dong', { data: 'dong' }), 100);
  }
  async start(): Promise<void> {
    this.starts++;
    if (!this.gatewayUp) {
      this.emit('stop');
      throw new Error('14 UNAVAILABLE');
    }
    this.emit('start');
    this.emit('login', { contactId: 'bot' });
  }
  async stop(): Promise<void> {
    this.stops++;
    this.emit('stop');
  }
}

describe('PuppetConnectionKeeper', () => {
  let puppet: FakePuppet;
  let keeper: PuppetConnectionKeeper;
  beforeEach(() => {
    vi.useFakeTimers();
    puppet = new FakePuppet();
    keeper = new PuppetConnectionKeeper(puppet as never, { log: silent, probeAfterMs: 15_000, deadAfterMs: 30_000, errorGraceMs: 5_000, maxBackoffMs: 8_000, now: () => Date.now() }).attach();
  });
  afterEach(() => {
    keeper.dispose();
    vi.useRealTimers();
  });

  it('dings a quiet connection and leaves it alone when the gateway answers', async () => {
    await puppet.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(puppet.dings).toBeGreaterThanOrEqual(5);
    expect([puppet.starts, puppet.stops]).toEqual([1, 0]);
  });

  it('reconnects when an error is followed by silence, retrying with backoff until the gateway is back', async () => {
    await puppet.start();
    puppet.gatewayUp = false;
    puppet.emit('error', new Error('1 CANCELLED: Call cancelled'));
    await vi.advanceTimersByTimeAsync(7_000);
    expect(keeper.reconnecting).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000 + 8_000);
    const failedStarts = puppet.starts - 1;
    expect(failedStarts).toBeGreaterThanOrEqual(5);
    puppet.gatewayUp = true;
    await vi.advanceTimersByTimeAsync(8_000);
    expect(keeper.reconnecting).toBe(false);
    const starts = puppet.starts;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(puppet.starts).toBe(starts); // connected again: no more restarts
  });

  it('ignores an error the gateway answers a ding after', async () => {
    await puppet.start();
    puppet.emit('error', new Error('some call failed'));
    await vi.advanceTimersByTimeAsync(20_000);
    expect([puppet.starts, puppet.stops]).toEqual([1, 0]);
  });

  it('reconnects after a long silence with no answer to dings', async () => {
    await puppet.start();
    puppet.gatewayUp = false;
    await vi.advanceTimersByTimeAsync(33_000);
    expect(puppet.stops).toBeGreaterThanOrEqual(1);
    puppet.gatewayUp = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(keeper.reconnecting).toBe(false);
  });

  it('stands down when the bot stops the puppet', async () => {
    await puppet.start();
    await puppet.stop();
    puppet.gatewayUp = false;
    await vi.advanceTimersByTimeAsync(120_000);
    expect([puppet.starts, puppet.dings]).toEqual([1, 0]);
  });
});
