import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { OutboxSender, type PacingTimer } from './outbox-sender.js';
import { createMemoryStore } from '../../test/fakes/memory-store.js';
import { ChatSendError, type ChatPort, type OutboxItem } from '../app/ports.js';

/** Virtual time: sleeping moves the clock, so pacing is checked exactly and without waiting. */
function virtualTimer(): PacingTimer & { t: number } {
  const timer = {
    t: 0,
    nowMs: () => timer.t,
    sleep: async (ms: number) => {
      timer.t += ms;
      await Promise.resolve();
    },
  };
  return timer;
}

const config = { globalIntervalMs: 1000, roomIntervalMs: 3000, jitterMs: 500, maxAttempts: 3, retryBaseMs: 1000 };
const log = pino({ level: 'silent' });

async function drain(sender: OutboxSender) {
  sender.start();
  for (let i = 0; i < 10_000 && !(await sender.isDrained()); i++) await new Promise((r) => setImmediate(r));
  await sender.stop();
}

describe('OutboxSender', () => {
  it('never sends faster than the global and per-room pace, whatever the backlog', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-11-23T08:00:00Z');
    const rooms = ['a@chatroom', 'b@chatroom', 'c@chatroom'];
    await store.outbox.enqueue(
      Array.from({ length: 60 }, (_, i) => ({ roomId: rooms[i % 3]!, text: `第 ${i} 条` })),
      now,
    );
    const timer = virtualTimer();
    const sent: Array<{ at: number; item: OutboxItem }> = [];
    const chat: ChatPort = { send: async (item) => void sent.push({ at: timer.t, item }) };
    const sender = new OutboxSender({ outbox: store.outbox, chat, clock: { now: () => now }, config, log, timer, random: Math.random });
    await drain(sender);

    expect(sent).toHaveLength(60);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(config.globalIntervalMs);
    for (const room of rooms) {
      const times = sent.filter((s) => s.item.roomId === room).map((s) => s.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(config.roomIntervalMs);
      // Each room's messages keep their order.
      const texts = sent.filter((s) => s.item.roomId === room).map((s) => Number(/\d+/.exec(s.item.text)![0]));
      expect([...texts].sort((x, y) => x - y)).toEqual(texts);
    }
    expect(await store.outbox.pendingCount()).toBe(0);
  });

  it('lets a quiet room speak while a busy room waits for its pace', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue(
      [
        { roomId: 'busy@chatroom', text: '1' },
        { roomId: 'busy@chatroom', text: '2' },
        { roomId: 'quiet@chatroom', text: '3' },
      ],
      now,
    );
    const timer = virtualTimer();
    const order: string[] = [];
    const chat: ChatPort = { send: async (item) => void order.push(item.text) };
    await drain(new OutboxSender({ outbox: store.outbox, chat, clock: { now: () => now }, config: { ...config, jitterMs: 0 }, log, timer }));
    expect(order).toEqual(['1', '3', '2']);
  });

  it('retries a failed send with backoff and marks it sent only after the platform accepted it', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue([{ roomId: 'a@chatroom', text: '你好', dedupeKey: 'k1' }], now);
    let calls = 0;
    const chat: ChatPort = {
      send: async () => {
        calls++;
        if (calls === 1) throw new ChatSendError('发送消息过于频繁');
      },
    };
    const sender = new OutboxSender({ outbox: store.outbox, chat, clock: { now: () => now }, config, log, timer: virtualTimer() });
    sender.start();
    for (let i = 0; i < 100 && calls < 1; i++) await new Promise((r) => setImmediate(r));
    expect(await store.outbox.pendingCount()).toBe(1); // failed once: still pending, not sent
    expect(await store.outbox.nextDue(now, 10)).toHaveLength(0); // and not due before its backoff
    now = new Date(now.getTime() + config.retryBaseMs);
    sender.kick();
    for (let i = 0; i < 1000 && !(await sender.isDrained()); i++) await new Promise((r) => setImmediate(r));
    await sender.stop();
    expect(calls).toBe(2);
    expect(await store.outbox.pendingCount()).toBe(0);
  });

  it('gives up after maxAttempts and reports it', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue([{ roomId: 'a@chatroom', text: '你好' }], now);
    const gaveUp: string[] = [];
    const chat: ChatPort = { send: async () => Promise.reject(new ChatSendError('offline')) };
    const sender = new OutboxSender({
      outbox: store.outbox,
      chat,
      clock: { now: () => now },
      config,
      log,
      timer: virtualTimer(),
      onGiveUp: (_item, error) => gaveUp.push(error),
    });
    sender.start();
    for (let round = 0; round < 5 && gaveUp.length === 0; round++) {
      for (let i = 0; i < 100; i++) await new Promise((r) => setImmediate(r));
      now = new Date(now.getTime() + 60 * 60_000);
      sender.kick();
    }
    await sender.stop();
    expect(gaveUp).toEqual(['offline']);
    expect(await store.outbox.pendingCount()).toBe(0);
  });
});
