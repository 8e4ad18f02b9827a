// Resident groups: turn reports into tickets — reading each message in its conversation (bursts,
// co-reports, repeats, follow-ups) — answer `进度 N` and ratings, and stay silent on chit-chat,
// stickers, thanks and notices.
import { parseResidentCommand, isStaffCommandLike } from '../domain/command-grammar.js';
import { deadlinesFor } from '../domain/sla.js';
import { maskPii } from '../domain/mask-pii.js';
import type { Ticket } from '../domain/ticket.js';
import type { Classification } from '../classify/classification.js';
import type { UnitOfWork } from './app-context.js';
import type { GroupMessageContext } from './pipeline/message-context.js';
import { answerProgressQuery, chaseReport, rateFromChat } from './resident-requests.js';
import { emergencyAdviceFor } from './emergency-advice.js';
import { conversationConfig, nextBurst, understand, type Utterance } from './conversation.js';
import { addCoReporter, addToReport, canLinkTo, linkDuplicate } from './report-updates.js';
import { handleStaffInResidentGroup } from './staff-in-resident-group.js';
import { together } from './outbox-coalescing.js';
import { answerFromIncident } from './incidents.js';
import { absorbFlood } from './flood-control.js';
import { noteSpokenOf, openReports, refreshOpenReport, rememberOpenReport } from './open-reports.js';

export async function handleResidentMessage(ctx: GroupMessageContext): Promise<void> {
  const { message: msg, room } = ctx;
  if (ctx.sender.role !== 'resident') return handleStaffInResidentGroup(ctx);
  if (msg.kind !== 'text' && msg.kind !== 'image') return ctx.done(`ignored_${msg.kind}`);

  if (msg.kind === 'text') {
    const asked = parseResidentCommand(msg.text);
    if (asked.kind === 'progress_query') return answerProgressQuery(ctx, asked.no);
    if (asked.kind === 'rating' && (await rateFromChat(ctx, asked.rating, asked.no))) return;
    if (isStaffCommandLike(msg.text)) {
      ctx.done('refused_staff_command');
      return ctx.reply(ctx.texts.staffOnly());
    }
  }

  // A known incident (公告) answers for itself: no ticket, no card.
  if (await answerFromIncident(ctx)) return;

  const cfg = conversationConfig(ctx.config.conversation);
  const burstKey = `${room.id}\n${msg.senderId}`;
  const utterance: Utterance = {
    id: msg.id,
    roomId: room.id,
    senderId: msg.senderId,
    text: msg.text,
    image: msg.kind === 'image',
    mentionsBot: msg.mentionsBot,
    at: msg.at,
    imageData: msg.image ?? null,
    senderName: msg.senderName,
  };
  const burst = ctx.bursts.get(burstKey);
  const flooded = await absorbFlood(ctx, burstKey, burst);
  if (flooded) return ctx.bursts.set(burstKey, flooded, msg.at);
  const result = await understand(utterance, { burst, openInCommunity: await openReports(ctx, room.community!), officialSpokeAt: ctx.bursts.officialSpokeAt(room.id), officialNames: ctx.bursts.officialNames(room.id) }, ctx.classifier, cfg);
  ctx.log.debug({ understanding: result.kind }, 'understood');

  let opened: Ticket | null = null;
  const ownImage = msg.image ? [{ messageId: msg.id, ...msg.image }] : [];
  switch (result.kind) {
    case 'ignore':
      ctx.done('not_request');
      break;
    case 'fragment':
      ctx.done('fragment');
      break;
    case 'answer':
      // What the official asked for (a room, a phone) goes to the ticket and the duty group.
      await ctx.transaction((tx) => addToReport(ctx, tx, result.ticketNo, null));
      break;
    case 'continue':
    case 'follow_up_info':
      await ctx.transaction(async (tx) => {
        await addToReport(ctx, tx, result.ticketNo, result.classification);
        await attachImages(ctx, tx, result.ticketNo, ownImage);
      });
      break;
    case 'co_report':
      await ctx.transaction((tx) => addCoReporter(ctx, tx, result.ticketNo, { acknowledge: false }));
      break;
    case 'duplicate':
      await ctx.transaction(async (tx) => {
        if (result.sameGroup) return addCoReporter(ctx, tx, result.ticketNo, { acknowledge: true, classification: result.classification });
        const master = await tx.tickets.get(result.ticketNo);
        if (canLinkTo(master)) {
          return linkDuplicate(ctx, tx, master, result.classification, (tx) => createTicket(ctx, tx, result.classification, msg.text, [msg.id]));
        }
        await openTicket(ctx, tx, result.classification, msg.text, [msg.id]); // it closed meanwhile: a report of its own
      });
      break;
    case 'follow_up_question':
      await (result.chase ? chaseReport(ctx, result.ticketNo) : answerProgressQuery(ctx, result.ticketNo));
      break;
    case 'new': {
      const images = (burst?.fragments ?? []).flatMap((f) => (f.imageData && result.messageIds.includes(f.id) ? [{ messageId: f.id, ...f.imageData }] : []));
      const ticket = await ctx.transaction(async (tx) => {
        const ticket = await openTicket(ctx, tx, result.classification, result.text, result.messageIds);
        await attachImages(ctx, tx, ticket.no, images);
        return ticket;
      });
      opened = ticket;
      break;
    }
  }
  if (result.kind === 'follow_up_question' || result.kind === 'follow_up_info') noteSpokenOf(ctx, room.community!, result.ticketNo, msg.at);
  if (opened) rememberOpenReport(ctx, opened);
  else if ('ticketNo' in result && result.kind !== 'follow_up_question') await refreshOpenReport(ctx, room.community!, result.ticketNo);
  ctx.bursts.set(burstKey, nextBurst(burst, utterance, result, opened, cfg), msg.at);
}

