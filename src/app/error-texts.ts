// What a person is told when what they asked for is refused: one short Chinese line per error
// code, for the chat and the console alike. Errors that are not the person's doing (a bug, an
// outage) have no text here: the caller says something went wrong instead.
import { DomainError, type DomainErrorCode } from '../domain/domain-error.js';
import { ACTION_LABELS, type TicketActionType } from '../domain/transitions.js';
import type { Ticket } from '../domain/ticket.js';
import { OutOfScopeError } from './ticket-actions.js';
import type { Texts } from './texts.js';

export interface Refusal {
  code: DomainErrorCode;
  text: string;
}

export interface RefusalContext {
  /** The ticket the action was about, as it stands now (null when it does not exist). */
  ticket: Ticket | null;
  /** The number the person typed. */
  no: number;
  /** The action asked for. */
  action: TicketActionType;
  /** Whose scope the person works in: a duty group, or the communities of their console account. */
  scope: 'duty_room' | 'communities';
}

export function refusalOf(t: Texts, err: unknown, c: RefusalContext): Refusal | null {
  if (!(err instanceof DomainError)) return null;
  const refusal = (text: string): Refusal => ({ code: err.code, text });
  const no = err.ticketNo ?? c.no;
  if (err instanceof OutOfScopeError) {
    // In chat a ticket outside the sender's scope reads exactly like one that does not exist.
    return refusal(c.scope === 'duty_room' ? t.notFound(err.ticket.no) : t.notInYourCommunities(err.ticket));
  }
  if (err.code === 'ticket_not_found' || !c.ticket) return refusal(t.notFound(no));
  const ticket = c.ticket;
  switch (err.code) {
    case 'already_claimed':
      return refusal(t.alreadyClaimed(ticket));
    case 'merge_into_self':
      return refusal(t.mergeIntoSelf(ticket));
    case 'merge_target_not_open':
      return refusal(t.mergeTargetClosed());
    default:
      if (c.action === 'claim' && ticket.status === 'claimed') return refusal(t.alreadyClaimed(ticket));
      return refusal(t.notAllowed(ticket, ACTION_LABELS[c.action]));
  }
}
