// The dashboard as it was computed before issue 15: tickets loaded (at most 20,000 recent and
// 20,000 open) with their events one by one, counted in JavaScript. Kept only as the reference
// the aggregate queries of src/web/dashboard-figures.ts are checked against on small data.
import type { AppContext } from '../../src/app/app-context.js';
import { localDateKey, startOfLocalDay } from '../../src/domain/calendar.js';
import { emptyPeriodStats, ratesOf, type PeriodStats } from '../../src/domain/digest-model.js';
import { maskPii } from '../../src/domain/mask-pii.js';
import { findRepeatProblems } from '../../src/domain/repeat-problems.js';
import { slaTier } from '../../src/domain/sla.js';
import { OPEN_STATUSES, RATING_LABELS, STATUS_LABELS, type Ticket, type TicketEvent } from '../../src/domain/ticket.js';
import { groupTopic } from '../../src/web/console-ticket.js';
import { durationText, fullTime } from '../../src/web/console-format.js';
import { DASHBOARD_RANGES, rangeStart, type DashboardFigures, type DashboardRange } from '../../src/web/dashboard-figures.js';

const DAY = 24 * 3600_000;
/** Tickets created this long before the period still get their events counted in it. */
const LOOKBACK_DAYS = 30;
const SCAN_LIMIT = 20_000;

const within = (at: Date, from: Date, to: Date) => at.getTime() >= from.getTime() && at.getTime() < to.getTime();

/** PeriodStats over these tickets and their events, for [from, to) as seen at `now`. */
function periodStatsOf(tickets: Array<{ ticket: Ticket; events: TicketEvent[] }>, from: Date, to: Date, now: Date): PeriodStats {
  const p = emptyPeriodStats();
  const passed = (due: Date) => within(due, from, to) && due.getTime() <= now.getTime();
  for (const { ticket: t, events } of tickets) {
    if (within(t.createdAt, from, to)) p.created++;
    for (const e of events) {
      if (!within(e.at, from, to)) continue;
      if (e.type === 'claimed') {
        p.claimed++;
        if (e.at.getTime() <= t.claimDueAt.getTime()) p.claimedOnTime++;
      } else if (e.type === 'resolved') {
        p.resolved++;
        if (e.at.getTime() <= t.dueAt.getTime()) p.resolvedOnTime++;
      } else if (e.type === 'closed') p.closed++;
      else if (e.type === 'reopened') p.reopened++;
      else if (e.type === 'rated') {
        if (e.note === RATING_LABELS.satisfied) p.satisfied++;
        else if (e.note === RATING_LABELS.basically_satisfied) p.basicallySatisfied++;
        else if (e.note === RATING_LABELS.unsatisfied) p.unsatisfied++;
      }
    }
    if (t.status === 'new' && passed(t.claimDueAt)) p.claimMissed++;
    if (OPEN_STATUSES.includes(t.status) && passed(t.dueAt)) p.resolveMissed++;
    const current = t.status === 'new' ? t.claimDueAt : t.status === 'claimed' ? t.dueAt : null;
    if (current && passed(current)) p.becameOverdue++;
  }
  return p;
}

