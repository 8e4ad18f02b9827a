// Duty groups: staff work tickets by replying in chat. Ordinary chat is ignored; a command from
// someone who is not staff gets a polite refusal; a malformed one gets a one-line usage reply.
import { parseStaffCommand, type StaffCommand } from '../domain/command-grammar.js';
import { ACTION_LABELS, type TicketActionType } from '../domain/transitions.js';
import { DomainError } from '../domain/domain-error.js';
import { maskPii } from '../domain/mask-pii.js';
import { OPEN_STATUSES, type Actor } from '../domain/ticket.js';
import type { GroupMessageContext } from './pipeline/message-context.js';
import { isStaffRole } from './directory.js';
import { refusalOf } from './error-texts.js';
import { announceIncident, liftIncident } from './incidents.js';
import {
  inScope,
  type Scope,
  addProgress,
  claimTicket,
  mergeTickets,
  splitTicket,
  reassignTicket,
  rejectTicket,
  resolveTicket,
  returnTicket,
  type ActionRequest,
} from './ticket-actions.js';

export async function handleDutyMessage(ctx: GroupMessageContext): Promise<void> {
  const { message: msg, sender } = ctx;
  const parsed = parseStaffCommand(msg.text, { quotedText: msg.quoted?.text ?? null, mentions: msg.mentions });
  if (parsed.kind === 'none') return ctx.done('chat');
  if (!isStaffRole(sender.role)) {
    ctx.done('refused_not_staff');
    return ctx.reply(ctx.texts.staffOnly());
  }
  if (parsed.kind === 'usage') {
    ctx.done('usage');
    return ctx.reply(parsed.usage);
  }
  const command = parsed.command;
  ctx.done(`command_${command.type}`, 'no' in command ? command.no : null);
  try {
    await runCommand(ctx, { id: sender.id, name: sender.name }, command);
  } catch (err) {
    const text = await explain(ctx, err, command);
    if (text === null) throw err;
    ctx.done(`command_refused_${command.type}`, 'no' in command ? command.no : null);
    await ctx.reply(text);
  }
}

async function runCommand(ctx: GroupMessageContext, actor: Actor, command: StaffCommand): Promise<void> {
  // This duty group's tickets, of the communities the sender's binding reaches.
  const scope: Scope = { dutyRoomId: ctx.room.id, communities: ctx.directory.person(ctx.sender.id)?.communities ?? null };
  const base = (no: number): ActionRequest => ({ no, actor, scope, requestId: ctx.message.id });
  switch (command.type) {
    case 'claim':
      await claimTicket(ctx, base(command.no));
      return;
    case 'progress':
      await addProgress(ctx, { ...base(command.no), note: command.text });
      return;
    case 'resolve':
      await resolveTicket(ctx, { ...base(command.no), note: command.text || null });
      return;
    case 'return':
      await returnTicket(ctx, { ...base(command.no), reason: command.reason });
      return;
    case 'reject':
      await rejectTicket(ctx, { ...base(command.no), reason: command.reason });
      return;
    case 'merge':
      await mergeTickets(ctx, { ...base(command.no), into: command.into });
      return;
    case 'split':
      await splitTicket(ctx, base(command.no));
      return;
    case 'reassign': {
      const to = await reassignTarget(ctx, scope, command.no, command.to);
      if (!to) return ctx.reply(ctx.texts.staffNotFound(command.to.name));
      await reassignTicket(ctx, { ...base(command.no), to });
      return;
    }
    case 'query': {
      // Out of scope reads exactly like a ticket that does not exist.
      const ticket = await ctx.store.tickets.get(command.no);
      if (!ticket || !inScope(ticket, scope)) throw new DomainError('ticket_not_found', 'not found', command.no);
      const events = await ctx.store.tickets.events(command.no);
      const last = [...events].reverse().find((e) => e.note) ?? null;
      return ctx.reply(ctx.texts.statusCard(ticket, last && { ...last, note: last.note && maskPii(last.note) }, { maskedText: maskPii(ticket.text) }));
    }
    case 'announce':
      return announceIncident(ctx, actor, command);
    case 'lift':
      return liftIncident(ctx, actor, command);
    case 'todo': {
      const open = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], dutyRoomId: ctx.room.id, limit: 500 });
      const deadline = (t: (typeof open)[number]) => (t.status === 'new' ? t.claimDueAt : t.dueAt).getTime();
      open.sort((a, b) => deadline(a) - deadline(b));
      return ctx.reply(ctx.texts.todoList(open, ctx.clock.now()));
    }
  }
}

/**
 * Who `转派 N @某人` gives the ticket to: a staff member bound to the ticket's community — by the
 * @mention's contact id, or by their bound name typed — and nobody else. Null when there is none
 * (a ticket out of scope is left to the action, which refuses it as not found).
 */
async function reassignTarget(ctx: GroupMessageContext, scope: Scope, no: number, to: { id?: string; name: string }): Promise<Actor | null> {
  const ticket = await ctx.store.tickets.get(no);
  if (!ticket || !inScope(ticket, scope)) return { id: to.id ?? to.name, name: to.name };
  const staff = to.id ? ctx.directory.staffOf(ticket.community).find((p) => p.id === to.id) : ctx.directory.staffByName(to.name, ticket.community);
  return staff ? { id: staff.id, name: staff.name } : null;
}

/** A short answer for a refused action; null when the error is not the person's doing. */
async function explain(ctx: GroupMessageContext, err: unknown, command: StaffCommand): Promise<string | null> {
  const no = 'no' in command ? command.no : 0;
  const ticket = err instanceof DomainError && no ? await ctx.store.tickets.get(err.ticketNo ?? no) : null;
  const action: TicketActionType = command.type in ACTION_LABELS ? (command.type as TicketActionType) : 'progress';
  return refusalOf(ctx.texts, err, { ticket, no, action, scope: 'duty_room' })?.text ?? null;
}
