// The numbers leaders are judged on (docs/metrics.md), as plain data the store fills in.
import type { TicketStatus } from './ticket.js';
import type { RepeatProblem } from './repeat-problems.js';

/** What happened in a period [from, to). */
export interface PeriodStats {
  created: number;
  /** Claims made (a ticket claimed again after 退回 counts again). */
  claimed: number;
  resolved: number;
  closed: number;
  /** 不满意 → 重办. */
  reopened: number;
  /** Claims made by the ticket's claim deadline. */
  claimedOnTime: number;
  /** Tickets still unclaimed whose claim deadline passed in the period. */
  claimMissed: number;
  /** Resolutions made by the ticket's resolve deadline. */
  resolvedOnTime: number;
  /** Tickets still open whose resolve deadline passed in the period. */
  resolveMissed: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  /** Open tickets whose current deadline (claim while new, resolve once claimed) passed in the period. */
  becameOverdue: number;
}

/** The state of everything, at an instant. */
export interface Totals {
  byStatus: Record<TicketStatus, number>;
  all: number;
  open: number;
  /** Open and past the current deadline. */
  overdue: number;
}

export interface BreakdownRow {
  community: string;
  category: string;
  created: number;
  resolved: number;
  open: number;
  overdue: number;
}

export interface OverdueTicket {
  no: number;
  community: string;
  category: string;
  status: 'new' | 'claimed';
  assigneeName: string | null;
  /** The deadline it missed: claim while new, resolve once claimed. */
  due: Date;
}

export type DigestKind = 'daily' | 'weekly';

export interface DigestFigures {
  kind: DigestKind;
  /** `YYYY-MM-DD` of the day, or of the first day of the week. */
  periodKey: string;
  from: Date;
  to: Date;
  /** When the figures were taken. */
  at: Date;
  period: PeriodStats;
  /** The daily digest also gives the last seven days, since one day's rates rest on few tickets. */
  trailing: PeriodStats | null;
  totals: Totals;
  breakdown: BreakdownRow[];
  mostOverdue: OverdueTicket[];
  repeats: RepeatProblem[];
}

export interface Rates {
  /** 按时签收率 */
  claimOnTime: number | null;
  /** 按时办结率 */
  resolveOnTime: number | null;
  /** 满意率 */
  satisfaction: number | null;
  /** 重办率 */
  redo: number | null;
}

const share = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** The four rates, each null when nothing in the period counts towards it. */
export function ratesOf(p: PeriodStats): Rates {
  return {
    claimOnTime: share(p.claimedOnTime, p.claimed + p.claimMissed),
    resolveOnTime: share(p.resolvedOnTime, p.resolved + p.resolveMissed),
    satisfaction: share(p.satisfied + p.basicallySatisfied, p.satisfied + p.basicallySatisfied + p.unsatisfied),
    redo: share(p.reopened, p.resolved),
  };
}

export function emptyPeriodStats(): PeriodStats {
  return {
    created: 0,
    claimed: 0,
    resolved: 0,
    closed: 0,
    reopened: 0,
    claimedOnTime: 0,
    claimMissed: 0,
    resolvedOnTime: 0,
    resolveMissed: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    unsatisfied: 0,
    becameOverdue: 0,
  };
}
