import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/domain-error.js';
import type { Actor, Reporter, Ticket, TicketStatus } from '../../../src/domain/ticket.js';
import { absorbMerged, applyAction, isOpen, TRANSITIONS, type TicketAction } from '../../../src/domain/transitions.js';

const t0 = new Date('2025-03-01T08:00:00Z');
const now = new Date('2025-03-01T09:30:00Z');
const zhang: Actor = { id: 'staff-zhang', name: '张网格' };
const li: Actor = { id: 'staff-li', name: '李社工' };

function aReporter(over: Partial<Reporter> = {}): Reporter {
  return { id: 'res-1', name: '王阿姨', roomId: 'room-res', at: t0, ...over };
}

function aTicket(over: Partial<Ticket> = {}): Ticket {
  return {
    no: 12,
    status: 'new',
    category: 'property',
    urgency: 'normal',
    community: 'yangguang',
    groupId: 'room-res',
    dutyRoomId: 'room-duty',
    text: '3号楼电梯又坏了',
    source: 'rules',
    confidence: 0.9,
    reporters: [aReporter()],
    assignee: null,
    createdAt: t0,
    claimDueAt: new Date('2025-03-01T10:00:00Z'),
    dueAt: new Date('2025-03-04T08:00:00Z'),
    claimedAt: null,
    resolvedAt: null,
    closedAt: null,
    rating: null,
    reopenCount: 0,
    mergedInto: null,
    version: 3,
    ...over,
  };
}

const claimedBy = (actor: Actor, over: Partial<Ticket> = {}) =>
  aTicket({ status: 'claimed', assignee: actor, claimedAt: t0, ...over });

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const types = (r: { events: { type: string }[] }) => r.events.map((e) => e.type);

