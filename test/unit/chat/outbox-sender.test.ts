import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { OutboxSender, type PacingTimer } from '../../../src/chat/outbox-sender.js';
import { createMemoryStore } from '../../support/fakes/memory-store.js';
import { ChatSendError, type ChatPort } from '../../../src/app/ports/chat.js';
import type { OutboxItem } from '../../../src/app/ports/outbox.js';
import { outboxCoalescer, together } from '../../../src/app/outbox-coalescing.js';
import { texts } from '../../../src/app/texts.js';

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
    const chat: Pick<ChatPort, 'send'> = { send: async (item) => void sent.push({ at: timer.t, item }) };
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
    const chat: Pick<ChatPort, 'send'> = { send: async (item) => void order.push(item.text) };
    await drain(new OutboxSender({ outbox: store.outbox, chat, clock: { now: () => now }, config: { ...config, jitterMs: 0 }, log, timer }));
    expect(order).toEqual(['1', '3', '2']);
  });

  it('retries a failed send with backoff and marks it sent only after the platform accepted it', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue([{ roomId: 'a@chatroom', text: '你好', dedupeKey: 'k1' }], now);
    let calls = 0;
    const chat: Pick<ChatPort, 'send'> = {
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
    const chat: Pick<ChatPort, 'send'> = { send: async () => Promise.reject(new ChatSendError('offline')) };
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

describe('OutboxSender under a backlog of 1,000 messages', () => {
  const rooms = Array.from({ length: 12 }, (_, i) => `room-${i}@chatroom`);
  // Skewed: a third of everything goes to one busy group.
  const roomOf = (i: number) => (i % 3 === 0 ? rooms[0]! : rooms[1 + (i % 11)]!);

  async function backlog(n: number) {
    const store = createMemoryStore();
    const now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue(Array.from({ length: n }, (_, i) => ({ roomId: roomOf(i), text: `第 ${i} 条`, dedupeKey: `k:${i}` })), now);
    return { store, now };
  }

  function checkPacing(sent: Array<{ at: number; item: OutboxItem }>, pace: { globalIntervalMs: number; roomIntervalMs: number }) {
    let minGlobal = Infinity;
    for (let i = 1; i < sent.length; i++) minGlobal = Math.min(minGlobal, sent[i]!.at - sent[i - 1]!.at);
    let minRoom = Infinity;
    for (const room of rooms) {
      const inRoom = sent.filter((s) => s.item.roomId === room);
      for (let i = 1; i < inRoom.length; i++) minRoom = Math.min(minRoom, inRoom[i]!.at - inRoom[i - 1]!.at);
      const order = inRoom.map((s) => Number(/\d+/.exec(s.item.text)![0]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(minGlobal).toBeGreaterThanOrEqual(pace.globalIntervalMs);
    expect(minRoom).toBeGreaterThanOrEqual(pace.roomIntervalMs);
    return { minGlobal, minRoom };
  }

  it('keeps every gap at or above the pace, exactly, on virtual time', async () => {
    const pace = { globalIntervalMs: 1500, roomIntervalMs: 3000, jitterMs: 1000, maxAttempts: 8, retryBaseMs: 2000 };
    const { store, now } = await backlog(1000);
    const timer = virtualTimer();
    const sent: Array<{ at: number; item: OutboxItem }> = [];
    const chat: Pick<ChatPort, 'send'> = { send: async (item) => void sent.push({ at: timer.t, item }) };
    await drain(new OutboxSender({ outbox: store.outbox, chat, clock: { now: () => now }, config: pace, log, timer }));

    expect(sent).toHaveLength(1000);
    expect(new Set(sent.map((s) => s.item.id)).size).toBe(1000);
    checkPacing(sent, pace);
    // The busy group's 334 messages alone need 333 room gaps; jitter adds about half its range per gap.
    const span = sent.at(-1)!.at - sent[0]!.at;
    expect(span).toBeGreaterThanOrEqual(333 * pace.roomIntervalMs);
    const meanGap = span / 999;
    expect(meanGap).toBeGreaterThan(pace.globalIntervalMs + pace.jitterMs / 4);
    expect(await store.outbox.pendingCount()).toBe(0);
  });

  it('holds the pace with real timers (lower bounds only)', async () => {
    const pace = { globalIntervalMs: 2, roomIntervalMs: 6, jitterMs: 2, maxAttempts: 8, retryBaseMs: 2000 };
    const { store, now } = await backlog(1000);
    const sent: Array<{ at: number; item: OutboxItem }> = [];
    const chat: Pick<ChatPort, 'send'> = { send: async (item) => void sent.push({ at: performance.now(), item }) };
    const sender = new OutboxSender({ outbox: store.outbox, chat, clock: { now: () => now }, config: pace, log });
    const started = performance.now();
    sender.start();
    while (sent.length < 1000) await new Promise((r) => setTimeout(r, 20));
    await sender.stop();
    const elapsed = performance.now() - started;

    expect(sent).toHaveLength(1000);
    const { minGlobal, minRoom } = checkPacing(sent, pace);
    expect(elapsed).toBeGreaterThanOrEqual(999 * pace.globalIntervalMs);
    expect(elapsed).toBeGreaterThanOrEqual(333 * pace.roomIntervalMs);
    // For the record (docs/operations.md): how close to the configured pace real timers get.
    console.log(`real-time backlog: 1000 sent in ${Math.round(elapsed)} ms; smallest gaps ${minGlobal.toFixed(2)} ms global, ${minRoom.toFixed(2)} ms per room`);
  }, 30_000);
});

describe('OutboxSender when things go wrong', () => {
  const config = { globalIntervalMs: 0, roomIntervalMs: 0, jitterMs: 0, maxAttempts: 3, retryBaseMs: 1000 };
  const settle = async (sender: OutboxSender, cond: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 2000 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 2));
    expect(await cond()).toBe(true);
  };

  it('never sends a message twice when the database cannot record that it was sent', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue([{ roomId: 'a@chatroom', text: '1' }, { roomId: 'a@chatroom', text: '2' }], now);
    let failMarks = 3;
    const outbox = {
      ...store.outbox,
      nextDue: (at: Date, limit: number) => store.outbox.nextDue(at, limit),
      pendingCount: () => store.outbox.pendingCount(),
      markSent: (id: number, at: Date) =>
        failMarks-- > 0 ? Promise.reject(Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' })) : store.outbox.markSent(id, at),
    };
    const said: string[] = [];
    const sender = new OutboxSender({ outbox, chat: { send: async (item) => void said.push(item.text) }, clock: { now: () => now }, config, log, timer: virtualTimer() });
    sender.start();
    // Kicks stand for other work reaching the database: the sender then tries again at once.
    await settle(sender, () => (sender.kick(), store.state.outbox.every((o) => o.status === 'sent')));
    await sender.stop();
    expect(said).toEqual(['1', '2']);
    expect(store.state.outbox.map((o) => o.status)).toEqual(['sent', 'sent']);
  });

  it('sends nothing while logged out, burns no attempts, and resumes on login', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue([{ roomId: 'a@chatroom', text: '1' }], now);
    let online = false;
    const said: string[] = [];
    const sender = new OutboxSender({
      outbox: store.outbox,
      chat: { send: async (item) => void said.push(item.text) },
      clock: { now: () => now },
      config,
      log,
      timer: virtualTimer(),
      online: () => online,
    });
    sender.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(said).toEqual([]);
    expect(store.state.outbox[0]!.item.attempts).toBe(0);
    online = true;
    sender.kick();
    await settle(sender, () => sender.isDrained());
    await sender.stop();
    expect(said).toEqual(['1']);
  });

  it('rides out a database outage while reading the queue', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue([{ roomId: 'a@chatroom', text: '1' }], now);
    let down = true;
    const outbox = {
      ...store.outbox,
      nextDue: (at: Date, limit: number) => (down ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) : store.outbox.nextDue(at, limit)),
      markSent: (id: number, at: Date) => store.outbox.markSent(id, at),
      pendingCount: () => store.outbox.pendingCount(),
    };
    const said: string[] = [];
    const sender = new OutboxSender({ outbox, chat: { send: async (item) => void said.push(item.text) }, clock: { now: () => now }, config, log, timer: virtualTimer() });
    sender.start();
    await settle(sender, () => sender.status().failingSince !== null);
    down = false;
    sender.kick();
    await settle(sender, () => sender.isDrained());
    await sender.stop();
    expect(said).toEqual(['1']);
    expect(sender.status().failingSince).toBeNull();
  });
});

