// The dashboard's numbers for today or this week, over the principal's communities. Counted the
// way the leaders' digest counts them (PeriodStats in src/domain/digest-model.ts, docs/metrics.md):
// claims, resolutions and ratings made in the period, deadlines missed in it; rates by ratesOf().
import type { AppContext } from '../app/app-context.js';
import { localDateKey, startOfLocalDay } from '../domain/calendar.js';
import { emptyPeriodStats, ratesOf, type PeriodStats } from '../domain/digest-model.js';
import { maskPii } from '../domain/mask-pii.js';
import { findRepeatProblems } from '../domain/repeat-problems.js';
import { slaTier } from '../domain/sla.js';
import { OPEN_STATUSES, RATING_LABELS, STATUS_LABELS, type Ticket, type TicketEvent } from '../domain/ticket.js';
import { groupTopic } from './console-ticket.js';
import { durationText, fullTime } from './console-format.js';

export type DashboardRange = 'today' | 'week';
export const DASHBOARD_RANGES: Record<DashboardRange, string> = { today: '今日', week: '本周' };

export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface DashboardFigures {
  range: DashboardRange;
  rangeLabel: string;
  from: string;
  now: string;
  /** Received in the period. */
  created: number;
  /** Open now, and open past the current deadline now. */
  open: number;
  overdue: number;
  period: PeriodStats;
  rates: { claimOnTime: Rate; resolveOnTime: Rate; satisfaction: Rate; redo: Rate };
  /** The 7 local days ending today: received and resolved each day. */
  byDay: Array<{ date: string; created: number; resolved: number }>;
  byCategory: Array<{ code: string; name: string; count: number }>;
  byCommunity: Array<{ id: string; name: string; count: number }>;
  overdueList: Array<{ no: number; community: string; category: string; status: string; assignee: string | null; due: string; overdueBy: string }>;
  repeats: Array<{ community: string; category: string; place: string; ticketNos: number[] }>;
}

const DAY = 24 * 3600_000;
/** Tickets created this long before the period still get their events counted in it. */
const LOOKBACK_DAYS = 30;
const SCAN_LIMIT = 20_000;

export function rangeStart(range: DashboardRange, now: Date, timezone: string): Date {
  const today = startOfLocalDay(now, timezone);
  if (range === 'today') return today;
  const [y, m, d] = localDateKey(now, timezone).split('-').map(Number);
  const sinceMonday = (new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() + 6) % 7;
  // Noon of each earlier day, then its local midnight: safe across DST changes.
  return sinceMonday === 0 ? today : startOfLocalDay(new Date(today.getTime() - sinceMonday * DAY + DAY / 2), timezone);
}

const within = (at: Date, from: Date, to: Date) => at.getTime() >= from.getTime() && at.getTime() < to.getTime();

/** PeriodStats over these tickets and their events, for [from, to) as seen at `now`. */
export function periodStatsOf(tickets: Array<{ ticket: Ticket; events: TicketEvent[] }>, from: Date, to: Date, now: Date): PeriodStats {
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

export async function dashboardFigures(
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