function rates(p: PeriodStats): DashboardFigures['rates'] {
  const r = ratesOf(p);
  const rated = p.satisfied + p.basicallySatisfied + p.unsatisfied;
  return {
    claimOnTime: { numerator: p.claimedOnTime, denominator: p.claimed + p.claimMissed, value: r.claimOnTime },
    resolveOnTime: { numerator: p.resolvedOnTime, denominator: p.resolved + p.resolveMissed, value: r.resolveOnTime },
    satisfaction: { numerator: p.satisfied + p.basicallySatisfied, denominator: rated, value: r.satisfaction },
    redo: { numerator: p.reopened, denominator: p.resolved, value: r.redo },
  };
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

export async function legacyDashboardFigures(
  ctx: AppContext,
  communities: string[] | null,
  range: DashboardRange,
  now: Date,
): Promise<DashboardFigures> {
  const tz = ctx.config.timezone;
  const from = rangeStart(range, now, tz);
  const todayStart = startOfLocalDay(now, tz);
  const chartStart = startOfLocalDay(new Date(todayStart.getTime() - 6 * DAY + DAY / 2), tz);
  const earliest = new Date(Math.min(from.getTime(), chartStart.getTime()));
  const scope = communities ? { communities } : {};
  const [recent, open] = await Promise.all([
    ctx.store.tickets.list({ ...scope, createdFrom: new Date(earliest.getTime() - LOOKBACK_DAYS * DAY), limit: SCAN_LIMIT }),
    ctx.store.tickets.list({ ...scope, status: [...OPEN_STATUSES], limit: SCAN_LIMIT }),
  ]);
  const byNo = new Map<number, Ticket>();
  for (const t of [...recent, ...open]) byNo.set(t.no, t);
  // Events only where some may fall in the window: not for tickets archived before it began.
  const candidates = [...byNo.values()].filter((t) => !(t.closedAt && t.closedAt.getTime() < earliest.getTime()));
  const withEvents: Array<{ ticket: Ticket; events: TicketEvent[] }> = [];
  for (let i = 0; i < candidates.length; i += 20) {
    const batch = candidates.slice(i, i + 20);
    const events = await Promise.all(batch.map((t) => ctx.store.tickets.events(t.no)));
    batch.forEach((ticket, j) => withEvents.push({ ticket, events: events[j]! }));
  }

  const period = periodStatsOf(withEvents, from, now, now);
  const createdInRange = [...byNo.values()].filter((t) => within(t.createdAt, from, now));
  const openNow = [...byNo.values()].filter((t) => OPEN_STATUSES.includes(t.status));
  const overdueNow = openNow.filter((t) => slaTier(t, now) === 'red');

  const byDay: DashboardFigures['byDay'] = [];
  for (let i = 0; i < 7; i++) {
    const dayStart = startOfLocalDay(new Date(chartStart.getTime() + i * DAY + DAY / 2), tz);
    const dayEnd = i === 6 ? now : startOfLocalDay(new Date(dayStart.getTime() + DAY + DAY / 2), tz);
    const day = periodStatsOf(withEvents, dayStart, dayEnd, now);
    byDay.push({ date: localDateKey(dayStart, tz), created: day.created, resolved: day.resolved });
  }

  const categoryCounts = countBy(createdInRange, (t) => t.category);
  const communityCounts = countBy(createdInRange, (t) => t.community);
  const dueOf = (t: Ticket) => (t.status === 'new' ? t.claimDueAt : t.dueAt);
  const reports = createdInRange
    .filter((t) => t.status !== 'rejected' && t.status !== 'merged')
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.no - b.no)
    .map((t) => ({ no: t.no, community: t.community, category: t.category, groupId: t.groupId, text: maskPii(t.text).slice(0, 200) }));

  return {
    range,
    rangeLabel: DASHBOARD_RANGES[range],
    from: from.toISOString(),
    now: now.toISOString(),
    created: createdInRange.length,
    open: openNow.length,
    overdue: overdueNow.length,
    period,
    rates: rates(period),
    byDay,
    byCategory: ctx.config.categories
      .map((c) => ({ code: c.code, name: c.name, count: categoryCounts.get(c.code) ?? 0 }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count),
    byCommunity: ctx.directory.district.communities
      .filter((c) => !communities || communities.includes(c.id))
      .map((c) => ({ id: c.id, name: c.name, count: communityCounts.get(c.id) ?? 0 }))
      .sort((a, b) => b.count - a.count),
    overdueList: overdueNow
      .sort((a, b) => dueOf(a).getTime() - dueOf(b).getTime())
      .slice(0, 20)
      .map((t) => ({
        no: t.no,
        community: ctx.directory.communityName(t.community),
        category: ctx.texts.categoryName(t.category),
        status: STATUS_LABELS[t.status],
        assignee: t.assignee?.name ?? null,
        due: fullTime(dueOf(t), tz),
        overdueBy: durationText(now.getTime() - dueOf(t).getTime()),
      })),
    repeats: findRepeatProblems(reports, 2)
      .slice(0, 10)
      .map((r) => ({
        community: ctx.directory.communityName(r.community),
        category: ctx.texts.categoryName(r.category),
        place: r.place.kind === 'building' ? r.place.building : groupTopic(ctx, r.place.groupId),
        ticketNos: r.ticketNos,
      })),
  };
}
