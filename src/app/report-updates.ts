// What happens to an open ticket when residents keep talking about it: a burst continues it,
// a neighbour co-reports it, someone repeats it from another group, the reporter adds to it.
import { applyAction, absorbMerged } from '../domain/transitions.js';
import { deadlinesFor } from '../domain/sla.js';
import { maskPii } from '../domain/mask-pii.js';
import type { Ticket, TicketEvent } from '../domain/ticket.js';
import type { Classification } from '../classify/classification.js';
import type { AppContext, UnitOfWork } from './app-context.js';
import type { GroupMessageContext } from './pipeline/message-context.js';
import type { OutgoingMessage } from './ports/outbox.js';
import type { Repositories } from './ports/store.js';
import { replyTo, toRoom } from './notify.js';
import { countIfFinished } from './ticket-actions.js';
import { emergencyAdviceFor } from './emergency-advice.js';
import { together } from './outbox-coalescing.js';

/** Categories where many households reporting means the problem is big right now. */
const OUTAGE_CATEGORIES = new Set(['municipal', 'property', 'safety']);

async function load(tx: Repositories, no: number): Promise<Ticket | null> {
  const t = await tx.tickets.get(no);
  return t && ['new', 'claimed', 'resolved'].includes(t.status) ? t : null;
}

function urgentDeadlines(ctx: AppContext, ticket: Ticket) {
  return deadlinesFor(ctx.config.sla, ticket.category, 'urgent', ticket.createdAt);
}

/**
 * The resident's next line or later addition: appended to the report; may make it urgent. With
 * `textLimit` (a flood), the report's text stops growing at that length; every line is still on
 * the ticket as its `info_added` event. With `chase`, the line is the reporter chasing it (催办) and
 * goes to the duty group as one. Returns the ticket as saved, or null when it is no longer open.
 */
export async function addToReport(
  ctx: GroupMessageContext,
  tx: UnitOfWork,
  no: number,
  c: Classification | null,
  opts: { textLimit?: number; chase?: boolean } = {},
): Promise<Ticket | null> {
  const msg = ctx.message;
  const ticket = await load(tx, no);
  if (!ticket || ticket.status === 'resolved') {
    ctx.done('follow_up_on_closed_ticket', no);
    return null;
  }
  const actor = { id: msg.senderId, name: msg.senderName };
  const now = ctx.clock.now();
  const events: TicketEvent[] = [];
  let next = ticket;
  if (msg.text) {
    const r = applyAction(next, { type: 'add_info', text: msg.text }, { actor, now });
    next = opts.textLimit !== undefined && r.ticket.text.length > opts.textLimit ? { ...r.ticket, text: next.text } : r.ticket;
    events.push(...r.events);
  }
  const becameUrgent = c?.urgency === 'urgent' && ticket.urgency !== 'urgent';
  if (becameUrgent) {
    const r = applyAction(next, { type: 'raise_urgency', deadlines: urgentDeadlines(ctx, ticket) }, { actor, now, note: msg.text });
    next = r.ticket;
    events.push(...r.events);
  }
  const saved = events.length ? await tx.tickets.save(next, events) : ticket;
  const messages: OutgoingMessage[] = [];
  if (msg.text) {
    const masked = maskPii(msg.text);
    if (opts.chase) {
      // A storm of chases: the newest one per ticket a minute.
      const delivery = { lane: 'relay' as const, ticketNo: saved.no, coalesce: together.latest(`chase:${saved.no}`) };
      messages.push(...toRoom(saved.dutyRoomId, ctx.texts.chaseToDuty(saved, masked), `${msg.id}:chase`, [], delivery));
    } else {
      // Now urgent: at once, alone. Otherwise one 居民补充 per ticket per few minutes, combined.
      const delivery = becameUrgent ? urgentAbout(saved) : { lane: 'relay' as const, ticketNo: saved.no, coalesce: together.info(saved.no, masked) };
      messages.push(...toRoom(saved.dutyRoomId, ctx.texts.infoAddedToDuty(saved, masked, becameUrgent), `${msg.id}:info`, [], delivery));
    }
  }
  if (becameUrgent) {
    const advice = emergencyAdviceFor(saved.text, true);
    if (advice) messages.push(replyTo(msg, advice, 0, urgentAbout(saved)));
    messages.push(...alertLeaders(ctx, saved, msg.id));
  }
  tx.say(...messages);
  ctx.done('added_to_ticket', saved.no);
  return saved;
}

function alertLeaders(ctx: AppContext, ticket: Ticket, requestId: string): OutgoingMessage[] {
  const room = ctx.directory.room(ticket.groupId);
  return toRoom(
    ctx.directory.leadersRoomId(),
    ctx.texts.leadersAlert(ticket, { maskedText: maskPii(ticket.text), groupTopic: room?.topic ?? ticket.groupId }),
    `${requestId}:alert`,
    [],
    urgentAbout(ticket),
  );
}

const urgentAbout = (ticket: Ticket) => ({ lane: 'urgent' as const, ticketNo: ticket.no });

