// The ladder use-case on the in-memory store: what is recorded and said, and when it is not.
import { beforeEach, describe, expect, it } from 'vitest';
import { runSlaLadder } from '../../../src/app/sla-ladder.js';
import { applyAction } from '../../../src/domain/transitions.js';
import { refreshDeadlines } from '../../../src/domain/sla.js';
import { createMemoryStore, type MemoryStore } from '../../support/fakes/memory-store.js';
import { MONDAY_0900, TestClock, minutes, testContext } from '../../support/test-context.js';
import { openTicket } from '../../support/builders.js';
import type { AppContext } from '../../../src/app/app-context.js';

describe('runSlaLadder', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let ctx: AppContext;
  beforeEach(async () => {
    store = createMemoryStore();
    clock = new TestClock(MONDAY_0900);
    ctx = await testContext(store, clock);
  });

  const said = () => store.state.outbox.map((o) => ({ room: o.item.roomId, text: o.item.text, mentions: o.item.mentionIds }));
  const steps = async (no: number) =>
    (await store.tickets.events(no)).filter((e) => e.type === 'reminded' || e.type === 'escalated').map((e) => /\[(\w+)\]/.exec(e.note!)?.[1]);

  it('records each step as an event with its notice, once however often it runs', async () => {
    const t = await openTicket(ctx, { createdAt: MONDAY_0900 });
    expect((await runSlaLadder(ctx, minutes(MONDAY_0900, 89))).sent).toBe(0);
    expect(await runSlaLadder(ctx, minutes(MONDAY_0900, 90))).toMatchObject({ sent: 1 });
    expect(await runSlaLadder(ctx, minutes(MONDAY_0900, 90))).toMatchObject({ sent: 0 });
    expect(await steps(t.no)).toEqual(['claim_warn']);
    await runSlaLadder(ctx, minutes(MONDAY_0900, 120));
    await runSlaLadder(ctx, minutes(MONDAY_0900, 180));
    await runSlaLadder(ctx, minutes(MONDAY_0900, 181));
    expect(await steps(t.no)).toEqual(['claim_warn', 'claim_overdue', 'claim_escalate']);
    const texts = said().map((m) => `${m.room} ${m.text.split('\n')[0]}`);
    expect(texts).toEqual([
      expect.stringMatching(/^yg-duty@chatroom 【待签收提醒】工单 #1/),
      expect.stringMatching(/^yg-duty@chatroom 【签收超时】工单 #1/),
      expect.stringMatching(/^leaders@chatroom 【督办】工单 #1/),
      expect.stringMatching(/^yg-duty@chatroom 工单 #1 已报领导督办/),
    ]);
    expect([...said()[1]!.mentions].sort()).toEqual(['yg-staff-chen', 'yg-staff-zhang']); // the duty group's staff, bound by id
    expect((await store.tickets.get(t.no))!.version).toBe(4);
  });

  it('stops when the ticket is claimed and starts the resolve ladder, @-ing the assignee', async () => {
    const t = await openTicket(ctx, { createdAt: MONDAY_0900 });
    await runSlaLadder(ctx, minutes(MONDAY_0900, 90));
    const staff = { id: 'yg-staff-chen', name: '物业小陈' };
    const claimed = applyAction((await store.tickets.get(t.no))!, { type: 'claim' }, { actor: staff, now: minutes(MONDAY_0900, 100) });
    await store.tickets.save(claimed.ticket, claimed.events);
    await runSlaLadder(ctx, minutes(MONDAY_0900, 200));
    expect(await steps(t.no)).toEqual(['claim_warn']);
    await runSlaLadder(ctx, minutes(MONDAY_0900, 54 * 60));
    await runSlaLadder(ctx, minutes(MONDAY_0900, 72 * 60));
    expect(await steps(t.no)).toEqual(['claim_warn', 'resolve_warn', 'resolve_overdue']);
    expect(said().slice(-2).map((m) => m.mentions)).toEqual([['yg-staff-chen'], ['yg-staff-chen']]);
    expect(said().at(-1)!.text).toContain('【催办】');
  });

  it('starts a fresh ladder when 退回 restarts the deadlines', async () => {
    const t = await openTicket(ctx, { createdAt: MONDAY_0900 });
    await runSlaLadder(ctx, minutes(MONDAY_0900, 180)); // the whole claim ladder
    const staff = { id: 'yg-staff-chen', name: '物业小陈' };
    const c = applyAction((await store.tickets.get(t.no))!, { type: 'claim' }, { actor: staff, now: minutes(MONDAY_0900, 200) });
    const claimed = await store.tickets.save(c.ticket, c.events);
    const r = applyAction(claimed, { type: 'return', reason: '不归我们管' }, { actor: staff, now: minutes(MONDAY_0900, 300) });
    await store.tickets.save(refreshDeadlines(r.ticket, ctx.config, minutes(MONDAY_0900, 300)), r.events);
    await runSlaLadder(ctx, minutes(MONDAY_0900, 389));
    expect(await steps(t.no)).toHaveLength(3);
    await runSlaLadder(ctx, minutes(MONDAY_0900, 390)); // 75% of the new claim time
    expect(await steps(t.no)).toEqual(['claim_warn', 'claim_overdue', 'claim_escalate', 'claim_warn']);
  });

  it('holds non-urgent steps in quiet hours and sends them at their end; urgent ones go at once', async () => {
    const evening = new Date('2026-11-23T20:40:00+08:00');
    const normal = await openTicket(ctx, { createdAt: evening });
    const urgent = await openTicket(ctx, { createdAt: new Date('2026-11-23T23:00:00+08:00'), urgency: 'urgent' });
    expect(await runSlaLadder(ctx, new Date('2026-11-23T23:05:00+08:00'))).toMatchObject({ sent: 1, held: 2 }); // the evening ticket's 22:10 and 22:40 steps
    expect(await steps(urgent.no)).toEqual(['claim_escalate']);
    expect(await runSlaLadder(ctx, new Date('2026-11-24T06:59:00+08:00'))).toMatchObject({ sent: 2 }); // the urgent one, still unclaimed
    expect(await steps(normal.no)).toEqual([]);
    await runSlaLadder(ctx, new Date('2026-11-24T07:00:00+08:00'));
    expect(await steps(normal.no)).toEqual(['claim_warn', 'claim_overdue', 'claim_escalate']);
  });

  it('sends a step once when two runners race over one store', async () => {
    const tickets = await Promise.all(Array.from({ length: 5 }, (_, i) => openTicket(ctx, { createdAt: minutes(MONDAY_0900, i) })));
    const other = await testContext(store, clock);
    await Promise.all([runSlaLadder(ctx, minutes(MONDAY_0900, 300)), runSlaLadder(other, minutes(MONDAY_0900, 300))]);
    for (const t of tickets) expect(await steps(t.no)).toEqual(['claim_warn', 'claim_overdue', 'claim_escalate']);
    expect(said()).toHaveLength(5 * 4);
  });

  it('leaves tickets whose deadlines are older than the look-back alone', async () => {
    await openTicket(ctx, { createdAt: minutes(MONDAY_0900, -9 * 24 * 60) });
    expect(await runSlaLadder(ctx, MONDAY_0900)).toMatchObject({ scanned: 0, sent: 0 });
  });
});
