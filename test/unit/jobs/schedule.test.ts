import { describe, expect, it } from 'vitest';
import { isoWeekday, lastOccurrence } from '../../../src/jobs/schedule.js';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('schedules', () => {
  const daily = { kind: 'daily', at: '21:00' } as const;
  const weekly = { kind: 'weekly', day: 1, at: '08:30' } as const;

  it('fires a daily schedule when its instant falls in (from, to]', () => {
    expect(lastOccurrence(daily, sh('2026-11-24T20:59:00'), sh('2026-11-24T21:00:00'), 'Asia/Shanghai')).toEqual(sh('2026-11-24T21:00:00'));
    expect(lastOccurrence(daily, sh('2026-11-24T21:00:00'), sh('2026-11-24T21:01:00'), 'Asia/Shanghai')).toBeNull();
    expect(lastOccurrence(daily, sh('2026-11-24T10:00:00'), sh('2026-11-24T20:59:59'), 'Asia/Shanghai')).toBeNull();
    // Across midnight: yesterday's 21:00 is in the window.
    expect(lastOccurrence(daily, sh('2026-11-24T20:00:00'), sh('2026-11-25T01:00:00'), 'Asia/Shanghai')).toEqual(sh('2026-11-24T21:00:00'));
  });

  it('fires only the latest instant after a jump over several days', () => {
    expect(lastOccurrence(daily, sh('2026-11-20T08:00:00'), sh('2026-11-24T22:00:00'), 'Asia/Shanghai')).toEqual(sh('2026-11-24T21:00:00'));
  });

  it('fires a weekly schedule on its weekday only', () => {
    expect(isoWeekday(sh('2026-11-23T12:00:00'), 'Asia/Shanghai')).toBe(1);
    expect(isoWeekday(sh('2026-11-29T23:59:00'), 'Asia/Shanghai')).toBe(7);
    expect(lastOccurrence(weekly, sh('2026-11-23T08:00:00'), sh('2026-11-23T09:00:00'), 'Asia/Shanghai')).toEqual(sh('2026-11-23T08:30:00'));
    expect(lastOccurrence(weekly, sh('2026-11-24T08:00:00'), sh('2026-11-24T09:00:00'), 'Asia/Shanghai')).toBeNull();
    expect(lastOccurrence(weekly, sh('2026-11-20T00:00:00'), sh('2026-11-28T00:00:00'), 'Asia/Shanghai')).toEqual(sh('2026-11-23T08:30:00'));
  });

  it('keeps local wall-clock time across a DST change', () => {
    // New York moved to EDT on 2026-03-08: 21:00 local is 01:00Z the next day after, 02:00Z before.
    expect(lastOccurrence(daily, new Date('2026-03-07T12:00:00Z'), new Date('2026-03-08T03:00:00Z'), 'America/New_York')).toEqual(new Date('2026-03-08T02:00:00Z'));
    expect(lastOccurrence(daily, new Date('2026-03-08T12:00:00Z'), new Date('2026-03-09T03:00:00Z'), 'America/New_York')).toEqual(new Date('2026-03-09T01:00:00Z'));
  });
});