function createTicket(ctx: GroupMessageContext, tx: UnitOfWork, c: Classification, text: string, messageIds: string[]): Promise<Ticket> {
  const { message: msg, room } = ctx;
  // 受理时间 is when the resident said it: a report that waited out a database outage or a
  // WeChat logout keeps its place in the deadlines rather than starting the clock late.
  const now = new Date(Math.min(ctx.clock.now().getTime(), msg.at.getTime()));
  const dutyRoomId = ctx.directory.dutyRoomFor(room.community!);
  if (!dutyRoomId) ctx.log.error({ community: room.community }, 'no duty group found for this community: the ticket is created but nobody is told');
  const { claimDueAt, dueAt } = deadlinesFor(ctx.config.sla, c.category, c.urgency, now);
  const actor = { id: msg.senderId, name: msg.senderName };
  tx.onCommit(() => ctx.telemetry.ticketOpened(c.category, c.urgency));
  return tx.tickets.create(
    {
      status: 'new',
      category: c.category,
      urgency: c.urgency,
      community: room.community!,
      groupId: msg.roomId,
      dutyRoomId: dutyRoomId ?? '',
      text,
      source: c.source,
      confidence: c.categoryConfidence,
      reporter: { ...actor, roomId: msg.roomId, at: now },
      createdAt: now,
      claimDueAt,
      dueAt,
      messageIds,
    },
    { type: 'created', actor, at: now, note: null },
  );
}

/** A new ticket, acknowledged to the resident, carded to the duty group, alerted to leaders when urgent. */
async function openTicket(ctx: GroupMessageContext, tx: UnitOfWork, c: Classification, text: string, messageIds: string[]): Promise<Ticket> {
  const { message: msg, room, directory, texts } = ctx;
  const ticket = await createTicket(ctx, tx, c, text, messageIds);
  const masked = { maskedText: maskPii(text), groupTopic: room.topic, reporterName: maskPii(msg.senderName) };
  // Urgent cards, alerts and emergency advice take the urgent lane; in a storm, what piles up for
  // one group goes out combined (src/app/outbox-coalescing.ts). An acknowledgement without advice
  // is an acknowledgement, however urgent the ticket.
  const urgent = c.urgency === 'urgent';
  const advice = emergencyAdviceFor(text, urgent);
  const line = texts.cardLine(ticket, masked);
  tx.say({
    roomId: msg.roomId,
    text: texts.ack(ticket, advice),
    mentionIds: [msg.senderId],
    dedupeKey: `ack:${ticket.no}`,
    ticketNo: ticket.no,
    ...(advice ? { lane: 'urgent' } : { lane: 'ack', coalesce: together.ack(msg.senderName) }),
  });
  if (ticket.dutyRoomId) {
    tx.say({
      roomId: ticket.dutyRoomId,
      text: texts.dutyCard(ticket, masked),
      dedupeKey: `card:${ticket.no}`,
      ticketNo: ticket.no,
      ...(urgent ? { lane: 'urgent', coalesce: together.urgentCard(line) } : { lane: 'ack', coalesce: together.card(line) }),
    });
  }
  const leaders = directory.leadersRoomId();
  if (urgent && leaders) {
    tx.say({ roomId: leaders, text: texts.leadersAlert(ticket, masked), dedupeKey: `alert:${ticket.no}`, lane: 'urgent', ticketNo: ticket.no, coalesce: together.alert(line) });
  }
  ctx.done('ticket', ticket.no);
  ctx.log.info({ ticketNo: ticket.no, category: c.category, urgency: c.urgency, source: c.source }, 'ticket opened');
  return ticket;
}

/** Keeps the resident's photos with the ticket and forwards them to the duty group after the card. */
async function attachImages(
  ctx: GroupMessageContext,
  tx: UnitOfWork,
  no: number,
  images: Array<{ messageId: string; base64: string; mime: string }>,
): Promise<void> {
  if (images.length === 0) return;
  const ticket = await tx.tickets.get(no);
  if (!ticket) return;
  const now = ctx.clock.now();
  for (const image of images) {
    await tx.attachments.add({ ticketNo: no, messageId: image.messageId, mime: image.mime, data: image.base64, createdAt: now });
    if (ticket.dutyRoomId) {
      tx.say({ roomId: ticket.dutyRoomId, text: ctx.texts.imageToDuty(ticket), imagePngBase64: image.base64, dedupeKey: `img:${no}:${image.messageId}`, ticketNo: no });
    }
  }
}
