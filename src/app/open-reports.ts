// The open reports of a community as conversation understanding reads them (src/app/conversation.ts):
// every resident message needs them, and reading them is most of what taking in a chit-chat line
// costs. So each community's list is kept for a moment: a report this process opens or changes is
// put on it as it now is (rememberOpenReport, refreshOpenReport), and the whole list is read again
// at least every 1.5 s for changes made elsewhere (staff commands, the console, another process).
import { OPEN_STATUSES, type Ticket } from '../domain/ticket.js';
import type { AppContext } from './app-context.js';
import type { OpenReport } from './conversation.js';
import { keptPerStore } from './kept-reads.js';
import type { Store } from './ports/store.js';

const kept = keptPerStore<OpenReport[]>(1500);
const TEXT_FOR_COMPARISON = 600;
// When residents last spoke of an open report without joining it — a chase ("都下午五点了 还没拉"),
// more news — per store and community: "+1" right after such a line agrees with the report it revived.
// Kept in this process only: a hint of recency, lost on a restart (another process's chases stay there).
const spokenOf = new WeakMap<Store, Map<string, Map<number, number>>>();
function spokenIn(store: Store, community: string): Map<number, number> {
  let byCommunity = spokenOf.get(store);
  if (!byCommunity) spokenOf.set(store, (byCommunity = new Map()));
  let byNo = byCommunity.get(community);
  if (!byNo) byCommunity.set(community, (byNo = new Map()));
  return byNo;
}

/** Open tickets of a community raised by residents (not notices), newest first. */
export function openReports(ctx: AppContext, community: string): Promise<OpenReport[]> {
  return kept(ctx.store).get(community, () => read(ctx, community));
}

/** This process just opened `ticket` (committed): it goes on the kept list, so nobody reads it all again. */
export function rememberOpenReport(ctx: AppContext, ticket: Ticket): void {
  const report = toOpenReport(ticket, spokenIn(ctx.store, ticket.community));
  kept(ctx.store).update(ticket.community, (list) => [report, ...list.filter((r) => r.no !== report.no)]);
}

/** A resident just spoke of report `no` (a chase, more news): it is the report last spoken of. */
export function noteSpokenOf(ctx: AppContext, community: string, no: number, at: Date): void {
  const spoken = spokenIn(ctx.store, community);
  spoken.set(no, Math.max(spoken.get(no) ?? 0, at.getTime()));
  kept(ctx.store).update(community, (list) => list.map((r) => (r.no === no && r.lastReportAt.getTime() < at.getTime() ? { ...r, lastReportAt: at } : r)));
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
    const report = toOpenReport(ticket, spokenIn(ctx.store, community));
    const at = others.findIndex((r) => r.createdAt.getTime() < report.createdAt.getTime() || (r.createdAt.getTime() === report.createdAt.getTime() && r.no < report.no));
    return at === -1 ? [...others, report] : [...others.slice(0, at), report, ...others.slice(at)];
  });
}

/** Residents' reports only: a notice (公告, raised in a duty group) answers through src/app/incidents.ts. */
const isResidents = (ctx: AppContext, t: Ticket) => ctx.directory.room(t.groupId)?.kind !== 'duty';

async function read(ctx: AppContext, community: string): Promise<OpenReport[]> {
  const tickets = await ctx.store.tickets.list({ status: [...OPEN_STATUSES], community, limit: 200 });
  const spoken = spokenIn(ctx.store, community);
  const open = tickets.filter((t) => isResidents(ctx, t));
  // Closed reports are no longer spoken of.
  if (tickets.length < 200) {
    const openNos = new Set(open.map((t) => t.no));
    for (const no of spoken.keys()) if (!openNos.has(no)) spoken.delete(no);
  }
  return open.map((t) => toOpenReport(t, spoken));
}

function toOpenReport(t: Ticket, spoken: ReadonlyMap<number, number>): OpenReport {
  return {
    no: t.no,
    groupId: t.groupId,
    category: t.category,
    urgency: t.urgency,
    // What was first told: a report lengthened by a long follow-up or a flood would make every
    // comparison with it slow, and read less like the problem it is about.
    text: t.text.slice(0, TEXT_FOR_COMPARISON),
    createdAt: t.createdAt,
    lastReportAt: new Date(Math.max(t.createdAt.getTime(), ...t.reporters.map((r) => r.at.getTime()), spoken.get(t.no) ?? 0)),
    reporterIds: t.reporters.map((r) => r.id),
    reporterName: t.reporters[0]?.name,
  };
}
