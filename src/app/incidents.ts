// Known incidents (design.md, Incidents). Staff post `公告 <范围> <内容>` in a duty group: the bot
// opens a notice ticket (claimed by whoever posted it), answers with its number and posts the
// notice to the community's resident groups. While it is active, a resident who reports or asks
// about the same problem in the same place gets one answer citing it and joins the notice ticket
// as a co-reporter — no ticket, no duty card of their own. `解除 N 说明` ends it and tells the
// co-reporters in their groups. The same problem elsewhere, or another problem, is reported as usual.
import { applyAction } from '../domain/transitions.js';
import { deadlinesFor } from '../domain/sla.js';
import { matchesIncident, problemsOf, scopeOf, type Incident } from '../domain/incident.js';
import type { Actor, Ticket } from '../domain/ticket.js';
import { isOpen } from '../domain/transitions.js';
import type { AppContext, UnitOfWork } from './app-context.js';
import { keptPerStore } from './kept-reads.js';
import type { GroupMessageContext } from './pipeline/message-context.js';
import type { OutgoingMessage } from './ports/outbox.js';
import { replyTo } from './notify.js';
import { together } from './outbox-coalescing.js';

/** Answers to residents citing one notice in one group go out together, at most every 20 s. */
const ANSWER_EVERY_MS = 20_000;

// Asked on every message that names a problem: kept for a moment (notices from another process show within 2 s).
const kept = keptPerStore<Incident[]>(2000);
const activeIncidents = (ctx: AppContext, community: string) => kept(ctx.store).get(community, () => ctx.store.incidents.active(community));

/** How a notice names its place to people: the staff's own words, or 全小区. */
function whereOf(incident: Pick<Incident, 'scope'>): string {
  return scopeOf(incident.scope).kind === 'all' ? '全小区' : incident.scope;
}

/** `公告 8栋 停水 预计18:00恢复` in a duty group (the sender is staff). */
export async function announceIncident(ctx: GroupMessageContext, actor: Actor, cmd: { scope: string; text: string }): Promise<void> {
  const placed = communityFor(ctx, cmd.scope);
  if (!placed) {
    ctx.done('incident_needs_community');
    return ctx.reply(ctx.texts.incidentNeedsCommunity(ctx.directory.communityName(ctx.directory.communitiesOfDutyRoom(ctx.room.id)[0] ?? null)));
  }
  const { community, scope } = placed;
  const now = ctx.clock.now();
  const c = await ctx.classifier.classify({ text: cmd.text, mentionsBot: false });
  const groups = ctx.directory.allRooms().filter((r) => r.kind === 'resident' && r.community === community);
  const { claimDueAt, dueAt } = deadlinesFor(ctx.config.sla, c.category, 'normal', now);
  await ctx.transaction(async (tx) => {
    const created = await tx.tickets.create(
      {
        status: 'new',
        category: c.category,
        urgency: 'normal',
        community,
        groupId: ctx.room.id,
        dutyRoomId: ctx.room.id,
        text: `【公告】${scope} ${cmd.text}`,
        source: c.source,
        confidence: c.categoryConfidence,
        reporter: { ...actor, roomId: ctx.room.id, at: now },
        createdAt: now,
        claimDueAt,
        dueAt,
        messageIds: [ctx.message.id],
      },
      { type: 'created', actor, at: now, note: '公告' },
    );
    // Whoever announced it is handling it.
    const claimed = applyAction(created, { type: 'claim' }, { actor, now });
    const ticket = await tx.tickets.save(claimed.ticket, claimed.events);
    const incident: Incident = {
      ticketNo: ticket.no,
      community,
      dutyRoomId: ctx.room.id,
      scope,
      problems: problemsOf(cmd.text),
      text: cmd.text,
      status: 'active',
      createdAt: now,
      liftedAt: null,
    };
    await tx.incidents.create(incident);
    const where = whereOf(incident);
    tx.say(
      replyTo(ctx.message, ctx.texts.incidentAnnouncedToDuty(ticket.no, where, groups.length), 0, { ticketNo: ticket.no }),
      // Dedupe keys per group: the notice is never posted twice to a room.
      ...groups.map((g): OutgoingMessage => ({
        roomId: g.id,
        text: ctx.texts.incidentNotice(ticket.no, where, cmd.text),
        dedupeKey: `notice:${ticket.no}:${g.id}`,
        lane: 'ack',
        ticketNo: ticket.no,
      })),
    );
    ctx.done('incident_announced', ticket.no);
    ctx.log.info({ ticketNo: ticket.no, community, scope, problems: incident.problems, groups: groups.length }, 'incident announced');
  });
  kept(ctx.store).forget(community);
}

/**
 * The community a notice is for: the duty group's own; for a duty group serving several, the one
 * whose name starts the scope (`阳光花园8栋` → 阳光花园, `8栋`). Null when it cannot be told.
 */
function communityFor(ctx: GroupMessageContext, scope: string): { community: string; scope: string } | null {
  if (ctx.room.community) return { community: ctx.room.community, scope };
  const served = ctx.directory.communitiesOfDutyRoom(ctx.room.id);
  if (served.length === 1) return { community: served[0]!, scope };
  for (const id of served) {
    const name = ctx.directory.communityName(id);
    if (scope.startsWith(name)) return { community: id, scope: scope.slice(name.length) || '全小区' };
  }
  return null;
}

