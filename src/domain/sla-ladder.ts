// The SLA ladder (催办 → 督办): which notices a ticket is owed and when, as a pure function of the
// ticket and the clock. Steps are keyed on the deadline they chase, so when a deadline moves
// (退回 / 重办 restart it, raising the urgency tightens it) the ticket gets a fresh ladder.
import type { SlaTable } from '../config/linli-config.js';
import { allowedMinutes } from './sla.js';
import type { Ticket, Urgency } from './ticket.js';

export const LADDER_STEPS = [
  'claim_warn', // 75% of the claim time gone: re-announced in the duty group
  'claim_overdue', // claim deadline passed: the duty group's staff are @-ed
  'claim_escalate', // 督办: still unclaimed well past it (or urgent and unclaimed for minutes)
  'resolve_warn', // 75% of the resolve time gone: the assignee is reminded
  'resolve_overdue', // 催办: resolve deadline passed
  'resolve_escalate', // 督办: overdue well past it
] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

export type LadderPhase = 'claim' | 'resolve';
export const PHASE_STEPS: Record<LadderPhase, readonly LadderStep[]> = {
  claim: ['claim_warn', 'claim_overdue', 'claim_escalate'],
  resolve: ['resolve_warn', 'resolve_overdue', 'resolve_escalate'],
};

export const STEP_LABELS: Record<LadderStep, string> = {
  claim_warn: '签收提醒',
  claim_overdue: '签收超时',
  claim_escalate: '督办（未签收）',
  resolve_warn: '办结提醒',
  resolve_overdue: '催办',
  resolve_escalate: '督办（超期未办结）',
};

export interface LadderPolicy {
  warnAt: number;
  escalateAfterShare: number;
  escalateAfterMaxHours: number;
  urgentEscalateMinutes: number;
}

export interface PlannedStep {
  step: LadderStep;
  phase: LadderPhase;
  /** When the step falls due. */
  at: Date;
  /** The deadline it chases (the idempotency key together with ticket and step). */
  deadline: Date;
}

const MINUTE = 60_000;

export function phaseOf(status: Ticket['status']): LadderPhase | null {
  return status === 'new' ? 'claim' : status === 'claimed' ? 'resolve' : null;
}

type LadderTicket = Pick<Ticket, 'status' | 'category' | 'urgency' | 'claimDueAt' | 'dueAt'>;

/** The whole ladder of the ticket's current phase, in the order the steps fall due. */
export function ladderFor(ticket: LadderTicket, sla: SlaTable, policy: LadderPolicy): PlannedStep[] {
  const phase = phaseOf(ticket.status);
  if (!phase) return [];
  const allowed = allowedMinutes(sla, ticket.category, ticket.urgency)[phase] * MINUTE;
  const deadline = phase === 'claim' ? ticket.claimDueAt : ticket.dueAt;
  const due = deadline.getTime();
  let escalateAt = due + Math.min(policy.escalateAfterShare * allowed, policy.escalateAfterMaxHours * 60 * MINUTE);
  if (phase === 'claim' && ticket.urgency === 'urgent') {
    // The claim window started `allowed` before the deadline: that is when it was posted (or returned).
    escalateAt = Math.min(escalateAt, due - allowed + policy.urgentEscalateMinutes * MINUTE);
  }
  const [warn, overdue, escalate] = PHASE_STEPS[phase];
  const steps: PlannedStep[] = [
    { step: warn!, phase, at: new Date(due - (1 - policy.warnAt) * allowed), deadline },
    { step: overdue!, phase, at: deadline, deadline },
    { step: escalate!, phase, at: new Date(escalateAt), deadline },
  ];
  // Stable: steps due at the same instant keep the ladder's own order.
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Steps due at `now` that are not in `recorded`, in order. */
export function dueSteps(
  ticket: LadderTicket,
  now: Date,
  sla: SlaTable,
  policy: LadderPolicy,
  recorded: readonly LadderStep[] = [],
): PlannedStep[] {
  return ladderFor(ticket, sla, policy).filter((s) => s.at.getTime() <= now.getTime() && !recorded.includes(s.step));
}

/**
 * How long before its deadline a ticket's first step can fall due, over every category × urgency:
 * the store scans deadlines up to `now` plus this.
 */
export function maxLeadMinutes(sla: SlaTable, policy: LadderPolicy, phase: LadderPhase): number {
  const codes = ['', ...Object.keys(sla.categories)];
  let lead = 0;
  for (const code of codes) {
    for (const urgency of ['urgent', 'normal'] as const) {
      const allowed = allowedMinutes(sla, code, urgency)[phase];
      lead = Math.max(lead, (1 - policy.warnAt) * allowed);
      if (phase === 'claim' && urgency === 'urgent') lead = Math.max(lead, allowed - policy.urgentEscalateMinutes);
    }
  }
  return Math.ceil(lead);
}

/**
 * The shortest time from a deadline of `phase` to its escalation, over every category, for one
 * urgency (not counting the urgent claim escalation, which runs from posting): a deadline less
 * than this in the past cannot owe its escalation yet.
 */
export function minEscalateMinutes(sla: SlaTable, policy: LadderPolicy, phase: LadderPhase, urgency: Urgency): number {
  let least = policy.escalateAfterMaxHours * 60;
  for (const code of ['', ...Object.keys(sla.categories)]) {
    least = Math.min(least, policy.escalateAfterShare * allowedMinutes(sla, code, urgency)[phase]);
  }
  return Math.max(0, Math.floor(least));
}
