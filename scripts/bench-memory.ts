// npm run bench:memory — resident memory of the production build (node dist/main.js, no tsx),
// in production mode against the world server over real gRPC, on SQLite: RSS once idle, then
// after 10,000 messages (chit-chat and ~10% reports, so tickets, acks and duty cards too), then after
// a leader's 日报 (the digest and its chart).
// Prints figures; it does not pass or fail. Target: < 200 MB. Run `npm run build` first (the npm
// script does).
//   --messages n          how many messages (default 10000)
//   --node-flags "…"      Node/V8 flags for the bot (default: those of `npm run start:prod`; "" for none)
//   --keep                keep the temp directory (database, logs) and print where it is
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeBurst, type ChaosWorldRoom } from './chaos/lib/burst.js';

const args = process.argv.slice(2);
const MESSAGES = Number(args[args.indexOf('--messages') + 1] ?? NaN) || 10_000;
const KEEP = args.includes('--keep');
/** The bot runs as `npm run start:prod` runs it (`node <flags> dist/main.js`), unless told otherwise. */
const startProd = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'] ?? '';
const flagText = args.includes('--node-flags') ? (args[args.indexOf('--node-flags') + 1] ?? '') : (/^node\s+(.*?)\s*dist\/main\.js/.exec(startProd)?.[1] ?? '');
const NODE_FLAGS = flagText.split(/\s+/).filter(Boolean);
const CONCURRENCY = 8;

if (!existsSync('dist/main.js')) {
  console.error('No production build: run `npm run build` first (npm run bench:memory does).');
  process.exit(1);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ok = (url: string) => fetch(url).then((r) => r.ok, () => false);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-bench-memory-'));
  const children: ChildProcess[] = [];
  const start = (entry: string, env: Record<string, string>, log: string, flags: string[] = []) => {
    const child = spawn(process.execPath, [...flags, entry], { env: { PATH: process.env.PATH, HOME: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => out.push(d));
    child.on('exit', () => writeFileSync(path.join(dir, log), Buffer.concat(out)));
    children.push(child);
    return child;
  };
  try {
    const [grpcPort, worldHttp, botHttp] = [await freePort(), await freePort(), await freePort()];
    const token = 'insecure_bench_memory';
    start('dist/world-main.js', { WORLD_GRPC_PORT: String(grpcPort), WORLD_HTTP_PORT: String(worldHttp), WORLD_TOKEN: token, LOG_LEVEL: 'warn' }, 'world.log');
    const world = `http://127.0.0.1:${worldHttp}`;
    await waitFor('the world server', () => ok(`${world}/healthz`), 30_000);

    // Production mode as staging runs it, with quicker pacing so 10,000 messages take minutes, not hours.
    const config = path.join(dir, 'bench.yaml');
    writeFileSync(config, `extends: ${path.resolve('config/staging.yaml')}\noutbox: { globalIntervalMs: 5, roomIntervalMs: 10, jitterMs: 0 }\n`);
    const dbFile = path.join(dir, 'linli.db');
    const bot = start(
      'dist/main.js',
      {
        WECHATY_PUPPET: 'wechaty-puppet-service',
        WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${grpcPort}`,
        WECHATY_PUPPET_SERVICE_TOKEN: token,
        WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
        WECHATY_NAME: path.join(dir, 'linli'),
        LINLI_CONFIG: config,
        DATABASE_URL: `sqlite:${dbFile}`,
        PORT: String(botHttp),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      'bot.log',
      NODE_FLAGS,
    );
    await waitFor('the bot to log in', async () => ((await fetch(`http://127.0.0.1:${botHttp}/healthz`).then((r) => r.json(), () => null)) as { status?: string } | null)?.status === 'ok', 60_000);
    const pid = bot.pid!;
    await new Promise((r) => setTimeout(r, 10_000));
    const idle = memoryOf(pid);

    const rooms = ((await (await fetch(`${world}/api/sandbox/rooms`)).json()) as Array<{ id: string; kind: string; community: string; members: Array<{ id: string; role: string }> }>)
      .filter((r) => r.kind === 'resident')
      .map((r): ChaosWorldRoom => ({ id: r.id, community: r.community, residents: r.members.filter((m) => m.role === 'resident').map((m) => m.id) }));
    const burst = makeBurst(MESSAGES, rooms, { seed: 7, requestShare: 0.1, prefix: `mem${Date.now().toString(36)}` });
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const processed = () => (db.prepare('SELECT COUNT(*) AS n FROM inbound_messages WHERE processed_at IS NOT NULL').get() as { n: number }).n;
    const pending = () => (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n;
    const before = processed();
    const started = Date.now();
    let next = 0;
    let highest = idle.rss;
    const sampler = setInterval(() => (highest = Math.max(highest, memoryOf(pid).rss)), 500);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < burst.length) {
          const m = burst[next++]!;
          const res = await fetch(`${world}/api/sandbox/rooms/${encodeURIComponent(m.roomId)}/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ from: m.from, text: m.text, id: m.id }),
          });
          if (res.status !== 202) throw new Error(`posting failed: ${res.status} ${await res.text()}`);
        }
      }),
    );
    const posted = Date.now();
    await waitFor('every message to be handled and the outbox drained', () => processed() - before >= MESSAGES && pending() === 0, 30 * 60_000);
    const handled = Date.now();
    clearInterval(sampler);
    const busy = memoryOf(pid);
    await new Promise((r) => setTimeout(r, 10_000));
    const after = memoryOf(pid);
    // Then what a day ends with: a leader asks for the digest (日报), text and chart.
    const digestsSent = () => (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'sent' AND dedupe_key LIKE 'digest:%:chart'`).get() as { n: number }).n;
    const res = await fetch(`${world}/api/sandbox/rooms/${encodeURIComponent('leaders@chatroom')}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'leader-zhao', text: '日报', id: `mem-digest-${Date.now().toString(36)}` }),
    });
    if (res.status !== 202) throw new Error(`posting 日报 failed: ${res.status} ${await res.text()}`);
    await waitFor('the digest and its chart to be sent', () => digestsSent() >= 1, 120_000);
    await new Promise((r) => setTimeout(r, 10_000));
    const afterDigest = memoryOf(pid);
    const tickets = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
    const sent = (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'sent'`).get() as { n: number }).n;
    db.close();

    const mb = (n: number) => `${n.toFixed(1)} MB`;
    console.log(`Linli production build (node ${[...NODE_FLAGS, 'dist/main.js'].join(' ')}), puppet-service over gRPC to the world server, SQLite`);
    console.log(`  RSS idle (10 s after login)            ${mb(idle.rss)}`);
    console.log(`  messages                               ${MESSAGES} (${tickets} tickets, ${sent} bot messages sent)`);
    console.log(`  posted in                              ${((posted - started) / 1000).toFixed(1)} s`);
    console.log(`  all handled, outbox drained after      ${((handled - started) / 1000).toFixed(1)} s (${(MESSAGES / ((handled - started) / 1000)).toFixed(0)} msg/s)`);
    console.log(`  RSS right after                        ${mb(busy.rss)}`);
    console.log(`  RSS 10 s after                         ${mb(after.rss)}`);
    console.log(`  RSS highest sample during the burst    ${mb(Math.max(highest, busy.rss))}`);
    console.log(`  RSS 10 s after a digest (日报, chart)    ${mb(afterDigest.rss)}`);
    console.log(`  RSS peak (VmHWM)                       ${mb(afterDigest.peak)}`);
    console.log(`  target                                 < 200 MB: ${Math.max(afterDigest.peak, afterDigest.rss) < 200 ? 'met' : 'NOT met'}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    if (KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:memory failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
