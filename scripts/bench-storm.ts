// npm run bench:storm [-- --no-notice] [-- --seed 7]
//
// A storm on a virtual clock with the production outbound pacing of config/linli.yaml (one send
// per 1.5 s plus up to 1 s of jitter, one per 3 s per group): 300 resident groups in 15
// communities, 10 minutes, 2,000 messages —
//   - 500 report the same power cut in 3 communities (60 groups), in many words, most of them in
//     the first minutes;
//   - 30 are urgent reports (a lift with people inside, a smell of gas, a fall, smoke…) spread
//     over the storm, each its own problem;
//   - 120 are other reports and the rest chit-chat, spread over every group;
//   - 90 s in, each affected community's duty group posts `公告 全小区 停电 …` (--no-notice: they don't).
// The real router, intake, store (SQLite) and outbox sender run as in production; only time is
// virtual (taking in a message costs no virtual time; sending waits out the pacing). The run goes
// on until everything is sent.
// Last line: {"urgentCardP99s","ackP50s","ackP99s","outboundPerReport","lostMessages"} — from an
// urgent report to its card in the duty group; from a report to the first bot message in its group
// that @s its writer (0 for someone saying again what the bot answered them about in the last 10
// minutes); bot messages sent per report; messages not stored or never handled. Targets: urgent
// card p99 ≤ 10 s, ack p99 ≤ 5 min, ≤ 1.0 outbound per report, 0 lost.
import type { DataSource } from 'typeorm';
import { handleResidentMessage } from '../src/app/intake.js';
import { handleDutyMessage } from '../src/app/duty-room.js';
import { handleGroupBindingCommand } from '../src/app/group-binding.js';
import { handleLeadersMessage } from '../src/app/leaders-room.js';
import type { InboundMessage } from '../src/app/inbound-message.js';
import { MessageRouter } from '../src/app/pipeline/message-router.js';
import { outboxCoalescer } from '../src/app/outbox-coalescing.js';
import type { OutboxItem } from '../src/app/ports/outbox.js';
import { OutboxSender, type PacingTimer } from '../src/chat/outbox-sender.js';
import { createDataSource } from '../src/store/data-source.js';
import { createTypeormStore } from '../src/store/typeorm-store.js';
import { makeBurst, rng } from './chaos/lib/burst.js';
import { benchApp, benchDatabase, benchWorld, quantile, type BenchRoom } from './lib-bench-world.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const NOTICE = !process.argv.includes('--no-notice');
const SEED = Number(arg('seed') ?? 7);
const STORM_MS = 10 * 60_000;
const NOTICE_AT_MS = 90_000;
const OUTAGE_COMMUNITIES = 3;
/** After the storm, how long the outbox may take to drain before the run gives up. */
const DRAIN_LIMIT_MS = 60 * 60_000;

const T0 = Date.UTC(2026, 10, 23, 11, 0, 0); // 19:00 in Shanghai: people are home

interface Planned {
  msg: InboundMessage;
  kind: 'outage' | 'urgent' | 'report' | 'chat' | 'notice';
}

/** Virtual time for the app's clock and the sender's pacing: it moves only when the driver says. */
class VirtualTime implements PacingTimer {
  t = T0;
  private sleepers: Array<{ at: number; wake(): void }> = [];
  nowMs = () => this.t;
  sleep = (ms: number) => new Promise<void>((wake) => this.sleepers.push({ at: this.t + ms, wake }));
  get sleeping(): number {
    return this.sleepers.length;
  }
  nextWake(): number {
    return Math.min(...this.sleepers.map((s) => s.at));
  }
  advance(to: number): void {
    this.t = Math.max(this.t, to);
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    for (const s of due) s.wake();
  }
}

