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
import { stripFormatChars } from '../domain/format-chars.js';
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

/** Why a console action was refused: the page's flash box shows a fixed text per code. */
export type ConsoleRefusalCode = 'unknown_action' | 'note_missing' | 'reason_missing' | 'staff_not_found' | 'merge_target_missing' | DomainErrorCode;

/** Fixed texts for the flash box (never text from the URL: a link could otherwise put words in the console's mouth). */
export const CONSOLE_REFUSALS: Record<ConsoleRefusalCode, string> = {
  unknown_action: '未知操作。',
  note_missing: '请填写进展内容。',
  reason_missing: '请填写原因。',
  staff_not_found: '只能转派给本社区已绑定的值班人员。',
  merge_target_missing: '请填写要并入的工单号。',
  ticket_not_found: '工单不存在。',
  ticket_not_open: '工单已结束，不能这样操作。',
  invalid_transition: '工单当前状态不能这样操作。',
  already_claimed: '工单已被认领。',
  not_reporter: '只有反映人可以评价。',
  not_assignee: '只有承办人可以这样操作。',
  merge_into_self: '工单不能合并到它自己。',
  merge_target_not_open: '目标工单已结束，不能合并进去。',
  out_of_scope: '工单不在您负责的社区。',
};

/** A refused action, with its code, what to tell the person and the HTTP status. */
export class ConsoleActionError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly code: ConsoleRefusalCode,
    message: string = CONSOLE_REFUSALS[code],
  ) {
    super(message);
    this.name = 'ConsoleActionError';
  }
}

export interface ActionInput {
  action?: string;
  note?: string;
  reason?: string;
  /** Reassign: the contact id of a staff member bound to the ticket's community. */
  to?: string;
  /** Merge: the ticket number this one is a duplicate of. */
  into?: string | number;
}

/** Staff bound (by contact id) to this community, who may be given its tickets; every bound staff member for null. */
export function assignableStaff(ctx: AppContext, community: string | null): Actor[] {
  const staff = community === null ? ctx.directory.allPeople().filter((p) => p.role === 'staff') : ctx.directory.staffOf(community);
  return staff.map((p) => ({ id: p.id, name: p.name }));
}

/** What people type in the console, cleaned like chat input before it is relayed anywhere. */
const text = (v: unknown) => (typeof v === 'string' ? stripFormatChars(v).trim() : '');

export async function runConsoleAction(ctx: AppContext, principal: Principal, no: number, input: ActionInput): Promise<Ticket> {
  const action = input.action as ConsoleAction;
  if (!CONSOLE_ACTIONS.includes(action)) throw new ConsoleActionError(400, 'unknown_action');
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
      if (!note) throw new ConsoleActionError(400, 'note_missing');
      return addProgress(ctx, { ...req, note });
    }
    case 'resolve':
      return resolveTicket(ctx, { ...req, note: text(input.note) || null });
    case 'return': {
      const reason = text(input.reason ?? input.note);
      if (!reason) throw new ConsoleActionError(400, 'reason_missing');
      return returnTicket(ctx, { ...req, reason });
    }
    case 'reject': {
      const reason = text(input.reason ?? input.note);
      if (!reason) throw new ConsoleActionError(400, 'reason_missing');
      return rejectTicket(ctx, { ...req, reason });
    }
    case 'reassign': {
      // Only to staff of the ticket's own community, by contact id.
      const who = text(input.to);
      const ticket = await ctx.store.tickets.get(req.no);
      const to = ticket ? assignableStaff(ctx, ticket.community).find((s) => s.id === who) : undefined;
      if (!to) throw new ConsoleActionError(400, 'staff_not_found');
      return reassignTicket(ctx, { ...req, to });
    }
    case 'merge': {
      const into = Number(String(input.into ?? '').replace(/^[#＃]/, ''));
      if (!Number.isSafeInteger(into) || into < 1) throw new ConsoleActionError(400, 'merge_target_missing');
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
  return refusal ? new ConsoleActionError(REFUSAL_STATUS[refusal.code] ?? 409, refusal.code, refusal.text) : null;
}

/** May this principal look at this ticket at all? (Out of scope reads as not found.) */
export function visibleTo(principal: Principal | null, ticket: Ticket): boolean {
  return principal === null || canSeeCommunity(principal, ticket.community);
}
