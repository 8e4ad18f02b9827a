// The dashboard counts what the leaders' digest counts (docs/metrics.md): over all communities its
// period figures equal the store's own aggregates; for a staff member only their communities count.
import { describe, expect, it } from 'vitest';
import { claimTicket, resolveTicket } from '../../src/app/ticket-actions.js';
import { startOfLocalDay } from '../../src/domain/calendar.js';
import { dashboardFigures, rangeStart } from '../../src/web/dashboard-figures.js';
import { createMemoryStore } from '../support/fakes/memory-store.js';
import { TestClock, testContext } from '../support/test-context.js';
import { openTicket } from '../support/builders.js';

const TZ = 'Asia/Shanghai';
// Wednesday 2026-11-25, 10:00 in Shanghai.
const NOW = new Date('2026-11-25T02:00:00Z');
const local = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour - 8, minute));

describe('dashboard figures', () => {
  async function scenario() {
    const store = createMemoryStore();
    const clock = new TestClock(local(24, 9));
    const ctx = await testContext(store, clock);
    const staff = { id: 'yg-staff-zhang', name: '张网格员' };
    const req = (no: number) => ({ no, actor: staff, scope: 'all' as const, requestId: `r-${no}-${clock.now().getTime()}` });
    // Yesterday: claimed late today. Today: one claimed and resolved on time, one never claimed.
    const late = await openTicket(ctx, { createdAt: local(24, 9) });
    clock.set(local(25, 7));
    const quick = await openTicket(ctx, { createdAt: clock.now() });
    const ignored = await openTicket(ctx, { createdAt: clock.now(), community: 'hepingli' });
    clock.set(local(25, 7, 30));
    await claimTicket(ctx, req(quick.no));
    clock.set(local(25, 8));
    await resolveTicket(ctx, { ...req(quick.no), note: '已修好' });
    clock.set(local(25, 9, 30));
    await claimTicket(ctx, req(late.no));
    clock.set(NOW);
    return { store, ctx, late, quick, ignored };
  }

  it('match the store aggregates the digest uses, today and this week', async () => {
    const { store, ctx } = await scenario();
    for (const range of ['today', 'week'] as const) {
      const f = await dashboardFigures(ctx, null, range, NOW);
      const from = rangeStart(range, NOW, TZ);
      expect(f.period).toEqual(await store.metrics.periodStats(from, NOW));
    }
    const today = await dashboardFigures(ctx, null, 'today', NOW);
    expect(today.period).toMatchObject({ created: 2, claimed: 2, claimedOnTime: 1, claimMissed: 1, resolved: 1, resolvedOnTime: 1 });
    expect(today.rates.claimOnTime).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
    expect(today.rates.resolveOnTime).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(today.rates.satisfaction.value).toBeNull();
    expect(today.overdue).toBe(1); // the 和平里 report nobody claimed
  });

  it('count only a staff member’s communities', async () => {
    const { ctx, ignored } = await scenario();
    const mine = await dashboardFigures(ctx, ['yangguang'], 'today', NOW);
    expect(mine.created).toBe(1);
    expect(mine.byCommunity.map((c) => c.id)).toEqual(['yangguang']);
    expect(mine.overdueList.map((o) => o.no)).not.toContain(ignored.no);
    const all = await dashboardFigures(ctx, null, 'today', NOW);
    expect(all.overdueList.map((o) => o.no)).toContain(ignored.no);
  });

  it('start the week on Monday, local time', () => {
    expect(rangeStart('week', NOW, TZ)).toEqual(local(23, 0));
    expect(rangeStart('today', NOW, TZ)).toEqual(startOfLocalDay(NOW, TZ));
    expect(rangeStart('week', local(23, 0, 1), TZ)).toEqual(local(23, 0));
    expect(rangeStart('week', local(22, 23, 59), TZ)).toEqual(local(16, 0));
  });
});