const OUTAGE_PHRASES = [
  (b: number) => `${b}栋停电了，家里一片黑，麻烦看看`,
  (b: number) => `怎么突然停电了？${b}号楼全黑了`,
  () => '我家也停电了，冰箱里的东西要坏了，什么时候来电啊',
  (b: number) => `${b}栋整栋楼都没电了，有人知道怎么回事吗`,
  () => '停电了！电梯也不动了，楼道里黑漆漆的',
  (b: number) => `${b}幢没电了 空调也停了 热死了 啥时候恢复`,
  () => '刚刚啪的一下全停电了，是跳闸还是线路坏了？麻烦物业看一下',
  () => '屋里头停电了，娃娃还在写作业，啥子时候来电嘛',
  () => '冇电啦，成栋楼都冇电，边个处理下',
  (b: number) => `报修：${b}栋停电，已经半个多小时了`,
  () => '整个小区都黑了，路灯也不亮，是不是变压器出问题了',
  () => '停电停了好久了 手机快没电了 有没有人管管',
  (b: number) => `${b}号楼${1 + (b % 6)}单元停电，家里有老人怕黑，麻烦尽快`,
  () => '家里断电了，总闸看了没问题，应该是外面线路的问题，请派人查一下',
  () => '又停电了？这个月第二次了，供电局到底怎么回事',
];
const URGENT_PHRASES = [
  (b: number) => `${b}栋电梯关人了！卡在${b % 9 + 2}楼不上不下，里面有老人，快来人`,
  (b: number) => `${b}号楼楼道里煤气味很重，好像漏气了，快来人看看`,
  (b: number) => `${b}栋${b % 6 + 1}单元有个老人摔倒了起不来，叫不醒，快来人`,
  (b: number) => `${b}栋楼下冒烟了，好像着火了，火苗都看到了`,
  (b: number) => `${b}号楼水管爆了，水漫进屋里了，整层都淹了`,
];

function plan(rooms: BenchRoom[], dutyRooms: string[]): Planned[] {
  const random = rng(SEED);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const affected = rooms.filter((r) => Number(r.community.slice(1)) <= OUTAGE_COMMUNITIES);
  const msg = (room: BenchRoom, from: string, text: string, at: number, id: string): InboundMessage => ({
    id,
    roomId: room.id,
    senderId: from,
    senderName: `居民${from.split('-').slice(1).join('')}`,
    text,
    kind: 'text',
    mentionsBot: false,
    mentions: [],
    quoted: null,
    at: new Date(at),
  });
  const out: Planned[] = [];
  // The power cut: most reports in the first minutes (mean 2.5 min), all within the storm.
  for (let i = 0; i < 500; i++) {
    const at = T0 + Math.min(STORM_MS - 1, Math.floor(-Math.log(1 - random()) * 150_000));
    const room = pick(affected);
    out.push({ kind: 'outage', msg: msg(room, pick(room.residents), pick(OUTAGE_PHRASES)(1 + Math.floor(random() * 30)), at, `outage-${i}`) });
  }
  // Urgent reports: each its own problem in its own building.
  for (let i = 0; i < 30; i++) {
    const room = pick(rooms);
    const at = T0 + Math.floor(((i + random()) * STORM_MS) / 30);
    out.push({ kind: 'urgent', msg: msg(room, pick(room.residents), URGENT_PHRASES[i % URGENT_PHRASES.length]!(31 + i), at, `urgent-${i}`) });
  }
  const others = makeBurst(120, rooms, { seed: SEED + 1, requestShare: 1, prefix: 'report' });
  const chat = makeBurst(2000 - 500 - 30 - 120, rooms, { seed: SEED + 2, requestShare: 0, prefix: 'chat' });
  for (const [kind, list] of [['report', others], ['chat', chat]] as const) {
    for (const m of list) {
      const room = rooms.find((r) => r.id === m.roomId)!;
      out.push({ kind, msg: msg(room, m.from, m.text, T0 + Math.floor(random() * STORM_MS), m.id) });
    }
  }
  if (NOTICE) {
    dutyRooms.slice(0, OUTAGE_COMMUNITIES).forEach((roomId, i) => {
      const duty: InboundMessage = {
        id: `notice-${i}`,
        roomId,
        senderId: `c${i + 1}-staff`,
        senderName: `网格员${i + 1}`,
        text: '公告 全小区 停电 供电公司正在抢修，预计1小时内恢复',
        kind: 'text',
        mentionsBot: false,
        mentions: [],
        quoted: null,
        at: new Date(T0 + NOTICE_AT_MS),
      };
      out.push({ kind: 'notice', msg: duty });
    });
  }
  return out.sort((a, b) => a.msg.at.getTime() - b.msg.at.getTime());
}

