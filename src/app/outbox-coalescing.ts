// What several waiting messages to one room become, so that a storm costs the chat account as few
// sends as possible and nobody waits in silence. The use-cases that queue a message give it a key
// and a line (below); the outbox sender (src/chat/outbox-sender.ts) decides when rows go out
// together — always for the keys held for it, and everything waiting for one room when the queue
// is deep — and asks here for the combined text: one part per key, the most urgent first.
//   ack            acknowledgements in a resident group   → "收到，已登记：陈姐 #12；老周 #13 …"
//   cards          normal-urgency cards in a duty group    → "【新工单 3 条】" and a line each
//   urgent-cards   urgent cards piling up in a duty group  → "【紧急工单 3 条】" and a line each
//   alerts         urgent alerts piling up for the leaders → "【紧急工单 3 条】" and a line each
//   info:<no>      what residents add to ticket <no>       → one 居民补充 per ticket per 3 minutes
//   same:<what>    the same notice again (a newer count)   → only the newest, once a minute at most
//   to:<contact>   answers to one resident in a group      → at most one message per 20 s
import { laneRank, type Coalescing, type OutboxCoalescer, type OutboxItem } from './ports/outbox.js';
import type { Texts } from './texts.js';

/** At most one 居民补充 per ticket per this long ("a few minutes"); what comes in between waits and goes together. */
export const INFO_EVERY_MS = 3 * 60_000;
/** A flooding resident hears from the bot at most this often (three times a minute). */
export const REPLY_EVERY_MS = 20_000;
/** A running count ("目前共 N 位") is repeated at most once a minute. */
export const SAME_EVERY_MS = 60_000;

const HELD_KINDS = /^(info|same|to):/;

/** The coalescing of each kind of message, for the use-cases that queue them. */
export const together = {
  /** An acknowledgement to `name` in a resident group. */
  ack: (name: string): Coalescing => ({ key: 'ack', line: name }),
  /** A normal-urgency duty card; `line` is its one-line form (texts.cardLine). */
  card: (line: string): Coalescing => ({ key: 'cards', line }),
  /** An urgent duty card: alone unless several pile up for one duty group (a storm). */
  urgentCard: (line: string): Coalescing => ({ key: 'urgent-cards', line }),
  /** An urgent alert to the leaders: alone unless several pile up. */
  alert: (line: string): Coalescing => ({ key: 'alerts', line }),
  /** What a resident added to ticket `no`, masked. */
  info: (no: number, line: string): Coalescing => ({ key: `info:${no}`, line, everyMs: INFO_EVERY_MS }),
  /** The same notice again with newer figures: only the newest goes out. */
  latest: (what: string, everyMs = SAME_EVERY_MS): Coalescing => ({ key: `same:${what}`, line: '', everyMs }),
  /** An answer to one resident in their group. */
  replyTo: (contactId: string, text: string): Coalescing => ({ key: `to:${contactId}`, line: text, everyMs: REPLY_EVERY_MS }),
};

export function outboxCoalescer(texts: Texts): OutboxCoalescer {
  /** Rows with one key (or one text) as one part of the message. */
  function part(items: OutboxItem[]): string {
    const key = items[0]!.coalesce?.key;
    if (items.length === 1 || key === undefined) return newest(items).text;
    if (key === 'ack') return texts.acksCombined(byPerson(items));
    if (key === 'cards') return texts.cardsCombined(items.map(lineOf), items[0]!.ticketNo ?? firstNo(items));
    if (key === 'urgent-cards' || key === 'alerts') return texts.urgentCombined(items.map(lineOf), items[0]!.ticketNo ?? firstNo(items), key === 'urgent-cards');
    const info = /^info:(\d+)$/.exec(key);
    if (info) return texts.infoCombined(Number(info[1]), items.map(lineOf));
    if (key.startsWith('to:')) return texts.repliesCombined(items.map(lineOf));
    return newest(items).text;
  }
  return {
    alwaysTogether: (key) => HELD_KINDS.test(key),
    combine(items) {
      if (items.length === 0) throw new Error('nothing to combine');
      // By key (rows without one, by their text).
      const parts = new Map<string, OutboxItem[]>();
      for (const item of [...items].sort((a, b) => a.id - b.id)) {
        const k = item.coalesce ? `key:${item.coalesce.key}` : `text:${item.text}`;
        parts.set(k, [...(parts.get(k) ?? []), item]);
      }
      // The most urgent part first (an urgent card before the list of normal ones), then as queued.
      const lane = (rows: OutboxItem[]) => Math.min(...rows.map((r) => laneRank(r.lane)));
      const ordered = [...parts.values()].sort((a, b) => lane(a) - lane(b) || a[0]!.id - b[0]!.id);
      return { text: ordered.map(part).join('\n\n'), mentionIds: [...new Set(items.flatMap((i) => i.mentionIds))] };
    },
  };
}

const lineOf = (i: OutboxItem) => i.coalesce?.line ?? i.text;
const newest = (items: OutboxItem[]) => items.reduce((a, b) => (b.id > a.id ? b : a));
const firstNo = (items: OutboxItem[]) => Number(/#(\d+)/.exec(items[0]!.text)?.[1] ?? 0);

/** Each resident (by the line: their name) with the tickets acknowledged to them, in order. */
function byPerson(items: OutboxItem[]): Array<{ name: string; nos: number[] }> {
  const people = new Map<string, number[]>();
  for (const i of items) {
    const name = lineOf(i);
    const nos = people.get(name) ?? [];
    if (i.ticketNo !== undefined && !nos.includes(i.ticketNo)) nos.push(i.ticketNo);
    people.set(name, nos);
  }
  return [...people].map(([name, nos]) => ({ name, nos }));
}
