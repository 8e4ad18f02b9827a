// Deadlines by category × urgency, and how close a ticket is to missing its current one.
import type { SlaTable } from '../config/linli-config.js';
import type { Ticket, Urgency } from './ticket.js';

export type SlaTier = 'red' | 'yellow' | 'blue';

/** Share of the allowed time after which a ticket turns yellow (a reminder is due). */
export const YELLOW_AT = 0.75;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Both deadlines count from creation; a category row may override only one urgency. */
export function deadlinesFor(
  sla: SlaTable,
  category: string,
  urgency: Urgency,
  createdAt: Date,
): { claimDueAt: Date; dueAt: Date } {
  const d = sla.categories[category]?.[urgency] ?? sla.default[urgency];
  return {
    claimDueAt: new Date(createdAt.getTime() + d.claimMinutes * MINUTE),
    dueAt: new Date(createdAt.getTime() + d.resolveHours * HOUR),
  };
}

/**
 * red: past the current deadline; yellow: at least 75% of the time from creation to it has gone;
 * blue: otherwise; null when nobody has work to do (resolved, closed, rejected, merged).
 * The current deadline is claimDueAt until someone claims the ticket, then dueAt.
 */
export function slaTier(
  ticket: Pick<Ticket, 'status' | 'createdAt' | 'claimDueAt' | 'dueAt'>,
  now: Date,
): SlaTier | null {
  const due = ticket.status === 'new' ? ticket.claimDueAt : ticket.status === 'claimed' ? ticket.dueAt : null;
  if (!due) return null;
  const t = now.getTime();
  if (t > due.getTime()) return 'red';
  const allowed = due.getTime() - ticket.createdAt.getTime();
  const elapsed = t - ticket.createdAt.getTime();
  return elapsed >= YELLOW_AT * allowed ? 'yellow' : 'blue';
}

/** The claim and resolve time a category × urgency is allowed, in minutes. */
export function allowedMinutes(sla: SlaTable, category: string, urgency: Urgency): { claim: number; resolve: number } {
  const d = sla.categories[category]?.[urgency] ?? sla.default[urgency];
  return { claim: d.claimMinutes, resolve: d.resolveHours * 60 };
}

/**
 * Restarts the deadlines that still lie ahead of the ticket from `now`, as after 退回 (claimed →
 * new: both the claim and the resolve time start again, the next holder gets the full time) and
 * after 不满意 → 重办 (resolved → claimed: the resolve time starts again; claimDueAt stays, the
 * claim is history). Call it on the ticket `applyAction` returned. Other statuses are unchanged.
 * The SLA ladder keys its reminders on the deadline, so new deadlines also mean a fresh ladder.
 */
export function refreshDeadlines<T extends Pick<Ticket, 'status' | 'category' | 'urgency' | 'claimDueAt' | 'dueAt'>>(
  ticket: T,
  config: { sla: SlaTable },
  now: Date,
): T {
  const d = deadlinesFor(config.sla, ticket.category, ticket.urgency, now);
  if (ticket.status === 'new') return { ...ticket, claimDueAt: d.claimDueAt, dueAt: d.dueAt };
  if (ticket.status === 'claimed') return { ...ticket, dueAt: d.dueAt };
  return ticket;
}