/** "又有居民反映，目前共 N 位": in a storm only the newest count goes to the duty group, once a minute at most. */
function reportersNotice(ctx: AppContext, ticket: Ticket, groupTopic: string, requestId: string): OutgoingMessage[] {
  return toRoom(ticket.dutyRoomId, ctx.texts.reportersToDuty(ticket, groupTopic), `${requestId}:duty`, [], {
    lane: 'relay',
    ticketNo: ticket.no,
    coalesce: together.latest(`reporters:${ticket.no}`),
  });
}

/**
 * A neighbour confirms or repeats a problem already reported in the same group: they become a
 * reporter (hear about progress, may rate). Pure "+1"s get no reply; a real repeat report does.
 */
export async function addCoReporter(
  ctx: GroupMessageContext,
  tx: UnitOfWork,
  no: number,
  opts: { acknowledge: boolean; classification?: Classification },
): Promise<void> {
  const { message: msg, room } = ctx;
  const ticket = await load(tx, no);
  if (!ticket) return ctx.done('co_report_on_closed_ticket', no);
  const now = ctx.clock.now();
  const actor = { id: msg.senderId, name: msg.senderName };
  const reporter = { ...actor, roomId: msg.roomId, at: now };
  const added = applyAction(ticket, { type: 'add_reporter', reporter }, { actor, now });
  let next = added.ticket;
  const events = [...added.events];
  const many = ctx.config.conversation.manyReporters;
  const crossesThreshold = ticket.reporters.length < many && next.reporters.length >= many;
  // Many households, or a neighbour reporting danger the first report did not ("水已经进屋了").
  const manyHomes = crossesThreshold && OUTAGE_CATEGORIES.has(next.category);
  const danger = opts.classification?.urgency === 'urgent';
  const raise = (manyHomes || danger) && next.urgency !== 'urgent' && next.status !== 'resolved';
  if (raise) {
    const r = applyAction(next, { type: 'raise_urgency', deadlines: urgentDeadlines(ctx, next) }, {
      actor,
      now,
      note: danger ? msg.text : `${next.reporters.length} 位居民反映`,
    });
    next = r.ticket;
    events.push(...r.events);
  }
  const saved = events.length ? await tx.tickets.save(next, events) : ticket;
  const messages: OutgoingMessage[] = [];
  if (opts.acknowledge) {
    messages.push(replyTo(msg, ctx.texts.repeatReportAck(saved), 0, { lane: 'ack', ticketNo: saved.no, coalesce: together.ack(msg.senderName) }));
    messages.push(...reportersNotice(ctx, saved, room.topic, msg.id));
  }
  if (raise) {
    if (manyHomes) messages.push(...toRoom(saved.dutyRoomId, ctx.texts.manyReportersToDuty(saved), `${msg.id}:many`, [], urgentAbout(saved)));
    else messages.push(...toRoom(saved.dutyRoomId, ctx.texts.infoAddedToDuty(saved, maskPii(msg.text), true), `${msg.id}:info`, [], urgentAbout(saved)));
    messages.push(...alertLeaders(ctx, saved, msg.id));
  }
  tx.say(...messages);
  ctx.done('co_report', saved.no);
}

/**
 * The same problem reported from another group of the community: it gets its own ticket (so
 * staff can split it back with `拆分 N` if the match was wrong), merged at once into the master;
 * the master's updates then reach both groups. `master` must be open (see canLinkTo).
 */
export async function linkDuplicate(
  ctx: GroupMessageContext,
  tx: UnitOfWork,
  master: Ticket,
  c: Classification,
  createOwnTicket: (tx: UnitOfWork) => Promise<Ticket>,
): Promise<void> {
  const { message: msg, room } = ctx;
  const own = await createOwnTicket(tx);
  const now = ctx.clock.now();
  const actor = { id: 'system', name: '系统' };
  const merged = applyAction(own, { type: 'merge', into: master.no }, { actor, now, note: '自动识别为同一问题' });
  const absorbed = absorbMerged(master, own, { actor, now });
  let target = absorbed.ticket;
  const events = [...absorbed.events];
  if (c.urgency === 'urgent' && target.urgency !== 'urgent') {
    const r = applyAction(target, { type: 'raise_urgency', deadlines: urgentDeadlines(ctx, target) }, { actor, now, note: msg.text });
    target = r.ticket;
    events.push(...r.events);
  }
  countIfFinished(ctx, tx, own, await tx.tickets.save(merged.ticket, merged.events));
  const saved = await tx.tickets.save(target, events);
  tx.say(
    {
      roomId: msg.roomId,
      text: ctx.texts.linkedReportAck(saved),
      mentionIds: [msg.senderId],
      dedupeKey: `ack:${own.no}`,
      lane: 'ack',
      ticketNo: saved.no,
      coalesce: together.ack(msg.senderName),
    },
    ...reportersNotice(ctx, saved, room.topic, msg.id),
  );
  ctx.done('linked_duplicate', own.no);
}

/** Whether a report may be linked to `master` as the same problem: only while it is being worked. */
export function canLinkTo(master: Ticket | null): master is Ticket {
  return master !== null && (master.status === 'new' || master.status === 'claimed');
}
