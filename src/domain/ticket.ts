// The ticket as the domain sees it: plain data, no ORM, no chat types.

export const TICKET_STATUSES = ['new', 'claimed', 'resolved', 'closed', 'rejected', 'merged'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which staff still have work to do. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'claimed'];

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: '待签收',
  claimed: '处理中',
  resolved: '已办结',
  closed: '已评价',
  rejected: '已作废',
  merged: '已合并',
};

export type Urgency = 'urgent' | 'normal';
export const URGENCY_LABELS: Record<Urgency, string> = { urgent: '紧急', normal: '一般' };

/** Category codes come from config (default taxonomy: property, municipal, …, other). */
export type CategoryCode = string;

export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export type ClassificationSource = 'rules' | 'model' | 'llm' | 'fallback';

/** Someone who acts on a ticket: a person in chat, a console user, or the system itself. */
export interface Actor {
  id: string;
  name: string;
}
export const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统' };

export interface Reporter {
  id: string;
  name: string;
  /** The resident group the report (or co-report) came from. */
  roomId: string;
  at: Date;
}

export const EVENT_TYPES = [
  'created', // ticket opened from a resident's report
  'co_reported', // another resident reported the same problem (+1)
  'claimed',
  'progress',
  'resolved',
  'returned', // 退回: back to new for re-dispatch
  'reassigned',
  'rejected',
  'merged', // this ticket was merged into another
  'merged_in', // another ticket was merged into this one
  'rated',
  'closed',
  'reopened', // 不满意 → 重办
  'urgency_raised',
  'info_added', // the resident added to their report (a burst continued, or a follow-up)
  'responded', // a staff member answered the resident in the resident group
  'split', // a merged ticket was split back out
  'reminded', // SLA ladder notices (issue: deadlines)
  'escalated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface TicketEvent {
  type: EventType;
  actor: Actor;
  at: Date;
  note: string | null;
}

export interface Ticket {
  /** Per-deployment sequential number people type (`认领 12`). */
  no: number;
  status: TicketStatus;
  category: CategoryCode;
  urgency: Urgency;
  community: string;
  /** Resident group the first report came from. */
  groupId: string;
  /** Duty group that works this ticket. */
  dutyRoomId: string;
  /** The resident's words as posted (unmasked; mask before showing outside `groupId`). */
  text: string;
  source: ClassificationSource;
  confidence: number;
  reporters: Reporter[];
  assignee: Actor | null;
  createdAt: Date;
  claimDueAt: Date;
  dueAt: Date;
  claimedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  rating: Rating | null;
  reopenCount: number;
  mergedInto: number | null;
  /** Optimistic-lock counter: a save fails if someone else saved in between. */
  version: number;
}
