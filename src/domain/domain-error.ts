// Typed rejections of the domain: the request is refused as asked, so it is never retried;
// src/app/error-texts.ts turns each code into a short Chinese reply.
import { CodedError } from './coded-error.js';

export type DomainErrorCode =
  | 'ticket_not_found'
  | 'ticket_not_open' // the action needs an open ticket (new/claimed) and this one is not
  | 'invalid_transition' // the action is not allowed from the ticket's status
  | 'already_claimed' // the actor already holds this ticket (claim or reassign to the holder)
  | 'not_reporter' // only the ticket's reporters may rate it
  | 'not_assignee'
  | 'merge_into_self'
  | 'merge_target_not_open'
  | 'out_of_scope'; // the ticket belongs to another duty group or community than the actor's

export class DomainError extends CodedError {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly ticketNo?: number,
  ) {
    super(message, false);
  }
}
