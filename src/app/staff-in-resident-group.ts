// Officials sit in resident groups under their own name. What they say there is answers and
// notices, not reports. When one answers a resident (quoting or @-ing them), that counts as the
// first response on the resident's open ticket, and the bot withdraws whatever it was still going
// to say to that resident — it does not talk over a person who already answered.
import { isStaffCommandLike } from '../domain/command-grammar.js';
import { applyAction } from '../domain/transitions.js';
import { maskPii } from '../domain/mask-pii.js';
import { OPEN_STATUSES } from '../domain/ticket.js';
import { excerpt } from './texts.js';
import type { GroupMessageContext } from './pipeline/message-context.js';

/** How far back a staff answer cancels the bot's unsent replies to that resident. */
const TALK_OVER_WINDOW_MS = 10 * 60_000;

export async function handleStaffInResidentGroup(ctx: GroupMessageContext): Promise<void> {
  const { message: msg, room } = ctx;
  // What a reporter says next answers this official, rather than telling more of the report.
  // (Their nickname too: residents open a question by calling them by it.)
  ctx.bursts.officialSpoke(room.id, msg.at, msg.senderName);
  if (isStaffCommandLike(msg.text)) {
    ctx.done('staff_command_in_resident_group');
    return ctx.reply(ctx.texts.staffUseDutyRoom());
  }
  const addressed = msg.mentions.map((m) => ({ id: m.id as string | null, name: m.name }));
  if (msg.quoted) addressed.push({ id: null, name: msg.quoted.name });
  if (addressed.length === 0) return ctx.done('staff_message');

  const open = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], community: room.community ?? undefined, limit: 200 });
  const answered = addressed.flatMap((person) => {
    // The resident's newest open ticket from this group.
    const isThem = (r: { id: string; name: string }) => (person.id ? r.id === person.id : r.name === person.name);
    const ticket = open.find((t) => t.reporters.some((r) => r.roomId === room.id && isThem(r)));
    const reporter = ticket?.reporters.find(isThem);
    return ticket && reporter ? [{ no: ticket.no, reporterId: reporter.id }] : [];
  });
  if (answered.length === 0) return ctx.done('staff_message');

  const now = ctx.clock.now();
  ctx.done('staff_response', answered[answered.length - 1]!.no);
  await ctx.transaction(async (tx) => {
    for (const { no, reporterId } of answered) {
      await tx.outbox.cancelPendingTo(room.id, reporterId, new Date(now.getTime() - TALK_OVER_WINDOW_MS));
      const events = await tx.tickets.events(no);
      if (events.some((e) => e.type === 'responded')) continue;
      const fresh = await tx.tickets.get(no);
      if (!fresh) continue;
      const { ticket: next, events: newEvents } = applyAction(
        fresh,
        { type: 'record_response', note: excerpt(maskPii(msg.text), 80) },
        { actor: { id: ctx.sender.id, name: ctx.sender.name }, now },
      );
      await tx.tickets.save(next, newEvents);
    }
  });
}
