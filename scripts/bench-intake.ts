// npm run bench:intake [-- --messages 6000] [-- --db mariadb|sqlite|both] [-- --cpu-prof <dir>]
//
// How many messages a second the bot takes in: the real router (stored before handled, each room in
// order, one unit of work per message), the real store and the real classifier (rules and the local
// model; no LLM), no HTTP and no puppet. A day-like mix — a fifth of the messages are reports,
// the rest chit-chat — spread over 300 resident groups in 15 communities. It runs as the bot runs in
// production: the build (npm run build), with the V8 flags of `npm run start:prod` (they decide how
// often the heap is collected, and the bot makes garbage with every message).
//   - intake: every message handed to the router at once; processed/s from the first hand-over to
//     the last message handled (its processed mark committed);
//   - latency: another set offered at a steady 500 messages/s; p50/p99 from hand-over to handled;
//   - raw: the same commits with mysql2 (better-sqlite3 on SQLite) and nothing else — one INSERT
//     for a message that changed nothing, the ticket's transaction (message, ticket, reporter,
//     event, link, acknowledgement, card, processed mark) for a report, that and the master's
//     update for a report linked to another group's, the ticket's update, event and relay for a
//     line added to a report — on as many connections as the bot's pool has.
// Each database prints a line of figures; the last line is the JSON of the last database run
// (MariaDB when both run): {"intakePerS","rawPerS","ratio","p50Ms","p99Ms"}. Target on MariaDB:
// intakePerS ≥ 1000 and ratio ≥ 0.5. With --cpu-prof, the intake rounds alone (not the raw loop,
// not the warm-up) are profiled into <dir>/intake-<db>-<round>.cpuprofile.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { handleResidentMessage } from '../src/app/intake.js';
import { handleDutyMessage } from '../src/app/duty-room.js';
import { handleGroupBindingCommand } from '../src/app/group-binding.js';
import { handleLeadersMessage } from '../src/app/leaders-room.js';
import type { InboundMessage } from '../src/app/inbound-message.js';
import { MessageRouter } from '../src/app/pipeline/message-router.js';
import { createDataSource } from '../src/store/data-source.js';
import { createTypeormStore } from '../src/store/typeorm-store.js';
import { makeBurst, type BurstMessage } from './chaos/lib/burst.js';
import { benchApp, benchDatabase, benchWorld, quantile, type BenchDatabase } from './lib-bench-world.js';

/** The V8 flags of `npm run start:prod`: unless this process already runs with them, it runs itself again with them. */
const PROD_FLAGS = (/^node\s+(.*?)\s*dist\/main\.js/.exec(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'] ?? '',
)?.[1] ?? '')
  .split(/\s+/)
  .filter(Boolean);

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const MESSAGES = Number(arg('messages') ?? 6000);
const LATENCY_MESSAGES = Math.round(MESSAGES / 2);
const LATENCY_RATE = 500;
const DBS = (arg('db') ?? 'both') === 'both' ? (['sqlite', 'mariadb'] as const) : ([arg('db')] as Array<'sqlite' | 'mariadb'>);
/** The bot's MariaDB pool size (src/store/data-source.ts): the raw loop gets as many connections. */
const POOL = 5;
const PROFILE_DIR = arg('cpu-prof');

interface Figures {
  intakePerS: number;
  rawPerS: number;
  ratio: number;
  p50Ms: number;
  p99Ms: number;
}

const world = benchWorld({ communities: 15, groupsPerCommunity: 20, residentsPerGroup: 12 });

function inbound(m: BurstMessage, at: Date): InboundMessage {
  return { id: m.id, roomId: m.roomId, senderId: m.from, senderName: `居民${m.from.split('-').pop()}`, text: m.text, kind: 'text', mentionsBot: false, mentions: [], quoted: null, at };
}

