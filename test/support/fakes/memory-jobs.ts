// The in-memory side of the SLA ladder, job locks, digest records and digest metrics, over the
// memory store's state: same semantics as src/store/{ladder,job-lock,digest,metrics}-repository.ts.
import { TicketChangedError } from '../../../src/app/ports/tickets.js';
import type { CommunityScope, DigestRepository, JobLockRepository, LadderRepository, MetricsRepository } from '../../../src/app/ports/jobs.js';
import { emptyPeriodStats, type BreakdownRow, type OverdueTicket, type Totals } from '../../../src/domain/digest-model.js';
import { PHASE_STEPS, type LadderStep } from '../../../src/domain/sla-ladder.js';
import { RATING_LABELS, TICKET_STATUSES, type Ticket, type TicketEvent, type TicketStatus } from '../../../src/domain/ticket.js';

export interface MemoryJobsState {
  slaSteps: Array<{ ticketNo: number; step: LadderStep; deadlineAt: Date; at: Date }>;
  jobLocks: Map<string, { holder: string; acquiredAt: Date; expiresAt: Date }>;
  digestRuns: Array<{ kind: string; period: string; roomId: string; text: string; sentAt: Date }>;
}

export function emptyJobsState(): MemoryJobsState {
  return { slaSteps: [], jobLocks: new Map(), digestRuns: [] };
}

interface TicketsView {
  tickets: Map<number, { ticket: Omit<Ticket, 'reporters'>; events: TicketEvent[] }>;
}

