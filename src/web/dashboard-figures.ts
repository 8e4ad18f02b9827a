// The dashboard's numbers for today or this week, over the principal's communities. Counted the
// way the leaders' digest counts them (PeriodStats in src/domain/digest-model.ts, docs/metrics.md):
// claims, resolutions and ratings made in the period, deadlines missed in it; rates by ratesOf().
// Every figure is an aggregate the database computes over an index range (the store's metrics),
// so the answer takes the same few queries at ten thousand tickets or ten million.
import type { AppContext } from '../app/app-context.js';
import { localDateKey, startOfLocalDay } from '../domain/calendar.js';
import { ratesOf, type PeriodStats } from '../domain/digest-model.js';
import { maskPii } from '../domain/mask-pii.js';
import { findRepeatProblems } from '../domain/repeat-problems.js';
import { STATUS_LABELS } from '../domain/ticket.js';
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
const OVERDUE_LIST = 20;
/** Reports read for repeat problems; a week of a whole district stays well below this. */
const REPEAT_SCAN_LIMIT = 20_000;

export function rangeStart(range: DashboardRange, now: Date, timezone: string): Date {
  const today = startOfLocalDay(now, timezone);
  if (range === 'today') return today;
  const [y, m, d] = localDateKey(now, timezone).split('-').map(Number);
  const sinceMonday = (new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() + 6) % 7;
  // Noon of each earlier day, then its local midnight: safe across DST changes.
  return sinceMonday === 0 ? today : startOfLocalDay(new Date(today.getTime() - sinceMonday * DAY + DAY / 2), timezone);
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

function sumBy<T>(items: T[], key: (item: T) => string, count: (item: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + count(item));
  return sums;
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
  // The 7 local days ending today, today cut at now.
  const dayStarts = Array.from({ length: 7 }, (_, i) => startOfLocalDay(new Date(chartStart.getTime() + i * DAY + DAY / 2), tz));
  const { metrics } = ctx.store;
  const [period, breakdown, flow, mostOverdue, reports] = await Promise.all([
    metrics.periodStats(from, now, communities),
    metrics.breakdown(from, now, now, communities),
    metrics.flow([...dayStarts, now], communities),
    metrics.mostOverdue(now, OVERDUE_LIST, communities),
    metrics.reportsBetween(from, now, REPEAT_SCAN_LIMIT, communities),
  ]);
  const total = (pick: (b: (typeof breakdown)[number]) => number) => breakdown.reduce((sum, b) => sum + pick(b), 0);
  const categoryCounts = sumBy(breakdown, (b) => b.category, (b) => b.created);
  const communityCounts = sumBy(breakdown, (b) => b.community, (b) => b.created);

  return {
    range,
    rangeLabel: DASHBOARD_RANGES[range],
    from: from.toISOString(),
    now: now.toISOString(),
    created: total((b) => b.created),
    open: total((b) => b.open),
    overdue: total((b) => b.overdue),
    period,
    rates: rates(period),
    byDay: flow.map((f, i) => ({ date: localDateKey(dayStarts[i]!, tz), created: f.created, resolved: f.resolved })),
    byCategory: ctx.config.categories
      .map((c) => ({ code: c.code, name: c.name, count: categoryCounts.get(c.code) ?? 0 }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count),
    byCommunity: ctx.directory.district.communities
      .filter((c) => !communities || communities.includes(c.id))
      .map((c) => ({ id: c.id, name: c.name, count: communityCounts.get(c.id) ?? 0 }))
      .sort((a, b) => b.count - a.count),
    overdueList: mostOverdue.map((t) => ({
      no: t.no,
      community: ctx.directory.communityName(t.community),
      category: ctx.texts.categoryName(t.category),
      status: STATUS_LABELS[t.status],
      assignee: t.assigneeName,
      due: fullTime(t.due, tz),
      overdueBy: durationText(now.getTime() - t.due.getTime()),
    })),
    repeats: findRepeatProblems(
      reports.map((r) => ({ ...r, text: maskPii(r.text) })),
      2,
    )
      .slice(0, 10)
      .map((r) => ({
        community: ctx.directory.communityName(r.community),
        category: ctx.texts.categoryName(r.category),
        place: r.place.kind === 'building' ? r.place.building : groupTopic(ctx, r.place.groupId),
        ticketNos: r.ticketNos,
      })),
  };
}
