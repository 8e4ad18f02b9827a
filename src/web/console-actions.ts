// Console actions on a ticket go through the very use-cases the chat commands use, with the
// signed-in person as the actor and their scope, so they are announced in chat the same way and
// land in the ticket's audit trail.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/app-context.js';
import { refusalOf } from '../app/error-texts.js';
import {
  addProgress,
  claimTicket,
  mergeTickets,
  reassignTicket,
  rejectTicket,
  resolveTicket,
  returnTicket,
  splitTicket,
  type ActionRequest,
} from '../app/ticket-actions.js';
import { DomainError, type DomainErrorCode } from '../domain/domain-error.js';
import { TRANSITIONS } from '../domain/transitions.js';
import type { Actor, Ticket } from '../domain/ticket.js';
import { actorOf, canSeeCommunity, scopeOf, type Principal } from './principal.js';

export const CONSOLE_ACTIONS = ['claim', 'progress', 'resolve', 'return', 'reassign', 'reject', 'merge', 'split'] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

export const ACTION_LABELS: Record<ConsoleAction, string> = {
  claim: '认领',
  progress: '进展',
  resolve: '办结',
  return: '退回',
  reassign: '转派',
  reject: '作废',
  merge: '合并',
  split: '拆分',
};

/** What the console offers for a ticket in its status (the domain's transition table decides). */
export function actionsFor(ticket: Pick<Ticket, 'status'>): ConsoleAction[] {
  const allowed = TRANSITIONS[ticket.status];
  return CONSOLE_ACTIONS.filter((a) => a in allowed);
}

/** A refused action, with what to tell the person and the HTTP status. */
export class ConsoleActionError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleActionError';
  }
}

export interface ActionInput {
  action?: string;
  note?: string;
  reason?: string;
  /** Reassign: a roster member's id or name. */
  to?: string;
  /** Merge: the ticket number this one is a duplicate of. */
  into?: string | number;
}

/** Roster members who may be given a ticket of this community. */
export function assignableStaff(ctx: AppContext, community: string | null): Actor[] {
  return ctx.directory.district.staff
    .filter((s) => s.role === 'staff' && (community === null || !s.communities || s.communities.includes(community)))
    .map((s) => ({ id: s.id ?? s.name, name: s.name }));
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export async function runConsoleAction(ctx: AppContext, principal: Principal, no: number, input: ActionInput): Promise<Ticket> {
  const action = input.action as ConsoleAction;
  if (!CONSOLE_ACTIONS.includes(action)) throw new ConsoleActionError(400, `未知操作：${input.action ?? ''}`);
  const req: ActionRequest = { no, actor: actorOf(principal), scope: scopeOf(principal), requestId: `console:${randomUUID()}` };
  const log = ctx.log.child({ ticketNo: no, action, by: principal.personId, via: principal.via });
  try {
    const ticket = await dispatch(ctx, action, req, input);
    log.info('console action');
    return ticket;
  } catch (err) {
    const refused = await explain(ctx, err, no, action);
    if (!refused) throw err;
    log.info({ reason: refused.message }, 'console action refused');
    throw refused;
  }
}

async function dispatch(ctx: AppContext, action: ConsoleAction, req: ActionRequest, input: ActionInput): Promise<Ticket> {
  switch (action) {
    case 'claim':
      return claimTicket(ctx, req);
    case 'progress': {
      const note = text(input.note);
      if (!note) throw new ConsoleActionError(400, '请填写进展内容');
      return addProgress(ctx, { ...req, note });
    }
    case 'resolve':
      return resolveTicket(ctx, { ...req, note: text(input.note) || null });
    case 'return': {
      const reason = text(input.reason ?? input.note);
      if (!reason) throw new ConsoleActionError(400, '请填写退回原因');
      return returnTicket(ctx, { ...req, reason });
    }
    case 'reject': {
      const reason = text(input.reason ?? input.note);
      if (!reason) throw new ConsoleActionError(400, '请填写作废原因');
      return rejectTicket(ctx, { ...req, reason });
    }
    case 'reassign': {
      const who = text(input.to);
      const to = assignableStaff(ctx, null).find((s) => s.id === who || s.name === who);
      if (!to) throw new ConsoleActionError(400, `找不到值班人员「${who}」`);
      return reassignTicket(ctx, { ...req, to });
    }
    case 'merge': {
      const into = Number(String(input.into ?? '').replace(/^[#＃]/, ''));
      if (!Number.isSafeInteger(into) || into < 1) throw new ConsoleActionError(400, '请填写要并入的工单号');
      return mergeTickets(ctx, { ...req, into });
    }
    case 'split':
      return splitTicket(ctx, req);
  }
}

/** HTTP status of each refusal the domain can give. */
const REFUSAL_STATUS: Partial<Record<DomainErrorCode, 400 | 403 | 404 | 409>> = {
  ticket_not_found: 404,
  out_of_scope: 403,
  merge_into_self: 400,
};

async function explain(ctx: AppContext, err: unknown, no: number, action: ConsoleAction): Promise<ConsoleActionError | null> {
  if (err instanceof ConsoleActionError) return err;
  if (!(err instanceof DomainError)) return null;
  const ticket = await ctx.store.tickets.get(err.ticketNo ?? no);
  const refusal = refusalOf(ctx.texts, err, { ticket, no, action, scope: 'communities' });
  return refusal ? new ConsoleActionError(REFUSAL_STATUS[refusal.code] ?? 409, refusal.text) : null;
}

/** May this principal look at this ticket at all? (Out of scope reads as not found.) */
export function visibleTo(principal: Principal | null, ticket: Ticket): boolean {
  return principal === null || canSeeCommunity(principal, ticket.community);
}
