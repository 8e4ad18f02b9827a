// The chaos scenarios, shared by the scripts (full size, printed verdicts) and test/chaos (reduced).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { makeBurst, type BurstMessage } from './burst.js';
import { localStateDirFor } from '../../../src/store/spool.js';
import { BotProcess, REPO, createChaosDatabase, postAll, report, settleFully, sleep, writeChaosWorld, type ChaosDatabase, type ChaosReport, type Check } from './harness.js';
import { TcpProxy } from './tcp-proxy.js';
import { verifyRun } from './verify.js';

export interface ScenarioOptions {
  messages: number;
  seed?: number;
  /** Keep the database and the run directory for a look afterwards. */
  keep?: boolean;
  log?: (line: string) => void;
}

async function withRun<T>(label: string, opts: ScenarioOptions, work: (run: { db: ChaosDatabase; world: ReturnType<typeof writeChaosWorld>; bot: (databaseUrl?: string) => BotProcess; burst: BurstMessage[] }) => Promise<T>): Promise<T> {
  const db = await createChaosDatabase(label);
  const world = writeChaosWorld();
  const bots: BotProcess[] = [];
  const urls = new Set<string>();
  const burst = makeBurst(opts.messages, world.rooms, { seed: opts.seed ?? 7, prefix: `${label}-${process.pid}` });
  try {
    return await work({
      db,
      world,
      burst,
      bot: (databaseUrl = db.url) => {
        urls.add(databaseUrl);
        const b = new BotProcess({ databaseUrl, sandboxFile: world.sandboxFile, logFile: path.join(world.dir, `bot-${bots.length + 1}.log`) });
        bots.push(b);
        return b;
      },
    });
  } finally {
    for (const b of bots) await b.stop().catch(() => undefined);
    if (opts.keep) opts.log?.(`kept: database ${db.name}, run directory ${world.dir}`);
    else {
      await db.drop().catch(() => undefined);
      world.cleanup();
      // The bot's local state (spool, logout marker) for this throwaway database.
      for (const url of urls) {
        const dir = localStateDirFor(url, REPO);
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

/**
 * (a) kill -9 mid-burst. The burst is posted; part-way through, the bot is killed with SIGKILL.
 * A new bot starts on the same database and the whole burst is delivered again (the sandbox's
 * "WeChat" died with the process: re-delivery is how a real puppet hands over what the dead
 * process may not have stored). Then everything must add up exactly once.
 */
export async function killNineScenario(opts: ScenarioOptions & { killAt?: number; kills?: number; concurrency?: number }): Promise<ChaosReport> {
  return withRun('kill9', opts, async ({ db, world, burst, bot }) => {
    const log = opts.log ?? (() => undefined);
    const kills = opts.kills ?? 1;
    const killAt = opts.killAt ?? 0.4;
    const metrics: Record<string, number | string> = {};
    let current = bot();
    await current.start();
    const t0 = performance.now();
    let killedAfter: number[] = [];
    for (let k = 0; k < kills; k++) {
      // Each life of the bot gets a slice of the burst (and the re-delivery of everything before it).
      const upTo = Math.round(burst.length * (killAt + ((1 - killAt) * k) / kills));
      let posted = 0;
      let killing = false;
      const victim = current;
      // A handful of posts at a time: fast enough to build a backlog of stored-but-unhandled
      // messages and unsent replies, slow enough that the sandbox's in-process "WeChat" hands
      // messages on as they come (flooded, it holds them itself, and they die with it).
      const posting = postAll(victim.url, burst, {
        concurrency: opts.concurrency ?? 6,
        stopWhen: () => killing,
        onPosted: (n) => {
          posted = n;
          if (n >= upTo && !killing) {
            killing = true;
            void victim.kill9();
          }
        },
      });
      await posting;
      await victim.kill9();
      killedAfter.push(posted);
      const [{ stored, processed }] = await db.query<{ stored: number; processed: number }>(
        `SELECT COUNT(*) AS stored, SUM(processed_at IS NOT NULL) AS processed FROM inbound_messages`,
      );
      const [{ pendingOut }] = await db.query<{ pendingOut: number }>(`SELECT COUNT(*) AS pendingOut FROM outbox WHERE status = 'pending'`);
      log(`kill -9 #${k + 1} after ${posted} posts: ${stored} stored, ${processed} processed, ${pendingOut} replies still to send`);
      metrics[`kill${k + 1}: posts answered before the kill`] = posted;
      metrics[`kill${k + 1}: stored / processed / replies pending at the kill`] = `${stored} / ${processed} / ${pendingOut}`;
      current = bot();
      await current.start();
    }
    // The surviving bot gets everything again, by the same ids.
    const redelivery = await postAll(current.url, burst, { concurrency: 24 });
    log(`re-delivered ${redelivery.accepted.size} messages to the restarted bot`);
    await settleFully(current, db, burst.map((m) => m.id));
    metrics['seconds from first post to fully caught up'] = ((performance.now() - t0) / 1000).toFixed(1);
    const v = await verifyRun(db, burst, world.transcriptFile, { allowedDuplicateSends: kills });
    const alive: Check = { name: 'the restarted bot is healthy and still running', ok: current.alive && (await current.health()).json.status === 'ok', detail: '' };
    return report(`kill -9 mid-burst (${burst.length} messages, ${kills} kill${kills > 1 ? 's' : ''})`, [alive, ...v.checks], { ...metrics, ...v.metrics, killedAfter: killedAfter.join(',') });
  });
}

/**
 * (b) The database goes away for `outageSeconds` mid-run (a TCP proxy cut by default; with
 * `realStop` MariaDB itself is stopped and started — it is always started again, even on failure).
 * Messages keep arriving throughout. The bot must stay up, report degraded, and afterwards have
 * handled every message once.
 */
export async function outageScenario(opts: ScenarioOptions & { outageSeconds: number; realStop?: boolean }): Promise<ChaosReport> {
  return withRun('outage', opts, async ({ db, world, burst, bot }) => {
    const log = opts.log ?? (() => undefined);
    const proxy = new TcpProxy({ host: db.server.host, port: db.server.port });
    const proxyPort = await proxy.start();
    const b = bot(opts.realStop ? db.url : db.urlVia(proxyPort));
    const restart = opts.realStop ? mariadbControl(db) : null;
    try {
      await b.start();
      const pid = b.pid;
      const before = burst.slice(0, Math.floor(burst.length * 0.25));
      const during = burst.slice(before.length, Math.floor(burst.length * 0.75));
      const after = burst.slice(before.length + during.length);
      await postAll(b.url, before, { concurrency: 8 });
      // Cut while work is still flowing.
      if (restart) await restart.stop();
      else await proxy.cut('reset');
      const cutAt = performance.now();
      log(`database ${opts.realStop ? 'stopped' : 'cut off'}; posting ${during.length} messages over ${opts.outageSeconds} s`);
      const healthSeen = new Set<string>();
      let maxBuffered = 0;
      let maxSpooled = 0;
      const probe = setInterval(() => {
        b.health()
          .then((h) => {
            healthSeen.add(`${h.status} ${String(h.json.status)}${h.json.database ? `/${String(h.json.database)}` : ''}`);
            maxBuffered = Math.max(maxBuffered, Number(h.json.bufferedMessages ?? 0));
            maxSpooled = Math.max(maxSpooled, Number(h.json.spooledMessages ?? 0));
          })
          .catch(() => healthSeen.add('no answer'));
      }, 250);
      const paceMs = Math.max(0, Math.floor((opts.outageSeconds * 1000 * 0.9) / Math.max(1, during.length)));
      const duringPosts = await postAll(b.url, during, { concurrency: 1, paceMs });
      const remaining = opts.outageSeconds * 1000 - (performance.now() - cutAt);
      if (remaining > 0) await sleep(remaining);
      const degradedDuring = [...healthSeen];
      if (restart) await restart.start();
      else await proxy.restore();
      const outageMs = performance.now() - cutAt;
      log(`database back after ${(outageMs / 1000).toFixed(1)} s`);
      const restoredAt = performance.now();
      await postAll(b.url, after, { concurrency: 8 });
      await settleFully(b, db, burst.map((m) => m.id));
      clearInterval(probe);
      const caughtUpSeconds = (performance.now() - restoredAt) / 1000;
      const v = await verifyRun(db, burst, world.transcriptFile);
      const duringIds = during.map((m) => m.id);
      const [{ handled }] = await db.query<{ handled: number }>(
        `SELECT COUNT(*) AS handled FROM inbound_messages WHERE message_id IN (?) AND processed_at IS NOT NULL`,
        [duringIds],
      );
      const health = await b.health();
      const logText = b.logText();
      const checks: Check[] = [
        { name: 'the bot kept running through the outage (same process, no restart)', ok: b.alive && b.pid === pid, detail: `pid ${pid}` },
        { name: 'every message posted during the outage was accepted (202)', ok: duringPosts.accepted.size === during.length, detail: `${duringPosts.accepted.size}/${during.length}` },
        { name: 'every message posted during the outage was processed once', ok: Number(handled) === during.length, detail: `${handled}/${during.length}` },
        { name: '/healthz said degraded (200, database down) during the outage', ok: degradedDuring.some((s) => s === '200 degraded/down'), detail: degradedDuring.join(', ') },
        { name: '/healthz says ok afterwards', ok: health.status === 200 && health.json.status === 'ok', detail: JSON.stringify(health.json) },
        { name: 'the outage was logged, and its end', ok: logText.includes('database unavailable') && logText.includes('database is back'), detail: '' },
        ...v.checks,
      ];
      return report(`database outage of ${opts.outageSeconds} s (${opts.realStop ? 'MariaDB stopped' : 'TCP proxy cut'}, ${burst.length} messages)`, checks, {
        outageSeconds: (outageMs / 1000).toFixed(1),
        postedDuringOutage: during.length,
        mostBufferedInMemory: maxBuffered,
        mostSpooledToDisk: maxSpooled,
        secondsToCatchUpAfterRestore: caughtUpSeconds.toFixed(1),
        ...v.metrics,
      });
    } finally {
      if (restart) await restart.start().catch(() => undefined);
      await proxy.close();
    }
  });
}

/** (c) The same burst delivered twice (and a third time to a restarted bot): nothing doubles. */
export async function replayScenario(opts: ScenarioOptions): Promise<ChaosReport> {
  return withRun('replay', opts, async ({ db, world, burst, bot }) => {
    const log = opts.log ?? (() => undefined);
    let b = bot();
    await b.start();
    const counts = async () => {
      const [t] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM tickets`);
      const [o] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox`);
      const [e] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ticket_events`);
      const [i] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM inbound_messages`);
      return { tickets: Number(t!.n), outbox: Number(o!.n), events: Number(e!.n), inbound: Number(i!.n) };
    };
    const ids = burst.map((m) => m.id);
    await postAll(b.url, burst, { concurrency: 16 });
    await settleFully(b, db, ids);
    const first = await counts();
    log(`first delivery: ${JSON.stringify(first)}`);
    await postAll(b.url, burst, { concurrency: 16 });
    await settleFully(b, db, ids);
    const second = await counts();
    log(`same ids again: ${JSON.stringify(second)}`);
    await b.stop();
    b = bot();
    await b.start();
    await postAll(b.url, burst, { concurrency: 16 });
    await settleFully(b, db, ids);
    const third = await counts();
    log(`again, to a restarted bot: ${JSON.stringify(third)}`);
    const v = await verifyRun(db, burst, world.transcriptFile);
    const same = (a: typeof first, c: typeof first) => JSON.stringify(a) === JSON.stringify(c);
    return report(`replay a burst of ${burst.length} twice (same ids), then again after a restart`, [
      { name: 'a second delivery of the same ids changes nothing', ok: same(first, second), detail: `${JSON.stringify(first)} → ${JSON.stringify(second)}` },
      { name: 'a delivery to a restarted bot changes nothing', ok: same(first, third), detail: JSON.stringify(third) },
      ...v.checks,
    ], v.metrics);
  });
}

/**
 * Stops and starts the real MariaDB server (opt-in: other people's tests use it). Whatever
 * happens, `start()` is also registered to run on exit and on SIGINT/SIGTERM.
 */
function mariadbControl(db: ChaosDatabase) {
  const startServer = () => {
    try {
      execFileSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd', '--', '--user=mysql'], { stdio: 'ignore' });
    } catch {
      /* reported by the wait below */
    }
  };
  const onSignal = () => {
    startServer();
    process.exit(130);
  };
  process.once('exit', startServer);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    async stop() {
      execFileSync('start-stop-daemon', ['--stop', '--retry', '30', '--exec', '/usr/sbin/mariadbd'], { stdio: 'ignore' });
    },
    async start() {
      startServer();
      for (let i = 0; i < 120; i++) {
        try {
          const c = await mysql.createConnection({ ...db.server, connectTimeout: 1000 });
          await c.end();
          return;
        } catch {
          await sleep(250);
        }
      }
      throw new Error('MariaDB did not come back: start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`');
    },
  };
}
