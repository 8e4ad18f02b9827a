// Duty groups: staff work tickets by replying in chat. Ordinary chat is ignored; a command from
// someone who is not staff gets a polite refusal; a malformed one gets a one-line usage reply.
import { parseStaffCommand, type StaffCommand } from '../domain/command-grammar.js';
import { ACTION_LABELS, type TicketActionType } from '../domain/transitions.js';
import { DomainError } from '../domain/domain-error.js';
import { maskPii } from '../domain/mask-pii.js';
import { OPEN_STATUSES, type Actor } from '../domain/ticket.js';
import { inTransaction, replyTo, type AppContext } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';
import type { Outcome } from './router.js';
import {
  OutOfScopeError,
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

export async function handleDutyMessage(ctx: AppContext, msg: InboundMessage, room: RoomInfo): Promise<Outcome> {
  const parsed = parseStaffCommand(msg.text, { quotedText: msg.quoted?.text ?? null, mentions: msg.mentions });
  if (parsed.kind === 'none') return 'chat';
  const actor: Actor = { id: msg.senderId, name: msg.senderName };
  const reply = (text: string) => inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, text)], ctx.clock.now()));
  if (!ctx.directory.isStaff(actor, room.id)) {
    await reply(ctx.texts.staffOnly());
    return 'refused_not_staff';
  }
  if (parsed.kind === 'usage') {
    await reply(parsed.usage);
    return 'usage';
  }
  const command = parsed.command;
  try {
    await runCommand(ctx, msg, room, actor, command, reply);
    return `command_${command.type}`;
  } catch (err) {
    const text = await explain(ctx, err, command);
    if (text === null) throw err;
    await reply(text);
    return `command_refused_${command.type}`;
  }
}

async function runCommand(
  ctx: AppContext,
  msg: InboundMessage,
  room: RoomInfo,
  actor: Actor,
  command: StaffCommand,
  reply: (text: string) => Promise<void>,
): Promise<void> {
  const scope = { dutyRoomId: room.id };
  const base = (no: number): ActionRequest => ({ no, actor, scope, requestId: msg.id });
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
      const to = command.to.id ? { id: command.to.id, name: command.to.name } : ctx.directory.staffByName(command.to.name);
      if (!to) {
        await reply(ctx.texts.staffNotFound(command.to.name));
        return;
      }
      await reassignTicket(ctx, { ...base(command.no), to });
      return;
    }
    case 'query': {
      const ticket = await ctx.store.tickets.get(command.no);
      if (!ticket) throw new DomainError('ticket_not_found', 'not found', command.no);
      const events = await ctx.store.tickets.events(command.no);
      const last = [...events].reverse().find((e) => e.note) ?? null;
      await reply(ctx.texts.statusCard(ticket, last, { maskedText: maskPii(ticket.text) }));
      return;
    }
    case 'todo': {
      const open = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], dutyRoomId: room.id, limit: 500 });
      const deadline = (t: (typeof open)[number]) => (t.status === 'new' ? t.claimDueAt : t.dueAt).getTime();
      open.sort((a, b) => deadline(a) - deadline(b));
      await reply(ctx.texts.todoList(open, ctx.clock.now()));
      return;
    }
  }
}

/** A short answer for a refused action; null when the error is not the person's doing. */
async function explain(ctx: AppContext, err: unknown, command: StaffCommand): Promise<string | null> {
  const t = ctx.texts;
  if (err instanceof OutOfScopeError) return t.notThisDutyRoom(err.ticket);
  if (!(err instanceof DomainError)) return null;
  const no = err.ticketNo ?? ('no' in command ? command.no : 0);
  if (err.code === 'ticket_not_found') return t.notFound(no);
  const ticket = await ctx.store.tickets.get(no);
  if (!ticket) return t.notFound(no);
  switch (err.code) {
    case 'already_claimed':
      return t.alreadyClaimed(ticket);
    case 'merge_into_self':
      return `工单 #${ticket.no} 不能合并到它自己。`;
    case 'merge_target_not_open':
      return `目标工单已结束，不能合并进去。`;
    default:
      if (command.type === 'claim' && ticket.status === 'claimed') return t.alreadyClaimed(ticket);
      return t.notAllowed(ticket, command.type in ACTION_LABELS ? ACTION_LABELS[command.type as TicketActionType] : '这样操作');
  }
}
