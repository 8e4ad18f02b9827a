// Two accounts' presences on one store, on fake time: heartbeats while logged in, a lost account's
// groups that nobody else is in announced to the leaders once per loss, and no announcement while
// accounts started together are still showing up.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../../src/app/app-context.js';
import { AccountPresence } from '../../../src/app/account-presence.js';
import { createMemoryStore } from '../../support/fakes/memory-store.js';
import { MONDAY_0900, TestClock, testContext } from '../../support/test-context.js';

const TIMING = { heartbeatMs: 1000, deadAfterMs: 3000 };
const LEADERS = 'leaders@chatroom';

describe('AccountPresence', () => {
  let ctx: AppContext;
  const online = { a: true, b: true };
  let a: AccountPresence;
  let b: AccountPresence;

  beforeEach(async () => {
    vi.useFakeTimers({ now: MONDAY_0900 });
    ctx = await testContext(createMemoryStore(), new TestClock(MONDAY_0900));
    online.a = online.b = true;
    a = new AccountPresence(ctx, TIMING, () => online.a);
    b = new AccountPresence(ctx, TIMING, () => online.b);
    await a.start({ id: 'bot-a', name: '甲' });
    await b.start({ id: 'bot-b', name: '乙' });
    await a.listed(['yg-1@chatroom', 'yg-duty@chatroom', LEADERS]);
    await b.listed(['yg-1@chatroom', LEADERS]);
  });
  afterEach(async () => {
    await a.stop();
    await b.stop();
    vi.useRealTimers();
  });

  const notices = async () =>
    (await ctx.store.outbox.nextDue(new Date(MONDAY_0900.getTime() + 86_400_000), 100)).filter((i) => i.dedupeKey?.startsWith('ops:orphaned:'));

  it('announces the groups only a lost account was in, once per loss', async () => {
    await vi.advanceTimersByTimeAsync(5000);
    expect(await notices()).toEqual([]);

    online.a = false; // logged out: its next beat signs it off
    await vi.advanceTimersByTimeAsync(5000);
    const [notice, ...more] = await notices();
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ roomId: LEADERS, lane: 'urgent' });
    expect(notice!.text).toContain('以下群暂无机器人在线');
    expect(notice!.text).toContain('阳光花园值班群');
    expect(notice!.text).not.toContain('阳光花园邻里牵手1群');
    expect((await ctx.store.accounts.orphans()).map((o) => o.roomId)).toEqual(['yg-duty@chatroom']);

    // Back, then lost again: said again.
    online.a = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(await ctx.store.accounts.orphans()).toEqual([]);
    online.a = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(await notices()).toHaveLength(2);
  });

  it('tells the sender who it is, and a stopped account signs off at once', async () => {
    expect(a.sending()).toEqual({ id: 'bot-a', aliveSince: new Date(Date.now() - TIMING.deadAfterMs) });
    await a.stop();
    const list = await ctx.store.accounts.list(new Date(Date.now() - TIMING.deadAfterMs));
    expect(list.map((x) => [x.id, x.alive])).toEqual([
      ['bot-a', false],
      ['bot-b', true],
    ]);
  });

  it('waits one timeout after its start before counting groups as lost', async () => {
    // A third process starts while bot-a's heartbeat is stale (it is restarting): nothing is said
    // before the timeout has passed since the start, and bot-a is back by then.
    online.a = false;
    await vi.advanceTimersByTimeAsync(1000);
    const c = new AccountPresence(ctx, TIMING, () => true);
    await b.stop();
    await c.start({ id: 'bot-c', name: '丙' });
    await c.listed([LEADERS]);
    await vi.advanceTimersByTimeAsync(2000);
    online.a = true;
    await vi.advanceTimersByTimeAsync(4000);
    expect(await notices()).toEqual([]);
    await c.stop();
  });
});
