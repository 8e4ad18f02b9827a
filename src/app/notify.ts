// Building blocks for who hears about a ticket, and for replies.
import type { Ticket } from '../domain/ticket.js';
import type { InboundMessage } from './inbound-message.js';
import { contactOfPrivateChat } from './ports/chat.js';
import type { Coalescing, Lane, OutgoingMessage } from './ports/outbox.js';
import { together } from './outbox-coalescing.js';

/** How soon, about which ticket, and what it may go out with (src/app/ports/outbox.ts). */
export interface Delivery {
  lane?: Lane;
  ticketNo?: number;
  coalesce?: Coalescing;
}

/** One message per resident group involved, @-ing the reporters who wrote from that group. */
export function toReporters(ticket: Ticket, text: string, dedupeKey: string, delivery: Delivery = {}): OutgoingMessage[] {
  const byRoom = new Map<string, string[]>();
  for (const r of ticket.reporters) byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), r.id]);
  if (!byRoom.has(ticket.groupId)) byRoom.set(ticket.groupId, []);
  return [...byRoom].map(([roomId, mentionIds]) => ({ roomId, text, mentionIds, dedupeKey: `${dedupeKey}:${roomId}`, ticketNo: ticket.no, ...delivery }));
}

export function toRoom(
  roomId: string | null | undefined,
  text: string,
  dedupeKey: string,
  mentionIds: string[] = [],
  delivery: Delivery = {},
): OutgoingMessage[] {
  return roomId ? [{ roomId, text, mentionIds, dedupeKey, ...delivery }] : [];
}

/**
 * A reply to the person who wrote `msg`, in the same room (or private chat), @-ing them in a room.
 * `heldTogether`: answers to one resident in a group go out at most every few seconds, combined
 * (a flooding resident does not get an answer per line).
 */
export function replyTo(msg: InboundMessage, text: string, n = 0, delivery: Delivery & { heldTogether?: boolean } = {}): OutgoingMessage {
  const { heldTogether, ...rest } = delivery;
  const privateChat = contactOfPrivateChat(msg.roomId) !== null;
  const mentionIds = privateChat ? [] : [msg.senderId];
  return {
    roomId: msg.roomId,
    text,
    mentionIds,
    dedupeKey: `reply:${msg.id}:${n}`,
    ...(heldTogether && !privateChat ? { coalesce: together.replyTo(msg.senderId, text) } : {}),
    ...rest,
  };
}
