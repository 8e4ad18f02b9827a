// npm run bench [-- --tickets 1000000] [--keep] [--reseed] [--no-export] — how the SLA ladder's scan, the digest's
// queries, the console dashboard and a year's export hold up on a big table. Uses the MariaDB
// database linli_bench_<N> (LINLI_BENCH_MARIADB_URL, default mariadb://root@127.0.0.1:3306): seeds
// it by chunked INSERT … SELECT (three years of history, an open backlog, today's traffic) with the
// secondary indexes dropped and rebuilt once at the end, then times:
//   - the overdue scan: runSlaLadder() in steady state (every due step already recorded),
//   - the digest: digestFigures() for today (every aggregate query), and the chart on its own,
//   - the dashboard (GET /api/console/dashboard as a leader) and a full-year export (CSV, .xlsx),
// and prints EXPLAIN for each distinct query the ladder and digest ran. A database that a finished
// seed marked (table bench_seeded) is reused as it is and kept; a fresh one is dropped at the end
// unless --keep. Targets: scan < 100 ms, digest < 2 s, dashboard < 500 ms at 1M (< 2 s at 10M).
// --no-export skips the two exports (a year at 10M takes 7–13 minutes each).
// Not part of `npm test`: 1M takes a few minutes on two cores, 10M tens of minutes.
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { digestFigures, digestNames } from '../src/app/digest.js';
import { renderDigestChart } from '../src/app/digest-chart.js';
import { runSlaLadder } from '../src/app/sla-ladder.js';
import { createDataSource, runMigrations } from '../src/store/data-source.js';
import { lastOccurrence } from '../src/jobs/schedule.js';
import { benchConsole } from './lib-bench-console.js';
import { benchContext } from './lib-bench-context.js';

const SERVER = process.env.LINLI_BENCH_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const TICKETS = Number(arg('tickets') ?? 1_000_000);
const RUNS = 5;
const YEARS = 3;

const CATEGORIES = ['property', 'municipal', 'sanitation', 'dispute', 'security', 'safety', 'enforcement', 'services', 'other'];
const COMMUNITIES = Array.from({ length: 20 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
const sqlList = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

const CHUNK = 250_000;
const BULK_TABLES = ['tickets', 'ticket_events', 'ticket_sla_steps'];

async function main(): Promise<void> {
  const server = new URL(SERVER);
  const name = `linli_bench_${TICKETS}`;
  const admin = await mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  });
  const seededAt = process.argv.includes('--reseed') ? null : await seedMarker(admin, name);
  if (!seededAt) {
    // No marker means no database or a seed that did not finish: start over.
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  }
  const keep = Boolean(seededAt) || process.argv.includes('--keep') || process.argv.includes('--seed-only');
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const ds = createDataSource(url.toString());
  try {
    await ds.initialize();
    await runMigrations(ds);
    // The bench runs "at" the last nightly digest instant: outside quiet hours, and a full day of traffic.
    const now =
      seededAt ?? lastOccurrence({ kind: 'daily', at: '21:00' }, new Date(Date.now() - 2 * 86_400_000), new Date(), 'Asia/Shanghai')!;
    if (seededAt) console.log(`reusing ${name}, seeded for ${now.toISOString()} (--reseed to seed again)`);
    else await timed(`seed ${TICKETS.toLocaleString()} tickets with events and ladder steps`, () => seed(ds, now));
    if (!process.argv.includes('--seed-only')) await bench(ds, now, url.toString());
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (keep) console.log(`kept ${name}: the next run with --tickets ${TICKETS} reuses it; drop it with DROP DATABASE \`${name}\``);
    else {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      console.log(`dropped ${name}`);
    }
    await admin.end();
  }
}