async function main(): Promise<void> {
  const world = benchWorld({ communities: 15, groupsPerCommunity: 20, residentsPerGroup: 30 });
  const planned = plan(world.rooms, world.dutyRooms);
  const db = await benchDatabase('sqlite', 'storm');
  let ds: DataSource | null = null;
  try {
    ds = createDataSource(db.url);
    await ds.initialize();
    const store = createTypeormStore(ds);
    const time = new VirtualTime();
    const clock = { now: () => new Date(time.t) };
    let sender: OutboxSender | null = null;
    const app = await benchApp(store, clock, world, { afterCommit: () => sender?.kick() });
    const sent: Array<{ at: number; item: OutboxItem }> = [];
    sender = new OutboxSender({
      outbox: store.outbox,
      chat: { send: async (item) => void sent.push({ at: time.t, item }) },
      clock,
      config: app.config.outbox, // production pacing
      coalescer: outboxCoalescer(app.texts),
      log: app.log,
      timer: time,
      random: rng(SEED + 3),
    });
    const router = new MessageRouter(app, { resident: handleResidentMessage, duty: handleDutyMessage, leaders: handleLeadersMessage, private: async () => {}, binding: handleGroupBindingCommand }, { spool: null });
    await router.start();
    sender.start();

    const handled: Array<Promise<void>> = [];
    let next = 0;
    const settle = async () => {
      // Work at this instant is done once nothing is being handled and the sender waits for time.
      for (let quiet = 0; quiet < 3; ) {
        await new Promise((r) => setImmediate(r));
        const busy = router.inFlight > 0 || !(time.sleeping > 0 || sender!.waiting);
        quiet = busy ? 0 : quiet + 1;
      }
    };
    const realStart = performance.now();
    for (;;) {
      await settle();
      const nextMessage = next < planned.length ? planned[next]!.msg.at.getTime() : Number.POSITIVE_INFINITY;
      // Rows held for their key's interval fall due on the clock: look at least once a second.
      const to = Math.min(nextMessage, time.sleeping ? time.nextWake() : Number.POSITIVE_INFINITY, time.t + 1000);
      if (next >= planned.length && time.sleeping === 0 && (await store.outbox.pendingCount()) === 0) break;
      if (time.t - T0 > STORM_MS + DRAIN_LIMIT_MS) throw new Error('the outbox did not drain within an hour after the storm');
      time.advance(to);
      for (; next < planned.length && planned[next]!.msg.at.getTime() <= time.t; next++) handled.push(router.receive(planned[next]!.msg));
      sender.kick();
    }
    await Promise.all(handled);
    await sender.stop();
    router.stop();
    // A storm "with 公告" whose notices were refused would quietly measure one without them.
    const notices: Array<{ outcome: string | null }> = await ds.query("SELECT outcome FROM inbound_messages WHERE message_id LIKE 'notice-%'");
    if (notices.some((n) => n.outcome !== 'incident_announced')) throw new Error(`a notice was not announced: ${JSON.stringify(notices)}`);
    const figures = await measure(ds, planned, sent);
    if (process.env.STORM_DEBUG) await debug(ds, planned, sent);
    console.log(
      `storm: ${planned.length} messages (${figures.reports} reports) over ${STORM_MS / 60_000} min in ${world.rooms.length} groups, ` +
        `${NOTICE ? 'with' : 'without'} 公告; ${sent.length} bot messages, the last ${((Math.max(...sent.map((s) => s.at)) - T0) / 60_000).toFixed(1)} min after the storm began; ` +
        `simulated in ${((performance.now() - realStart) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  urgent cards p50 ${figures.urgentCardP50s} s, p99 ${figures.urgentCardP99s} s; acknowledgements p50 ${figures.ackP50s} s, p99 ${figures.ackP99s} s, ` +
        `${figures.unacknowledged} never (${figures.heardBefore} said again what they had been answered about); ` +
        `${figures.combined} sends combined several messages; ${figures.onNoTicket} reports taken for chit-chat (on no ticket)`,
    );
    console.log(
      JSON.stringify({
        urgentCardP99s: figures.urgentCardP99s,
        ackP50s: figures.ackP50s,
        ackP99s: figures.ackP99s,
        outboundPerReport: figures.outboundPerReport,
        lostMessages: figures.lostMessages,
      }),
    );
  } finally {
    if (ds?.isInitialized) await ds.destroy();
    await db.drop();
  }
}

