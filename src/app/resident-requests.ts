// What residents ask of the bot about tickets they reported: status (`进度 N`) and rating.
import { applyAction } from '../domain/transitions.js';
import { DomainError } from '../domain/domain-error.js';
import { refreshDeadlines } from '../domain/sla.js';
import type { Rating, Ticket } from '../domain/ticket.js';
import { inTransaction, replyTo, type AppContext } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';
import { toRoom } from './notify.js';

/** `进度 N`: the status card, for tickets of the asker's own community only. */
export async function answerProgressQuery(ctx: AppContext, msg: InboundMessage, room: RoomInfo, no: number): Promise<string> {
  const ticket = await ctx.store.tickets.get(no);
  const visible = ticket && ticket.community === room.community;
  const text = visible ? statusCardFor(ctx, ticket, await lastNoteEvent(ctx, ticket.no)) : ctx.texts.notFound(no);
  await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, text)], ctx.clock.now()));
  return visible ? 'progress_query' : 'progress_query_unknown';
}

async function lastNoteEvent(ctx: AppContext, no: number) {
  const events = await ctx.store.tickets.events(no);
  return [...events].reverse().find((e) => e.note && ['progress', 'resolved', 'returned', 'reopened'].includes(e.type)) ?? null;
}

function statusCardFor(ctx: AppContext, ticket: Ticket, last: Awaited<ReturnType<typeof lastNoteEvent>>): string {
  return ctx.texts.statusCard(ticket, last);
}

/**
 * A rating word. Without a number it rates the newest resolved ticket this person reported;
 * returns null when there is nothing for them to rate (then it was just a word in chat).
 */
export async function rateFromChat(
  ctx: AppContext,
  msg: InboundMessage,
  rating: Rating,
  no: number | null,
): Promise<string | null> {
  const t = ctx.texts;
  const ticket = no === null ? await ctx.store.tickets.latestResolvedFor(msg.senderId) : await ctx.store.tickets.get(no);
  if (!ticket) {
    if (no === null) return null;
    await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, t.notFound(no))], ctx.clock.now()));
    return 'rating_unknown_ticket';
  }
  if (!ticket.reporters.some((r) => r.id === msg.senderId)) {
    if (no === null) return null;
    await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, t.onlyReportersRate(ticket.no))], ctx.clock.now()));
    return 'rating_refused';
  }
  if (ticket.status !== 'resolved') {
    if (no === null) return null;
    await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, t.notAllowed(ticket, '评价'))], ctx.clock.now()));
    return 'rating_not_resolved';
  }
  try {
    await inTransaction(ctx, async (tx) => {
      const now = ctx.clock.now();
      const fresh = (await tx.tickets.get(ticket.no))!;
      const { ticket: next, events } = applyAction(fresh, { type: 'rate', rating, by: msg.senderId }, {
        actor: { id: msg.senderId, name: msg.senderName },
        now,
      });
      // 重办 gets a full resolve time from now, not the deadline that already passed.
      const saved = await tx.tickets.save(rating === 'unsatisfied' ? refreshDeadlines(next, ctx.config, now) : next, events);
      await tx.outbox.enqueue(
        [replyTo(msg, t.ratedToResident(saved, rating)), ...toRoom(saved.dutyRoomId, t.ratedToDuty(saved, rating), `${msg.id}:duty`)],
        now,
      );
    });
  } catch (err) {
    // Someone else rated it a moment earlier: nothing left to do.
    if (err instanceof DomainError) return 'rating_too_late';
    throw err;
  }
  return `rated_${rating}`;
}
