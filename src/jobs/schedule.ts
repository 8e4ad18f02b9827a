// Daily and weekly schedules as instants in the deployment's time zone, so that a job fires when
// its instant falls in the window (from, to] a run covers — whoever drives the clock.
import { localDateKey, localTimeOfDay, startOfLocalDay } from '../domain/calendar.js';

export type Schedule = { kind: 'daily'; at: string } | { kind: 'weekly'; /** 1 = Monday … 7 = Sunday */ day: number; at: string };

const MINUTE = 60_000;

/** ISO weekday (1 = Monday … 7 = Sunday) of the local day containing `at`. */
export function isoWeekday(at: Date, timezone: string): number {
  const day = new Date(`${localDateKey(at, timezone)}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The instant `hh:mm` local time on the local day that starts at `dayStart`. */
export function localInstant(dayStart: Date, hhmm: string, timezone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const wanted = h! * 60 + m!;
  const guess = new Date(dayStart.getTime() + wanted * MINUTE);
  // Across a DST change the day is 23 or 25 hours long: correct by what the wall clock says.
  const got = localTimeOfDay(guess, timezone);
  return new Date(guess.getTime() + (wanted - (got.hour * 60 + got.minute)) * MINUTE);
}

/**
 * The latest instant of `schedule` in (from, to], or null. Only the latest: after an outage or a
 * jump of the sandbox clock over several days, yesterday's digest is not sent late.
 */
export function lastOccurrence(schedule: Schedule, from: Date, to: Date, timezone: string): Date | null {
  let day = startOfLocalDay(to, timezone);
  for (let i = 0; i < 9; i++) {
    const at = localInstant(day, schedule.at, timezone);
    const matches = schedule.kind === 'daily' || isoWeekday(day, timezone) === schedule.day;
    if (matches && at.getTime() <= to.getTime()) return at.getTime() > from.getTime() ? at : null;
    day = startOfLocalDay(new Date(day.getTime() - 1), timezone);
  }
  return null;
}
