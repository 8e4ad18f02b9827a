// Composition root: builds every part from the environment and config and starts them.
// main.ts runs it as a process; end-to-end tests start it in-process.
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { loadEnv, type Env } from './config/env.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './config/logger.js';
import { connectDatabase } from './store/connect-database.js';
import { FileSpool, localStateDirFor } from './store/spool.js';
import { createTypeormStore } from './store/typeorm-store.js';
import { createClassifier } from './classify/create-classifier.js';
import { Directory } from './app/directory.js';
import { texts } from './app/texts.js';
import type { AppContext } from './app/app-context.js';
import { MessageRouter } from './app/router.js';
import { BurstMemory } from './app/burst-memory.js';
import { handleResidentMessage } from './app/intake.js';
import { handleDutyMessage } from './app/duty-room.js';
import { leadersRoomHandler } from './app/leaders-room.js';
import { sendDigest } from './app/digest.js';
import { createLinliJobRunner } from './jobs/linli-jobs.js';
import { startJobSchedule, type JobSchedule } from './jobs/cron-schedule.js';
import type { ChatPort, Clock, Log, Store } from './app/ports.js';
import { WechatyAdapter } from './chat/wechaty-adapter.js';
import { OutboxSender } from './chat/outbox-sender.js';
import { SandboxWorld } from './chat/sandbox/sandbox-world.js';
import { wechatyOptionsFor } from './chat/wechaty-options.js';
import { SandboxClock } from './chat/sandbox/sandbox-clock.js';
import { sandboxRoutes } from './chat/sandbox/sandbox-api.js';
import { SettleTracker } from './chat/sandbox/settle-tracker.js';
import { buildServer } from './web/server.js';
import { ChangeFeed } from './web/change-feed.js';
import { handlePrivateMessage } from './app/console-login.js';
import { PuppetWatch } from './chat/puppet-watch.js';
import { reconnectedNotice, sendFailedNotice } from './app/ops-notices.js';
import { appendFileSync } from 'node:fs';
import path from 'node:path';

