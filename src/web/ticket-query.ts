// The console's ticket list: the principal's scope first, then the filters people use —
// status, community, category, urgency, overdue and a text search over what the console shows.
import type { AppContext } from '../app/app-context.js';
import { maskPii } from '../domain/mask-pii.js';
import { slaTier } from '../domain/sla.js';
import { OPEN_STATUSES, TICKET_STATUSES, type Ticket, type TicketStatus, type Urgency } from '../domain/ticket.js';
import { communitiesOf, type Principal } from './principal.js';

export interface TicketQuery {
  /** A status, or `open` for 待签收 + 处理中. */
  status?: string;
  community?: string;
  category?: string;
  urgency?: string;
  overdue?: boolean;
  /** Matches the masked text, reporter and assignee names, group topic, or the number. */
  q?: string;
  limit?: number;
}

/** How many tickets a filtered search looks through before filtering in memory. */
const SCAN_LIMIT = 5000;

export function parseTicketQuery(raw: Record<string, string | undefined>): TicketQuery {
  const limit = Number(raw.limit);
  return {
    status: raw.status || undefined,
    community: raw.community || undefined,
    category: raw.category || undefined,
    urgency: raw.urgency || undefined,
    overdue: raw.overdue === '1' || raw.overdue === 'true' || raw.overdue === 'on',
    q: raw.q?.trim() || undefined,
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, SCAN_LIMIT) : 200,
  };
}

function statusesOf(status: string | undefined): TicketStatus[] | undefined {
  if (!status) return undefined;
  if (status === 'open') return [...OPEN_STATUSES];
  return TICKET_STATUSES.includes(status as TicketStatus) ? [status as TicketStatus] : [];
}

export async function findTickets(ctx: AppContext, principal: Principal | null, query: TicketQuery, now: Date): Promise<Ticket[]> {
  const scope = principal ? communitiesOf(principal) : null;
  const inMemory = Boolean(query.urgency || query.overdue || query.q);
  const tickets = await ctx.store.tickets.list({
    status: statusesOf(query.status),
    ...(query.community ? { community: query.community } : {}),
    ...(scope ? { communities: scope } : {}),
    ...(query.category ? { category: query.category } : {}),
    limit: inMemory ? SCAN_LIMIT : (query.limit ?? 200),
  });
  const needle = query.q?.replace(/^[#＃]/, '').toLowerCase();
  return tickets
    .filter((t) => !query.urgency || t.urgency === (query.urgency as Urgency))
    .filter((t) => !query.overdue || slaTier(t, now) === 'red')
    .filter((t) => !needle || matches(ctx, t, needle))
    .slice(0, query.limit ?? 200);
}

function matches(ctx: AppContext, t: Ticket, needle: string): boolean {
  if (String(t.no) === needle) return true;
  // The masked text only: searching the raw text would let anyone probe for a phone number.
  const haystack = [
    maskPii(t.text),
    ...t.reporters.map((r) => r.name),
    t.assignee?.name ?? '',
    ctx.directory.room(t.groupId)?.topic ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return haystack.includes(needle);
}