describe('applyAction', () => {
  it('claims a new ticket for the actor without touching the input', () => {
    const ticket = aTicket();
    const snapshot = structuredClone(ticket);
    const r = applyAction(ticket, { type: 'claim' }, { actor: zhang, now });
    expect(r.ticket).toMatchObject({ status: 'claimed', assignee: zhang, claimedAt: now, version: 3 });
    expect(r.events).toEqual([{ type: 'claimed', actor: zhang, at: now, note: null }]);
    expect(ticket).toEqual(snapshot);
    expect(r.ticket).not.toBe(ticket);
  });

  it('refuses a claim on a ticket someone else holds, naming the holder', () => {
    const e = domainError(() => applyAction(claimedBy(li), { type: 'claim' }, { actor: zhang, now }));
    expect(e.code).toBe('invalid_transition');
    expect(e.message).toContain('李社工');
    expect(e.ticketNo).toBe(12);
  });

  it("refuses claiming one's own ticket twice with already_claimed", () => {
    expect(domainError(() => applyAction(claimedBy(zhang), { type: 'claim' }, { actor: zhang, now })).code).toBe(
      'already_claimed',
    );
  });

  it('treats progress on a new ticket as an implicit claim', () => {
    const r = applyAction(aTicket(), { type: 'progress', note: '已联系电梯公司' }, { actor: zhang, now });
    expect(r.ticket).toMatchObject({ status: 'claimed', assignee: zhang, claimedAt: now });
    expect(types(r)).toEqual(['claimed', 'progress']);
    expect(r.events[1].note).toBe('已联系电梯公司');
  });

  it('keeps the holder on progress by a colleague', () => {
    const r = applyAction(claimedBy(li), { type: 'progress', note: '下午上门' }, { actor: zhang, now });
    expect(r.ticket.assignee).toEqual(li);
    expect(types(r)).toEqual(['progress']);
  });

  it('resolves a claimed ticket, and a new one with an implicit claim', () => {
    const a = applyAction(claimedBy(li), { type: 'resolve', note: '已修好' }, { actor: li, now });
    expect(a.ticket).toMatchObject({ status: 'resolved', resolvedAt: now, assignee: li, claimedAt: t0 });
    expect(types(a)).toEqual(['resolved']);
    const b = applyAction(aTicket(), { type: 'resolve' }, { actor: zhang, now });
    expect(b.ticket).toMatchObject({ status: 'resolved', assignee: zhang, claimedAt: now, resolvedAt: now });
    expect(types(b)).toEqual(['claimed', 'resolved']);
    expect(b.events[1].note).toBeNull();
  });

  it('returns a claimed ticket to dispatch', () => {
    const r = applyAction(claimedBy(li), { type: 'return', reason: '不属于本社区' }, { actor: li, now });
    expect(r.ticket).toMatchObject({ status: 'new', assignee: null, claimedAt: null });
    expect(r.events).toEqual([{ type: 'returned', actor: li, at: now, note: '不属于本社区' }]);
    expect(domainError(() => applyAction(aTicket(), { type: 'return', reason: 'x' }, { actor: li, now })).code).toBe(
      'invalid_transition',
    );
  });

  it('reassigns, keeping the original claim time and naming the new holder', () => {
    const a = applyAction(claimedBy(li), { type: 'reassign', to: zhang }, { actor: li, now });
    expect(a.ticket).toMatchObject({ status: 'claimed', assignee: zhang, claimedAt: t0 });
    expect(a.events[0]).toMatchObject({ type: 'reassigned', actor: li });
    expect(a.events[0].note).toContain('张网格');
    const b = applyAction(aTicket(), { type: 'reassign', to: zhang }, { actor: li, now });
    expect(b.ticket).toMatchObject({ status: 'claimed', assignee: zhang, claimedAt: now });
    expect(domainError(() => applyAction(claimedBy(zhang), { type: 'reassign', to: zhang }, { actor: li, now })).code).toBe(
      'already_claimed',
    );
  });

  it('rejects new and claimed tickets with the reason as note', () => {
    for (const ticket of [aTicket(), claimedBy(li)]) {
      const r = applyAction(ticket, { type: 'reject', reason: '广告' }, { actor: zhang, now });
      expect(r.ticket.status).toBe('rejected');
      expect(r.events).toEqual([{ type: 'rejected', actor: zhang, at: now, note: '广告' }]);
    }
  });

  it('merges into another ticket but never into itself', () => {
    const r = applyAction(aTicket(), { type: 'merge', into: 8 }, { actor: zhang, now });
    expect(r.ticket).toMatchObject({ status: 'merged', mergedInto: 8 });
    expect(types(r)).toEqual(['merged']);
    expect(r.events[0].note).toContain('#8');
    expect(domainError(() => applyAction(aTicket(), { type: 'merge', into: 12 }, { actor: zhang, now })).code).toBe(
      'merge_into_self',
    );
  });

  describe('rate', () => {
    const resident: Actor = { id: 'res-1', name: '王阿姨' };
    const resolved = () => claimedBy(li, { status: 'resolved', resolvedAt: t0 });

    it.each(['satisfied', 'basically_satisfied'] as const)('closes on %s', (rating) => {
      const r = applyAction(resolved(), { type: 'rate', rating, by: 'res-1' }, { actor: resident, now });
      expect(r.ticket).toMatchObject({ status: 'closed', rating, closedAt: now, reopenCount: 0 });
      expect(types(r)).toEqual(['rated', 'closed']);
    });

    it('reopens on unsatisfied, keeping the holder and counting the redo', () => {
      const r = applyAction(
        resolved(),
        { type: 'rate', rating: 'unsatisfied', by: 'res-1' },
        { actor: resident, now },
      );
      expect(r.ticket).toMatchObject({
        status: 'claimed',
        assignee: li,
        rating: 'unsatisfied',
        reopenCount: 1,
        resolvedAt: null,
        closedAt: null,
      });
      expect(types(r)).toEqual(['rated', 'reopened']);
      expect(r.events[0].note).toBe('不满意');
    });

    it('accepts a co-reporter and refuses anyone else', () => {
      const ticket = resolved();
      ticket.reporters = [aReporter(), aReporter({ id: 'res-2', name: '赵叔' })];
      expect(applyAction(ticket, { type: 'rate', rating: 'satisfied', by: 'res-2' }, { actor: resident, now }).ticket.status).toBe(
        'closed',
      );
      const e = domainError(() =>
        applyAction(ticket, { type: 'rate', rating: 'satisfied', by: 'res-9' }, { actor: resident, now }),
      );
      expect(e.code).toBe('not_reporter');
    });

    it('only rates resolved tickets', () => {
      const rate: TicketAction = { type: 'rate', rating: 'satisfied', by: 'res-1' };
      expect(domainError(() => applyAction(claimedBy(li), rate, { actor: resident, now })).code).toBe('invalid_transition');
      expect(domainError(() => applyAction(aTicket({ status: 'closed' }), rate, { actor: resident, now })).code).toBe(
        'ticket_not_open',
      );
    });
  });

  it('auto-closes a resolved ticket only', () => {
    const r = applyAction(aTicket({ status: 'resolved' }), { type: 'close' }, { actor: li, now, note: '超时未评价' });
    expect(r.ticket).toMatchObject({ status: 'closed', closedAt: now, rating: null });
    expect(r.events).toEqual([{ type: 'closed', actor: li, at: now, note: '超时未评价' }]);
    expect(domainError(() => applyAction(claimedBy(li), { type: 'close' }, { actor: li, now })).code).toBe(
      'invalid_transition',
    );
  });

  it('adds a co-reporter once, on open and resolved tickets', () => {
    const other = aReporter({ id: 'res-2', name: '赵叔' });
    for (const status of ['new', 'claimed', 'resolved'] as const) {
      const r = applyAction(aTicket({ status }), { type: 'add_reporter', reporter: other }, { actor: zhang, now });
      expect(r.ticket.status).toBe(status);
      expect(r.ticket.reporters.map((x) => x.id)).toEqual(['res-1', 'res-2']);
      expect(types(r)).toEqual(['co_reported']);
    }
    const again = applyAction(aTicket(), { type: 'add_reporter', reporter: aReporter() }, { actor: zhang, now });
    expect(again.events).toEqual([]);
    expect(again.ticket.reporters).toHaveLength(1);
    expect(
      domainError(() =>
        applyAction(aTicket({ status: 'merged' }), { type: 'add_reporter', reporter: other }, { actor: zhang, now }),
      ).code,
    ).toBe('ticket_not_open');
  });

  it('raises urgency once, only ever tightening deadlines', () => {
    const deadlines = { claimDueAt: new Date('2025-03-01T08:15:00Z'), dueAt: new Date('2025-03-05T00:00:00Z') };
    const r = applyAction(aTicket(), { type: 'raise_urgency', deadlines }, { actor: zhang, now });
    expect(r.ticket.urgency).toBe('urgent');
    expect(r.ticket.claimDueAt).toEqual(deadlines.claimDueAt);
    expect(r.ticket.dueAt).toEqual(new Date('2025-03-04T08:00:00Z'));
    expect(types(r)).toEqual(['urgency_raised']);
    expect(applyAction(r.ticket, { type: 'raise_urgency' }, { actor: zhang, now }).events).toEqual([]);
    expect(
      domainError(() => applyAction(aTicket({ status: 'resolved' }), { type: 'raise_urgency' }, { actor: zhang, now }))
        .code,
    ).toBe('invalid_transition');
  });

  it('refuses every action on closed, rejected and merged tickets with ticket_not_open', () => {
    const actions: TicketAction[] = [
      { type: 'claim' },
      { type: 'progress', note: 'x' },
      { type: 'resolve' },
      { type: 'return', reason: 'x' },
      { type: 'reassign', to: zhang },
      { type: 'reject', reason: 'x' },
      { type: 'merge', into: 3 },
      { type: 'close' },
      { type: 'raise_urgency' },
    ];
    for (const status of ['closed', 'rejected', 'merged'] as const) {
      for (const action of actions) {
        const e = domainError(() => applyAction(aTicket({ status }), action, { actor: zhang, now }));
        expect(e.code, `${status} ${action.type}`).toBe('ticket_not_open');
      }
    }
  });

  it('refuses staff actions on a resolved ticket', () => {
    for (const action of [{ type: 'claim' }, { type: 'progress', note: 'x' }, { type: 'reject', reason: 'x' }] as const) {
      expect(domainError(() => applyAction(aTicket({ status: 'resolved' }), action, { actor: zhang, now })).code).toBe(
        'invalid_transition',
      );
    }
  });
});