/** The instant a finished seed of this database was made for, or null. */
async function seedMarker(admin: mysql.Connection, name: string): Promise<Date | null> {
  const [tables] = await admin.query<mysql.RowDataPacket[]>(
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [name, 'bench_seeded'],
  );
  if (tables.length === 0) return null;
  const [rows] = await admin.query<mysql.RowDataPacket[]>(`SELECT tickets, now_ms FROM \`${name}\`.bench_seeded`);
  const row = rows[0];
  return row && Number(row.tickets) === TICKETS ? new Date(Number(row.now_ms)) : null;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * One INSERT … SELECT per table over a 1..N sequence. Ticket n was created (N − n) × spacing ago,
 * so the newest are today's; its fate is decided by its age and (n × 7919) mod 100.
 */
async function seed(ds: DataSource, now: Date): Promise<void> {
  const q = (sql: string) => ds.query(sql);
  // Secondary indexes are built once from sorted data at the end, not row by row through a small buffer pool.
  const indexes = await dropSecondaryIndexes(ds);
  const nowSql = `TIMESTAMP'${now.toISOString().replace('T', ' ').replace('Z', '')}'`;
  const spacingMs = Math.floor((YEARS * 365 * 86_400_000) / TICKETS);
  await q('CREATE TABLE bench_digits (d INT NOT NULL)');
  await q('INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)');
  await q('CREATE TABLE bench_seq (n INT NOT NULL PRIMARY KEY)');
  const digits = Math.max(1, Math.ceil(Math.log10(TICKETS)));
  const from = Array.from({ length: digits }, (_, i) => `bench_digits d${i}`).join(', ');
  const value = Array.from({ length: digits }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
  await q(`INSERT INTO bench_seq SELECT ${value} + 1 AS n FROM ${from} HAVING n <= ${TICKETS}`);

  // age in minutes, bucket 0..99, urgent 1 in 17.
  const created = `${nowSql} - INTERVAL ((${TICKETS} - n) * ${spacingMs}) * 1000 MICROSECOND`;
  // CREATE then INSERT … SELECT, not CREATE TABLE … AS SELECT, which TiDB does not run.
  await q('CREATE TABLE bench_plan (n INT NOT NULL PRIMARY KEY, created_at DATETIME(3) NOT NULL, h INT NOT NULL, age_min BIGINT NOT NULL, urgent BOOLEAN NOT NULL)');
  await q(`INSERT INTO bench_plan SELECT n,
      ${created},
      (n * 7919) % 100,
      ((${TICKETS} - n) * ${spacingMs}) DIV 60000,
      n % 17 = 0
    FROM bench_seq`);
  // Old tickets are mostly closed with a small open backlog; the last week is still in flux.
  const status = `CASE
      WHEN age_min > 7 * 1440 THEN CASE WHEN h < 88 THEN 'closed' WHEN h < 91 THEN 'resolved' WHEN h < 95 THEN 'rejected'
                                        WHEN h < 97 THEN 'merged' WHEN h < 98 THEN 'new' ELSE 'claimed' END
      WHEN age_min > 120 THEN CASE WHEN h < 10 THEN 'new' WHEN h < 45 THEN 'claimed' WHEN h < 65 THEN 'resolved'
                                   WHEN h < 90 THEN 'closed' ELSE 'rejected' END
      ELSE CASE WHEN h < 70 THEN 'new' ELSE 'claimed' END END`;
  const chunks = (work: (lo: number, hi: number) => Promise<unknown>) => inChunks(TICKETS, work);
  await chunks((lo, hi) => q(`INSERT INTO tickets (no, status, category, urgency, community, group_id, duty_room_id, text, source, confidence,
      created_at, claim_due_at, due_at, claimed_at, resolved_at, closed_at, assignee_id, assignee_name, rating,
      reopen_count, merged_into, version, updated_at)
    SELECT n, s.status, ELT(1 + n % ${CATEGORIES.length}, ${sqlList(CATEGORIES)}), IF(urgent, 'urgent', 'normal'),
      ELT(1 + (n DIV 7) % ${COMMUNITIES.length}, ${sqlList(COMMUNITIES)}),
      CONCAT('g', (n DIV 7) % ${COMMUNITIES.length}, '-', n % 3, '@chatroom'), CONCAT('duty', (n DIV 7) % ${COMMUNITIES.length}, '@chatroom'),
      CONCAT(1 + n % 30, '栋', ELT(1 + n % 4, '电梯停在18楼不动了', '楼道灯不亮', '垃圾没人清运', '门口积水很深'), '，麻烦尽快处理 #', n),
      'rules', 0.9, created_at,
      created_at + INTERVAL IF(urgent, 15, 120) MINUTE,
      created_at + INTERVAL IF(urgent, 4, 72) HOUR,
      IF(s.status IN ('claimed', 'resolved', 'closed'), created_at + INTERVAL (n % 150) MINUTE, NULL),
      IF(s.status IN ('resolved', 'closed'), created_at + INTERVAL (n % 90) HOUR, NULL),
      IF(s.status = 'closed', created_at + INTERVAL (n % 90 + 2) HOUR, NULL),
      IF(s.status IN ('claimed', 'resolved', 'closed'), CONCAT('staff-', n % 40), NULL),
      IF(s.status IN ('claimed', 'resolved', 'closed'), CONCAT('网格员', n % 40), NULL),
      IF(s.status = 'closed', ELT(1 + n % 10, 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied',
                                  'basically_satisfied', 'basically_satisfied', 'basically_satisfied', 'unsatisfied'), NULL),
      0, IF(s.status = 'merged', GREATEST(1, n - 1), NULL), 1, created_at
    FROM (SELECT p.*, ${status} AS status FROM bench_plan p WHERE n BETWEEN ${lo} AND ${hi}) s`));
  const event = (type: string, at: string, where: string, actor = "'system'", note = 'NULL') =>
    chunks((lo, hi) =>
      q(`INSERT INTO ticket_events (ticket_no, type, actor_id, actor_name, at, note)
         SELECT no, '${type}', ${actor}, '系统', ${at}, ${note} FROM tickets WHERE no BETWEEN ${lo} AND ${hi} AND ${where}`),
    );
  await event('created', 'created_at', '1 = 1');
  await event('claimed', 'claimed_at', 'claimed_at IS NOT NULL', 'assignee_id');
  await event('resolved', 'resolved_at', 'resolved_at IS NOT NULL', 'assignee_id');
  await event('rated', 'closed_at', "status = 'closed'", "'resident'", "ELT(FIELD(rating, 'satisfied', 'basically_satisfied', 'unsatisfied'), '满意', '基本满意', '不满意')");
  await event('closed', 'closed_at', "status = 'closed'");
  // Steady state of the ladder: every step of the last week that fell due more than an hour ago went out.
  // Deadlines are at most 72 h after creation, so only tickets of the last 12 days can have one.
  const recent = Math.max(1, TICKETS - Math.ceil((12 * 86_400_000) / spacingMs));
  const step = (name: string, due: string, status: string, stepAt: string) =>
    q(`INSERT INTO ticket_sla_steps (ticket_no, step, deadline_at, at)
       SELECT no, '${name}', ${due}, ${stepAt} FROM tickets
        WHERE no >= ${recent} AND status = '${status}' AND ${due} >= ${nowSql} - INTERVAL 9 DAY AND ${stepAt} < ${nowSql} - INTERVAL 1 HOUR`);
  await step('claim_warn', 'claim_due_at', 'new', 'claim_due_at - INTERVAL IF(urgency = \'urgent\', 225, 1800) SECOND');
  await step('claim_overdue', 'claim_due_at', 'new', 'claim_due_at');
  await step('claim_escalate', 'claim_due_at', 'new', "claim_due_at + INTERVAL IF(urgency = 'urgent', -10, 60) MINUTE");
  await step('resolve_warn', 'due_at', 'claimed', "due_at - INTERVAL IF(urgency = 'urgent', 60, 1080) MINUTE");
  await step('resolve_overdue', 'due_at', 'claimed', 'due_at');
  await step('resolve_escalate', 'due_at', 'claimed', "due_at + INTERVAL IF(urgency = 'urgent', 120, 1440) MINUTE");
  for (const t of ['bench_plan', 'bench_seq', 'bench_digits']) await q(`DROP TABLE ${t}`);
  await timed('  rebuild secondary indexes', () => restoreIndexes(ds, indexes));
  await q('ANALYZE TABLE tickets, ticket_events, ticket_sla_steps');
  await q('CREATE TABLE bench_seeded (tickets BIGINT NOT NULL, now_ms BIGINT NOT NULL)');
  await q(`INSERT INTO bench_seeded VALUES (${TICKETS}, ${now.getTime()})`);
  const [counts] = await q(`SELECT (SELECT COUNT(*) FROM tickets) AS tickets, (SELECT COUNT(*) FROM ticket_events) AS events,
      (SELECT COUNT(*) FROM ticket_sla_steps) AS steps, (SELECT COUNT(*) FROM tickets WHERE status IN ('new', 'claimed')) AS open`);
  console.log(`  tickets ${counts.tickets}, events ${counts.events}, ladder steps ${counts.steps}, open ${counts.open}`);
}

async function inChunks(total: number, work: (lo: number, hi: number) => Promise<unknown>): Promise<void> {
  for (let lo = 1; lo <= total; lo += CHUNK) await work(lo, Math.min(total, lo + CHUNK - 1));
}

type IndexDef = { table: string; name: string; unique: boolean; columns: string[] };

async function dropSecondaryIndexes(ds: DataSource): Promise<IndexDef[]> {
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT TABLE_NAME AS t, INDEX_NAME AS i, NON_UNIQUE AS nu, COLUMN_NAME AS c, SUB_PART AS sp
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' AND TABLE_NAME IN (${sqlList(BULK_TABLES)})
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const byKey = new Map<string, IndexDef>();
  for (const r of rows) {
    const key = `${r.t}.${r.i}`;
    const def = byKey.get(key) ?? { table: String(r.t), name: String(r.i), unique: Number(r.nu) === 0, columns: [] };
    def.columns.push(`\`${r.c}\`${r.sp === null || r.sp === undefined ? '' : `(${r.sp})`}`);
    byKey.set(key, def);
  }
  const defs = [...byKey.values()];
  for (const d of defs) await ds.query(`ALTER TABLE \`${d.table}\` DROP INDEX \`${d.name}\``);
  return defs;
}

async function restoreIndexes(ds: DataSource, defs: IndexDef[]): Promise<void> {
  for (const table of BULK_TABLES) {
    const adds = defs
      .filter((d) => d.table === table)
      .map((d) => `ADD ${d.unique ? 'UNIQUE ' : ''}INDEX \`${d.name}\` (${d.columns.join(', ')})`);
    if (adds.length > 0) await ds.query(`ALTER TABLE \`${table}\` ${adds.join(', ')}`);
  }
}

async function bench(ds: DataSource, now: Date, databaseUrl: string): Promise<void> {
  const ctx = benchContext(ds, now);
  // Every raw query the ladder and the digest run, for EXPLAIN afterwards.
  const seen = new Map<string, unknown[]>();
  const query = ds.query.bind(ds);
  ds.query = (async (sql: string, params?: unknown[], runner?: never) => {
    if (/^\s*SELECT/i.test(sql)) seen.set(sql.replace(/\s+/g, ' ').trim(), params ?? []);
    return query(sql, params, runner);
  }) as typeof ds.query;

  const first = await timed('ladder catch-up run (steps due in the last hour)', () => runSlaLadder(ctx, now));
  console.log(`  ${JSON.stringify(first)}`);
  const scan = await repeat(() => runSlaLadder(ctx, now));
  const digest = await repeat(() => digestFigures(ctx, 'daily', now));
  const figures = await digestFigures(ctx, 'daily', now);
  const chart = await repeat(() => renderDigestChart(figures, digestNames(ctx)));
  const weekly = await repeat(() => digestFigures(ctx, 'weekly', now));

  ds.query = query;
  const consoleLines = await benchConsole(databaseUrl, now, ctx.config.timezone, RUNS, !process.argv.includes('--no-export'));
  console.log('\nEXPLAIN of each query:');
  for (const [sql, params] of seen) {
    const plan: Array<Record<string, unknown>> = await ds.query(`EXPLAIN ${sql}`, params);
    const alone = await repeat(() => ds.query(sql, params));
    console.log(`\n[${alone.median} ms] ${sql.slice(0, 160)}${sql.length > 160 ? ' …' : ''}`);
    for (const p of plan) console.log(`  ${p.table}: type=${p.type} key=${p.key ?? '—'} rows=${p.rows} ${p.Extra ?? ''}`);
  }
  console.log(`\n${'-'.repeat(60)}`);
  console.log(`tickets: ${TICKETS.toLocaleString()}`);
  console.log(`overdue scan (runSlaLadder, steady state): median ${scan.median} ms, max ${scan.max} ms  [target < 100 ms]`);
  console.log(`daily digest queries (digestFigures):      median ${digest.median} ms, max ${digest.max} ms  [target < 2000 ms]`);
  console.log(`weekly digest queries:                     median ${weekly.median} ms, max ${weekly.max} ms`);
  console.log(`digest chart (ECharts SVG → PNG):          median ${chart.median} ms`);
  for (const line of consoleLines) console.log(line);
  console.log(`today: ${JSON.stringify(figures.period)}`);
  console.log(`totals: ${JSON.stringify(figures.totals)}`);
  if (scan.median >= 100 || digest.median >= 2000) process.exitCode = 1;
}

async function repeat(work: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: Math.round(times[Math.floor(times.length / 2)]!), max: Math.round(times[times.length - 1]!) };
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
