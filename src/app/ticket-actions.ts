// The staff use-cases: load, let the domain decide, save, announce. Chat commands and the
// console both come through here, so an action is announced the same way wherever it starts.
import { applyAction, absorbMerged, releaseMerged, type TicketAction } from '../domain/transitions.js';
import { DomainError } from '../domain/domain-error.js';
import { maskPii } from '../domain/mask-pii.js';
import { refreshDeadlines } from '../domain/sla.js';
import type { Actor, Ticket, TicketEvent } from '../domain/ticket.js';
import type { OutgoingMessage } from './ports/outbox.js';
import type { Repositories } from './ports/store.js';
import type { AppContext, UnitOfWork } from './app-context.js';
import { toReporters, toRoom } from './notify.js';

/** What residents hear about their ticket's progress: the relay lane (src/app/ports/outbox.ts). */
const RELAY = { lane: 'relay' } as const;

/**
 * Which tickets an actor may work: those of one duty room (and, in it, of the communities their
 * binding reaches: null for all), some communities, or all.
 */
export type Scope = { dutyRoomId: string; communities?: string[] | null } | { communities: string[] } | 'all';

/** Is this ticket within the scope? */
export function inScope(ticket: Pick<Ticket, 'dutyRoomId' | 'community'>, scope: Scope): boolean {
  if (scope === 'all') return true;
  if ('dutyRoomId' in scope) return ticket.dutyRoomId === scope.dutyRoomId && (!scope.communities || scope.communities.includes(ticket.community));
  return scope.communities.includes(ticket.community);
}

export class OutOfScopeError extends DomainError {
  constructor(readonly ticket: Ticket) {
    super('out_of_scope', `ticket ${ticket.no} is outside the actor's scope`, ticket.no);
  }
}

function assertInScope(ticket: Ticket, scope: Scope): void {
  if (!inScope(ticket, scope)) throw new OutOfScopeError(ticket);
}

export interface ActionRequest {
  no: number;
  actor: Actor;
  scope: Scope;
  /** Id of what asked for this (chat message id, console request id): makes announcements idempotent. */
  requestId: string;
}

async function load(tx: Repositories, no: number): Promise<Ticket> {
  const ticket = await tx.tickets.get(no);
  if (!ticket) throw new DomainError('ticket_not_found', `ticket ${no} not found`, no);
  return ticket;
}

const FINISHED = new Set(['resolved', 'closed', 'rejected', 'merged']);

/** Counts a ticket that just reached a finished status, once its transaction committed. */
export function countIfFinished(ctx: AppContext, tx: UnitOfWork, before: Ticket, after: Ticket): void {
  if (after.status !== before.status && FINISHED.has(after.status)) tx.onCommit(() => ctx.telemetry.ticketFinished(after.category, after.status));
}

/** Loads, applies, saves and announces in one transaction (the store runs it again if it lost a race). */
function runAction(
  ctx: AppContext,
  req: ActionRequest,
  action: TicketAction,
  announce: (before: Ticket, after: Ticket, events: TicketEvent[]) => OutgoingMessage[],
): Promise<Ticket> {
  return ctx.transaction(async (tx) => {
    const before = await load(tx, req.no);
    assertInScope(before, req.scope);
    const now = ctx.clock.now();
    const applied = applyAction(before, action, { actor: req.actor, now });
    // Back to dispatch: whoever takes it next gets the full time again.
    const ticket = action.type === 'return' ? refreshDeadlines(applied.ticket, ctx.config, now) : applied.ticket;
    const saved = await tx.tickets.save(ticket, applied.events);
    tx.say(...announce(before, saved, applied.events));
    countIfFinished(ctx, tx, before, saved);
    return saved;
  });
}

export function claimTicket(ctx: AppContext, req: ActionRequest): Promise<Ticket> {
  const t = ctx.texts;
  return runAction(ctx, req, { type: 'claim' }, (_b, after) => [
    ...toRoom(after.dutyRoomId, t.claimedToDuty(after), `${req.requestId}:duty`, [], { ticketNo: after.no }),
    ...toReporters(after, t.claimedToResident(after), `${req.requestId}:res`, RELAY),
  ]);
}

export function addProgress(ctx: AppContext, req: ActionRequest & { note: string }): Promise<Ticket> {
  const t = ctx.texts;
  return runAction(ctx, req, { type: 'progress', note: req.note }, (before, after) => [
    ...(before.status === 'new' ? toRoom(after.dutyRoomId, t.claimedToDuty(after), `${req.requestId}:claim`, [], { ticketNo: after.no }) : []),
    ...toReporters(after, t.progressToResident(after, req.note, req.actor.name), `${req.requestId}:res`, RELAY),
    ...toRoom(after.dutyRoomId, t.progressToDuty(after), `${req.requestId}:duty`, [], { ticketNo: after.no }),
  ]);
}

