// The open reports of a community as conversation understanding reads them (src/app/conversation.ts):
// every resident message needs them, and reading them is most of what taking in a chit-chat line
// costs. So each community's list is kept for a moment: a report this process opens or changes is
// put on it as it now is (rememberOpenReport, refreshOpenReport), and the whole list is read again
// at least every 1.5 s for changes made elsewhere (staff commands, the console, another process).
import { OPEN_STATUSES, type Ticket } from '../domain/ticket.js';
import type { AppContext } from './app-context.js';
import type { OpenReport } from './conversation.js';
import { keptPerStore } from './kept-reads.js';

const kept = keptPerStore<OpenReport[]>(1500);
const TEXT_FOR_COMPARISON = 600;

/** Open tickets of a community raised by residents (not notices), newest first. */
export function openReports(ctx: AppContext, community: string): Promise<OpenReport[]> {
  return kept(ctx.store).get(community, () => read(ctx, community));
}

/** This process just opened `ticket` (committed): it goes on the kept list, so nobody reads it all again. */
export function rememberOpenReport(ctx: AppContext, ticket: Ticket): void {
  const report = toOpenReport(ticket);
  kept(ctx.store).update(ticket.community, (list) => [report, ...list.filter((r) => r.no !== report.no)]);
}

/** This process just changed report `no` of `community` (committed): the kept list takes it as it is now. */
export async function refreshOpenReport(ctx: AppContext, community: string, no: number): Promise<void> {
  let ticket: Ticket | null;
  try {
    ticket = await ctx.store.tickets.get(no);
  } catch {
    // The message is handled; the next one reads the whole list instead.
    return kept(ctx.store).forget(community);
  }
  const stays = ticket !== null && ticket.community === community && OPEN_STATUSES.includes(ticket.status) && isResidents(ctx, ticket);
  kept(ctx.store).update(community, (list) => {
    const others = list.filter((r) => r.no !== no);
    if (!stays || !ticket) return others;
    // Newest first, as read: by creation, then by number.
    const report = toOpenReport(ticket);
    const at = others.findIndex((r) => r.createdAt.getTime() < report.createdAt.getTime() || (r.createdAt.getTime() === report.createdAt.getTime() && r.no < report.no));
    return at === -1 ? [...others, report] : [...others.slice(0, at), report, ...others.slice(at)];
  });
}

/** Residents' reports only: a notice (公告, raised in a duty group) answers through src/app/incidents.ts. */
const isResidents = (ctx: AppContext, t: Ticket) => ctx.directory.room(t.groupId)?.kind !== 'duty';

async function read(ctx: AppContext, community: string): Promise<OpenReport[]> {
  const tickets = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], community, limit: 200 });
  return tickets.filter((t) => isResidents(ctx, t)).map(toOpenReport);
}

function toOpenReport(t: Ticket): OpenReport {
  return {
    no: t.no,
    groupId: t.groupId,
    category: t.category,
    urgency: t.urgency,
    // What was first told: a report lengthened by a long follow-up or a flood would make every
    // comparison with it slow, and read less like the problem it is about.
    text: t.text.slice(0, TEXT_FOR_COMPARISON),
    createdAt: t.createdAt,
    lastReportAt: new Date(Math.max(t.createdAt.getTime(), ...t.reporters.map((r) => r.at.getTime()))),
    reporterIds: t.reporters.map((r) => r.id),
    reporterName: t.reporters[0]?.name,
  };
}
