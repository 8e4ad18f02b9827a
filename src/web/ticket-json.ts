// The Ticket shape of the HTTP API (design.md, contract). The resident's text is masked: the API
// is read outside the resident's own group.
import { maskPii } from '../domain/mask-pii.js';
import type { Ticket, TicketEvent } from '../domain/ticket.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function ticketJson(ticket: Ticket, events: TicketEvent[]) {
  return {
    no: ticket.no,
    status: ticket.status,
    category: ticket.category,
    urgency: ticket.urgency,
    community: ticket.community,
    groupId: ticket.groupId,
    text: maskPii(ticket.text),
    reporters: ticket.reporters.map((r) => ({ id: r.id, name: r.name })),
    assignee: ticket.assignee ? { id: ticket.assignee.id, name: ticket.assignee.name } : null,
    createdAt: iso(ticket.createdAt),
    claimDueAt: iso(ticket.claimDueAt),
    dueAt: iso(ticket.dueAt),
    claimedAt: iso(ticket.claimedAt),
    resolvedAt: iso(ticket.resolvedAt),
    rating: ticket.rating,
    reopenCount: ticket.reopenCount,
    events: events.map((e) => ({ type: e.type, actor: e.actor.name, actorId: e.actor.id, at: e.at.toISOString(), note: e.note === null ? null : maskPii(e.note) })),
    // Extensions beyond the contract:
    closedAt: iso(ticket.closedAt),
    dutyRoomId: ticket.dutyRoomId,
    mergedInto: ticket.mergedInto,
    source: ticket.source,
    confidence: ticket.confidence,
  };
}