async function main(): Promise<void> {
  let last: Figures | null = null;
  for (const kind of DBS) {
    const figures = await benchOne(kind);
    console.log(
      `${kind}: intake ${figures.intakePerS} messages/s, raw ${figures.rawPerS}/s, ratio ${figures.ratio}; ` +
        `latency at ${LATENCY_RATE}/s p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
    );
    console.log(JSON.stringify({ db: kind, ...figures }));
    last = figures;
  }
  if (last) console.log(JSON.stringify(last));
}

async function benchOne(kind: 'mariadb' | 'sqlite'): Promise<Figures> {
  const db = await benchDatabase(kind, 'intake');
  const rawDb = await benchDatabase(kind, 'intake_raw');
  let ds: DataSource | null = null;
  try {
    ds = createDataSource(db.url);
    await ds.initialize();
    const store = createTypeormStore(ds);
    const now = new Date();
    const app = await benchApp(store, { now: () => now }, world);
    const router = new MessageRouter(app, { resident: handleResidentMessage, duty: handleDutyMessage, leaders: handleLeadersMessage, private: async () => {}, binding: handleGroupBindingCommand }, { spool: null });
    await router.start();
    // Load the model and warm the code paths before timing.
    for (const m of makeBurst(200, world.rooms, { seed: 3, requestShare: 0.2, prefix: 'warm' })) await router.receive(inbound(m, now));

    // Intake and raw take turns, a third of the messages at a time, so that a machine busy with
    // other work slows both alike.
    const burst = makeBurst(MESSAGES, world.rooms, { seed: 11, requestShare: 0.2, prefix: 'bench' });
    const rounds = [0, 1, 2].map((r) => burst.slice(Math.floor((r * burst.length) / 3), Math.floor(((r + 1) * burst.length) / 3)));
    let intakeSeconds = 0;
    let rawSeconds = 0;
    let intakeCpuMs = 0;
    let rawCpuMs = 0;
    let reports = 0;
    const raw = kind === 'mariadb' ? await rawMariaDb(rawDb) : rawSqlite(rawDb);
    const profiler = PROFILE_DIR ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
    }
    for (const [r, round] of rounds.entries()) {
      await profiler?.post('Profiler.start');
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(round.map((m) => router.receive(inbound(m, now))));
      intakeSeconds += (performance.now() - t0) / 1000;
      intakeCpuMs += cpuMs(process.cpuUsage(cpu0));
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        mkdirSync(PROFILE_DIR!, { recursive: true });
        writeFileSync(path.join(PROFILE_DIR!, `intake-${kind}-${r + 1}.cpuprofile`), JSON.stringify(profile));
      }
      // What each message came to: the raw loop repeats the same commits.
      const outcomes = await outcomesOf(ds, round);
      reports += round.filter((m) => outcomes.get(m.id) === 'ticket').length;
      const cpu1 = process.cpuUsage();
      rawSeconds += await raw.run(round, outcomes, now);
      rawCpuMs += cpuMs(process.cpuUsage(cpu1));
    }
    await raw.close();
    console.log(
      `${kind}: ${burst.length} messages, ${reports} opened a ticket; intake ${intakeSeconds.toFixed(2)} s, ` +
        `${(intakeCpuMs / burst.length).toFixed(2)} ms of CPU per message; raw ${rawSeconds.toFixed(2)} s, ${(rawCpuMs / burst.length).toFixed(2)} ms`,
    );

    const steady = makeBurst(LATENCY_MESSAGES, world.rooms, { seed: 12, requestShare: 0.2, prefix: 'steady' });
    const latencies: number[] = [];
    const started = performance.now();
    const handled: Array<Promise<void>> = [];
    for (const [i, m] of steady.entries()) {
      const due = started + (i * 1000) / LATENCY_RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const offered = performance.now();
      handled.push(router.receive(inbound(m, now)).then(() => void latencies.push(performance.now() - offered)));
    }
    await Promise.all(handled);
    router.stop();

    const intakePerS = Math.round(burst.length / intakeSeconds);
    const rawPerS = Math.round(burst.length / rawSeconds);
    return {
      intakePerS,
      rawPerS,
      ratio: Math.round((intakePerS / rawPerS) * 100) / 100,
      p50Ms: Math.round(quantile(latencies, 0.5) * 10) / 10,
      p99Ms: Math.round(quantile(latencies, 0.99) * 10) / 10,
    };
  } finally {
    if (ds?.isInitialized) await ds.destroy();
    await db.drop();
    await rawDb.drop();
  }
}

type Statement = [sql: string, params: Array<string | number | Date | null>];

const INSERT_INBOUND = `INSERT INTO inbound_messages (message_id, room_id, sender_id, sender_name, text, kind, mentions_bot, mentions, quoted, at, received_at, processed_at, outcome, ticket_no) VALUES (?, ?, ?, ?, ?, 'text', 0, '[]', NULL, ?, ?, ?, ?, ?)`;
const INSERT_TICKET = `INSERT INTO tickets (status, category, urgency, community, group_id, duty_room_id, text, source, confidence, created_at, claim_due_at, due_at, reopen_count, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)`;
const UPDATE_TICKET = `UPDATE tickets SET status = ?, category = ?, urgency = ?, text = ?, claim_due_at = ?, due_at = ?, merged_into = ?, version = version + 1, updated_at = ? WHERE no = ?`;
const INSERT_REPORTER = `INSERT INTO ticket_reporters (ticket_no, person_id, name, room_id, at) VALUES (?, ?, ?, ?, ?)`;
const INSERT_EVENT = `INSERT INTO ticket_events (ticket_no, type, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?)`;
const INSERT_LINK = `INSERT INTO ticket_messages (ticket_no, message_id) VALUES (?, ?)`;
const INSERT_OUTBOX = `INSERT INTO outbox (room_id, text, mention_ids, dedupe_key, status, attempts, created_at, next_attempt_at, lane, ticket_no, coalesce_key, line) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?)`;

/**
 * What the bot commits for a message that came to `outcome`, statement by statement, after the
 * INSERT of its new ticket (ticketOf) when it opens one: `no` is that ticket's number, `master` an
 * earlier ticket. One statement outside a transaction for a message that changed nothing, else one
 * transaction.
 */
function commitsFor(m: BurstMessage, outcome: string, now: Date): { transaction: boolean; statements: (no: number, master: number) => Statement[]; opensTicket: boolean } {
  const room = world.rooms.find((r) => r.id === m.roomId)!;
  const duty = `${room.community}-duty@chatroom`;
  const later = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const name = `居民${m.from}`;
  const inbound = (no: number | null): Statement => [INSERT_INBOUND, [m.id, m.roomId, m.from, name, m.text, now, now, now, outcome, no]];
  const update = (no: number, text: string, status = 'new', mergedInto: number | null = null): Statement => [UPDATE_TICKET, [status, 'property', 'normal', text, later(2), later(72), mergedInto, now, no]];
  const event = (no: number, type: string): Statement => [INSERT_EVENT, [no, type, m.from, name, now]];
  const reporter = (no: number): Statement => [INSERT_REPORTER, [no, m.from, name, m.roomId, now]];
  const outbox = (roomId: string, text: string, key: string, no: number, coalesce: string): Statement => [INSERT_OUTBOX, [roomId, text, JSON.stringify([m.from]), key, now, now, 1, no, coalesce, name]];
  const opened = (no: number): Statement[] => [inbound(no), reporter(no), event(no, 'created'), [INSERT_LINK, [no, m.id]]];
  switch (outcome) {
    case 'ticket':
      return { transaction: true, opensTicket: true, statements: (no) => [...opened(no), outbox(m.roomId, `收到，已登记为工单 #${no}`, `ack:${no}`, no, 'ack'), outbox(duty, `【新工单 #${no}】${m.text}`, `card:${no}`, no, 'cards')] };
    case 'linked_duplicate':
      return {
        transaction: true,
        opensTicket: true,
        statements: (no, master) => [
          ...opened(no),
          update(no, m.text, 'merged', master),
          event(no, 'merged'),
          update(master, m.text),
          event(master, 'reporter_added'),
          reporter(master),
          outbox(m.roomId, `收到，与 #${master} 是同一问题`, `ack:${no}`, master, 'ack'),
          outbox(duty, `#${master} 又有居民反映`, `${m.id}:duty`, master, `same:reporters:${master}`),
        ],
      };
    case 'added_to_ticket':
      return { transaction: true, opensTicket: false, statements: (_, master) => [inbound(master), update(master, m.text), event(master, 'info_added'), outbox(duty, `#${master} 居民补充：${m.text}`, `${m.id}:info`, master, `info:${master}`)] };
    case 'co_report':
      return { transaction: true, opensTicket: false, statements: (_, master) => [inbound(master), update(master, m.text), event(master, 'reporter_added'), reporter(master)] };
    default:
      return { transaction: false, opensTicket: false, statements: () => [inbound(null)] };
  }
}

