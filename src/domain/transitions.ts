// The ticket state machine. Every status change goes through TRANSITIONS; a (status, action) pair
// missing from it is a typed DomainError that the use-case turns into a reply.
import { DomainError } from './domain-error.js';
import {
  OPEN_STATUSES,
  RATING_LABELS,
  STATUS_LABELS,
  type Actor,
  type EventType,
  type Rating,
  type Reporter,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
} from './ticket.js';

export type TicketAction =
  | { type: 'claim' }
  | { type: 'progress'; note: string }
  | { type: 'resolve'; note?: string | null }
  | { type: 'return'; reason: string }
  | { type: 'reassign'; to: Actor }
  | { type: 'reject'; reason: string }
  | { type: 'merge'; into: number }
  /** `by` is the reporter id of the resident who rates. */
  | { type: 'rate'; rating: Rating; by: string }
  /** System auto-close of a resolved ticket nobody rated. */
  | { type: 'close' }
  | { type: 'add_reporter'; reporter: Reporter }
  /**
   * The domain has no SLA table, so the caller passes the urgent deadlines (`deadlinesFor(...,
   * 'urgent', createdAt)`) when it wants them tightened; each only ever moves earlier.
   */
  | { type: 'raise_urgency'; deadlines?: { claimDueAt: Date; dueAt: Date } }
  /** The resident adds to the report: appended to its text so the report reads whole. */
  | { type: 'add_info'; text: string }
  /** A staff member answered the resident in their group (first response). */
  | { type: 'record_response'; note: string }
  /** Undo a wrong merge: back to new, on its own again. */
  | { type: 'split' };

export type TicketActionType = TicketAction['type'];

/** `rate` ends in two places, so the table keys the satisfied and unsatisfied outcomes apart. */
export type TransitionKey = Exclude<TicketActionType, 'rate'> | 'rate_satisfied' | 'rate_unsatisfied';

export const TRANSITIONS: Readonly<Record<TicketStatus, Readonly<Partial<Record<TransitionKey, TicketStatus>>>>> = {
  new: {
    claim: 'claimed',
    progress: 'claimed', // implicit claim by whoever writes the progress note
    resolve: 'resolved', // implicit claim
    reassign: 'claimed',
    reject: 'rejected',
    merge: 'merged',
    add_reporter: 'new',
    raise_urgency: 'new',
    add_info: 'new',
    record_response: 'new',
  },
  claimed: {
    progress: 'claimed',
    resolve: 'resolved',
    return: 'new',
    reassign: 'claimed',
    reject: 'rejected',
    merge: 'merged',
    add_reporter: 'claimed',
    raise_urgency: 'claimed',
    add_info: 'claimed',
    record_response: 'claimed',
  },
  resolved: {
    rate_satisfied: 'closed',
    rate_unsatisfied: 'claimed', // 重办
    close: 'closed',
    add_reporter: 'resolved', // a +1 after resolution: that resident may rate too
  },
  closed: {},
  rejected: {},
  merged: { split: 'new' },
};

/** What each action is called in a refusal ("不能认领"). */
export const ACTION_LABELS: Record<TicketActionType, string> = {
  claim: '认领',
  progress: '更新进展',
  resolve: '办结',
  return: '退回',
  reassign: '转派',
  reject: '作废',
  merge: '合并',
  rate: '评价',
  close: '归档',
  add_reporter: '追加反映人',
  raise_urgency: '升为紧急',
  add_info: '补充情况',
  record_response: '记录答复',
  split: '拆分',
};

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function transitionKey(action: TicketAction): TransitionKey {
  if (action.type === 'rate') return action.rating === 'unsatisfied' ? 'rate_unsatisfied' : 'rate_satisfied';
  return action.type;
}

export interface ActionContext {
  actor: Actor;
  now: Date;
  /** Free text for actions that carry none of their own (claim, close, raise_urgency, reassign). */
  note?: string | null;
}

