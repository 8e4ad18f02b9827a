// Resident groups: turn reports into tickets — reading each message in its conversation (bursts,
// co-reports, repeats, follow-ups) — answer `进度 N` and ratings, and stay silent on chit-chat,
// stickers, thanks and notices.
import { parseResidentCommand, isStaffCommandLike } from '../domain/command-grammar.js';
import { deadlinesFor } from '../domain/sla.js';
import { maskPii } from '../domain/mask-pii.js';
import { OPEN_STATUSES, type Ticket } from '../domain/ticket.js';
import type { Classification } from '../classify/classification.js';
import type { LinliConfig } from '../config/linli-config.js';
import { inTransaction, replyTo, type AppContext } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';
import type { Outcome } from './router.js';
import type { OutgoingMessage, Repositories } from './ports.js';
import { answerProgressQuery, rateFromChat } from './resident-requests.js';
import { emergencyAdviceFor } from './emergency-advice.js';
import { nextBurst, understand, type ConversationConfig, type OpenReport, type Utterance } from './conversation.js';
import { addCoReporter, addToReport, linkDuplicate } from './report-updates.js';
import { handleStaffInResidentGroup } from './staff-in-resident-group.js';

export function conversationConfig(config: LinliConfig): ConversationConfig {
  const c = config.conversation;
  return {
    burstWindowMs: c.burstWindowSeconds * 1000,
    coReportWindowMs: c.coReportWindowHours * 3600_000,
    duplicateWindowMs: c.duplicateWindowHours * 3600_000,
    followUpWindowMs: c.followUpWindowHours * 3600_000,
    duplicateSimilarity: c.duplicateSimilarity,
  };
}

export async function handleResidentMessage(ctx: AppContext, msg: InboundMessage, room: RoomInfo): Promise<Outcome> {
  const role = ctx.directory.roleOf({ id: msg.senderId, name: msg.senderName }, room.id);
  if (role !== 'resident') return handleStaffInResidentGroup(ctx, msg, room);
  if (msg.kind !== 'text' && msg.kind !== 'image') return `ignored_${msg.kind}`;

  if (msg.kind === 'text') {
    const asked = parseResidentCommand(msg.text);
    if (asked.kind === 'progress_query') return answerProgressQuery(ctx, msg, room, asked.no);
    if (asked.kind === 'rating') {
      const rated = await rateFromChat(ctx, msg, asked.rating, asked.no);
      if (rated) return rated;
    }
    if (isStaffCommandLike(msg.text)) {
      await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, ctx.texts.staffOnly())], ctx.clock.now()));
      return 'refused_staff_command';
    }
  }

  const cfg = conversationConfig(ctx.config);
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
  };
  const burst = ctx.bursts.get(burstKey);
  const result = await understand(utterance, { burst, openInCommunity: await openReports(ctx, room.community!) }, ctx.classifier, cfg);
  ctx.log.debug({ understanding: result.kind }, 'understood');

  let opened: { no: number; category: string } | null = null;
  let outcome: Outcome;
  switch (result.kind) {
    case 'ignore':
      outcome = 'not_request';
      break;
    case 'fragment':
      outcome = 'fragment';
      break;
    case 'continue':
    case 'follow_up_info':
      outcome = { outcome: await addToReport(ctx, msg, result.ticketNo, result.classification), ticketNo: result.ticketNo };
      if (msg.image) await attachImages(ctx, result.ticketNo, [{ messageId: msg.id, ...msg.image }]);
      break;
    case 'co_report':
      outcome = { outcome: await addCoReporter(ctx, msg, room, result.ticketNo, { acknowledge: false }), ticketNo: result.ticketNo };
      break;
    case 'duplicate':
      if (result.sameGroup) {
        outcome = {
          outcome: await addCoReporter(ctx, msg, room, result.ticketNo, { acknowledge: true, classification: result.classification }),
          ticketNo: result.ticketNo,
        };
      } else {
        outcome = await linkDuplicate(ctx, msg, room, result.ticketNo, result.classification, (tx) =>
          createTicket(ctx, tx, msg, room, result.classification, msg.text, [msg.id]),
        );
      }
      break;
    case 'follow_up_question':
      outcome = await answerProgressQuery(ctx, msg, room, result.ticketNo);
      break;
    case 'new': {
      const ticket = await openTicket(ctx, msg, room, result.classification, result.text, result.messageIds);
      const images = (burst?.fragments ?? []).flatMap((f) => (f.imageData && result.messageIds.includes(f.id) ? [{ messageId: f.id, ...f.imageData }] : []));
      if (images.length) await attachImages(ctx, ticket.no, images);
      opened = { no: ticket.no, category: ticket.category };
      outcome = { outcome: 'ticket', ticketNo: ticket.no };
      break;
    }
  }
  ctx.bursts.set(burstKey, nextBurst(burst, utterance, result, opened, cfg), msg.at);
  return outcome;
}

