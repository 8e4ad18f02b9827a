// The router's promises, with the database taken away and the process "killed" mid-message:
// every message is stored before it is handled, handled once, in its room's order; while the
// database is down messages wait in memory and then in the spool; nothing is lost on a stop.
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../support/fakes/memory-store.js';
import { MessageRouter, type MessageHandler } from '../../../src/app/pipeline/message-router.js';
import { DatabaseGate } from '../../../src/app/pipeline/database-gate.js';
import type { GroupMessageContext } from '../../../src/app/pipeline/message-context.js';
import { Directory } from '../../../src/app/directory.js';
import { createAppContext, type AppContext } from '../../../src/app/app-context.js';
import type { InboundMessage } from '../../../src/app/inbound-message.js';
import { StoreUnavailableError, type Store } from '../../../src/app/ports/store.js';
import { FileSpool } from '../../../src/store/spool.js';
import { privateChatHandler } from '../../../src/app/console-login.js';
import { TestClock, testContext } from '../../support/test-context.js';
import { aMessage as buildMessage } from '../../support/builders.js';

const log = pino({ level: 'silent' });
const ROOMS = ['r1@chatroom', 'r2@chatroom', 'r3@chatroom'];
const T0 = new Date('2026-11-23T08:00:00Z');

/** A store that fails as the real one does when the database went away, while `down` is set. */
function flaky(store: MemoryStore): { store: Store; down: boolean; calls: number } {
  const state = { store: undefined as unknown as Store, down: false, calls: 0 };
  const refuse = () =>
    Promise.reject(new StoreUnavailableError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' })));
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            state.calls++;
            return state.down ? refuse() : (value as (...a: unknown[]) => unknown).apply(t, args);
          };
        }
        return value && typeof value === 'object' ? wrap(value as object) : value;
      },
    });
  state.store = wrap(store);
  return state;
}

/** The i-th message of a busy morning: rooms in turn, seven residents. */
function aMessage(i: number, overrides: Partial<InboundMessage> = {}): InboundMessage {
  return buildMessage({ id: `m-${i}`, roomId: ROOMS[i % ROOMS.length]!, senderId: `resident-${i % 7}`, senderName: `居民${i % 7}`, text: `第 ${i} 条`, at: T0, ...overrides });
}

function directory(): Directory {
  const d = new Directory(
    {
      name: '示范街道',
      communities: [{ id: 'c1', name: '小区', residentGroups: ROOMS.map((id) => ({ id })), dutyGroup: { id: 'duty@chatroom' } }],
      leadersGroup: { id: 'leaders@chatroom' },
      staff: [],
    } as never,
    'bot',
  );
  // Bound as the empty memory store's revision 0 says: no re-read needed.
  const bound = (id: string, kind: 'resident' | 'duty' | 'leaders') => ({
    id,
    topic: id,
    kind,
    community: kind === 'leaders' ? null : 'c1',
    boundBy: null,
    boundAt: null,
    presentSince: T0,
    updatedAt: T0,
  });
  d.load({
    revision: 0,
    people: [],
    rooms: [...ROOMS.map((id) => bound(id, 'resident')), bound('duty@chatroom', 'duty'), bound('leaders@chatroom', 'leaders')],
  });
  return d;
}

interface World {
  memory: MemoryStore;
  db: ReturnType<typeof flaky>;
  handled: string[];
  now: Date;
  router: MessageRouter;
  spool: FileSpool | null;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function spoolFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-spool-'));
  dirs.push(dir);
  return path.join(dir, 'spool', 'inbound.jsonl');
}

/**
 * A router over `memory` whose resident handler says one thing per message (dedupe key = id), in
 * one transaction, and notes the order it handled them in.
 */
