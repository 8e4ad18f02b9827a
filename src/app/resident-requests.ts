// What residents ask of the bot about tickets they reported: status (`进度 N`), chasing (催办) and rating.
import { applyAction } from '../domain/transitions.js';
import { DomainError } from '../domain/domain-error.js';
import { refreshDeadlines } from '../domain/sla.js';
import { maskPii } from '../domain/mask-pii.js';
import type { Rating, Ticket } from '../domain/ticket.js';
import type { AppContext } from './app-context.js';
import type { GroupMessageContext } from './pipeline/message-context.js';
import { replyTo, toRoom } from './notify.js';
import { countIfFinished } from './ticket-actions.js';
import { addToReport } from './report-updates.js';

/** `进度 N`: the status card, for tickets of the asker's own community only. */
export async function answerProgressQuery(ctx: GroupMessageContext, no: number): Promise<void> {
  const ticket = await ctx.store.tickets.get(no);
  const visible = ticket && ticket.community === ctx.room.community;
  ctx.done(visible ? 'progress_query' : 'progress_query_unknown', no);
  await ctx.reply(visible ? statusCardFor(ctx, ticket, await lastNoteEvent(ctx.store.tickets, ticket.no)) : ctx.texts.notFound(no));
}

/**
 * The reporter chasing their open report (催办: "都下午三点了 师傅还没来"): the line goes on the ticket and
 * to the duty group as a chase; the resident gets the status card — in the message's one unit of work.
 * A ticket already done only gets the card.
 */
export async function chaseReport(ctx: GroupMessageContext, no: number): Promise<void> {
  const { message: msg } = ctx;
  await ctx.transaction(async (tx) => {
    const ticket = await tx.tickets.get(no);
    if (!ticket || ticket.community !== ctx.room.community) {
      ctx.done('progress_query_unknown', no);
      return tx.say(replyTo(msg, ctx.texts.notFound(no), 0, { heldTogether: true }));
    }
    const saved = (await addToReport(ctx, tx, no, null, { chase: true })) ?? ticket;
    tx.say(replyTo(msg, statusCardFor(ctx, saved, await lastNoteEvent(tx.tickets, no)), 0, { heldTogether: true }));
    ctx.done('chased', no);
  });
}

async function lastNoteEvent(tickets: Pick<AppContext['store']['tickets'], 'events'>, no: number) {
  const events = await tickets.events(no);
  return [...events].reverse().find((e) => e.note && ['progress', 'resolved', 'returned', 'reopened'].includes(e.type)) ?? null;
}

/** Notes are staff's words about a case: masked before the card goes out, like anything relayed. */
function statusCardFor(ctx: AppContext, ticket: Ticket, last: Awaited<ReturnType<typeof lastNoteEvent>>): string {
  return ctx.texts.statusCard(ticket, last && { ...last, note: last.note && maskPii(last.note) });
}

/**
 * A rating word. Without a number it rates the newest resolved ticket this person reported;
 * returns false when there is nothing for them to rate (then it was just a word in chat).
 */
export async function rateFromChat(ctx: GroupMessageContext, rating: Rating, no: number | null): Promise<boolean> {
  const { message: msg, texts: t } = ctx;
  const ticket = no === null ? await ctx.store.tickets.latestResolvedFor(msg.senderId) : await ctx.store.tickets.get(no);
  const refusal = !ticket
    ? { outcome: 'rating_unknown_ticket', text: t.notFound(no ?? 0) }
    : !ticket.reporters.some((r) => r.id === msg.senderId)
      ? { outcome: 'rating_refused', text: t.onlyReportersRate(ticket.no) }
      : ticket.status !== 'resolved'
        ? { outcome: 'rating_not_resolved', text: t.notAllowed(ticket, '评价') }
        : null;
  if (!ticket || refusal) {
    // Without a number nobody asked: it was just a word in chat.
    if (no === null || !refusal) return false;
    ctx.done(refusal.outcome, no);
    await ctx.reply(refusal.text);
    return true;
  }
  ctx.done(`rated_${rating}`, ticket.no);
  try {
    await ctx.transaction(async (tx) => {
      const now = ctx.clock.now();
      const fresh = await tx.tickets.get(ticket.no);
      if (!fresh) throw new DomainError('ticket_not_found', `ticket ${ticket.no} not found`, ticket.no);
      const { ticket: next, events } = applyAction(fresh, { type: 'rate', rating, by: msg.senderId }, {
        actor: { id: msg.senderId, name: msg.senderName },
        now,
      });
      // 重办 gets a full resolve time from now, not the deadline that already passed.
      const saved = await tx.tickets.save(rating === 'unsatisfied' ? refreshDeadlines(next, ctx.config, now) : next, events);
      countIfFinished(ctx, tx, fresh, saved);
      tx.say(
        replyTo(msg, t.ratedToResident(saved, rating), 0, { ticketNo: saved.no }),
        ...toRoom(saved.dutyRoomId, t.ratedToDuty(saved, rating), `${msg.id}:duty`, [], { lane: 'relay', ticketNo: saved.no }),
      );
    });
  } catch (err) {
    // Someone else rated it a moment earlier: nothing left to do.
    if (!(err instanceof DomainError)) throw err;
    ctx.done('rating_too_late', ticket.no);
  }
  return true;
}