export interface ActionResult {
  ticket: Ticket;
  events: TicketEvent[];
}

/**
 * Applies one action to a ticket: returns a new ticket (the input is not touched) and the events to
 * record, or throws DomainError. Any staff member may act on any open ticket (duty teams cover
 * for each other); the events record who did what. `version` is left for the store to bump.
 */
export function applyAction(ticket: Ticket, action: TicketAction, ctx: ActionContext): ActionResult {
  if (action.type === 'claim' && ticket.status === 'claimed' && ticket.assignee) {
    if (ticket.assignee.id === ctx.actor.id) {
      throw new DomainError('already_claimed', `工单 #${ticket.no} 已经由您认领`, ticket.no);
    }
    throw new DomainError('invalid_transition', `工单 #${ticket.no} 已由 ${ticket.assignee.name} 认领`, ticket.no);
  }
  const next = TRANSITIONS[ticket.status][transitionKey(action)];
  if (!next) throw rejection(ticket, action.type);

  const event = (type: EventType, note: string | null = null): TicketEvent => ({
    type,
    actor: ctx.actor,
    at: ctx.now,
    note,
  });
  // progress/resolve on a `new` ticket: whoever does the work has taken it.
  const implicitClaim = (): { patch: Partial<Ticket>; events: TicketEvent[] } =>
    ticket.status === 'new'
      ? { patch: { assignee: ctx.actor, claimedAt: ctx.now }, events: [event('claimed')] }
      : { patch: {}, events: [] };

  switch (action.type) {
    case 'claim':
      return {
        ticket: { ...ticket, status: next, assignee: ctx.actor, claimedAt: ctx.now },
        events: [event('claimed', ctx.note ?? null)],
      };
    case 'progress': {
      const claim = implicitClaim();
      return {
        ticket: { ...ticket, ...claim.patch, status: next },
        events: [...claim.events, event('progress', action.note)],
      };
    }
    case 'resolve': {
      const claim = implicitClaim();
      return {
        ticket: { ...ticket, ...claim.patch, status: next, resolvedAt: ctx.now },
        events: [...claim.events, event('resolved', action.note ?? null)],
      };
    }
    case 'return':
      return {
        ticket: { ...ticket, status: next, assignee: null, claimedAt: null },
        events: [event('returned', action.reason)],
      };
    case 'reassign': {
      if (ticket.assignee?.id === action.to.id) {
        throw new DomainError('already_claimed', `工单 #${ticket.no} 已经由 ${action.to.name} 负责`, ticket.no);
      }
      const note = `转派给 ${action.to.name}${ctx.note ? `：${ctx.note}` : ''}`;
      return {
        ticket: { ...ticket, status: next, assignee: action.to, claimedAt: ticket.claimedAt ?? ctx.now },
        events: [event('reassigned', note)],
      };
    }
    case 'reject':
      return { ticket: { ...ticket, status: next }, events: [event('rejected', action.reason)] };
    case 'merge':
      if (action.into === ticket.no) {
        throw new DomainError('merge_into_self', `工单 #${ticket.no} 不能并入自己`, ticket.no);
      }
      return {
        ticket: { ...ticket, status: next, mergedInto: action.into },
        events: [event('merged', `并入 #${action.into}`)],
      };
    case 'rate': {
      if (!ticket.reporters.some((r) => r.id === action.by)) {
        throw new DomainError('not_reporter', `只有工单 #${ticket.no} 的反映人可以评价`, ticket.no);
      }
      const rated = event('rated', RATING_LABELS[action.rating]);
      if (action.rating === 'unsatisfied') {
        // The rating stays 'unsatisfied' (the latest verdict) until the redo is rated again.
        const reopenCount = ticket.reopenCount + 1;
        return {
          ticket: { ...ticket, status: next, rating: action.rating, reopenCount, resolvedAt: null },
          events: [rated, event('reopened', `居民不满意，第 ${reopenCount} 次重办`)],
        };
      }
      return {
        ticket: { ...ticket, status: next, rating: action.rating, closedAt: ctx.now },
        events: [rated, event('closed')],
      };
    }
    case 'close':
      return {
        ticket: { ...ticket, status: next, closedAt: ctx.now },
        events: [event('closed', ctx.note ?? null)],
      };
    case 'add_reporter':
      if (ticket.reporters.some((r) => r.id === action.reporter.id)) return { ticket: { ...ticket }, events: [] };
      return {
        ticket: { ...ticket, reporters: [...ticket.reporters, action.reporter] },
        events: [event('co_reported', action.reporter.name)],
      };
    case 'raise_urgency': {
      if (ticket.urgency === 'urgent') return { ticket: { ...ticket }, events: [] };
      const d = action.deadlines;
      return {
        ticket: {
          ...ticket,
          urgency: 'urgent',
          claimDueAt: d ? earlier(ticket.claimDueAt, d.claimDueAt) : ticket.claimDueAt,
          dueAt: d ? earlier(ticket.dueAt, d.dueAt) : ticket.dueAt,
        },
        events: [event('urgency_raised', ctx.note ?? null)],
      };
    }
    case 'add_info':
      return {
        ticket: { ...ticket, text: `${ticket.text}\n${action.text}` },
        events: [event('info_added', action.text)],
      };
    case 'record_response':
      return { ticket: { ...ticket }, events: [event('responded', action.note)] };
    case 'split':
      return {
        ticket: { ...ticket, status: next, mergedInto: null },
        events: [event('split', `从 #${ticket.mergedInto} 拆分出来`)],
      };
  }
}

