// The digest's figures, text, chart and once-per-period record, on the in-memory store.
import { beforeEach, describe, expect, it } from 'vitest';
import { digestFigures, digestPeriod, sendDigest, sendScheduledDigest } from '../../../src/app/digest.js';
import { ratesOf } from '../../../src/domain/digest-model.js';
import { applyAction, type TicketAction } from '../../../src/domain/transitions.js';
import type { AppContext } from '../../../src/app/app-context.js';
import { createMemoryStore, type MemoryStore } from '../../support/fakes/memory-store.js';
import { MONDAY_0900, TestClock, minutes, testContext } from '../../support/test-context.js';
import { openTicket } from '../../support/builders.js';

const staff = { id: 'yg-staff-chen', name: '物业小陈' };
const resident = { id: 'yg-chenjie', name: '陈姐' };

describe('digest', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let ctx: AppContext;
  beforeEach(async () => {
    store = createMemoryStore();
    clock = new TestClock(MONDAY_0900);
    ctx = await testContext(store, clock);
  });

  async function act(no: number, action: TicketAction, at: number, actor = staff) {
    const t = (await store.tickets.get(no))!;
    const r = applyAction(t, action, { actor, now: minutes(MONDAY_0900, at) });
    await store.tickets.save(r.ticket, r.events);
  }

  async function aDay() {
    const yesterday = await openTicket(ctx, { createdAt: minutes(MONDAY_0900, -20 * 60), text: '8栋电梯坏了' }); // #1
    const onTime = await openTicket(ctx, { createdAt: MONDAY_0900, text: '8栋门禁坏了' }); // #2
    const late = await openTicket(ctx, { createdAt: MONDAY_0900, text: '八栋楼道灯不亮', community: 'yangguang' }); // #3
    const never = await openTicket(ctx, { createdAt: minutes(MONDAY_0900, 60), category: 'municipal', community: 'hepingli', text: '路灯坏了' }); // #4
    await act(yesterday.no, { type: 'claim' }, -19 * 60);
    await act(yesterday.no, { type: 'resolve', note: '修好了' }, 60); // on time (72 h)
    await act(yesterday.no, { type: 'rate', rating: 'unsatisfied', by: resident.id }, 120, resident); // 重办
    await act(onTime.no, { type: 'claim' }, 30);
    await act(onTime.no, { type: 'resolve', note: '好了' }, 90);
    await act(onTime.no, { type: 'rate', rating: 'basically_satisfied', by: resident.id }, 100, resident);
    await act(late.no, { type: 'claim' }, 150); // 30 minutes late
    return { yesterday, onTime, late, never };
  }

  it('counts the day as docs/metrics.md defines it', async () => {
    await aDay();
    const f = await digestFigures(ctx, 'daily', minutes(MONDAY_0900, 12 * 60));
    expect(f.periodKey).toBe('2026-11-23');
    expect(f.from).toEqual(new Date('2026-11-22T16:00:00.000Z'));
    expect(f.period).toMatchObject({
      created: 3,
      claimed: 2,
      claimedOnTime: 1,
      claimMissed: 1, // #4, unclaimed past 11:00
      resolved: 2,
      resolvedOnTime: 2,
      resolveMissed: 0,
      closed: 1,
      reopened: 1,
      satisfied: 0,
      basicallySatisfied: 1,
      unsatisfied: 1,
      becameOverdue: 1,
    });
    expect(ratesOf(f.period)).toEqual({ claimOnTime: 1 / 3, resolveOnTime: 1, satisfaction: 0.5, redo: 0.5 });
    expect(f.totals).toMatchObject({ all: 4, open: 3, overdue: 1 });
    expect(f.totals.byStatus).toMatchObject({ new: 1, claimed: 2, closed: 1 });
    expect(f.mostOverdue.map((o) => [o.no, o.status, o.assigneeName])).toEqual([[4, 'new', null]]);
    expect(f.repeats.map((r) => [r.place, r.ticketNos])).toEqual([[{ kind: 'building', building: '8号楼' }, [1, 2, 3]]]);
    expect(f.breakdown).toEqual([
      { community: 'hepingli', category: 'municipal', created: 1, resolved: 0, open: 1, overdue: 1 },
      { community: 'yangguang', category: 'property', created: 2, resolved: 2, open: 2, overdue: 0 },
    ]);
  });

  it('takes the week before the scheduled day for the weekly summary', () => {
    const monday = new Date('2026-11-30T08:30:00+08:00');
    const p = digestPeriod('weekly', monday, 'Asia/Shanghai');
    expect(p).toEqual({ from: new Date('2026-11-23T00:00:00+08:00'), to: new Date('2026-11-30T00:00:00+08:00'), key: '2026-11-23' });
  });

  it('sends the scheduled digest once per period: text, then the chart as a PNG', async () => {
    await aDay();
    clock.set(minutes(MONDAY_0900, 12 * 60));
    const at = minutes(MONDAY_0900, 12 * 60);
    expect(await sendScheduledDigest(ctx, 'daily', at)).toBe('sent');
    expect(await sendScheduledDigest(ctx, 'daily', at)).toBe('already_sent');
    expect(await sendScheduledDigest(await testContext(store, clock), 'daily', minutes(at, 30))).toBe('already_sent');
    const out = store.state.outbox.map((o) => o.item);
    expect(out.map((m) => [m.roomId, m.dedupeKey])).toEqual([
      ['leaders@chatroom', 'digest:daily:2026-11-23'],
      ['leaders@chatroom', 'digest:daily:2026-11-23:chart'],
    ]);
    expect(out[0]!.text).toContain('【示范街道 日报 · 11-23（周一）】');
    expect(out[0]!.text).toContain('按时签收率 33.3%（1/3）');
    const png = Buffer.from(out[1]!.imagePngBase64!, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([960, 560]); // IHDR width × height
    expect(store.state.digestRuns.map((d) => [d.kind, d.period])).toEqual([['daily', '2026-11-23']]);
  });

  it('sends the text alone when charts are off, and on demand without recording it', async () => {
    ctx = await testContext(store, clock, (c) => (c.digest.chart = false));
    await sendDigest(ctx, 'leaders@chatroom', 'msg-42');
    expect(store.state.outbox.map((o) => o.item.dedupeKey)).toEqual(['digest:msg-42']);
    expect(store.state.digestRuns).toEqual([]);
  });
});