interface RawLoop {
  /** Commits what `messages` came to; returns the seconds it took. */
  run(messages: BurstMessage[], outcomes: Map<string, string>, now: Date): Promise<number>;
  close(): Promise<void>;
}

async function rawMariaDb(db: BenchDatabase): Promise<RawLoop> {
  const pool = mysql.createPool({ ...db.mysql!, connectionLimit: POOL });
  let last = 1;
  return {
    async run(messages, outcomes, now) {
      let next = 0;
      const work = async () => {
        for (let i = next++; i < messages.length; i = next++) {
          const m = messages[i]!;
          const commit = commitsFor(m, outcomes.get(m.id) ?? 'chat', now);
          if (!commit.transaction) {
            for (const [sql, params] of commit.statements(0, last)) await pool.execute(sql, params);
            continue;
          }
          const c = await pool.getConnection();
          try {
            await c.beginTransaction();
            let no = 0;
            if (commit.opensTicket) {
              const [inserted] = await c.execute<mysql.ResultSetHeader>(...ticketOf(m, now));
              no = inserted.insertId;
            }
            for (const [sql, params] of commit.statements(no, last)) await c.execute(sql, params);
            await c.commit();
            if (no) last = no;
          } finally {
            c.release();
          }
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: POOL }, work));
      return (performance.now() - t0) / 1000;
    },
    close: () => pool.end(),
  };
}

