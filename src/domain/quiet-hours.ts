// Quiet hours: a local window (default 22:00–07:00) in which non-urgent reminders wait.
import { localTimeOfDay } from './calendar.js';

export interface QuietHours {
  /** `HH:MM`, local. */
  start: string;
  /** `HH:MM`, local; before `start` means the window runs past midnight. */
  end: string;
}

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** True when `at` falls in [start, end) local time. A window with start = end is never quiet. */
export function isQuietAt(at: Date, quiet: QuietHours | null, timezone: string): boolean {
  if (!quiet) return false;
  const { hour, minute } = localTimeOfDay(at, timezone);
  const now = hour * 60 + minute;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