export interface Linli {
  env: Env;
  log: Log;
  store: Store;
  server: FastifyInstance;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  url: string;
  bot: Wechaty;
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

export async function startLinli(rawEnv: NodeJS.ProcessEnv = process.env): Promise<Linli> {
  const env = loadEnv(rawEnv);
  const log = createLogger({ level: env.LOG_LEVEL, pretty: (env.LOG_FORMAT ?? (env.sandbox ? 'pretty' : 'json')) === 'pretty', file: env.LOG_FILE });
  const { config, sandbox } = loadConfig({ configFile: env.CONFIG_FILE, sandboxFile: env.sandbox ? env.SANDBOX_FILE : undefined });
  log.info({ mode: env.sandbox ? 'sandbox' : 'production', database: env.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@') }, 'starting Linli');

  let ready = false;
  // Waits out a database that is not up yet (docs/operations.md) instead of exiting into a crash loop.
  const dataSource: DataSource = await connectDatabase(env.DATABASE_URL, log);
  const store = createTypeormStore(dataSource);
  // Incoming messages the database cannot take yet, and the start of a WeChat logout, outlive the process here.
  const stateDir = localStateDirFor(env.DATABASE_URL);
  const spool = stateDir ? new FileSpool(path.join(stateDir, 'inbound.jsonl')) : null;

  const sandboxClock = sandbox ? new SandboxClock() : null;
  const clock: Clock = sandboxClock ?? systemClock;
  const directory = new Directory(config.district, sandbox?.bot.id ?? '');
  const categoryOf = (code: string) => config.categories.find((c) => c.code === code);
  const changes = new ChangeFeed();
  let publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') ?? null; // set to the listen address below in the sandbox
  const ctx: AppContext = {
    config,
    store,
    clock,
    directory,
    classifier: createClassifier({ config, env, clock, log }),
    texts: texts({
      timezone: config.timezone,
      categoryName: (code) => categoryOf(code)?.name ?? code,
      departmentOf: (code) => categoryOf(code)?.department ?? '社区综合',
    }),
    log,
    bursts: new BurstMemory(config.conversation.burstWindowSeconds * 2000),
    outboxKick: () => {
      sender.kick();
      changes.notify(); // open console pages refresh
    },
  };
  const jobs = createLinliJobRunner(ctx);
  let jobSchedule: JobSchedule | null = null;
  const router = new MessageRouter(
    ctx,
    {
      resident: handleResidentMessage,
      duty: handleDutyMessage,
      leaders: leadersRoomHandler(sendDigest),
    },
    { spool, catchUpFrom: () => watch.catchUpFrom() },
  );

  const world = sandbox && sandboxClock ? new SandboxWorld(sandbox, sandboxClock) : null;
  const bot = WechatyBuilder.build(await wechatyOptionsFor(env, { log, sandboxPuppet: world?.puppet }));
  const tracker = new SettleTracker();
  // Logout / disconnect: logged, remembered, and announced once to the leaders group after the catch-up.
  const watch: PuppetWatch = new PuppetWatch({
    clock,
    log,
    stateFile: stateDir ? path.join(stateDir, 'puppet-offline.json') : null,
    staleMs: config.intake.staleMinutes * 60_000,
    async caughtUp() {
      await new Promise((r) => setTimeout(r, world ? 200 : 3000)); // the puppet delivers its backlog first
      for (const deadline = Date.now() + 120_000; Date.now() < deadline && !(tracker.idle() && router.inFlight === 0); ) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async announce(since, backAt) {
      const leaders = directory.leadersRoomId();
      if (leaders) await store.outbox.enqueue([reconnectedNotice(leaders, since, backAt)], clock.now());
      sender.kick();
    },
  });
  const adapter = new WechatyAdapter({
    bot,
    directory,
    registry: store.registry,
    router,
    clock,
    log,
    onHandled: (id) => tracker.done(id),
    onPrivateMessage: (msg) =>
      handlePrivateMessage(ctx, msg, {
        auth: store.consoleAuth!,
        loginUrl: (code) => (publicUrl ? `${publicUrl}/console/login?code=${code}` : null),
        isMember: (roomId, contactId) => adapter.isMember(roomId, contactId),
      }),
    onLogin: () => watch.onLogin(),
    onLogout: (reason) => watch.onLogout(reason),
  });
  adapter.attach();
  // Sandbox only: every line said, appended as it is said, so a chaos test can count what was sent across a kill -9.
  if (world && sandbox?.transcriptFile) {
    const file = path.resolve(sandbox.transcriptFile);
    world.subscribe((event) => appendFileSync(file, `${JSON.stringify(event)}\n`));
  }

  const chat: ChatPort = world
    ? {
        async send(item) {
          await adapter.send(item);
          const names = item.mentionIds.map((id) => `@${world.nameOf(id) ?? id}`);
          world.recordBotPost(item.roomId, item.id, names.length ? `${names.join('\u2005')} ${item.text}` : item.text, item.imagePngBase64 ?? null);
        },
      }
    : adapter;
  const sender: OutboxSender = new OutboxSender({
    outbox: store.outbox,
    chat,
    clock,
    config: config.outbox,
    log,
    online: () => watch.online,
    onGiveUp(item, error) {
      const leaders = directory.leadersRoomId();
      if (!leaders || item.dedupeKey?.startsWith('ops:')) return; // never an alert about an alert
      const notice = sendFailedNotice(leaders, { ...item, attempts: item.attempts + 1, error }, directory.room(item.roomId)?.topic ?? item.roomId, clock.now());
      store.outbox.enqueue([notice], clock.now()).catch((err) => log.error({ err }, 'could not queue the send-failure alert'));
    },
  });

  const settle = async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (tracker.idle() && router.inFlight === 0 && !watch.busy && (await sender.isDrained().catch(() => false))) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    log.warn('settle: gave up waiting after 30 s');
  };

  const server = buildServer({
    store,
    log,
    sandbox: env.sandbox,
    consoleToken: env.CONSOLE_TOKEN,
    console: { ctx, changes },
    sandboxPage: world ? { districtName: config.district.name, botName: sandbox!.bot.name, timezone: config.timezone } : undefined,
    health: {
      ready: () => ready,
      degraded() {
        const { database, buffered, spooled } = router.status();
        const puppet = watch.status();
        const outbox = sender.status();
        if (database.up && puppet.loggedIn && !spooled && !outbox.failingSince) return null;
        return {
          database: database.up ? 'up' : 'down',
          ...(database.downSince ? { databaseDownSince: database.downSince.toISOString(), databaseError: database.lastError } : {}),
          wechat: puppet.loggedIn ? 'logged_in' : 'logged_out',
          ...(puppet.offlineSince ? { wechatOfflineSince: puppet.offlineSince.toISOString() } : {}),
          bufferedMessages: buffered,
          spooledMessages: spooled,
          outbox: outbox.failingSince ? 'failing' : 'ok',
        };
      },
    },
    routes: world && sandboxClock
      ? [
          sandboxRoutes({
            world,
            directory,
            clock: sandboxClock,
            expectMessage: (id) => tracker.expect(id),
            unexpectMessage: (id) => tracker.done(id),
            settle,
            runJobs: (from, to) => jobs.runDue(from, to),
          }),
        ]
      : [],
  });
  const host = env.sandbox ? '127.0.0.1' : env.HOST;
  const url = await server.listen({ port: env.PORT, host });
  if (env.sandbox && !publicUrl) publicUrl = url;

  bot.on('scan', (qrcode, status) => {
    log.info({ status, qrcode: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }, '请用机器人微信号扫码登录');
  });
  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  await bot.start();
  if (world) world.login();
  await loggedIn;
  directory.botId = bot.currentUser.id;
  await adapter.syncRooms();
  // Messages stored but not processed when the last run died, then the spool, then what arrived since.
  await router.start();

  sender.start();
  // Production only: in the sandbox the clock endpoint drives the same jobs.
  if (!env.sandbox && config.jobs.enabled) jobSchedule = startJobSchedule(jobs, { clock, log, timezone: config.timezone, config: config.jobs });
  ready = true;
  log.info({ url, sandbox: env.sandbox }, env.sandbox ? `沙盒已就绪：${url}/sandbox （控制台 ${url}/console，API ${url}/api/sandbox/rooms）` : `Linli is running; console at ${publicUrl ?? url}/console`);

  return {
    env,
    log,
    store,
    server,
    url,
    bot,
    async stop() {
      ready = false;
      await jobSchedule?.stop();
      watch.shutdown();
      router.stop(); // what the database has not taken yet goes to the spool
      await router.idle(5000);
      await server.close().catch(() => {});
      await sender.stop();
      await bot.stop().catch((err) => log.warn({ err }, 'stopping wechaty failed'));
      await store.close();
      spool?.close();
    },
  };
}