async function measure(ds: DataSource, planned: Planned[], sent: Array<{ at: number; item: OutboxItem }>) {
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  const inbound: Array<{ id: string; processed: unknown; ticket_no: number | null }> = await ds.query(
    'SELECT message_id AS id, processed_at AS processed, ticket_no FROM inbound_messages',
  );
  const byId = new Map(inbound.map((r) => [r.id, r]));
  const links: Array<{ message_id: string; ticket_no: number }> = await ds.query('SELECT message_id, ticket_no FROM ticket_messages');
  const linked = new Set(links.map((l) => l.message_id));
  const reports = planned.filter((p) => p.kind === 'outage' || p.kind === 'urgent' || p.kind === 'report');
  // Lost: not stored, or stored and never handled. (A report the bot took for chit-chat is a
  // classification miss, counted apart.)
  const lost = planned.filter((p) => byId.get(p.msg.id)?.processed == null).length;
  const onNoTicket = reports.filter((p) => byId.get(p.msg.id)?.ticket_no == null && !linked.has(p.msg.id)).length;

  // Urgent: from the report to the card of its ticket in the duty group.
  const cardSentAt = new Map<number, number>();
  const rows: Array<{ id: number; dedupe_key: string | null; sent_in: number | null }> = await ds.query('SELECT id, dedupe_key, sent_in FROM outbox');
  const sentAt = new Map(sent.map((s) => [s.item.id, s.at]));
  for (const r of rows) {
    const m = /^card:(\d+)$/.exec(r.dedupe_key ?? '');
    const at = sentAt.get(Number(r.sent_in ?? r.id));
    if (m && at !== undefined) cardSentAt.set(Number(m[1]), at);
  }
  const urgentDelays = planned
    .filter((p) => p.kind === 'urgent')
    .map((p) => {
      const no = byId.get(p.msg.id)?.ticket_no;
      const at = no == null ? undefined : cardSentAt.get(Number(no));
      return at === undefined ? Number.POSITIVE_INFINITY : Math.max(0, at - p.msg.at.getTime());
    });

  // Acknowledged: the first bot message in the report's group, at or after it, that @s its writer.
  const byRoom = new Map<string, Array<{ at: number; mentions: Set<string> }>>();
  for (const s of sent) byRoom.set(s.item.roomId, [...(byRoom.get(s.item.roomId) ?? []), { at: s.at, mentions: new Set(s.item.mentionIds) }]);
  let heardBefore = 0;
  const ackDelays = reports.map((p) => {
    const written = p.msg.at.getTime();
    const toThem = (byRoom.get(p.msg.roomId) ?? []).filter((s) => s.mentions.has(p.msg.senderId));
    const said = toThem.find((s) => s.at >= written);
    if (said) return said.at - written;
    // Someone who says it again after the bot answered them (a second line about the same power
    // cut, "还没来电吗") is not waiting in silence: they were answered minutes ago.
    if (toThem.some((s) => s.at >= written - 10 * 60_000)) return heardBefore++, 0;
    return Number.POSITIVE_INFINITY;
  });
  const finite = (x: number) => (Number.isFinite(x) ? seconds(x) : null);
  return {
    reports: reports.length,
    urgentCardP50s: finite(quantile(urgentDelays, 0.5)),
    urgentCardP99s: finite(quantile(urgentDelays, 0.99)),
    ackP50s: finite(quantile(ackDelays, 0.5)),
    ackP99s: finite(quantile(ackDelays, 0.99)),
    unacknowledged: ackDelays.filter((d) => !Number.isFinite(d)).length,
    heardBefore,
    outboundPerReport: Math.round((sent.length / reports.length) * 100) / 100,
    combined: sent.filter((s) => rows.some((r) => r.sent_in === s.item.id)).length,
    lostMessages: lost,
    onNoTicket,
  };
}

