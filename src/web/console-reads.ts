// Reads the console pages and its JSON API share, always within the principal's scope: a ticket
// outside it reads as not found.
import type { TicketFilter } from '../app/ports/tickets.js';
import type { Ticket } from '../domain/ticket.js';
import { startOfLocalDay } from '../domain/calendar.js';
import type { ConsoleDeps } from './console-deps.js';
import { consoleTicket, type ConsoleTicket } from './console-ticket.js';
import { localDateStart } from './console-format.js';
import { visibleTo } from './console-actions.js';
import { communitiesOf, type Principal } from './principal.js';
import { findTickets, parseTicketQuery, type TicketQuery } from './ticket-query.js';
import type { AttachmentView } from './pages/ticket-page.js';

export function parseTicketNo(raw: string): number | null {
  const s = raw.replace(/^[#＃]/, '');
  const no = Number(s);
  return /^\d+$/.test(s) && Number.isSafeInteger(no) ? no : null;
}

export async function visibleTicket(deps: ConsoleDeps, principal: Principal | null, no: number): Promise<Ticket | null> {
  const ticket = await deps.ctx.store.tickets.get(no);
  return ticket && visibleTo(principal, ticket) ? ticket : null;
}

export async function ticketDetail(
  deps: ConsoleDeps,
  principal: Principal,
  no: number,
): Promise<{ ticket: Ticket; view: ConsoleTicket; attachments: AttachmentView[] } | null> {
  const ticket = await visibleTicket(deps, principal, no);
  if (!ticket) return null;
  const [events, attachments] = await Promise.all([deps.ctx.store.tickets.events(no), deps.ctx.store.attachments.list(no)]);
  return {
    ticket,
    view: consoleTicket(deps.ctx, ticket, events, deps.ctx.clock.now()),
    attachments: attachments.map((a) => ({ id: a.id, mime: a.mime, createdAt: a.createdAt })),
  };
}

export async function ticketList(
  deps: ConsoleDeps,
  principal: Principal,
  rawQuery: Record<string, string | undefined>,
): Promise<{ query: TicketQuery; tickets: ConsoleTicket[] }> {
  const query = parseTicketQuery(rawQuery);
  const now = deps.ctx.clock.now();
  const tickets = await findTickets(deps.ctx, principal, query, now);
  // The list shows no timeline: events are left out rather than loaded per row.
  return { query, tickets: tickets.map((t) => consoleTicket(deps.ctx, t, [], now)) };
}

/** Communities the principal may filter by, as options. */
export function communityOptions(deps: ConsoleDeps, principal: Principal): Array<{ value: string; label: string }> {
  const scope = communitiesOf(principal);
  return deps.ctx.directory.district.communities
    .filter((c) => scope === null || scope.includes(c.id))
    .map((c) => ({ value: c.id, label: c.name }));
}

export function scopeLabel(deps: ConsoleDeps, principal: Principal): string | undefined {
  const scope = communitiesOf(principal);
  return scope ? scope.map((id) => deps.ctx.directory.communityName(id)).join('、') : undefined;
}

export interface DateRange {
  from: Date;
  before: Date;
  fromKey: string;
  toKey: string;
}

/** Inclusive local dates `from`..`to` (YYYY-MM-DD) → [from, before); at most 366 days. */
export function parseDateRange(deps: ConsoleDeps, q: { from?: string; to?: string }): DateRange | string {
  const tz = deps.ctx.config.timezone;
  const from = localDateStart(q.from ?? '', tz, startOfLocalDay);
  const to = localDateStart(q.to ?? '', tz, startOfLocalDay);
  if (!from || !to) return 'from 和 to 须为 YYYY-MM-DD 格式的日期';
  const before = startOfLocalDay(new Date(to.getTime() + 36 * 3600_000), tz);
  if (before <= from) return '结束日期不能早于开始日期';
  if (before.getTime() - from.getTime() > 367 * 24 * 3600_000) return '一次最多导出一年';
  return { from, before, fromKey: q.from!, toKey: q.to! };
}

/** What an export of this range holds for this person: their communities' tickets created in it. */
export function exportFilter(principal: Principal, range: DateRange): Pick<TicketFilter, 'createdFrom' | 'createdBefore' | 'communities'> {
  const scope = communitiesOf(principal);
  return { createdFrom: range.from, createdBefore: range.before, ...(scope ? { communities: scope } : {}) };
}
