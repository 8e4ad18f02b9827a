// What every chaos run needs: a throwaway MariaDB database, a simulated district with many
// residents, the bot as a child process (src/main.ts in sandbox mode) that can be killed, and the
// sandbox API to talk to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { stringify } from 'yaml';
import type { BurstMessage, ChaosWorldRoom } from './burst.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const MARIADB_SERVER = process.env.LINLI_TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';

export interface ChaosDatabase {
  /** mariadb://…/linli_chaos_… on the real server. */
  url: string;
  name: string;
  server: { host: string; port: number; user: string; password: string };
  /** The same database reached through another host:port (a proxy). */
  urlVia(port: number): string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createChaosDatabase(label: string): Promise<ChaosDatabase> {
  const server = new URL(MARIADB_SERVER);
  const cfg = {
    host: server.hostname,
    port: server.port ? Number(server.port) : 3306,
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  };
  const name = `linli_chaos_${label}_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = await mysql.createConnection({ ...cfg, connectTimeout: 3000 });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const url = new URL(MARIADB_SERVER);
  url.pathname = `/${name}`;
  let pool: mysql.Pool | null = null;
  const getPool = () => (pool ??= mysql.createPool({ ...cfg, database: name, connectionLimit: 2, timezone: 'Z' }));
  return {
    url: url.toString(),
    name,
    server: cfg,
    urlVia(port: number) {
      const via = new URL(url.toString());
      via.hostname = '127.0.0.1';
      via.port = String(port);
      return via.toString();
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const [rows] = await getPool().query(sql, params);
      return rows as T[];
    },
    async drop() {
      await pool?.end().catch(() => undefined);
      pool = null;
      const c = await mysql.createConnection({ ...cfg, connectTimeout: 3000 });
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

export interface ChaosWorld {
  dir: string;
  sandboxFile: string;
  transcriptFile: string;
  rooms: ChaosWorldRoom[];
  staff: string[];
  leadersRoomId: string;
  cleanup(): void;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['阿姨', '叔', '大爷', '奶奶', '姐', '哥', '老师', '师傅', '先生', '女士', '小妹', '大妈'];

/**
 * A district of `communities` × `groupsPerCommunity` resident groups with `residentsPerGroup`
 * residents each, a duty group per community and a leaders group; fast outbound pacing; every
 * line said appended to transcript.jsonl (sandbox `transcriptFile`), which outlives a kill -9.
 */
export function writeChaosWorld(opts: { communities?: number; groupsPerCommunity?: number; residentsPerGroup?: number; pace?: { globalIntervalMs: number; roomIntervalMs: number; jitterMs: number } } = {}): ChaosWorld {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-chaos-'));
  const nc = opts.communities ?? 2;
  const ng = opts.groupsPerCommunity ?? 3;
  const nr = opts.residentsPerGroup ?? 40;
  const people: Array<{ id: string; name: string; role?: 'staff' | 'leader'; communities?: string[] }> = [];
  const communities = [];
  const rooms: ChaosWorldRoom[] = [];
  const staff: string[] = [];
  let n = 0;
  for (let c = 0; c < nc; c++) {
    const cid = `c${c + 1}`;
    const staffIds = [`${cid}-staff-1`, `${cid}-staff-2`];
    staffIds.forEach((id, i) => people.push({ id, name: `${cid}网格员${i + 1}`, role: 'staff', communities: [cid] }));
    staff.push(...staffIds);
    const residentGroups = [];
    for (let g = 0; g < ng; g++) {
      const ids: string[] = [];
      for (let r = 0; r < nr; r++, n++) {
        const id = `${cid}-g${g + 1}-r${r + 1}`;
        people.push({ id, name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}${n}` });
        ids.push(id);
      }
      const roomId = `${cid}-g${g + 1}@chatroom`;
      residentGroups.push({ id: roomId, topic: `小区${c + 1}邻里${g + 1}群`, members: [...ids, staffIds[g % 2]!] });
      rooms.push({ id: roomId, community: cid, residents: ids });
    }
    communities.push({ id: cid, name: `小区${c + 1}`, residentGroups, dutyGroup: { id: `${cid}-duty@chatroom`, topic: `小区${c + 1}值班群`, members: staffIds } });
  }
  people.push({ id: 'leader-1', name: '街道书记', role: 'leader' }, { id: 'leader-2', name: '街道主任', role: 'leader' });
  const transcriptFile = path.join(dir, 'transcript.jsonl');
  const world = {
    bot: { id: 'linli-bot', name: '邻里小助手' },
    districtName: '混沌测试街道',
    outbox: { ...(opts.pace ?? { globalIntervalMs: 2, roomIntervalMs: 5, jitterMs: 2 }), retryBaseMs: 200 },
    transcriptFile,
    people,
    communities,
    leadersGroup: { id: 'leaders@chatroom', topic: '混沌测试街道领导群', members: ['leader-1', 'leader-2'] },
  };
  const sandboxFile = path.join(dir, 'sandbox.yaml');
  writeFileSync(sandboxFile, stringify(world));
  return { dir, sandboxFile, transcriptFile, rooms, staff, leadersRoomId: 'leaders@chatroom', cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The bot as a child process: `node --import tsx src/main.ts`, sandbox mode, its log in a file. */
export class BotProcess {
  private child: ChildProcess | null = null;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  url = '';
  pid = 0;

  constructor(
    private readonly opts: { databaseUrl: string; sandboxFile: string; logFile: string; env?: Record<string, string> },
  ) {}

  async start(timeoutMs = 90_000): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    mkdirSync(path.dirname(this.opts.logFile), { recursive: true });
    const log = createWriteStream(this.opts.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: this.opts.databaseUrl,
        // The chaos runs drive the sandbox on MariaDB: allowed only when asked for.
        LINLI_SANDBOX: '1',
        PORT: String(port),
        SANDBOX_FILE: this.opts.sandboxFile,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        ...this.opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.pid = child.pid ?? 0;
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + timeoutMs;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    void this.exit.then((e) => (exited = e));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`the bot exited during start-up (${JSON.stringify(exited)}); log: ${this.opts.logFile}\n${this.logTail()}`);
      const health = await this.health().catch(() => null);
      if (health && health.status === 200) return;
      await sleep(100);
    }
    throw new Error(`the bot did not become healthy in ${timeoutMs} ms; log: ${this.opts.logFile}\n${this.logTail()}`);
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async health(): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** SIGKILL: no clean-up of any kind, as when the machine or the OOM killer takes the process. */
  async kill9(): Promise<void> {
    if (!this.child || !this.alive) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** SIGTERM and wait for the clean stop. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.child || !this.alive) return;
    this.child.kill('SIGTERM');
    const done = await Promise.race([this.exit!.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!done) await this.kill9();
  }

  logTail(lines = 30): string {
    if (!existsSync(this.opts.logFile)) return '';
    return readFileSync(this.opts.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  logText(): string {
    return existsSync(this.opts.logFile) ? readFileSync(this.opts.logFile, 'utf8') : '';
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Posts one message through the sandbox API; resolves to the HTTP status (0: no answer). */
export async function post(url: string, m: BurstMessage): Promise<number> {
  try {
    const res = await fetch(`${url}/api/sandbox/rooms/${encodeURIComponent(m.roomId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: m.from, text: m.text, id: m.id }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Posts messages `concurrency` at a time, in order of starting. `stopWhen` is checked before each
 * post (a kill mid-burst). Returns the ids the bot answered 202 for.
 */
export async function postAll(
  url: string,
  messages: BurstMessage[],
  opts: { concurrency?: number; stopWhen?: () => boolean; paceMs?: number; onPosted?: (n: number) => void } = {},
): Promise<{ accepted: Set<string>; failed: number }> {
  const accepted = new Set<string>();
  let failed = 0;
  let next = 0;
  let posted = 0;
  const worker = async () => {
    while (next < messages.length && !opts.stopWhen?.()) {
      const m = messages[next++]!;
      const status = await post(url, m);
      if (status === 202) accepted.add(m.id);
      else failed++;
      opts.onPosted?.(++posted);
      if (opts.paceMs) await sleep(opts.paceMs);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 16 }, worker));
  return { accepted, failed };
}

/** Waits until the bot has handled everything and sent everything (by the database's account). */
export async function settleFully(bot: BotProcess, db: ChaosDatabase, expectIds: string[], timeoutMs = Number(process.env.CHAOS_SETTLE_MS ?? 180_000)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await fetch(`${bot.url}/api/sandbox/settle`, { method: 'POST', signal: AbortSignal.timeout(40_000) }).catch(() => undefined);
    const [{ unprocessed, recorded }] = await db.query<{ unprocessed: number; recorded: number }>(
      `SELECT SUM(processed_at IS NULL) AS unprocessed, COUNT(*) AS recorded FROM inbound_messages WHERE message_id IN (?)`,
      [expectIds],
    );
    const [{ pending }] = await db.query<{ pending: number }>(`SELECT COUNT(*) AS pending FROM outbox WHERE status = 'pending'`);
    if (Number(unprocessed) === 0 && Number(recorded) === expectIds.length && Number(pending) === 0) return;
    await sleep(200);
  }
  const [{ unprocessed, recorded }] = await db.query<{ unprocessed: number; recorded: number }>(
    `SELECT SUM(processed_at IS NULL) AS unprocessed, COUNT(*) AS recorded FROM inbound_messages WHERE message_id IN (?)`,
    [expectIds],
  );
  const [{ pending }] = await db.query<{ pending: number }>(`SELECT COUNT(*) AS pending FROM outbox WHERE status = 'pending'`);
  throw new Error(`the bot did not catch up in ${timeoutMs} ms: ${recorded}/${expectIds.length} stored, ${unprocessed} unprocessed, ${pending} replies pending; log: ${bot.logTail(5)}`);
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ChaosReport {
  scenario: string;
  ok: boolean;
  checks: Check[];
  metrics: Record<string, number | string>;
}

export function report(scenario: string, checks: Check[], metrics: Record<string, number | string>): ChaosReport {
  return { scenario, ok: checks.every((c) => c.ok), checks, metrics };
}

export function printReport(r: ChaosReport): void {
  console.log(`\n== chaos: ${r.scenario} ==`);
  for (const [k, v] of Object.entries(r.metrics)) console.log(`  ${k}: ${v}`);
  for (const c of r.checks) console.log(`  [${c.ok ? 'PASS' : 'FAIL'}] ${c.name}${c.detail ? ` — ${c.detail}` : ''}`);
  console.log(`verdict: ${r.ok ? 'PASS' : 'FAIL'}`);
}

/** Parses `--name value` / `--flag` arguments. */
export function args(argv = process.argv.slice(2)): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out[a.slice(2)] = next;
      i++;
    } else out[a.slice(2)] = true;
  }
  return out;
}
