// The keeper that reconnects a puppet-service client when the gateway goes away, on a fake puppet
// and fake time: it reconnects when the event stream is lost, retrying with backoff while the
// gateway is down; it probes a silent connection and gives up on it only after a long silence;
// and it stands down when the bot stops.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PuppetConnectionKeeper } from '../../../src/chat/puppet-connection-keeper.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;

class FakePuppet extends EventEmitter {
  readonly connection = new EventEmitter();
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
    keeper = new PuppetConnectionKeeper(puppet as never, { log: silent, probeAfterMs: 60_000, deadAfterMs: 180_000, maxBackoffMs: 8_000, now: () => Date.now() }).attach();
  });
  afterEach(() => {
    keeper.dispose();
    vi.useRealTimers();
  });

  it('dings a quiet connection and leaves it alone while the gateway answers', async () => {
    await puppet.start();
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(puppet.dings).toBeGreaterThanOrEqual(10);
    expect([puppet.starts, puppet.stops]).toEqual([1, 0]);
  });

  it('reconnects at once when the event stream is lost, retrying with backoff until the gateway is back', async () => {
    await puppet.start();
    puppet.gatewayUp = false;
    puppet.connection.emit('lost', 'the event stream from the gateway ended');
    await vi.advanceTimersByTimeAsync(10);
    expect(keeper.reconnecting).toBe(true);
    expect(puppet.stops).toBeGreaterThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000 + 8_000);
    expect(puppet.starts - 1).toBeGreaterThanOrEqual(5); // failed attempts, 1, 2, 4, 8, 8 s apart
    puppet.gatewayUp = true;
    await vi.advanceTimersByTimeAsync(8_000);
    expect(keeper.reconnecting).toBe(false);
    const starts = puppet.starts;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(puppet.starts).toBe(starts); // connected again: no more restarts
  });

  it('is not fooled by a busy minute: silence alone must last long, with dings unanswered', async () => {
    await puppet.start();
    puppet.gatewayUp = false; // nothing arrives, dings go unanswered…
    await vi.advanceTimersByTimeAsync(150_000);
    expect(puppet.stops).toBe(0); // …but not long enough yet
    await vi.advanceTimersByTimeAsync(40_000);
    expect(puppet.stops).toBeGreaterThanOrEqual(1);
    puppet.gatewayUp = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(keeper.reconnecting).toBe(false);
  });

  it('stands down when the bot stops the puppet', async () => {
    await puppet.start();
    await puppet.stop();
    puppet.gatewayUp = false;
    puppet.connection.emit('lost', 'the event stream from the gateway ended');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect([puppet.starts, puppet.dings]).toEqual([1, 0]);
  });
});