function world(opts: { memory?: MemoryStore; maxBuffered?: number; spool?: FileSpool | null; handler?: MessageHandler<GroupMessageContext> } = {}): World {
  const memory = opts.memory ?? createMemoryStore();
  const db = flaky(memory);
  const w = { memory, db, handled: [] as string[], now: T0 } as World;
  const resident: MessageHandler<GroupMessageContext> =
    opts.handler ??
    (async (ctx) => {
      const msg = ctx.message;
      ctx.done('echoed');
      await ctx.transaction(async (tx) => tx.say({ roomId: msg.roomId, text: `回 ${msg.text}`, dedupeKey: `echo:${msg.id}` }));
      w.handled.push(msg.id);
    });
  const app = createAppContext({
    config: { intake: { staleMinutes: 5 } },
    store: db.store,
    clock: { now: () => w.now },
    directory: directory(),
    log,
    texts: { somethingWentWrong: () => '抱歉' },
    afterCommit: () => undefined,
  } as unknown as AppContext);
  const gate = new DatabaseGate({ probe: () => db.store.inbound.unprocessed(1), log, baseDelayMs: 2, maxDelayMs: 10 });
  w.spool = opts.spool ?? null;
  const privateChat = async () => {
    throw new Error('no private chats in this test');
  };
  w.router = new MessageRouter(app, { resident, duty: resident, leaders: resident, private: privateChat, binding: privateChat }, { gate, maxBuffered: opts.maxBuffered, spool: w.spool });
  return w;
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function echoes(memory: MemoryStore): string[] {
  return memory.state.outbox.map((o) => o.item.dedupeKey!).filter((k) => k.startsWith('echo:'));
}

function expectEachOnceInRoomOrder(w: World, n: number): void {
  const ids = Array.from({ length: n }, (_, i) => `m-${i}`);
  expect([...w.handled].sort()).toEqual([...ids].sort());
  expect(echoes(w.memory).sort()).toEqual(ids.map((id) => `echo:${id}`).sort());
  for (const room of ROOMS) {
    const inRoom = w.handled.filter((id) => Number(id.slice(2)) % ROOMS.length === ROOMS.indexOf(room)).map((id) => Number(id.slice(2)));
    expect(inRoom).toEqual([...inRoom].sort((a, b) => a - b));
  }
  expect(w.memory.state.inbound.filter((s) => s.processedAt === null)).toEqual([]);
  expect(w.memory.state.inbound.every((s) => s.outcome === 'echoed')).toBe(true);
}

describe('MessageRouter durability', () => {
  it('holds messages while the database is down and handles each once, in room order, when it is back', async () => {
    const w = world();
    await w.router.start();
    w.db.down = true;
    const done = Array.from({ length: 300 }, (_, i) => w.router.receive(aMessage(i)));
    await until(() => !w.router.gate.up, 'the outage to be noticed');
    await new Promise((r) => setTimeout(r, 30));
    expect(w.handled).toEqual([]);
    expect(w.router.status()).toMatchObject({ database: { up: false }, buffered: 300, spooled: 0 });
    // Re-delivered while waiting: still handled once.
    done.push(w.router.receive(aMessage(7)), w.router.receive(aMessage(8)));

    w.db.down = false;
    await Promise.all(done);
    expectEachOnceInRoomOrder(w, 300);
    expect(w.router.status()).toMatchObject({ database: { up: true, outages: 1 }, buffered: 0 });
  });

  it('judges staleness on arrival: a message that waited out a long outage is still handled', async () => {
    const w = world();
    await w.router.start();
    w.db.down = true;
    const done = w.router.receive(aMessage(0, { at: w.now }));
    w.now = new Date(T0.getTime() + 30 * 60_000);
    await new Promise((r) => setTimeout(r, 20));
    w.db.down = false;
    await done;
    expect(w.handled).toEqual(['m-0']);
    // …while one that was already old when it arrived is not.
    await w.router.receive(aMessage(1, { at: T0 }));
    expect(w.handled).toEqual(['m-0']);
  });

  it('spools to disk past the buffer limit and reads the spool back in order', async () => {
    const file = spoolFile();
    const w = world({ maxBuffered: 40, spool: new FileSpool(file) });
    await w.router.start();
    w.db.down = true;
    const done = Array.from({ length: 200 }, (_, i) => w.router.receive(aMessage(i)));
    await until(() => !w.router.gate.up, 'the outage to be noticed');
    expect(w.router.status()).toMatchObject({ buffered: 40, spooled: 160 });
    expect(existsSync(file)).toBe(true);
    // Arrivals keep their place behind the spool even once there is room in memory.
    w.db.down = false;
    await Promise.all(done);
    await until(() => w.router.inFlight === 0, 'the spool to be read back');
    expectEachOnceInRoomOrder(w, 200);
    expect(existsSync(file)).toBe(false);
    expect(w.router.status()).toMatchObject({ buffered: 0, spooled: 0 });
  });

  it('writes what the database has not taken to the spool on stop, and takes it up after a restart', async () => {
    const file = spoolFile();
    const memory = createMemoryStore();
    const first = world({ memory, maxBuffered: 30, spool: new FileSpool(file) });
    await first.router.start();
    for (let i = 0; i < 10; i++) await first.router.receive(aMessage(i));
    first.db.down = true;
    for (let i = 10; i < 100; i++) void first.router.receive(aMessage(i));
    await until(() => !first.router.gate.up, 'the outage to be noticed');
    expect(first.router.stop()).toEqual({ spooled: 30 });
    await first.router.idle(1000);
    (first.spool as FileSpool).close();

    const second = world({ memory, maxBuffered: 30, spool: new FileSpool(file) });
    second.handled.push(...first.handled);
    expect(await second.router.start()).toEqual({ resumed: 0, spooled: 90 });
    await until(() => second.router.inFlight === 0, 'the restart to catch up');
    expectEachOnceInRoomOrder(second, 100);
  });

  it('does not handle a message twice when the process died after its handler committed', async () => {
    const memory = createMemoryStore();
    const never = new Promise<never>(() => undefined);
    // Run 1 "dies" inside two handlers: one after committing its work, one before.
    const first = world({
      memory,
      handler: async (ctx) => {
        const msg = ctx.message;
        ctx.done('echoed');
        if (msg.id === 'm-2') return never;
        await ctx.transaction(async (tx) => tx.say({ roomId: msg.roomId, text: '已认领', dedupeKey: `echo:${msg.id}` }));
        if (msg.id === 'm-1') return never;
      },
    });
    await first.router.start();
    void first.router.receive(aMessage(0));
    void first.router.receive(aMessage(1));
    void first.router.receive(aMessage(2));
    await until(() => echoes(memory).length === 2, 'run 1 to get as far as it gets');
    const row = (id: string) => memory.state.inbound.find((s) => s.message.id === id)!;
    expect(row('m-0').outcome).toBe('echoed');
    // Its unit of work carried the processed mark.
    expect(row('m-1').outcome).toBe('echoed');
    expect(row('m-1').processedAt).not.toBeNull();
    expect(row('m-2').processedAt).toBeNull();

    // Run 2 over the same database: only m-2, whose handler committed nothing, is handled again.
    const second = world({ memory });
    expect(await second.router.start()).toEqual({ resumed: 1, spooled: 0 });
    await until(() => second.router.inFlight === 0, 'run 2 to catch up');
    expect(second.handled).toEqual(['m-2']);
    expect(echoes(memory).sort()).toEqual(['echo:m-0', 'echo:m-1', 'echo:m-2']);
  });

  it('runs a handler again, whole, when the database went away before it committed anything', async () => {
    let runs = 0;
    const w = world({
      handler: async (ctx) => {
        const msg = ctx.message;
        runs++;
        if (runs === 1) w.db.down = true; // it goes away mid-handler
        ctx.done('echoed');
        await ctx.transaction(async (tx) => tx.say({ roomId: msg.roomId, text: 'x', dedupeKey: `echo:${msg.id}` }));
        w.handled.push(msg.id);
      },
    });
    await w.router.start();
    const done = w.router.receive(aMessage(0));
    await until(() => !w.router.gate.up, 'the outage to be noticed');
    w.db.down = false;
    await done;
    expect(runs).toBe(2);
    expectEachOnceInRoomOrder(w, 1);
  });

  it('takes up stored-but-unprocessed messages before new arrivals of the same room', async () => {
    const memory = createMemoryStore();
    for (let i = 0; i < 6; i++) await memory.inbound.record(aMessage(i));
    const w = world({ memory });
    // Arrives before start(): must wait behind the leftovers.
    const early = w.router.receive(aMessage(6));
    expect(await w.router.start()).toEqual({ resumed: 6, spooled: 0 });
    await early;
    await until(() => w.router.inFlight === 0, 'the catch-up');
    expectEachOnceInRoomOrder(w, 7);
  });

  it('takes a private 登录 through the same door: held while the database is down, one code once it is back', async () => {
    const memory = createMemoryStore();
    const db = flaky(memory);
    const app = await testContext(db.store, new TestClock(T0));
    const gate = new DatabaseGate({ probe: () => db.store.inbound.unprocessed(1), log, baseDelayMs: 2, maxDelayMs: 10 });
    const groups = async () => {
      throw new Error('no group messages in this test');
    };
    const router = new MessageRouter(
      app,
      { resident: groups, duty: groups, leaders: groups, private: privateChatHandler({ loginUrl: () => null }), binding: groups },
      { gate },
    );
    await router.start();
    const login = aMessage(0, { roomId: 'dm:leader-zhao', senderId: 'leader-zhao', senderName: '赵书记', text: '登录', at: T0 });
    db.down = true;
    const done = router.receive(login);
    await until(() => !router.gate.up, 'the outage to be noticed');
    expect(router.status()).toMatchObject({ database: { up: false }, buffered: 1 });
    db.down = false;
    await done;
    await router.receive(login); // re-delivered after a reconnect: nothing more
    expect(memory.state.loginCodes).toHaveLength(1);
    const replies = memory.state.outbox.filter((o) => o.item.roomId === 'dm:leader-zhao');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.item.text).toMatch(/控制台登录码：\d{6}/);
    expect(memory.state.inbound.map((s) => [s.message.id, s.outcome])).toEqual([['m-0', 'login_code']]);
  });
});
