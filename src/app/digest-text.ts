// The leaders' digest as text: short sections, numbers first, every rate with what it rests on.
import { ratesOf, type DigestFigures, type PeriodStats } from '../domain/digest-model.js';
import type { RepeatProblem } from '../domain/repeat-problems.js';
import { formatTime } from './texts.js';

export interface DigestNames {
  district: string;
  timezone: string;
  community(id: string): string;
  category(code: string): string;
  /** A resident group's topic. */
  group(id: string): string;
  /** The window repeat problems are looked for in (daily digest). */
  repeatDays: number;
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function dayLabel(key: string): string {
  const d = new Date(`${key}T00:00:00Z`);
  return `${key.slice(5)}（周${WEEKDAYS[d.getUTCDay()]}）`;
}

export function digestTitle(f: DigestFigures, names: DigestNames): string {
  if (f.kind === 'daily') return `【${names.district} 日报 · ${dayLabel(f.periodKey)}】`;
  const last = formatTime(new Date(f.to.getTime() - 1), names.timezone).slice(0, 5);
  return `【${names.district} 周报 · ${f.periodKey.slice(5)} 至 ${last}】`;
}

export function percent(n: number | null): string {
  return n === null ? '—' : `${Math.round(n * 1000) / 10}%`;
}

function duration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))} 分钟`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 6) / 10} 小时`;
  return `${Math.round(minutes / 144) / 10} 天`;
}

function counts(p: PeriodStats): string {
  return `新增 ${p.created} · 签收 ${p.claimed} · 办结 ${p.resolved} · 归档 ${p.closed} · 新超时 ${p.becameOverdue}`;
}

function rateLines(p: PeriodStats, trailing: PeriodStats | null): string[] {
  const r = ratesOf(p);
  const t = trailing ? ratesOf(trailing) : null;
  const line = (label: string, value: number | null, n: number, d: number, recent: number | null | undefined) =>
    `${label} ${percent(value)}${d > 0 ? `（${n}/${d}）` : ''}${t ? `　近7天 ${percent(recent ?? null)}` : ''}`;
  const rated = p.satisfied + p.basicallySatisfied + p.unsatisfied;
  return [
    line('按时签收率', r.claimOnTime, p.claimedOnTime, p.claimed + p.claimMissed, t?.claimOnTime),
    line('按时办结率', r.resolveOnTime, p.resolvedOnTime, p.resolved + p.resolveMissed, t?.resolveOnTime),
    line('满意率', r.satisfaction, p.satisfied + p.basicallySatisfied, rated, t?.satisfaction),
    line('重办率', r.redo, p.reopened, p.resolved, t?.redo),
  ];
}

function repeatLine(p: RepeatProblem, names: DigestNames): string {
  const where = p.place.kind === 'building' ? `${names.community(p.community)} ${p.place.building}` : names.group(p.place.groupId);
  const nos = p.ticketNos.slice(0, 6).map((n) => `#${n}`).join(' ');
  return `${where} · ${names.category(p.category)} ${p.ticketNos.length} 次（${nos}${p.ticketNos.length > 6 ? ' …' : ''}）`;
}

export function digestText(f: DigestFigures, names: DigestNames): string {
  const periodName = f.kind === 'daily' ? '今日' : '本周';
  const tt = f.totals;
  const claimedEver = tt.byStatus.claimed + tt.byStatus.resolved + tt.byStatus.closed;
  const resolvedEver = tt.byStatus.resolved + tt.byStatus.closed;
  const lines = [
    digestTitle(f, names),
    `统计截至 ${formatTime(f.at, names.timezone)}`,
    '',
    `▍${periodName}`,
    counts(f.period),
    '▍累计',
    `工单 ${tt.all} · 签收 ${claimedEver} · 办结 ${resolvedEver} · 归档 ${tt.byStatus.closed}`,
    `在办 ${tt.open}（待签收 ${tt.byStatus.new} · 处理中 ${tt.byStatus.claimed}），其中超时 ${tt.overdue}`,
    `▍指标（${periodName}）`,
    ...rateLines(f.period, f.trailing),
  ];

  const communities = new Map<string, { created: number; resolved: number; open: number; overdue: number }>();
  const categories = new Map<string, { created: number; open: number }>();
  for (const b of f.breakdown) {
    const c = communities.get(b.community) ?? { created: 0, resolved: 0, open: 0, overdue: 0 };
    c.created += b.created;
    c.resolved += b.resolved;
    c.open += b.open;
    c.overdue += b.overdue;
    communities.set(b.community, c);
    const k = categories.get(b.category) ?? { created: 0, open: 0 };
    k.created += b.created;
    k.open += b.open;
    categories.set(b.category, k);
  }
  if (communities.size) {
    lines.push(`▍各社区（${periodName}新增 / 办结 / 在办 / 超时）`);
    for (const [id, c] of [...communities].sort((a, b) => b[1].open + b[1].created - (a[1].open + a[1].created))) {
      lines.push(`${names.community(id)}　${c.created} / ${c.resolved} / ${c.open} / ${c.overdue}`);
    }
    lines.push(`▍各类别（${periodName}新增 / 在办）`);
    const cats = [...categories].filter(([, k]) => k.created + k.open > 0).sort((a, b) => b[1].created - a[1].created || b[1].open - a[1].open);
    lines.push(cats.map(([code, k]) => `${names.category(code)} ${k.created}/${k.open}`).join('　') || '无');
  }
  lines.push('▍超时最久');
  if (f.mostOverdue.length === 0) lines.push('无超时工单 👍');
  for (const o of f.mostOverdue) {
    const holder = o.status === 'new' ? '无人签收' : (o.assigneeName ?? '承办人未知');
    lines.push(
      `#${o.no} ${names.community(o.community)}·${names.category(o.category)}　${o.status === 'new' ? '签收' : '办结'}超时 ${duration(f.at.getTime() - o.due.getTime())}　${holder}`,
    );
  }
  lines.push(`▍重复问题（${f.kind === 'daily' ? `近${names.repeatDays}天` : '本周'}）`);
  if (f.repeats.length === 0) lines.push('无');
  for (const p of f.repeats.slice(0, 8)) lines.push(repeatLine(p, names));
  return lines.join('\n');
}
