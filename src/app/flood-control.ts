// One member's flood (hundreds of lines in a minute) must not become hundreds of bot messages, and
// none of it may be lost. Past a few messages a minute, whatever a resident writes while their
// report is still open in this burst is added to that report: stored, on the ticket (an
// `info_added` event; its text up to 1,000 characters), and relayed to the duty group as one 居民补充 per few minutes
// (src/app/outbox-coalescing.ts) — no new tickets, no answers, until they calm down.
import type { SenderBurst } from './conversation.js';
import type { GroupMessageContext } from './pipeline/message-context.js';
import { addToReport } from './report-updates.js';

/** More messages than this from one member of one group within a minute is a flood. */
export const FLOOD_PER_MINUTE = 10;
/** A flood stops lengthening the report's text here; each line stays on the ticket as an event. */
const FLOOD_TEXT_LIMIT = 1000;

/**
 * Counts the message; during a flood with a report open in the sender's burst, adds it to that
 * report and returns the burst to keep. Null when the message is read as usual.
 */
export async function absorbFlood(ctx: GroupMessageContext, burstKey: string, burst: SenderBurst | null): Promise<SenderBurst | null> {
  const { message: msg } = ctx;
  const count = ctx.bursts.count(burstKey, msg.at);
  const live = burst && msg.at.getTime() - burst.lastAt.getTime() <= ctx.config.conversation.burstWindowSeconds * 1000 ? burst : null;
  if (count <= FLOOD_PER_MINUTE || live?.ticketNo == null || msg.kind !== 'text') return null;
  const no = live.ticketNo;
  await ctx.transaction((tx) => addToReport(ctx, tx, no, null, { textLimit: FLOOD_TEXT_LIMIT }));
  if (count === FLOOD_PER_MINUTE + 1) ctx.log.info({ ticketNo: no }, 'a resident is flooding: adding their messages to their report');
  return { ...live, lastAt: msg.at };
}