/** `解除 12 已恢复供水` in a duty group (the sender is staff). */
export async function liftIncident(ctx: GroupMessageContext, actor: Actor, cmd: { no: number; text: string | null }): Promise<void> {
  const incident = await ctx.store.incidents.get(cmd.no);
  if (!incident) {
    ctx.done('lift_not_an_incident', cmd.no);
    return ctx.reply(ctx.texts.notAnIncident(cmd.no));
  }
  if (incident.status === 'lifted') {
    ctx.done('lift_already_lifted', cmd.no);
    return ctx.reply(ctx.texts.incidentAlreadyLifted(cmd.no));
  }
  if (incident.dutyRoomId !== ctx.room.id && !ctx.directory.communitiesOfDutyRoom(ctx.room.id).includes(incident.community)) {
    ctx.done('lift_not_this_duty_room', cmd.no);
    const ticket = await ctx.store.tickets.get(cmd.no);
    return ctx.reply(ticket ? ctx.texts.notThisDutyRoom(ticket) : ctx.texts.notFound(cmd.no));
  }
  await ctx.transaction(async (tx) => {
    const now = ctx.clock.now();
    if (!(await tx.incidents.lift(cmd.no, now))) {
      ctx.done('lift_already_lifted', cmd.no);
      tx.say(replyTo(ctx.message, ctx.texts.incidentAlreadyLifted(cmd.no)));
      return;
    }
    let ticket = await tx.tickets.get(cmd.no);
    if (ticket && isOpen(ticket.status)) ticket = await closeNotice(tx, ticket, actor, cmd.text, now);
    // The residents who reported it, in their own groups.
    const byRoom = new Map<string, string[]>();
    for (const r of ticket?.reporters ?? []) {
      if (ctx.directory.room(r.roomId)?.kind !== 'resident') continue;
      byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), r.id]);
    }
    const where = whereOf(incident);
    tx.say(
      ...[...byRoom].map(([roomId, mentionIds]): OutgoingMessage => ({
        roomId,
        text: ctx.texts.incidentLiftedToResidents(cmd.no, where, incident.text, cmd.text),
        mentionIds,
        dedupeKey: `lift:${cmd.no}:${roomId}`,
        lane: 'relay',
        ticketNo: cmd.no,
      })),
      replyTo(ctx.message, ctx.texts.incidentLiftedToDuty(cmd.no, [...byRoom.values()].flat().length, byRoom.size), 0, { ticketNo: cmd.no }),
    );
    ctx.done('incident_lifted', cmd.no);
  });
  kept(ctx.store).forget(incident.community);
}

/** The notice ticket is done: resolved with the staff's words and archived (nobody rates a notice). */
async function closeNotice(tx: UnitOfWork, ticket: Ticket, actor: Actor, note: string | null, now: Date) {
  const resolved = applyAction(ticket, { type: 'resolve', note: note ?? '公告解除' }, { actor, now });
  const closed = applyAction(resolved.ticket, { type: 'close' }, { actor, now, note: '公告解除' });
  return tx.tickets.save(closed.ticket, [...resolved.events, ...closed.events]);
}

/** Thrown inside the unit of work when the notice ended meanwhile: nothing is written, the report goes on as usual. */
class NoticeEndedError extends Error {}

/**
 * A resident's words about an active notice of their community: one answer citing it, and they
 * join it as a co-reporter (once; later words of theirs about it are taken in silently). False when
 * no active notice matches (then the message is read as usual).
 */
export async function answerFromIncident(ctx: GroupMessageContext): Promise<boolean> {
  const { message: msg, room } = ctx;
  if (msg.kind !== 'text' || !room.community || problemsOf(msg.text).length === 0) return false;
  const incident = (await activeIncidents(ctx, room.community)).find((i) => matchesIncident(i, msg.text));
  if (!incident) return false;
  try {
    await ctx.transaction(async (tx) => {
      const ticket = await tx.tickets.get(incident.ticketNo);
      if (!ticket || !isOpen(ticket.status)) throw new NoticeEndedError();
      if (ticket.reporters.some((r) => r.id === msg.senderId)) {
        ctx.done('incident_known_again', ticket.no);
        return;
      }
      const now = ctx.clock.now();
      const actor = { id: msg.senderId, name: msg.senderName };
      const added = applyAction(ticket, { type: 'add_reporter', reporter: { ...actor, roomId: room.id, at: now } }, { actor, now });
      const saved = await tx.tickets.save(added.ticket, added.events);
      const where = whereOf(incident);
      const text = ctx.texts.incidentAnswer(saved.no, where, incident.text, scopeOf(incident.scope).kind !== 'all');
      // Several neighbours asking at once hear one answer that @s them all.
      tx.say(replyTo(msg, text, 0, { lane: 'ack', ticketNo: saved.no, coalesce: together.latest(`notice:${saved.no}`, ANSWER_EVERY_MS) }));
      ctx.done('incident_report', saved.no);
    });
  } catch (err) {
    if (err instanceof NoticeEndedError) return false;
    throw err;
  }
  return true;
}