describe('TRANSITIONS', () => {
  it('has no way out of closed or rejected, and a merged ticket can only be split back to new', () => {
    for (const status of ['closed', 'rejected'] as TicketStatus[]) expect(TRANSITIONS[status]).toEqual({});
    expect(TRANSITIONS.merged).toEqual({ split: 'new' });
  });

  it('isOpen is true for new and claimed only', () => {
    expect((['new', 'claimed', 'resolved', 'closed', 'rejected', 'merged'] as const).filter(isOpen)).toEqual([
      'new',
      'claimed',
    ]);
  });
});

describe('absorbMerged', () => {
  it('adds the source reporters the target lacks and records merged_in', () => {
    const target = claimedBy(li, { no: 8, reporters: [aReporter()] });
    const source = aTicket({
      no: 12,
      reporters: [aReporter(), aReporter({ id: 'res-2', name: '赵叔' }), aReporter({ id: 'res-2', name: '赵叔' })],
    });
    const r = absorbMerged(target, source, { actor: zhang, now });
    expect(r.ticket.reporters.map((x) => x.id)).toEqual(['res-1', 'res-2']);
    expect(target.reporters).toHaveLength(1);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ type: 'merged_in', actor: zhang, at: now });
    expect(r.events[0].note).toContain('#12');
  });

  it('needs an open target other than the source', () => {
    expect(domainError(() => absorbMerged(aTicket({ no: 8, status: 'resolved' }), aTicket(), { actor: zhang, now })).code).toBe(
      'merge_target_not_open',
    );
    expect(domainError(() => absorbMerged(aTicket(), aTicket(), { actor: zhang, now })).code).toBe('merge_into_self');
  });
});
