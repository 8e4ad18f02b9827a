// What the scheduled jobs keep: SLA ladder steps, job leases, digests sent, and the digest's aggregates.
import type { CategoryCode, TicketEvent, Urgency } from '../../domain/ticket.js';
import type { LadderPhase, LadderStep } from '../../domain/sla-ladder.js';
import type { BreakdownRow, DigestKind, OverdueTicket, PeriodStats, Totals } from '../../domain/digest-model.js';
import type { ReportSummary } from '../../domain/repeat-problems.js';
import type { TicketForRedaction } from '../../domain/redact-ticket.js';

/** Where the SLA ladder scans: open tickets of one phase by the deadline that phase chases. */
export interface LadderScan {
  /** claim: `new` tickets by claimDueAt; resolve: `claimed` tickets by dueAt. */
  phase: LadderPhase;
  /** Deadlines in [dueFrom, dueTo]. */
  dueFrom: Date;
  dueTo: Date;
  /** Keyset paging: only tickets after this (deadline, no) in scan order. */
  after?: { due: Date; no: number };
  limit: number;
  /**
   * Leave out tickets that cannot owe a step yet, since steps fall due in ladder order (warning,
   * deadline, escalation): a deadline after `now` can only owe the warning, one after
   * `escalateFrom[urgency]` only the warning and the deadline's notice — so that a busy district's minutely
   * scan reads the tickets with something due, not every open one. Urgent tickets of the claim
   * phase are scanned whole: their escalation falls due minutes after posting, before the warning.
   */
  owing?: { now: Date; escalateFrom: Record<Urgency, Date> };
}

export interface LadderCandidate {
  no: number;
  category: CategoryCode;
  urgency: Urgency;
  /** The deadline of the scanned phase as stored. */
  due: Date;
  /** Steps of this phase already recorded for that deadline. */
  recorded: LadderStep[];
}

/** SLA ladder bookkeeping: which notice went out for which deadline of which ticket. */
export interface LadderRepository {
  /**
   * Tickets in the scan whose ladder for the current deadline is not complete, earliest deadline
   * first (ties by number), at most `limit`.
   */
  candidates(scan: LadderScan): Promise<LadderCandidate[]>;
  /**
   * Records `step` for `deadline` and appends `event` to the ticket, bumping its version so a
   * notice never goes out about a state someone just changed. Returns false if this step was
   * recorded for this deadline before; throws TicketChangedError if `ticket.version` is stale.
   */
  recordStep(ticket: { no: number; version: number }, step: LadderStep, deadline: Date, event: TicketEvent): Promise<boolean>;
}

/** Leases that let one of several bot instances run a job at a time. */
export interface JobLockRepository {
  /** Takes lock `name` for `holder` until `expiresAt` if it is free, expired at `now`, or theirs already. */
  acquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean>;
  /** Gives the lock back (only if `holder` still has it). */
  release(name: string, holder: string, now: Date): Promise<void>;
}

/** Which digests went out: one per kind and period, whatever restarts or instances happen. */
export interface DigestRepository {
  /** Records the digest of (kind, period); false if one was recorded before. */
  record(run: { kind: DigestKind; period: string; roomId: string; text: string; at: Date }): Promise<boolean>;
  has(kind: DigestKind, period: string): Promise<boolean>;
}

/**
 * Only tickets of these communities; null (or left out) for all. The console passes a staff
 * member's communities; the digest counts the whole district.
 */
export type CommunityScope = readonly string[] | null | undefined;

/** Aggregates for the digest and the console dashboard, computed by the database (docs/metrics.md). */
export interface MetricsRepository {
  /** What happened in [from, to). */
  periodStats(from: Date, to: Date, scope?: CommunityScope): Promise<PeriodStats>;
  /** Counts by status, open and overdue at `now`. Reads every ticket's status: the digest's, once a night. */
  totals(now: Date): Promise<Totals>;
  /** Open, and open past the current deadline, at `now`: index ranges over the backlog only. */
  backlog(now: Date): Promise<{ open: number; overdue: number }>;
  /** Per community × category: created and resolved in [from, to), open and overdue at `now`. */
  breakdown(from: Date, to: Date, now: Date, scope?: CommunityScope): Promise<BreakdownRow[]>;
  /** Open tickets furthest past their current deadline at `now`. */
  mostOverdue(now: Date, limit: number, scope?: CommunityScope): Promise<OverdueTicket[]>;
  /** Tickets (not rejected or merged) created in [from, to), oldest first, at most `limit`, text cut to 200 characters. */
  reportsBetween(from: Date, to: Date, limit: number, scope?: CommunityScope): Promise<ReportSummary[]>;
  /** Tickets created and resolutions made in each [bounds[i], bounds[i + 1]). */
  flow(bounds: Date[], scope?: CommunityScope): Promise<Array<{ created: number; resolved: number }>>;
}

/**
 * Deleting and masking personal data past its time (src/app/retention.ts). Every call works on at
 * most `limit` rows, so a big backlog is worked off in short transactions.
 */
export interface RetentionRepository {
  /** Deletes processed messages that made no ticket, processed before `before`; returns how many. */
  deleteChat(before: Date, limit: number): Promise<number>;
  /** Deletes sent, failed and withdrawn outbox items last touched before `before`. */
  deleteFinishedOutbox(before: Date, limit: number): Promise<number>;
  /** Deletes photos received before `before`. */
  deleteAttachments(before: Date, limit: number): Promise<number>;
  /** Closed, rejected and merged tickets that ended before `before` and are not redacted yet. */
  ticketsToRedact(before: Date, limit: number): Promise<TicketForRedaction[]>;
  /** Writes the masked ticket back and marks it redacted at `at`. */
  saveRedacted(ticket: TicketForRedaction, at: Date): Promise<void>;
}
