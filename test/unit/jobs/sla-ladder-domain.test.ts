import { describe, expect, it } from 'vitest';
import { dueSteps, ladderFor, maxLeadMinutes, type LadderPolicy } from '../../../src/domain/sla-ladder.js';
import { isQuietAt } from '../../../src/domain/quiet-hours.js';
import { deadlinesFor, refreshDeadlines } from '../../../src/domain/sla.js';
import type { SlaTable } from '../../../src/config/linli-config.js';

const sla: SlaTable = {
  default: { urgent: { claimMinutes: 15, resolveHours: 4 }, normal: { claimMinutes: 120, resolveHours: 72 } },
  categories: { safety: { urgent: { claimMinutes: 10, resolveHours: 2 } }, services: { normal: { claimMinutes: 240, resolveHours: 120 } } },
};
const policy: LadderPolicy = { warnAt: 0.75, escalateAfterShare: 0.5, escalateAfterMaxHours: 24, urgentEscalateMinutes: 5 };
const T0 = new Date('2026-11-23T01:00:00.000Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);
const aTicket = (o: { status?: 'new' | 'claimed' | 'resolved'; category?: string; urgency?: 'urgent' | 'normal'; createdAt?: Date } = {}) => {
  const category = o.category ?? 'property';
  const urgency = o.urgency ?? 'normal';
  return { status: o.status ?? 'new', category, urgency, ...deadlinesFor(sla, category, urgency, o.createdAt ?? T0) } as const;
};
const plan = (t: Parameters<typeof ladderFor>[0]) => ladderFor(t, sla, policy).map((s) => [s.step, (s.at.getTime() - T0.getTime()) / 60_000]);

describe('SLA ladder', () => {
  it('chases an unclaimed ticket at 75% of its claim time, at the deadline and half the time past it', () => {
    expect(plan(aTicket())).toEqual([
      ['claim_warn', 90],
      ['claim_overdue', 120],
      ['claim_escalate', 180],
    ]);
  });

  it('escalates an urgent unclaimed ticket after a few minutes, before the reminders', () => {
    expect(plan(aTicket({ urgency: 'urgent' }))).toEqual([
      ['claim_escalate', 5],
      ['claim_warn', 11.25],
      ['claim_overdue', 15],
    ]);
  });

  it('chases a claimed ticket against its resolve deadline, escalating at most a day past it', () => {
    expect(plan(aTicket({ status: 'claimed' }))).toEqual([
      ['resolve_warn', 54 * 60],
      ['resolve_overdue', 72 * 60],
      ['resolve_escalate', 96 * 60],
    ]);
    expect(plan(aTicket({ status: 'claimed', urgency: 'urgent', category: 'safety' }))).toEqual([
      ['resolve_warn', 90],
      ['resolve_overdue', 120],
      ['resolve_escalate', 180],
    ]);
  });

  it('has nothing for tickets nobody has to work', () => {
    expect(ladderFor(aTicket({ status: 'resolved' }), sla, policy)).toEqual([]);
  });

  it('gives the steps due at a moment, leaving out those already recorded', () => {
    const t = aTicket();
    expect(dueSteps(t, min(89), sla, policy).map((s) => s.step)).toEqual([]);
    expect(dueSteps(t, min(90), sla, policy).map((s) => s.step)).toEqual(['claim_warn']);
    expect(dueSteps(t, min(500), sla, policy).map((s) => s.step)).toEqual(['claim_warn', 'claim_overdue', 'claim_escalate']);
    expect(dueSteps(t, min(500), sla, policy, ['claim_warn']).map((s) => s.step)).toEqual(['claim_overdue', 'claim_escalate']);
  });

  it('knows how far ahead of a deadline the first step can fall', () => {
    expect(maxLeadMinutes(sla, policy, 'claim')).toBe(60); // services: 25% of 240 minutes
    expect(maxLeadMinutes(sla, policy, 'resolve')).toBe(30 * 60); // services: 25% of 120 hours
  });
});

describe('refreshDeadlines', () => {
  it('restarts both deadlines of a returned ticket and the resolve deadline of a reopened one', () => {
    const later = min(600);
    const returned = refreshDeadlines(aTicket(), { sla }, later);
    expect(returned.claimDueAt).toEqual(min(600 + 120));
    expect(returned.dueAt).toEqual(min(600 + 72 * 60));
    const reopened = refreshDeadlines(aTicket({ status: 'claimed' }), { sla }, later);
    expect(reopened.claimDueAt).toEqual(min(120));
    expect(reopened.dueAt).toEqual(min(600 + 72 * 60));
    const resolved = aTicket({ status: 'resolved' });
    expect(refreshDeadlines(resolved, { sla }, later)).toBe(resolved);
  });

  it('gives a fresh ladder, since steps are keyed on the deadline', () => {
    const returned = refreshDeadlines(aTicket(), { sla }, min(600));
    expect(ladderFor(returned, sla, policy).map((s) => (s.at.getTime() - T0.getTime()) / 60_000)).toEqual([690, 720, 780]);
  });
});

describe('quiet hours', () => {
  const quiet = { start: '22:00', end: '07:00' };
  const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+08:00`);
  it('spans midnight in the deployment time zone', () => {
    expect(isQuietAt(at('21:59'), quiet, 'Asia/Shanghai')).toBe(false);
    expect(isQuietAt(at('22:00'), quiet, 'Asia/Shanghai')).toBe(true);
    expect(isQuietAt(at('03:00'), quiet, 'Asia/Shanghai')).toBe(true);
    expect(isQuietAt(at('06:59'), quiet, 'Asia/Shanghai')).toBe(true);
    expect(isQuietAt(at('07:00'), quiet, 'Asia/Shanghai')).toBe(false);
    // 23:00 in Shanghai is 10:00 in New York.
    expect(isQuietAt(at('23:00'), quiet, 'America/New_York')).toBe(false);
  });
  it('can be a window within a day, or off', () => {
    expect(isQuietAt(at('13:00'), { start: '12:00', end: '14:00' }, 'Asia/Shanghai')).toBe(true);
    expect(isQuietAt(at('14:00'), { start: '12:00', end: '14:00' }, 'Asia/Shanghai')).toBe(false);
    expect(isQuietAt(at('03:00'), null, 'Asia/Shanghai')).toBe(false);
    expect(isQuietAt(at('03:00'), { start: '07:00', end: '07:00' }, 'Asia/Shanghai')).toBe(false);
  });
});
