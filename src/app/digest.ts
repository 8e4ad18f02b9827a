// The leaders' digest: today's numbers in plain Chinese, sent to the leaders group.
import { startOfLocalDay, localDateKey } from '../domain/calendar.js';
import { OPEN_STATUSES, type Ticket } from '../domain/ticket.js';
import { inTransaction, type AppContext } from './app-context.js';

const DAY_LIMIT = 5000;

export interface DigestFigures {
  date: string;
  created: number;
  claimed: number;
  resolved: number;
  closed: number;
  open: number;
  overdue: number;
  byCategory: Array<[string, number]>;
}

function within(d: Date | null, from: Date, to: Date): boolean {
  return d !== null && d >= from && d < to;
}

export async function digestFigures(ctx: AppContext, now: Date): Promise<DigestFigures> {
  const from = startOfLocalDay(now, ctx.config.timezone);
  const recent = await ctx.store.tickets.list({ limit: DAY_LIMIT });
  const open = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], limit: DAY_LIMIT });
  const today = recent.filter((t) => within(t.createdAt, from, now));
  const overdue = (t: Ticket) => (t.status === 'new' ? t.claimDueAt : t.dueAt).getTime() < now.getTime();
  const counts = new Map<string, number>();
  for (const t of today) counts.set(t.category, (counts.get(t.category) ?? 0) + 1);
  return {
    date: localDateKey(now, ctx.config.timezone),
    created: today.length,
    claimed: recent.filter((t) => within(t.claimedAt, from, now)).length,
    resolved: recent.filter((t) => within(t.resolvedAt, from, now)).length,
    closed: recent.filter((t) => within(t.closedAt, from, now)).length,
    open: open.length,
    overdue: open.filter(overdue).length,
    byCategory: [...counts].sort((a, b) => b[1] - a[1]),
  };
}

export function digestText(ctx: AppContext, f: DigestFigures): string {
  const categories = f.byCategory.length
    ? f.byCategory.map(([code, n]) => `${ctx.texts.categoryName(code)} ${n}`).join('、')
    : '无';
  return [
    `【${ctx.directory.district.name} ${f.date} 日报】`,
    `今日新增 ${f.created} 件，签收 ${f.claimed} 件，办结 ${f.resolved} 件，评价归档 ${f.closed} 件。`,
    `目前在办 ${f.open} 件，其中超时 ${f.overdue} 件。`,
    `今日分类：${categories}`,
  ].join('\n');
}

export async function sendDigest(ctx: AppContext, roomId: string, requestId: string): Promise<void> {
  const figures = await digestFigures(ctx, ctx.clock.now());
  await inTransaction(ctx, (tx) =>
    tx.outbox.enqueue([{ roomId, text: digestText(ctx, figures), dedupeKey: `digest:${requestId}` }], ctx.clock.now()),
  );
}
