// Fits text to a column instead of failing the write: MySQL in strict mode rejects over-long
// values, SQLite would store them, and a chat message must never be lost over its length.

/** At most `max` characters (code points, as VARCHAR counts them; emoji are not split). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/**
 * Longest free text stored (ticket text, messages, notes): TEXT holds 65,535 bytes on MySQL and
 * 16,000 code points are at most 64,000 bytes in utf8mb4.
 */
export const MAX_TEXT = 16_000;
