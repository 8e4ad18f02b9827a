// The end state a chaos run must reach, checked in the database and in the sandbox transcript
// file (which outlives a kill -9): every message stored and handled once, every report on exactly
// one ticket, every ticket announced once, an audit trail that adds up, nothing sent twice.
import { existsSync, readFileSync } from 'node:fs';
import type { BurstMessage } from './burst.js';
import type { ChaosDatabase, Check } from './harness.js';

export interface Verification {
  checks: Check[];
  metrics: Record<string, number | string>;
}

interface TranscriptLine {
  chat: string;
  message: { id: string; from: string; text: string };
}

/** Bot posts per outbox id, from the sandbox transcript file (`bot-<outboxId>` entries). */
export function botPostsByOutboxId(transcriptFile: string): Map<number, number> {
  const counts = new Map<number, number>();
  if (!existsSync(transcriptFile)) return counts;
  for (const raw of readFileSync(transcriptFile, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    let line: TranscriptLine;
    try {
      line = JSON.parse(raw) as TranscriptLine;
    } catch {
      continue; // a torn last line at the kill
    }
    const m = /^bot-(\d+)$/.exec(line.message?.id ?? '');
    if (m) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  return counts;
}

const sample = (xs: unknown[], n = 5) => (xs.length ? ` e.g. ${JSON.stringify(xs.slice(0, n))}` : '');

export async function verifyRun(db: ChaosDatabase, burst: BurstMessage[], transcriptFile: string, opts: { allowedDuplicateSends?: number } = {}): Promise<Verification> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail = '') => checks.push({ name, ok, detail });
  const ids = burst.map((m) => m.id);

  // 1. Every message stored once and handled once.
  const inbound = await db.query<{ message_id: string; processed_at: Date | null; outcome: string | null; ticket_no: number | null }>(
    `SELECT message_id, processed_at, outcome, ticket_no FROM inbound_messages WHERE message_id IN (?)`,
    [ids],
  );
  const byId = new Map(inbound.map((r) => [r.message_id, r]));
  const missing = ids.filter((id) => !byId.has(id));
  check('every message of the burst is stored', missing.length === 0, `${inbound.length}/${ids.length} stored${sample(missing)}`);
  const unprocessed = inbound.filter((r) => r.processed_at === null).map((r) => r.message_id);
  check('every stored message is processed', unprocessed.length === 0, `${unprocessed.length} unprocessed${sample(unprocessed)}`);
  const errors = inbound.filter((r) => r.outcome === 'error' || r.outcome === 'error_after_commit').map((r) => `${r.message_id}:${r.outcome}`);
  check('no message ended in an error', errors.length === 0, `${errors.length}${sample(errors)}`);
  const partial = inbound.filter((r) => r.outcome === 'in_progress').map((r) => r.message_id);

  // 2. Every report on exactly one ticket (opened by it, or joined to one).
  const links = await db.query<{ ticket_no: number; message_id: string }>(`SELECT ticket_no, message_id FROM ticket_messages WHERE message_id IN (?)`, [ids]);
  // A ticket merged into another is the same report: count the one it lives on in.
  const mergedInto = new Map(
    (await db.query<{ no: number; merged_into: number }>(`SELECT no, merged_into FROM tickets WHERE merged_into IS NOT NULL`)).map((t) => [Number(t.no), Number(t.merged_into)]),
  );
  const live = (no: number) => {
    for (let i = 0; i < 20 && mergedInto.has(no); i++) no = mergedInto.get(no)!;
    return no;
  };
  const ticketsOf = new Map<string, Set<number>>();
  for (const l of links) ticketsOf.set(l.message_id, (ticketsOf.get(l.message_id) ?? new Set()).add(live(Number(l.ticket_no))));
  for (const r of inbound) if (r.ticket_no !== null) ticketsOf.set(r.message_id, (ticketsOf.get(r.message_id) ?? new Set()).add(live(Number(r.ticket_no))));
  const linkRows = new Map<string, number>();
  for (const l of links) linkRows.set(l.message_id, (linkRows.get(l.message_id) ?? 0) + 1);
  const requests = burst.filter((m) => m.request);
  const noTicket = requests.filter((m) => (ticketsOf.get(m.id)?.size ?? 0) === 0).map((m) => m.id);
  const manyTickets = burst.filter((m) => (ticketsOf.get(m.id)?.size ?? 0) > 1 || (linkRows.get(m.id) ?? 0) > 1).map((m) => `${m.id}→${[...(ticketsOf.get(m.id) ?? [])].join('+')}`);
  check('every report has a ticket', noTicket.length === 0, `${requests.length - noTicket.length}/${requests.length}${sample(noTicket)}`);
  check('no message is on two tickets (no ticket made twice)', manyTickets.length === 0, `${manyTickets.length}${sample(manyTickets)}`);
  const chatTickets = burst.filter((m) => !m.request && (ticketsOf.get(m.id)?.size ?? 0) > 0).length;

  // 3. The tickets the burst opened: one `created` event each, an ordered trail, one ack and one card.
  const opened = await db.query<{ no: number }>(
    `SELECT DISTINCT t.no FROM tickets t JOIN ticket_messages tm ON tm.ticket_no = t.no WHERE tm.message_id IN (?)`,
    [ids],
  );
  const nos = opened.map((t) => Number(t.no));
  const events = nos.length
    ? await db.query<{ id: number; ticket_no: number; type: string; at: Date }>(`SELECT id, ticket_no, type, at FROM ticket_events WHERE ticket_no IN (?) ORDER BY ticket_no, id`, [nos])
    : [];
  const trail = new Map<number, typeof events>();
  for (const e of events) trail.set(Number(e.ticket_no), [...(trail.get(Number(e.ticket_no)) ?? []), e]);
  const badCreated = nos.filter((no) => (trail.get(no) ?? []).filter((e) => e.type === 'created').length !== 1);
  const badOrder = nos.filter((no) => {
    const es = trail.get(no) ?? [];
    return es[0]?.type !== 'created' || es.some((e, i) => i > 0 && new Date(e.at).getTime() < new Date(es[i - 1]!.at).getTime());
  });
  check('each ticket has exactly one `created` event', badCreated.length === 0, `${nos.length} tickets${sample(badCreated)}`);
  check('each ticket’s audit trail starts with `created` and runs forward in time', badOrder.length === 0, `${badOrder.length} out of order${sample(badOrder)}`);

  const outbox = await db.query<{ id: number; dedupe_key: string | null; status: string; sent_in: number | null }>(`SELECT id, dedupe_key, status, sent_in FROM outbox`);
  // A row that went out inside a combined message reached the chat as its lead's post.
  const postedAs = (o: { id: number; sent_in: number | null }) => Number(o.sent_in ?? o.id);
  const byKey = new Map<string, Array<{ id: number; status: string }>>();
  for (const o of outbox) if (o.dedupe_key) byKey.set(o.dedupe_key, [...(byKey.get(o.dedupe_key) ?? []), { id: postedAs(o), status: o.status }]);
  // A report that repeats one from another group opens a ticket that is merged at once: it gets
  // an acknowledgement naming the older ticket, and no card of its own.
  const mergedAtOnce = new Set(nos.filter((no) => (trail.get(no) ?? [])[1]?.type === 'merged'));
  const announce = nos.flatMap((no) => (mergedAtOnce.has(no) ? [`ack:${no}`] : [`ack:${no}`, `card:${no}`]));
  const notOnce = announce.filter((k) => (byKey.get(k)?.length ?? 0) !== 1 || byKey.get(k)![0]!.status !== 'sent');
  check('every ticket’s acknowledgement and duty card is queued once and marked sent', notOnce.length === 0, `${announce.length - notOnce.length}/${announce.length}${sample(notOnce)}`);

  // 4. Sent exactly once, by the transcript's account (the puppet's side of the story).
  const posts = botPostsByOutboxId(transcriptFile);
  const sentRows = outbox.filter((o) => o.status === 'sent');
  const keysOfPost = (id: number) => outbox.filter((o) => postedAs(o) === id).map((o) => o.dedupe_key ?? '');
  const dupes = [...posts].filter(([, n]) => n > 1).map(([id, n]) => ({ id, n, key: keysOfPost(id).find((k) => /^(ack|card):/.test(k)) ?? keysOfPost(id)[0] }));
  const neverSaid = sentRows.filter((o) => !posts.has(postedAs(o))).map((o) => o.dedupe_key ?? o.id);
  const announceDupes = dupes.filter((d) => d.key && /^(ack|card):/.test(d.key));
  const allowed = opts.allowedDuplicateSends ?? 0;
  check(
    `every acknowledgement and card reached the chat exactly once${allowed ? ` (≤ ${allowed} repeat allowed per kill -9)` : ''}`,
    announceDupes.length <= allowed && announce.every((k) => posts.has(byKey.get(k)?.[0]?.id ?? -1)),
    `${announceDupes.length} repeated${sample(announceDupes)}`,
  );
  check('nothing marked sent that the chat never got', neverSaid.length === 0, `${neverSaid.length}${sample(neverSaid)}`);
  const pending = outbox.filter((o) => o.status === 'pending').length;
  const failed = outbox.filter((o) => o.status === 'failed').length;
  check('the outbox is drained and nothing was given up', pending === 0 && failed === 0, `pending ${pending}, failed ${failed}`);

  return {
    checks,
    metrics: {
      messages: burst.length,
      reports: requests.length,
      ticketsOpened: nos.length,
      ticketsMergedAtOnce: mergedAtOnce.size,
      reportsThatOpenedATicket: requests.filter((m) => byId.get(m.id)?.outcome === 'ticket').length,
      reportsJoinedToAnotherTicket: requests.filter((m) => byId.get(m.id)?.outcome !== 'ticket' && (ticketsOf.get(m.id)?.size ?? 0) > 0).length,
      chitChatThatBecameATicket: chatTickets,
      messagesPartlyHandledAtTheKill: partial.length,
      outboxRows: outbox.length,
      combinedSends: new Set(outbox.filter((o) => o.sent_in !== null && o.status === 'sent').map((o) => Number(o.sent_in))).size,
      duplicateSends: dupes.reduce((s, d) => s + d.n - 1, 0),
    },
  };
}
