// The SLA ladder as a use-case: scan the tickets whose ladder may have a step due, and for each
// due step record it on the ticket (event + step row, one transaction with the messages) before
// anything is said. State-based: evaluated at `now`, so a big jump of the clock sends each due
// step once, in order, and a second run (or a second instance) finds nothing left to send.
import { formatTime } from './texts.js';
import { maskPii } from '../domain/mask-pii.js';
import { isQuietAt } from '../domain/quiet-hours.js';
import { dueSteps, maxLeadMinutes, minEscalateMinutes, STEP_LABELS, type LadderPhase, type PlannedStep } from '../domain/sla-ladder.js';
import { SYSTEM_ACTOR, type Ticket, type TicketEvent, type Urgency } from '../domain/ticket.js';
import type { AppContext } from './app-context.js';
import { TicketChangedError } from './ports/tickets.js';
import type { LadderCandidate } from './ports/jobs.js';
import type { OutgoingMessage } from './ports/outbox.js';
import { toRoom } from './notify.js';

const PAGE = 500;
/** A run looks at no more than this many tickets per phase; the rest wait a minute. */
const MAX_PAGES = 20;
const MINUTE = 60_000;

export interface LadderRunReport {
  /** Tickets looked at. */
  scanned: number;
  /** Steps recorded (and their notices enqueued). */
  sent: number;
  /** Due steps of non-urgent tickets held by quiet hours. */
  held: number;
  /** Tickets changed by someone else mid-way: looked at again next run. */
  conflicts: number;
  /** Tickets that failed (logged): looked at again next run. */
  failed: number;
}

export async function runSlaLadder(ctx: AppContext, now: Date): Promise<LadderRunReport> {
  const { ladder, sla } = ctx.config;
  const report: LadderRunReport = { scanned: 0, sent: 0, held: 0, conflicts: 0, failed: 0 };
  const quiet = isQuietAt(now, ladder.quietHours, ctx.config.timezone);
  // Deadlines older than the last possible escalation plus the look-back are not chased any more.
  const dueFrom = new Date(now.getTime() - (ladder.lookbackDays * 24 + ladder.escalateAfterMaxHours) * 60 * MINUTE);
  for (const phase of ['claim', 'resolve'] as LadderPhase[]) {
    const dueTo = new Date(now.getTime() + maxLeadMinutes(sla, ladder, phase) * MINUTE);
    const escalateFrom = (urgency: Urgency) => new Date(now.getTime() - minEscalateMinutes(sla, ladder, phase, urgency) * MINUTE);
    const owing = { now, escalateFrom: { urgent: escalateFrom('urgent'), normal: escalateFrom('normal') } };
    let after: LadderCandidate | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const batch = await ctx.store.ladder.candidates({ phase, dueFrom, dueTo, after, limit: PAGE, owing });
      for (const candidate of batch) {
        report.scanned++;
        // Most candidates wait for a later step: decide that from the scan row, without a transaction.
        const shape = { status: phase === 'claim' ? 'new' : 'claimed', category: candidate.category, urgency: candidate.urgency, claimDueAt: candidate.due, dueAt: candidate.due } as const;
        const due = dueSteps(shape, now, sla, ladder, candidate.recorded);
        if (due.length === 0) continue;
        if (quiet && candidate.urgency !== 'urgent') {
          report.held += due.length;
          continue;
        }
        await climb(ctx, candidate, now, quiet, report);
      }
      if (batch.length < PAGE) break;
      after = batch[batch.length - 1];
    }
  }
  if (report.sent || report.conflicts || report.failed) ctx.log.info({ ...report }, 'SLA ladder ran');
  return report;
}