/** Open tickets of a community as conversation understanding needs them, newest first. */
async function openReports(ctx: AppContext, community: string): Promise<OpenReport[]> {
  const tickets = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], community, limit: 200 });
  return tickets.map((t) => ({
    no: t.no,
    groupId: t.groupId,
    category: t.category,
    urgency: t.urgency,
    text: t.text,
    createdAt: t.createdAt,
    lastReportAt: new Date(Math.max(t.createdAt.getTime(), ...t.reporters.map((r) => r.at.getTime()))),
    reporterIds: t.reporters.map((r) => r.id),
  }));
}

function createTicket(
  ctx: AppContext,
  tx: Repositories,
  msg: InboundMessage,
  room: RoomInfo,
  c: Classification,
  text: string,
  messageIds: string[],
): Promise<Ticket> {
  // 受理时间 is when the resident said it: a report that waited out a database outage or a
  // WeChat logout keeps its place in the deadlines rather than starting the clock late.
  const now = new Date(Math.min(ctx.clock.now().getTime(), msg.at.getTime()));
  const dutyRoomId = ctx.directory.dutyRoomFor(room.community!);
  if (!dutyRoomId) ctx.log.error({ community: room.community }, 'no duty group found for this community: the ticket is created but nobody is told');
  const { claimDueAt, dueAt } = deadlinesFor(ctx.config.sla, c.category, c.urgency, now);
  const actor = { id: msg.senderId, name: msg.senderName };
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

async function openTicket(
  ctx: AppContext,
  msg: InboundMessage,
  room: RoomInfo,
  c: Classification,
  text: string,
  messageIds: string[],
): Promise<Ticket> {
  const { directory, texts } = ctx;
  return inTransaction(ctx, async (tx) => {
    const ticket = await createTicket(ctx, tx, msg, room, c, text, messageIds);
    const masked = { maskedText: maskPii(text), groupTopic: room.topic, reporterName: maskPii(msg.senderName) };
    const messages: OutgoingMessage[] = [
      {
        roomId: msg.roomId,
        text: texts.ack(ticket, emergencyAdviceFor(text, c.urgency === 'urgent')),
        mentionIds: [msg.senderId],
        dedupeKey: `ack:${ticket.no}`,
      },
    ];
    if (ticket.dutyRoomId) messages.push({ roomId: ticket.dutyRoomId, text: texts.dutyCard(ticket, masked), dedupeKey: `card:${ticket.no}` });
    const leaders = directory.leadersRoomId();
    if (c.urgency === 'urgent' && leaders) {
      messages.push({ roomId: leaders, text: texts.leadersAlert(ticket, masked), dedupeKey: `alert:${ticket.no}` });
    }
    await tx.outbox.enqueue(messages, ctx.clock.now());
    await tx.inbound.markProcessed(msg.id, 'ticket', ticket.no);
    ctx.log.info({ ticketNo: ticket.no, category: c.category, urgency: c.urgency, source: c.source }, 'ticket opened');
    return ticket;
  });
}

/** Keeps the resident's photos with the ticket and forwards them to the duty group after the card. */
async function attachImages(ctx: AppContext, no: number, images: Array<{ messageId: string; base64: string; mime: string }>): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const ticket = await tx.tickets.get(no);
    if (!ticket) return;
    const now = ctx.clock.now();
    const messages: OutgoingMessage[] = [];
    for (const image of images) {
      await tx.attachments.add({ ticketNo: no, messageId: image.messageId, mime: image.mime, data: image.base64, createdAt: now });
      if (ticket.dutyRoomId) {
        messages.push({ roomId: ticket.dutyRoomId, text: ctx.texts.imageToDuty(ticket), imagePngBase64: image.base64, dedupeKey: `img:${no}:${image.messageId}` });
      }
    }
    await tx.outbox.enqueue(messages, now);
  });
}
