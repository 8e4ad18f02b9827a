// Moving a sandbox to a known local time: its clock starts at real time, so tests that care about
// the hour (quiet hours, the 21:00 digest) first advance to the next HH:MM in the deployment's zone.
import { localTimeOfDay } from '../../src/domain/calendar.js';
import type { Sandbox } from './sandbox-client.js';

export const TIMEZONE = 'Asia/Shanghai';

/** Minutes from `now` to the next local `hh:mm` (1 … 1440). */
export function minutesUntil(now: Date, hhmm: string, timezone = TIMEZONE): number {
  const [h, m] = hhmm.split(':').map(Number);
  const { hour, minute } = localTimeOfDay(now, timezone);
  const diff = (h! * 60 + m! - (hour * 60 + minute) + 1440) % 1440;
  return diff === 0 ? 1440 : diff;
}

/**
 * Advances the sandbox to the next local `hh:mm`. Seconds stay whatever the real clock had, and the
 * sandbox clock runs on with real time: past :45 a test that expects what happens "at 21:00" could
 * see it at 21:01, so it first waits for the next real minute to begin.
 */
export async function advanceTo(sb: Sandbox, hhmm: string): Promise<Date> {
  let now = new Date(await sb.advance(0));
  if (now.getUTCSeconds() >= 45) {
    await new Promise((r) => setTimeout(r, (61 - now.getUTCSeconds()) * 1000));
    now = new Date(await sb.advance(0));
  }
  return new Date(await sb.advance(minutesUntil(now, hhmm)));
}

export function localHhmm(at: string | Date, timezone = TIMEZONE): string {
  const { hour, minute } = localTimeOfDay(new Date(at), timezone);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