describe('two senders on one database (a standby process)', () => {
  it('send each message once between them', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-11-23T08:00:00Z');
    await store.outbox.enqueue(Array.from({ length: 300 }, (_, i) => ({ roomId: `r${i % 7}@chatroom`, text: `${i}` })), now);
    const said: string[] = [];
    const chat: Pick<ChatPort, 'send'> = { send: async (item) => void said.push(item.text) };
    const config = { globalIntervalMs: 0, roomIntervalMs: 0, jitterMs: 0, maxAttempts: 3, retryBaseMs: 1000 };
    const outbox = store.outbox;
    const a = new OutboxSender({ outbox, chat, clock: { now: () => now }, config, log, timer: virtualTimer() });
    const b = new OutboxSender({ outbox, chat, clock: { now: () => now }, config, log, timer: virtualTimer() });
    a.start();
    b.start();
    for (let i = 0; i < 5000 && (await store.outbox.pendingCount()) > 0; i++) await new Promise((r) => setImmediate(r));
    await Promise.all([a.stop(), b.stop()]);
    expect(said).toHaveLength(300);
    expect(new Set(said).size).toBe(300);
  });
});

describe('OutboxSender: lanes and coalescing', () => {
  const t = texts({ timezone: 'Asia/Shanghai', categoryName: (c) => c, departmentOf: () => '社区综合' });
  const coalescer = outboxCoalescer(t);
  const pace = { globalIntervalMs: 1500, roomIntervalMs: 3000, jitterMs: 0, maxAttempts: 3, retryBaseMs: 1000 };
  const now = new Date('2026-11-23T08:00:00Z');

  async function run(store: ReturnType<typeof createMemoryStore>, opts: { config?: Partial<typeof pace> & Record<string, number> } = {}) {
    const timer = virtualTimer();
    const sent: Array<{ at: number; item: OutboxItem }> = [];
    const chat: ChatPort = { send: async (item) => void sent.push({ at: timer.t, item }), setRemark: async () => {} };
    await drain(new OutboxSender({ outbox: store.outbox, chat, clock: { now: () => now }, config: { ...pace, ...opts.config }, log, timer, coalescer }));
    return sent;
  }

  it('sends an urgent card before a deep queue of older acknowledgements, relays and digests', async () => {
    const store = createMemoryStore();
    await store.outbox.enqueue(
      [
        ...Array.from({ length: 30 }, (_, i) => ({ roomId: `r${i}@chatroom`, text: `收到 #${i + 1}`, ticketNo: i + 1 })),
        { roomId: 'duty@chatroom', text: '居民补充 #1', lane: 'relay' as const, ticketNo: 1 },
        { roomId: 'leaders@chatroom', text: '日报', lane: 'digest' as const },
      ],
      now,
    );
    await store.outbox.enqueue([{ roomId: 'duty@chatroom', text: '【紧急工单 #99】', lane: 'urgent', ticketNo: 99 }, { roomId: 'leaders@chatroom', text: '紧急 #99', lane: 'urgent', ticketNo: 99 }], now);
    const sent = await run(store);
    // First the urgent card and alert — each with what else waited for its group, after it.
    expect(sent.slice(0, 2).map((s) => [s.item.roomId, s.item.text])).toEqual([
      ['duty@chatroom', '【紧急工单 #99】\n\n居民补充 #1'],
      ['leaders@chatroom', '紧急 #99\n\n日报'],
    ]);
    expect(sent).toHaveLength(32);
    expect(store.state.outbox.every((o) => o.status === 'sent')).toBe(true);
  });

  it('keeps lanes apart while the queue is short: an urgent card goes before older relays and digests', async () => {
    const store = createMemoryStore();
    await store.outbox.enqueue(
      [
        { roomId: 'leaders@chatroom', text: '日报', lane: 'digest' as const },
        { roomId: 'duty@chatroom', text: '居民补充 #1', lane: 'relay' as const, ticketNo: 1 },
        { roomId: 'r1@chatroom', text: '收到 #2', ticketNo: 2 },
      ],
      now,
    );
    await store.outbox.enqueue([{ roomId: 'duty-2@chatroom', text: '【紧急工单 #99】', lane: 'urgent', ticketNo: 99 }], now);
    const sent = await run(store);
    expect(sent.map((s) => s.item.text)).toEqual(['【紧急工单 #99】', '收到 #2', '居民补充 #1', '日报']);
  });

  it('lets an older message about the same ticket go first: it inherits the urgent lane', async () => {
    const store = createMemoryStore();
    await store.outbox.enqueue(
      [
        { roomId: 'duty@chatroom', text: '新工单 #5', ticketNo: 5 },
        { roomId: 'duty@chatroom', text: '新工单 #6', ticketNo: 6 },
        { roomId: 'duty@chatroom', text: '工单 #5 居民补充（已升为紧急）', lane: 'urgent', ticketNo: 5 },
      ],
      now,
    );
    const sent = await run(store, { config: { deepRoom: 10 } });
    expect(sent.map((s) => s.item.text)).toEqual(['新工单 #5', '工单 #5 居民补充（已升为紧急）', '新工单 #6']);
  });

  it('fills the wait for a busy room with a less urgent message to another room, never delaying the urgent one', async () => {
    const store = createMemoryStore();
    await store.outbox.enqueue(
      [
        { roomId: 'duty@chatroom', text: '紧急 #1', lane: 'urgent' },
        { roomId: 'duty@chatroom', text: '紧急 #2', lane: 'urgent' },
        { roomId: 'r1@chatroom', text: '收到 #3' },
      ],
      now,
    );
    const sent = await run(store);
    expect(sent.map((s) => [s.item.text, s.at])).toEqual([
      ['紧急 #1', 0],
      ['收到 #3', 1500],
      ['紧急 #2', 3000],
    ]);
  });

  it('combines acknowledgements to one group when the queue is deep, naming everyone and every ticket', async () => {
    const store = createMemoryStore();
    const ack = (no: number, id: string, name: string) => ({
      roomId: 'r1@chatroom',
      text: `收到，已登记为工单 #${no}`,
      mentionIds: [id],
      ticketNo: no,
      dedupeKey: `ack:${no}`,
      coalesce: together.ack(name),
    });
    await store.outbox.enqueue([ack(12, 'chen', '陈姐'), ack(13, 'zhou', '老周'), ack(14, 'chen', '陈姐'), ack(15, 'wang', '王阿姨')], now);
    const sent = await run(store);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.item.mentionIds).toEqual(['chen', 'zhou', 'wang']);
    expect(sent[0]!.item.text).toBe('收到，已登记：陈姐 #12、#14；老周 #13；王阿姨 #15。已转值班人员处理，有进展会在群里告诉大家。');
    expect(store.state.outbox.map((o) => [o.status, o.item.sentIn])).toEqual([
      ['sent', sent[0]!.item.id],
      ['sent', sent[0]!.item.id],
      ['sent', sent[0]!.item.id],
      ['sent', sent[0]!.item.id],
    ]);
  });

  it('sends two acknowledgements on their own while the queue is short', async () => {
    const store = createMemoryStore();
    await store.outbox.enqueue(
      [
        { roomId: 'r1@chatroom', text: '收到 #1', ticketNo: 1, coalesce: together.ack('陈姐') },
        { roomId: 'r1@chatroom', text: '收到 #2', ticketNo: 2, coalesce: together.ack('老周') },
      ],
      now,
    );
    expect((await run(store)).map((s) => s.item.text)).toEqual(['收到 #1', '收到 #2']);
  });

  it('turns normal cards waiting for one duty group into a list card, and leaves an urgent card alone', async () => {
    const store = createMemoryStore();
    const card = (no: number) => ({ roomId: 'duty@chatroom', text: `【新工单 #${no}】…`, ticketNo: no, coalesce: together.card(`#${no} 房产物业 · 1群 · 电梯坏了`) });
    await store.outbox.enqueue([card(12), card(13), { roomId: 'duty@chatroom', text: '【紧急工单 #14】', lane: 'urgent', ticketNo: 14 }, card(15)], now);
    const sent = await run(store);
    // One message for everything the duty group was owed: the urgent card first, on its own.
    expect(sent.map((s) => s.item.text)).toEqual([
      [
        '【紧急工单 #14】',
        '',
        '【新工单 3 条】',
        '#12 房产物业 · 1群 · 电梯坏了',
        '#13 房产物业 · 1群 · 电梯坏了',
        '#15 房产物业 · 1群 · 电梯坏了',
        '回复「认领 工单号」接单，例如「认领 12」',
      ].join('\n'),
    ]);
  });

  it('lists urgent cards too when several pile up for one duty group', async () => {
    const store = createMemoryStore();
    const urgent = (no: number) => ({ roomId: 'duty@chatroom', text: `【紧急工单 #${no}】…`, lane: 'urgent' as const, ticketNo: no, coalesce: together.urgentCard(`#${no} 市政设施 · 1群 · 停电了`) });
    await store.outbox.enqueue([urgent(7), urgent(8), urgent(9), urgent(10)], now);
    const sent = await run(store);
    expect(sent.map((s) => s.item.text)).toEqual([
      ['【紧急工单 4 条】', ...[7, 8, 9, 10].map((n) => `#${n} 市政设施 · 1群 · 停电了`), '请立即回复「认领 工单号」接单，例如「认领 7」'].join('\n'),
    ]);
  });

  it('always relays what residents add to one ticket as one 居民补充, even with a short queue', async () => {
    const store = createMemoryStore();
    await store.outbox.enqueue(
      ['水越来越大', '已经漫到客厅'].map((line) => ({ roomId: 'duty@chatroom', text: `工单 #3 居民补充：${line}`, lane: 'relay' as const, ticketNo: 3, coalesce: together.info(3, line) })),
      now,
    );
    const sent = await run(store);
    expect(sent.map((s) => s.item.text)).toEqual(['工单 #3 居民补充 2 条：\n· 水越来越大\n· 已经漫到客厅']);
  });

  it('says the same text to one room once', async () => {
    const store = createMemoryStore();
    await store.outbox.enqueue(
      [
        { roomId: 'r1@chatroom', text: '【社区公告 #7】8栋停水', mentionIds: ['a'] },
        { roomId: 'r1@chatroom', text: '【社区公告 #7】8栋停水', mentionIds: ['b'] },
        { roomId: 'r2@chatroom', text: '【社区公告 #7】8栋停水' },
      ],
      now,
    );
    const sent = await run(store);
    expect(sent.map((s) => [s.item.roomId, s.item.mentionIds])).toEqual([
      ['r1@chatroom', ['a', 'b']],
      ['r2@chatroom', []],
    ]);
  });

  it('sends a combined message interrupted by a crash again as it was, once, with nothing lost', async () => {
    const store = createMemoryStore();
    const rows = [1, 2, 3].map((no) => ({ roomId: 'r1@chatroom', text: `收到 #${no}`, ticketNo: no, coalesce: together.ack(`居民${no}`) }));
    await store.outbox.enqueue(rows, now);
    // The process died after it took three rows for one message, before the platform answered.
    const [a, b, c] = await store.outbox.nextDue(now, 10);
    expect(await store.outbox.claimBatch(a!.id, [a!.id, b!.id], now, new Date(now.getTime() + 60_000))).toBe(true);
    await store.outbox.enqueue([{ roomId: 'r1@chatroom', text: '收到 #4', ticketNo: 4, coalesce: together.ack('居民4') }], now);
    const later = new Date(now.getTime() + 61_000);
    const timer = virtualTimer();
    const sent: OutboxItem[] = [];
    await drain(new OutboxSender({ outbox: store.outbox, chat: { send: async (item) => void sent.push(item) }, clock: { now: () => later }, config: pace, log, timer, coalescer }));
    expect(sent.map((s) => s.text)).toEqual([
      '收到，已登记：居民1 #1；居民2 #2。已转值班人员处理，有进展会在群里告诉大家。',
      '收到 #3',
      '收到 #4',
    ]);
    expect(store.state.outbox.every((o) => o.status === 'sent')).toBe(true);
    expect(c!.sentIn).toBeNull();
  });
});