async function climb(ctx: AppContext, candidate: LadderCandidate, now: Date, quiet: boolean, report: LadderRunReport): Promise<void> {
  const log = ctx.log.child({ ticketNo: candidate.no });
  try {
    // Counted after the commit: a transaction that lost a race runs again on fresh data.
    const done = await ctx.transaction(async (tx) => {
      const done = { sent: 0, held: 0 };
      const ticket = await tx.tickets.get(candidate.no);
      if (!ticket) return done;
      const steps = dueSteps(ticket, now, ctx.config.sla, ctx.config.ladder, candidate.recorded).filter(
        // The deadline moved since the scan: the next scan sees the new ladder.
        (s) => s.deadline.getTime() === candidate.due.getTime(),
      );
      if (steps.length === 0) return done;
      if (quiet && ticket.urgency !== 'urgent') {
        done.held += steps.length;
        return done;
      }
      let version = ticket.version;
      for (const step of steps) {
        const event: TicketEvent = {
          type: step.step.endsWith('_escalate') ? 'escalated' : 'reminded',
          actor: SYSTEM_ACTOR,
          at: now,
          note: `${STEP_LABELS[step.step]} · 时限 ${formatTime(step.deadline, ctx.config.timezone)} [${step.step}]`,
        };
        if (!(await tx.ladder.recordStep({ no: ticket.no, version }, step.step, step.deadline, event))) continue;
        version++;
        done.sent++;
        tx.say(...notices(ctx, ticket, step, now));
        log.info({ step: step.step, deadline: step.deadline }, 'SLA step recorded');
      }
      return done;
    });
    report.sent += done.sent;
    report.held += done.held;
  } catch (err) {
    if (err instanceof TicketChangedError) {
      report.conflicts++;
      log.debug('ticket changed during the SLA ladder: looked at again next run');
      return;
    }
    // One ticket that cannot be chased must not stop the others; it is tried again next run.
    report.failed++;
    log.error({ err }, 'SLA ladder failed on a ticket');
  }
}

/** Who is told what for one step. Dedupe keys repeat the step's own key (ticket, step, deadline). */
function notices(ctx: AppContext, ticket: Ticket, step: PlannedStep, now: Date): OutgoingMessage[] {
  const t = ctx.texts;
  const key = `sla:${ticket.no}:${step.step}:${step.deadline.getTime()}`;
  const duty = ticket.dutyRoomId;
  const assignee = ticket.assignee ? [ticket.assignee.id] : [];
  const staff = dutyStaff(ctx, ticket);
  // Reminders travel with the relays; those about an urgent ticket go in the urgent lane.
  const delivery = { lane: ticket.urgency === 'urgent' ? 'urgent' : 'relay', ticketNo: ticket.no } as const;
  switch (step.step) {
    case 'claim_warn':
      return toRoom(duty, t.ladderClaimWarn(ticket, { maskedText: maskPii(ticket.text), now }), key, [], delivery);
    case 'claim_overdue':
      return toRoom(duty, t.ladderClaimOverdue(ticket, { unmentionedNames: staff.names }), key, staff.ids, delivery);
    case 'resolve_warn':
      return toRoom(duty, t.ladderResolveWarn(ticket, { now }), key, assignee, delivery);
    case 'resolve_overdue':
      return toRoom(duty, t.ladderResolveOverdue(ticket, { now }), key, assignee, delivery);
    case 'claim_escalate':
    case 'resolve_escalate': {
      const leaders = ctx.directory.leadersRoomId();
      if (!leaders) ctx.log.warn({ ticketNo: ticket.no }, 'no leaders group known: the escalation is recorded but only the duty group hears of it');
      const text = t.ladderEscalation(ticket, {
        maskedText: maskPii(ticket.text),
        communityName: ctx.directory.communityName(ticket.community),
        dutyRoomTopic: ctx.directory.room(duty)?.topic ?? null,
        now,
      });
      return [
        ...toRoom(leaders, text, `${key}:leaders`, [], delivery),
        ...toRoom(duty, t.ladderEscalatedToDuty(ticket), `${key}:duty`, ticket.status === 'new' ? staff.ids : assignee, delivery),
      ];
    }
  }
}

/** The duty group's staff: those bound (by contact id) to the communities the group serves, @-ed. */
function dutyStaff(ctx: AppContext, ticket: Ticket): { ids: string[]; names: string[] } {
  const served = ctx.directory.communitiesOfDutyRoom(ticket.dutyRoomId);
  const communities = served.length ? served : [ticket.community];
  const ids = new Set(communities.flatMap((c) => ctx.directory.staffOf(c).map((p) => p.id)));
  return { ids: [...ids], names: [] };
}
