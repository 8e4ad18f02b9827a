// Calendar arithmetic in the deployment's time zone (days start at local midnight, not UTC).

function offsetMinutes(at: Date, timezone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of local midnight that starts the day containing `at`. */
export function startOfLocalDay(at: Date, timezone: string): Date {
  const offset = offsetMinutes(at, timezone);
  const local = new Date(at.getTime() + offset * 60_000);
  const midnightLocalAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  // The offset at midnight may differ (DST); correct with the offset found there.
  const guess = new Date(midnightLocalAsUtc - offset * 60_000);
  return new Date(midnightLocalAsUtc - offsetMinutes(guess, timezone) * 60_000);
}

/** `YYYY-MM-DD` of the local day containing `at`. */
export function localDateKey(at: Date, timezone: string): string {
  const local = new Date(at.getTime() + offsetMinutes(at, timezone) * 60_000);
  return local.toISOString().slice(0, 10);
}

/** Local hour and minute of `at` (for quiet hours and schedules). */
export function localTimeOfDay(at: Date, timezone: string): { hour: number; minute: number } {
  const local = new Date(at.getTime() + offsetMinutes(at, timezone) * 60_000);
  return { hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}