export function resolveTicket(ctx: AppContext, req: ActionRequest & { note: string | null }): Promise<Ticket> {
  const t = ctx.texts;
  return runAction(ctx, req, { type: 'resolve', note: req.note }, (_b, after) => [
    ...toReporters(after, t.resolvedToResident(after, req.note), `${req.requestId}:res`, RELAY),
    ...toRoom(after.dutyRoomId, t.resolvedToDuty(after), `${req.requestId}:duty`, [], { ticketNo: after.no }),
  ]);
}

export function returnTicket(ctx: AppContext, req: ActionRequest & { reason: string }): Promise<Ticket> {
  const t = ctx.texts;
  return runAction(ctx, req, { type: 'return', reason: req.reason }, (_b, after) =>
    toRoom(after.dutyRoomId, t.returnedToDuty(after, maskPii(req.reason), req.actor.name), `${req.requestId}:duty`, [], { ticketNo: after.no }),
  );
}

export function reassignTicket(ctx: AppContext, req: ActionRequest & { to: Actor }): Promise<Ticket> {
  const t = ctx.texts;
  return runAction(ctx, req, { type: 'reassign', to: req.to }, (_b, after) => [
    ...toRoom(after.dutyRoomId, t.reassignedToDuty(after), `${req.requestId}:duty`, [req.to.id], { ticketNo: after.no }),
    ...toReporters(after, t.reassignedToResident(after), `${req.requestId}:res`, RELAY),
  ]);
}

export function rejectTicket(ctx: AppContext, req: ActionRequest & { reason: string }): Promise<Ticket> {
  const t = ctx.texts;
  return runAction(ctx, req, { type: 'reject', reason: req.reason }, (_b, after) => [
    ...toRoom(after.dutyRoomId, t.rejectedToDuty(after, maskPii(req.reason)), `${req.requestId}:duty`, [], { ticketNo: after.no }),
    ...toReporters(after, t.rejectedToResident(after, req.reason), `${req.requestId}:res`, RELAY),
  ]);
}

/** Ticket `no` is the duplicate; `into` keeps the work and gains its reporters. */
export async function mergeTickets(ctx: AppContext, req: ActionRequest & { into: number }): Promise<Ticket> {
  const t = ctx.texts;
  return ctx.transaction(async (tx) => {
    const now = ctx.clock.now();
    const source = await load(tx, req.no);
    const target = await load(tx, req.into);
    assertInScope(source, req.scope);
    assertInScope(target, req.scope);
    const merged = applyAction(source, { type: 'merge', into: target.no }, { actor: req.actor, now });
    const absorbed = absorbMerged(target, source, { actor: req.actor, now });
    const savedSource = await tx.tickets.save(merged.ticket, merged.events);
    const savedTarget = await tx.tickets.save(absorbed.ticket, absorbed.events);
    countIfFinished(ctx, tx, source, savedSource);
    tx.say(
      ...toRoom(savedTarget.dutyRoomId, t.mergedToDuty(savedSource, savedTarget), `${req.requestId}:duty`, [], { ticketNo: savedTarget.no }),
      ...toReporters(savedSource, t.mergedToResident(savedSource, savedTarget), `${req.requestId}:res`, RELAY),
    );
    return savedTarget;
  });
}

/** Undoes a wrong merge (manual or automatic): `no` is on its own again, back to 待签收. */
export async function splitTicket(ctx: AppContext, req: ActionRequest): Promise<Ticket> {
  const t = ctx.texts;
  return ctx.transaction(async (tx) => {
    const now = ctx.clock.now();
    const source = await load(tx, req.no);
    assertInScope(source, req.scope);
    const split = applyAction(source, { type: 'split' }, { actor: req.actor, now });
    const target = source.mergedInto ? await tx.tickets.get(source.mergedInto) : null;
    // Back in the queue on its own: it gets a full claim time from now.
    const savedSource = await tx.tickets.save(refreshDeadlines(split.ticket, ctx.config, now), split.events);
    if (target) {
      const released = releaseMerged(target, source, { actor: req.actor, now });
      await tx.tickets.save(released.ticket, released.events);
      tx.say(...toRoom(savedSource.dutyRoomId, t.splitToDuty(savedSource, target), `${req.requestId}:duty`, [], { ticketNo: savedSource.no }));
    }
    return savedSource;
  });
}