export function jobsRepositoriesOver(current: () => MemoryJobsState & TicketsView): {
  ladder: LadderRepository;
  jobLocks: JobLockRepository;
  digests: DigestRepository;
  metrics: MetricsRepository;
} {
  const ms = (d: Date) => d.getTime();
  const tickets = (scope?: CommunityScope) => [...current().tickets.values()].filter((s) => !scope || scope.includes(s.ticket.community));
  const inRange = (d: Date | null, from: Date, to: Date) => d !== null && ms(d) >= ms(from) && ms(d) < ms(to);
  const events = (types: string[], from: Date, to: Date, scope?: CommunityScope) =>
    tickets(scope).flatMap((s) => s.events.filter((e) => types.includes(e.type) && inRange(e.at, from, to)).map((e) => ({ e, t: s.ticket })));
  const overdueAt = (t: Omit<Ticket, 'reporters'>, now: Date) =>
    (t.status === 'new' && ms(t.claimDueAt) < ms(now)) || (t.status === 'claimed' && ms(t.dueAt) < ms(now));

  const ladder: LadderRepository = {
    async candidates(scan) {
      const steps = PHASE_STEPS[scan.phase];
      const status = scan.phase === 'claim' ? 'new' : 'claimed';
      const dueOf = (t: Omit<Ticket, 'reporters'>) => (scan.phase === 'claim' ? t.claimDueAt : t.dueAt);
      const recordedFor = (no: number, due: Date) =>
        current().slaSteps.filter((s) => s.ticketNo === no && ms(s.deadlineAt) === ms(due) && steps.includes(s.step)).map((s) => s.step);
      return tickets()
        .map((s) => s.ticket)
        .filter((t) => t.status === status && ms(dueOf(t)) >= ms(scan.dueFrom) && ms(dueOf(t)) <= ms(scan.dueTo))
        .filter((t) => !scan.after || ms(dueOf(t)) > ms(scan.after.due) || (ms(dueOf(t)) === ms(scan.after.due) && t.no > scan.after.no))
        .map((t) => ({ no: t.no, category: t.category, urgency: t.urgency, due: new Date(ms(dueOf(t))), recorded: recordedFor(t.no, dueOf(t)) }))
        .filter((c) => {
          // LadderScan.owing: only the steps that can be due by now count.
          const whole = !scan.owing || (scan.phase === 'claim' && c.urgency === 'urgent');
          const owed = whole || !scan.owing ? steps : ms(c.due) > ms(scan.owing.now) ? steps.slice(0, 1) : ms(c.due) > ms(scan.owing.escalateFrom[c.urgency]) ? steps.slice(0, 2) : steps;
          return owed.some((step) => !c.recorded.includes(step));
        })
        .sort((a, b) => ms(a.due) - ms(b.due) || a.no - b.no)
        .slice(0, scan.limit);
    },
    async recordStep(ticket, step, deadline, event) {
      const state = current();
      if (state.slaSteps.some((s) => s.ticketNo === ticket.no && s.step === step && ms(s.deadlineAt) === ms(deadline))) return false;
      const stored = state.tickets.get(ticket.no);
      if (!stored || stored.ticket.version !== ticket.version) throw new TicketChangedError(ticket.no);
      state.slaSteps.push({ ticketNo: ticket.no, step, deadlineAt: new Date(ms(deadline)), at: event.at });
      stored.ticket.version++;
      stored.events.push(structuredClone(event));
      return true;
    },
  };

  const jobLocks: JobLockRepository = {
    async acquire(name, holder, now, expiresAt) {
      const lock = current().jobLocks.get(name);
      if (lock && lock.holder !== holder && ms(lock.expiresAt) > ms(now)) return false;
      current().jobLocks.set(name, { holder, acquiredAt: now, expiresAt });
      return true;
    },
    async release(name, holder, now) {
      const lock = current().jobLocks.get(name);
      if (lock?.holder === holder) lock.expiresAt = now;
    },
  };

  const digests: DigestRepository = {
    async record(run) {
      const state = current();
      if (state.digestRuns.some((d) => d.kind === run.kind && d.period === run.period)) return false;
      state.digestRuns.push({ kind: run.kind, period: run.period, roomId: run.roomId, text: run.text, sentAt: run.at });
      return true;
    },
    async has(kind, period) {
      return current().digestRuns.some((d) => d.kind === kind && d.period === period);
    },
  };

  const metrics: MetricsRepository = {
    async periodStats(from, to, scope) {
      const p = emptyPeriodStats();
      const count = (type: string) => events([type], from, to, scope).length;
      p.created = count('created');
      p.claimed = count('claimed');
      p.resolved = count('resolved');
      p.closed = count('closed');
      p.reopened = count('reopened');
      const rated = events(['rated'], from, to, scope);
      p.satisfied = rated.filter(({ e }) => e.note === RATING_LABELS.satisfied).length;
      p.basicallySatisfied = rated.filter(({ e }) => e.note === RATING_LABELS.basically_satisfied).length;
      p.unsatisfied = rated.filter(({ e }) => e.note === RATING_LABELS.unsatisfied).length;
      p.claimedOnTime = events(['claimed'], from, to, scope).filter(({ e, t }) => ms(e.at) <= ms(t.claimDueAt)).length;
      p.resolvedOnTime = events(['resolved'], from, to, scope).filter(({ e, t }) => ms(e.at) <= ms(t.dueAt)).length;
      const all = tickets(scope).map((s) => s.ticket);
      p.claimMissed = all.filter((t) => t.status === 'new' && inRange(t.claimDueAt, from, to)).length;
      p.resolveMissed = all.filter((t) => (t.status === 'new' || t.status === 'claimed') && inRange(t.dueAt, from, to)).length;
      p.becameOverdue = p.claimMissed + all.filter((t) => t.status === 'claimed' && inRange(t.dueAt, from, to)).length;
      return p;
    },
    async totals(now): Promise<Totals> {
      const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
      const all = tickets().map((s) => s.ticket);
      for (const t of all) byStatus[t.status]++;
      return { byStatus, all: all.length, open: byStatus.new + byStatus.claimed, overdue: all.filter((t) => overdueAt(t, now)).length };
    },
    async backlog(now) {
      const all = tickets().map((s) => s.ticket);
      return { open: all.filter((t) => t.status === 'new' || t.status === 'claimed').length, overdue: all.filter((t) => overdueAt(t, now)).length };
    },
    async breakdown(from, to, now, scope) {
      const rows = new Map<string, BreakdownRow>();
      const row = (t: Omit<Ticket, 'reporters'>) => {
        const key = `${t.community}\u0000${t.category}`;
        const r = rows.get(key) ?? { community: t.community, category: t.category, created: 0, resolved: 0, open: 0, overdue: 0 };
        rows.set(key, r);
        return r;
      };
      for (const { ticket: t } of tickets(scope)) {
        if (inRange(t.createdAt, from, to)) row(t).created++;
        if (t.status === 'new' || t.status === 'claimed') {
          row(t).open++;
          if (overdueAt(t, now)) row(t).overdue++;
        }
      }
      for (const { t } of events(['resolved'], from, to, scope)) row(t).resolved++;
      return [...rows.values()].sort((a, b) => a.community.localeCompare(b.community) || a.category.localeCompare(b.category));
    },
    async mostOverdue(now, limit, scope): Promise<OverdueTicket[]> {
      return tickets(scope)
        .map((s) => s.ticket)
        .filter((t) => overdueAt(t, now))
        .map((t) => ({
          no: t.no,
          community: t.community,
          category: t.category,
          status: t.status as 'new' | 'claimed',
          assigneeName: t.assignee?.name ?? null,
          due: new Date(ms(t.status === 'new' ? t.claimDueAt : t.dueAt)),
        }))
        .sort((a, b) => ms(a.due) - ms(b.due) || a.no - b.no)
        .slice(0, limit);
    },
    async reportsBetween(from, to, limit, scope) {
      return tickets(scope)
        .map((s) => s.ticket)
        .filter((t) => inRange(t.createdAt, from, to) && t.status !== 'rejected' && t.status !== 'merged')
        .sort((a, b) => ms(a.createdAt) - ms(b.createdAt) || a.no - b.no)
        .slice(0, limit)
        .map((t) => ({ no: t.no, community: t.community, category: t.category, groupId: t.groupId, text: t.text.slice(0, 200) }));
    },
    async flow(bounds, scope) {
      return bounds.slice(1).map((to, i) => ({
        created: tickets(scope).filter((s) => inRange(s.ticket.createdAt, bounds[i]!, to)).length,
        resolved: events(['resolved'], bounds[i]!, to, scope).length,
      }));
    },
  };

  return { ladder, jobLocks, digests, metrics };
}
