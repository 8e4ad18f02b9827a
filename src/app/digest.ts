// The leaders' digest: the day's (or week's) numbers as text plus a chart, to the leaders group.
// Nightly and weekly runs are recorded per period, so a restart or a second instance never sends
// one twice; `日报` sends the same digest on demand without recording it.
import { localDateKey, startOfLocalDay } from '../domain/calendar.js';
import type { DigestFigures, DigestKind } from '../domain/digest-model.js';
import { findRepeatProblems } from '../domain/repeat-problems.js';
import type { AppContext } from './app-context.js';
import { renderDigestChartApart } from './digest-chart-apart.js';
import { digestText, digestTitle, type DigestNames } from './digest-text.js';
import type { OutgoingMessage } from './ports/outbox.js';

const DAY = 24 * 60 * 60_000;
const TOP_OVERDUE = 5;
/** Reports read for repeat problems; a week of a whole district stays well below this. */
const REPEAT_SCAN_LIMIT = 20_000;

/** Where each period starts and ends: a day up to `at`, or the seven local days before `at`'s day. */
export function digestPeriod(kind: DigestKind, at: Date, timezone: string): { from: Date; to: Date; key: string } {
  if (kind === 'daily') {
    const from = startOfLocalDay(at, timezone);
    return { from, to: at, key: localDateKey(at, timezone) };
  }
  const to = startOfLocalDay(at, timezone);
  // Noon a week back lands on the right local day even where a day is 23 or 25 hours long.
  const from = startOfLocalDay(new Date(to.getTime() - 7 * DAY + DAY / 2), timezone);
  return { from, to, key: localDateKey(from, timezone) };
}

export async function digestFigures(ctx: AppContext, kind: DigestKind, at: Date): Promise<DigestFigures> {
  const { from, to, key } = digestPeriod(kind, at, ctx.config.timezone);
  const { metrics } = ctx.store;
  const repeatFrom = kind === 'daily' ? new Date(at.getTime() - ctx.config.digest.repeatDays * DAY) : from;
  const trailingFrom = startOfLocalDay(new Date(at.getTime() - 6 * DAY - DAY / 2), ctx.config.timezone);
  const [period, trailing, totals, breakdown, mostOverdue, reports] = await Promise.all([
    metrics.periodStats(from, to),
    kind === 'daily' ? metrics.periodStats(trailingFrom, to) : Promise.resolve(null),
    metrics.totals(at),
    metrics.breakdown(from, to, at),
    metrics.mostOverdue(at, TOP_OVERDUE),
    metrics.reportsBetween(repeatFrom, to, REPEAT_SCAN_LIMIT),
  ]);
  return {
    kind,
    periodKey: key,
    from,
    to,
    at,
    period,
    trailing,
    totals,
    breakdown,
    mostOverdue,
    repeats: findRepeatProblems(reports, ctx.config.digest.repeatMin),
  };
}

export function digestNames(ctx: AppContext): DigestNames {
  return {
    district: ctx.directory.district.name,
    timezone: ctx.config.timezone,
    community: (id) => ctx.directory.communityName(id),
    category: (code) => ctx.texts.categoryName(code),
    group: (id) => ctx.directory.room(id)?.topic ?? id,
    repeatDays: ctx.config.digest.repeatDays,
  };
}

/** The digest's messages: the text, then the chart (left out, with a log line, if it cannot be drawn). */
async function digestMessages(ctx: AppContext, f: DigestFigures, roomId: string, dedupeKey: string): Promise<OutgoingMessage[]> {
  const names = digestNames(ctx);
  const messages: OutgoingMessage[] = [{ roomId, text: digestText(f, names), dedupeKey, lane: 'digest' }];
  if (ctx.config.digest.chart) {
    try {
      // Drawn in a child process: the renderer (echarts + resvg + the font) would otherwise stay in
      // the bot's memory for good after the first digest (digest-chart-apart.ts).
      const png = await renderDigestChartApart(f, names);
      messages.push({ roomId, text: `${digestTitle(f, names)} 图表`, imagePngBase64: png.toString('base64'), dedupeKey: `${dedupeKey}:chart`, lane: 'digest' });
    } catch (err) {
      ctx.log.error({ err, kind: f.kind, period: f.periodKey }, 'digest chart could not be drawn: sending the text alone');
    }
  }
  return messages;
}

/** `日报` in the leaders group: today's digest now, to that room. */
export async function sendDigest(ctx: AppContext, roomId: string, requestId: string): Promise<void> {
  const now = ctx.clock.now();
  const figures = await digestFigures(ctx, 'daily', now);
  const messages = await digestMessages(ctx, figures, roomId, `digest:${requestId}`);
  await ctx.transaction(async (tx) => tx.say(...messages));
}

export type ScheduledDigestOutcome = 'sent' | 'already_sent' | 'no_leaders_group';

/**
 * The scheduled digest of `kind` for the period that `at` (its scheduled instant) closes. The record
 * and the messages land in one transaction; the record's unique key lets only one instance win.
 */
export async function sendScheduledDigest(ctx: AppContext, kind: DigestKind, at: Date): Promise<ScheduledDigestOutcome> {
  const roomId = ctx.directory.leadersRoomId();
  if (!roomId) {
    ctx.log.error({ kind }, 'no leaders group known: the digest cannot be sent');
    return 'no_leaders_group';
  }
  const { key } = digestPeriod(kind, at, ctx.config.timezone);
  if (await ctx.store.digests.has(kind, key)) return 'already_sent';
  const figures = await digestFigures(ctx, kind, at);
  const messages = await digestMessages(ctx, figures, roomId, `digest:${kind}:${key}`);
  const now = ctx.clock.now();
  const sent = await ctx.transaction(async (tx) => {
    if (!(await tx.digests.record({ kind, period: key, roomId, text: messages[0]!.text, at: now }))) return false;
    tx.say(...messages);
    return true;
  });
  ctx.log.info({ kind, period: key, sent }, sent ? 'digest sent' : 'digest was sent by another instance');
  return sent ? 'sent' : 'already_sent';
}