/** The INSERT of a message's new ticket. */
function ticketOf(m: BurstMessage, now: Date): Statement {
  const room = world.rooms.find((r) => r.id === m.roomId)!;
  const later = (h: number) => new Date(now.getTime() + h * 3_600_000);
  return [INSERT_TICKET, ['new', 'property', 'normal', room.community, m.roomId, `${room.community}-duty@chatroom`, m.text, 'rules', 0.9, now, later(2), later(72), now]];
}

function rawSqlite(db: BenchDatabase): RawLoop {
  const sqlite = new Database(db.file!);
  sqlite.pragma('journal_mode = WAL');
  const t = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
  const values = (xs: Statement[1]) => xs.map((x) => (x instanceof Date ? t(x) : x));
  const prepared = new Map<string, Database.Statement>();
  const exec = ([sql, params]: Statement) => {
    let stmt = prepared.get(sql);
    if (!stmt) prepared.set(sql, (stmt = sqlite.prepare(sql)));
    return stmt.run(values(params));
  };
  let last = 1;
  const commit = sqlite.transaction((m: BurstMessage, c: ReturnType<typeof commitsFor>, now: Date) => {
    const no = c.opensTicket ? Number(exec(ticketOf(m, now)).lastInsertRowid) : 0;
    for (const s of c.statements(no, last)) exec(s);
    if (no) last = no;
  });
  return {
    async run(messages, outcomes, now) {
      const t0 = performance.now();
      for (const m of messages) {
        const c = commitsFor(m, outcomes.get(m.id) ?? 'chat', now);
        if (c.transaction) commit(m, c, now);
        else for (const s of c.statements(0, last)) exec(s);
      }
      return (performance.now() - t0) / 1000;
    },
    close: async () => void sqlite.close(),
  };
}

async function outcomesOf(ds: DataSource, messages: BurstMessage[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; outcome: string | null }> = await ds.query(
    `SELECT message_id AS id, outcome FROM inbound_messages WHERE message_id IN (${messages.map(() => '?').join(', ')})`,
    messages.map((m) => m.id),
  );
  const outcomes = new Map(rows.map((r) => [r.id, r.outcome ?? '']));
  const unprocessed = messages.filter((m) => !outcomes.get(m.id)).length;
  if (unprocessed) throw new Error(`${unprocessed} messages were not processed`);
  return outcomes;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

if (PROD_FLAGS.every((f) => process.execArgv.includes(f))) {
  main().catch((err: unknown) => {
    console.error(`bench:intake failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 1;
  });
} else {
  process.exitCode = spawnSync(process.execPath, [...PROD_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' }).status ?? 1;
}
