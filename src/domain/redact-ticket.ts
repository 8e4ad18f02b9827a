// What is left of an ended ticket once its time is up (PIPL minimisation): the problem, where and
// when, and who worked it — without the residents' personal data. Pure.
import { maskPii } from './mask-pii.js';

/** A closed ticket's personal data, as retention reads and rewrites it. */
export interface TicketForRedaction {
  no: number;
  text: string;
  reporters: Array<{ id: number; personId: string; name: string }>;
  events: Array<{ id: number; actorId: string; actorName: string; note: string | null }>;
  /** Texts of the inbound messages the ticket was made from or added to. */
  messages: Array<{ id: number; text: string; senderName: string }>;
}

/** A resident's display name reduced to its first character: "陈姐" → "陈*". */
export function maskName(name: string): string {
  const [first] = Array.from(name.trim());
  return first ? `${first}*` : '*';
}

export function redactTicket(t: TicketForRedaction): TicketForRedaction {
  const residents = new Set(t.reporters.map((r) => r.personId));
  return {
    ...t,
    text: maskPii(t.text),
    reporters: t.reporters.map((r) => ({ ...r, name: maskName(r.name) })),
    // Staff and the system keep their names: the audit trail of who did what stays readable.
    events: t.events.map((e) => ({
      ...e,
      actorName: residents.has(e.actorId) ? maskName(e.actorName) : e.actorName,
      note: e.note === null ? null : maskPii(e.note),
    })),
    messages: t.messages.map((m) => ({ ...m, text: maskPii(m.text), senderName: maskName(m.senderName) })),
  };
}
