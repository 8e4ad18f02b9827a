// Typed rejections of the domain: use-cases turn each code into a short Chinese reply.

export type DomainErrorCode =
  | 'ticket_not_found'
  | 'ticket_not_open' // the action needs an open ticket (new/claimed) and this one is not
  | 'invalid_transition' // the action is not allowed from the ticket's status
  | 'already_claimed' // the actor already holds this ticket (claim or reassign to the holder)
  | 'not_reporter' // only the ticket's reporters may rate it
  | 'not_assignee'
  | 'merge_into_self'
  | 'merge_target_not_open';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly ticketNo?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
