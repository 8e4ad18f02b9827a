// Building blocks for who hears about a ticket, and for replies.
import type { Ticket } from '../domain/ticket.js';
import type { InboundMessage } from './inbound-message.js';
import { contactOfPrivateChat } from './ports/chat.js';
import type { OutgoingMessage } from './ports/outbox.js';

/** One message per resident group involved, @-ing the reporters who wrote from that group. */
export function toReporters(ticket: Ticket, text: string, dedupeKey: string): OutgoingMessage[] {
  const byRoom = new Map<string, string[]>();
  for (const r of ticket.reporters) byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), r.id]);
  if (!byRoom.has(ticket.groupId)) byRoom.set(ticket.groupId, []);
  return [...byRoom].map(([roomId, mentionIds]) => ({ roomId, text, mentionIds, dedupeKey: `${dedupeKey}:${roomId}` }));
}

export function toRoom(roomId: string | null | undefined, text: string, dedupeKey: string, mentionIds: string[] = []): OutgoingMessage[] {
  return roomId ? [{ roomId, text, mentionIds, dedupeKey }] : [];
}

/** A reply to the person who wrote `msg`, in the same room (or private chat), @-ing them in a room. */
export function replyTo(msg: InboundMessage, text: string, n = 0): OutgoingMessage {
  const mentionIds = contactOfPrivateChat(msg.roomId) ? [] : [msg.senderId];
  return { roomId: msg.roomId, text, mentionIds, dedupeKey: `reply:${msg.id}:${n}` };
}