/** The target side of a split: reporters who came only with the source leave the target. */
export function releaseMerged(target: Ticket, source: Ticket, ctx: ActionContext): ActionResult {
  const leaving = new Set(source.reporters.map((r) => r.id));
  // Whoever reported on the target itself first stays.
  const stays = (r: Reporter) =>
    !leaving.has(r.id) || (r.roomId === target.groupId && r.at.getTime() <= source.createdAt.getTime());
  const reporters = target.reporters.filter(stays);
  return {
    ticket: { ...target, reporters },
    events: [{ type: 'split', actor: ctx.actor, at: ctx.now, note: `#${source.no} 拆分出去` }],
  };
}

/**
 * The target side of a merge: the source's reporters join the target (so they hear its progress
 * and may rate it). The source itself goes through applyAction(source, { type: 'merge' }).
 */
export function absorbMerged(target: Ticket, source: Ticket, ctx: ActionContext): ActionResult {
  if (target.no === source.no) {
    throw new DomainError('merge_into_self', `工单 #${source.no} 不能并入自己`, source.no);
  }
  if (!isOpen(target.status)) {
    throw new DomainError(
      'merge_target_not_open',
      `工单 #${target.no} ${STATUS_LABELS[target.status]}，不能再并入其他工单`,
      target.no,
    );
  }
  const known = new Set(target.reporters.map((r) => r.id));
  const added = source.reporters.filter((r) => !known.has(r.id) && known.add(r.id));
  return {
    ticket: { ...target, reporters: [...target.reporters, ...added] },
    events: [
      {
        type: 'merged_in',
        actor: ctx.actor,
        at: ctx.now,
        note: `#${source.no} 并入${added.length ? `，新增反映人 ${added.length} 位` : ''}`,
      },
    ],
  };
}

function rejection(ticket: Ticket, action: TicketActionType): DomainError {
  const label = STATUS_LABELS[ticket.status];
  if (!isOpen(ticket.status) && ticket.status !== 'resolved') {
    return new DomainError('ticket_not_open', `工单 #${ticket.no} ${label}，不能再${ACTION_LABELS[action]}`, ticket.no);
  }
  return new DomainError('invalid_transition', `工单 #${ticket.no} 当前${label}，不能${ACTION_LABELS[action]}`, ticket.no);
}

function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
