// A ticket as the console shows it: the contract's Ticket JSON plus names, labels and its
// deadline colour. The resident's text stays masked, as everywhere outside their own group.
import type { AppContext } from '../app/app-context.js';
import { slaTier, type SlaTier } from '../domain/sla.js';
import { RATING_LABELS, STATUS_LABELS, URGENCY_LABELS, type Ticket, type TicketEvent } from '../domain/ticket.js';
import { ticketJson } from './ticket-json.js';

export type ConsoleTicket = ReturnType<typeof ticketJson> & {
  tier: SlaTier | null;
  statusLabel: string;
  categoryName: string;
  urgencyLabel: string;
  communityName: string;
  groupTopic: string;
  ratingLabel: string | null;
  /** The deadline being chased now: claim while new, resolve once claimed; null when done. */
  currentDueAt: string | null;
};

export function groupTopic(ctx: AppContext, roomId: string): string {
  return ctx.directory.room(roomId)?.topic ?? roomId;
}

export function consoleTicket(ctx: AppContext, ticket: Ticket, events: TicketEvent[], now: Date): ConsoleTicket {
  const due = ticket.status === 'new' ? ticket.claimDueAt : ticket.status === 'claimed' ? ticket.dueAt : null;
  return {
    ...ticketJson(ticket, events),
    tier: slaTier(ticket, now),
    statusLabel: STATUS_LABELS[ticket.status],
    categoryName: ctx.texts.categoryName(ticket.category),
    urgencyLabel: URGENCY_LABELS[ticket.urgency],
    communityName: ctx.directory.communityName(ticket.community),
    groupTopic: groupTopic(ctx, ticket.groupId),
    ratingLabel: ticket.rating ? RATING_LABELS[ticket.rating] : null,
    currentDueAt: due ? due.toISOString() : null,
  };
}