async function debug(ds: DataSource, planned: Planned[], sent: Array<{ at: number; item: OutboxItem }>) {
  const rows: Array<{ id: number; dedupe_key: string | null; coalesce_key: string | null; sent_in: number | null; lane: number; room_id: string }> = await ds.query(
    'SELECT id, dedupe_key, coalesce_key, sent_in, lane, room_id FROM outbox',
  );
  const kinds = new Map<string, number>();
  for (const s of sent) {
    const r = rows.find((x) => x.id === s.item.id)!;
    const k = `${r.lane} ${(r.coalesce_key ?? r.dedupe_key ?? '').replace(/[:\d].*$/, '')} ${r.room_id.includes('duty') ? 'duty' : r.room_id.includes('leaders') ? 'leaders' : 'resident'}`;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  console.log([...kinds].sort((a, b) => b[1] - a[1]));
  const inbound: Array<{ id: string; outcome: string; ticket_no: number | null }> = await ds.query('SELECT message_id AS id, outcome, ticket_no FROM inbound_messages');
  const outcomes = new Map<string, number>();
  for (const p of planned) {
    const o = `${p.kind}:${inbound.find((r) => r.id === p.msg.id)?.outcome}`;
    outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
  }
  console.log([...outcomes].sort((a, b) => b[1] - a[1]));
  const byRoom = new Map<string, Array<{ at: number; mentions: Set<string> }>>();
  for (const s of sent) byRoom.set(s.item.roomId, [...(byRoom.get(s.item.roomId) ?? []), { at: s.at, mentions: new Set(s.item.mentionIds) }]);
  for (const p of planned.filter((x) => x.kind !== 'chat' && x.kind !== 'notice')) {
    const said = (byRoom.get(p.msg.roomId) ?? []).find((s) => s.at >= p.msg.at.getTime() && s.mentions.has(p.msg.senderId));
    const before = (byRoom.get(p.msg.roomId) ?? []).find((s) => s.mentions.has(p.msg.senderId));
    if (!said) console.log('never', p.kind, (p.msg.at.getTime() - T0) / 1000, inbound.find((x) => x.id === p.msg.id)?.outcome, before ? (before.at - T0) / 1000 : '-', p.msg.text.slice(0, 20));
  }
  for (const p of planned.filter((x) => x.kind === 'urgent').slice(0, 8)) {
    const r = inbound.find((x) => x.id === p.msg.id)!;
    const card = rows.find((x) => x.dedupe_key === `card:${r.ticket_no}`);
    const s = card && sent.find((x) => x.item.id === (card.sent_in ?? card.id));
    console.log(p.msg.text.slice(0, 20), r.outcome, r.ticket_no, card?.lane, s ? (s.at - p.msg.at.getTime()) / 1000 : null);
  }
}

main().catch((err: unknown) => {
  console.error(`bench:storm failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
