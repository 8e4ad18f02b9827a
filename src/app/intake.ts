// Resident groups: turn a report into a ticket, answer `进度 N` and ratings, and stay silent on
// everything else (chit-chat, stickers, thanks, notices).
import { parseResidentCommand, isStaffCommandLike } from '../domain/command-grammar.js';
import { deadlinesFor } from '../domain/sla.js';
import { maskPii } from '../domain/mask-pii.js';
import type { Classification } from '../classify/classification.js';
import { inTransaction, replyTo, type AppContext } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';
import type { Outcome } from './router.js';
import type { OutgoingMessage } from './ports.js';
import { answerProgressQuery, rateFromChat } from './resident-requests.js';
import { emergencyAdviceFor } from './emergency-advice.js';

export async function handleResidentMessage(ctx: AppContext, msg: InboundMessage, room: RoomInfo): Promise<Outcome> {
  const role = ctx.directory.roleOf({ id: msg.senderId, name: msg.senderName }, room.id);
  if (role !== 'resident') {
    // Officials sit in resident groups under their own name: what they say is answers and notices.
    if (isStaffCommandLike(msg.text)) {
      await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, ctx.texts.staffUseDutyRoom())], ctx.clock.now()));
      return 'staff_command_in_resident_group';
    }
    return 'staff_message';
  }
  if (msg.kind !== 'text') return `ignored_${msg.kind}`;

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

  const classification = await ctx.classifier.classify({ text: msg.text, mentionsBot: msg.mentionsBot });
  ctx.log.debug({ classification }, 'classified');
  if (!classification.isRequest) return 'not_request';
  return openTicket(ctx, msg, room, classification);
}

async function openTicket(ctx: AppContext, msg: InboundMessage, room: RoomInfo, c: Classification): Promise<Outcome> {
  const { config, directory, texts } = ctx;
  const community = room.community!;
  const now = ctx.clock.now();
  const dutyRoomId = directory.dutyRoomFor(community);
  if (!dutyRoomId) ctx.log.error({ community }, 'no duty group found for this community: the ticket is created but nobody is told');
  const { claimDueAt, dueAt } = deadlinesFor(config.sla, c.category, c.urgency, now);
  const reporter = { id: msg.senderId, name: msg.senderName, roomId: msg.roomId, at: now };

  return inTransaction(ctx, async (tx) => {
    const ticket = await tx.tickets.create(
      {
        status: 'new',
        category: c.category,
        urgency: c.urgency,
        community,
        groupId: msg.roomId,
        dutyRoomId: dutyRoomId ?? '',
        text: msg.text,
        source: c.source,
        confidence: c.categoryConfidence,
        reporter,
        createdAt: now,
        claimDueAt,
        dueAt,
        messageIds: [msg.id],
      },
      { type: 'created', actor: { id: msg.senderId, name: msg.senderName }, at: now, note: null },
    );
    const masked = { maskedText: maskPii(msg.text), groupTopic: room.topic, reporterName: maskPii(msg.senderName) };
    const messages: OutgoingMessage[] = [
      { roomId: msg.roomId, text: texts.ack(ticket, emergencyAdviceFor(msg.text, c.urgency === 'urgent')), mentionIds: [msg.senderId], dedupeKey: `ack:${ticket.no}` },
    ];
    if (dutyRoomId) messages.push({ roomId: dutyRoomId, text: texts.dutyCard(ticket, masked), dedupeKey: `card:${ticket.no}` });
    const leaders = directory.leadersRoomId();
    if (c.urgency === 'urgent' && leaders) {
      messages.push({ roomId: leaders, text: texts.leadersAlert(ticket, masked), dedupeKey: `alert:${ticket.no}` });
    }
    await tx.outbox.enqueue(messages, now);
    await tx.inbound.markProcessed(msg.id, 'ticket', ticket.no);
    ctx.log.info({ ticketNo: ticket.no, category: c.category, urgency: c.urgency, source: c.source }, 'ticket opened');
    return { outcome: 'ticket', ticketNo: ticket.no };
  });
}
