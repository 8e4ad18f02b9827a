// Officials sit in resident groups under their own name. What they say there is answers and
// notices, not reports. When one answers a resident (quoting or @-ing them), that counts as the
// first response on the resident's open ticket, and the bot withdraws whatever it was still going
// to say to that resident — it does not talk over a person who already answered.
import { isStaffCommandLike } from '../domain/command-grammar.js';
import { applyAction } from '../domain/transitions.js';
import { maskPii } from '../domain/mask-pii.js';
import { OPEN_STATUSES } from '../domain/ticket.js';
import { excerpt } from './texts.js';
import { inTransaction, replyTo, type AppContext } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';
import type { Outcome } from './router.js';

/** How far back a staff answer cancels the bot's unsent replies to that resident. */
const TALK_OVER_WINDOW_MS = 10 * 60_000;

export async function handleStaffInResidentGroup(ctx: AppContext, msg: InboundMessage, room: RoomInfo): Promise<Outcome> {
  if (isStaffCommandLike(msg.text)) {
    await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, ctx.texts.staffUseDutyRoom())], ctx.clock.now()));
    return 'staff_command_in_resident_group';
  }
  const addressed = msg.mentions.map((m) => ({ id: m.id as string | null, name: m.name }));
  if (msg.quoted) addressed.push({ id: null, name: msg.quoted.name });
  if (addressed.length === 0) return 'staff_message';

  const open = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], community: room.community ?? undefined, limit: 200 });
  const now = ctx.clock.now();
  let responded: number | null = null;
  for (const person of addressed) {
    // The resident's newest open ticket from this group.
    const ticket = open.find((t) =>
      t.reporters.some((r) => r.roomId === room.id && (person.id ? r.id === person.id : r.name === person.name)),
    );
    if (!ticket) continue;
    const reporter = ticket.reporters.find((r) => (person.id ? r.id === person.id : r.name === person.name))!;
    await inTransaction(ctx, async (tx) => {
      await tx.outbox.cancelPendingTo(room.id, reporter.id, new Date(now.getTime() - TALK_OVER_WINDOW_MS));
      const events = await tx.tickets.events(ticket.no);
      if (events.some((e) => e.type === 'responded')) return;
      const fresh = (await tx.tickets.get(ticket.no))!;
      const { ticket: next, events: newEvents } = applyAction(
        fresh,
        { type: 'record_response', note: excerpt(maskPii(msg.text), 80) },
        { actor: { id: msg.senderId, name: msg.senderName }, now },
      );
      await tx.tickets.save(next, newEvents);
    });
    responded = ticket.no;
  }
  return responded === null ? 'staff_message' : { outcome: 'staff_response', ticketNo: responded };
}
