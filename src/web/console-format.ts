// Words and times as the console shows them: Chinese labels, times in the deployment's zone.
import type { SlaTier } from '../domain/sla.js';

export const EVENT_LABELS: Record<string, string> = {
  created: '受理',
  co_reported: '附议',
  claimed: '签收',
  progress: '进展',
  resolved: '办结',
  returned: '退回',
  reassigned: '转派',
  rejected: '作废',
  merged: '并入他单',
  merged_in: '合并进本单',
  rated: '评价',
  closed: '归档',
  reopened: '重办',
  urgency_raised: '升为紧急',
  info_added: '补充情况',
  responded: '答复居民',
  split: '拆分',
  reminded: '催办',
  escalated: '升级督办',
};

export const TIER_LABELS: Record<SlaTier, string> = { red: '已超时', yellow: '临近时限', blue: '时限内' };

const partsCache = new Map<string, Intl.DateTimeFormat>();
function parts(at: Date, timezone: string): Record<string, string> {
  let f = partsCache.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(timezone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/** The zone's offset from UTC at `at`, asked of Intl once per quarter hour (offsets change on quarter hours). */
const QUARTER = 15 * 60_000;
const offsetCache = new Map<string, number>();
function offsetAt(at: Date, timezone: string): number {
  const quarter = Math.floor(at.getTime() / QUARTER);
  const key = `${timezone}|${quarter}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const start = new Date(quarter * QUARTER);
    const p = parts(start, timezone);
    offset = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!) - start.getTime();
    // An export touches a few hundred thousand quarters at most; keep the map from growing for ever.
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-11-23 15:02` in the zone; '' for null. Called per cell by exports: no Intl per call. */
export function fullTime(at: Date | null, timezone: string): string {
  if (!at) return '';
  const local = new Date(at.getTime() + offsetAt(at, timezone));
  return `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}

/** `11-23 15:02` in the zone; '' for null. */
export function shortTime(at: Date | null, timezone: string): string {
  return fullTime(at, timezone).slice(5);
}

/** `3 小时 20 分` */
export function durationText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} 小时${minutes % 60 ? ` ${minutes % 60} 分` : ''}`;
  return `${Math.floor(hours / 24)} 天${hours % 24 ? ` ${hours % 24} 小时` : ''}`;
}

/** A share as `87.5%`, or `—` when nothing counted. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** Local `YYYY-MM-DD` → the instant of local midnight that starts it; null when malformed. */
export function localDateStart(date: string, timezone: string, startOfLocalDay: (at: Date, tz: string) => Date): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const noonUtc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  if (Number.isNaN(noonUtc.getTime()) || noonUtc.toISOString().slice(0, 10) !== date) return null;
  // Noon UTC falls on the same local date for every zone from UTC-11 to UTC+11; step for the rest.
  for (const shift of [0, -12, 12]) {
    const candidate = new Date(noonUtc.getTime() + shift * 3600_000);
    const start = startOfLocalDay(candidate, timezone);
    if (fullTime(start, timezone).slice(0, 10) === date) return start;
  }
  return null;
}
