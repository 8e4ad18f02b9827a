// Composition root: small named builders, in order, each taking what the ones before it built.
// main.ts runs it as a process; end-to-end tests start it in-process. Sandbox-only wiring lives
// in src/chat/sandbox/sandbox-wiring.ts.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Wechaty } from 'wechaty';
import { loadEnv, type Env } from './config/env.js';
import { loadConfig } from './config/load-config.js';
import type { LinliConfig } from './config/linli-config.js';
import { createLogger } from './config/logger.js';
import { connectDatabase } from './store/connect-database.js';
import { FileSpool, localStateDirFor } from './store/spool.js';
import { createTypeormStore } from './store/typeorm-store.js';
import { createClassifier } from './classify/create-classifier.js';
import { createAppContext, type AppContext } from './app/app-context.js';
import { CommitSignal } from './app/commit-signal.js';
import { Directory } from './app/directory.js';
import { texts } from './app/texts.js';
import { BurstMemory } from './app/burst-memory.js';
import { MessageRouter } from './app/pipeline/message-router.js';
import { handleResidentMessage } from './app/intake.js';
import { handleDutyMessage } from './app/duty-room.js';
import { handleLeadersMessage } from './app/leaders-room.js';
import { privateChatHandler } from './app/console-login.js';
import { handleEnrollmentCommand, joinHandler, JoinAttempts, REMARK_PREFIX } from './app/enrollment.js';
import { handleGroupBindingCommand, leftGroups, observeGroup } from './app/group-binding.js';
import { seedIdentityFromConfig } from './app/identity-seed.js';
import { followRemarks } from './app/remarks.js';
import { firstOf } from './app/pipeline/first-of.js';
import { reconnectedNotice, sendFailedNotice } from './app/ops-notices.js';
import { outboxCoalescer } from './app/outbox-coalescing.js';
import type { Clock, Log } from './app/ports/clock.js';
import type { Store } from './app/ports/store.js';
import { AccountPresence } from './app/account-presence.js';
import { createLinliJobRunner } from './jobs/linli-jobs.js';
import { startJobSchedule, type JobSchedule } from './jobs/cron-schedule.js';
import type { JobRunner } from './jobs/job-runner.js';
import { WechatyAdapter } from './chat/wechaty-adapter.js';
import { OutboxSender } from './chat/outbox-sender.js';
import { PuppetWatch } from './chat/puppet-watch.js';
import { SandboxWiring } from './chat/sandbox/sandbox-wiring.js';
import { createBot, type ChatBot } from './chat/create-bot.js';
import { WechatLogin } from './chat/wechat-login.js';
import { terminalQrDrawer } from './chat/terminal-qr.js';
import { buildServer } from './web/server.js';
import { ChangeFeed } from './web/change-feed.js';
import { PromTelemetry } from './web/metrics.js';
import { countedClassifier } from './classify/counted-classifier.js';
import type { Telemetry } from './app/ports/telemetry.js';

export interface Linli {
  env: Env;
  log: Log;
  store: Store;
  server: FastifyInstance;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The Wechaty bot (tests look at what it sees of contacts and rooms). */
  bot: ChatBot;
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

export interface StartOptions {
  /**
   * Aborting stops a start in progress, whatever it waits for (the database, the gateway, the
   * scan): what was built is stopped, and startLinli rejects. main.ts aborts it on SIGTERM/SIGINT.
   */
  signal?: AbortSignal;
}

export async function startLinli(rawEnv: NodeJS.ProcessEnv = process.env, options: StartOptions = {}): Promise<Linli> {
  const signal = options.signal ?? new AbortController().signal;
  const { env, log, config, sandbox } = buildSettings(rawEnv);
  const parts: Parts = {};
  try {
    const db = (parts.db = await buildStore(env, log, signal));
    signal.throwIfAborted();
    const commits = new CommitSignal();
    const telemetry = new PromTelemetry();
    const app = buildApp({ env, log, config, store: db.store, sandbox, commits, telemetry });
    parts.identity = await buildIdentity(app);
    signal.throwIfAborted();
    const chat = (parts.chat = await buildChat({ env, app, spool: db.spool, stateDir: db.stateDir, sandbox, commits, signal }));
    const jobs = createLinliJobRunner(app);
    const web = (parts.web = await buildWeb({ env, app, chat, sandbox, jobs, commits, telemetry }));

    await chat.start(signal);
    // Production only: in the sandbox the clock endpoint drives the same jobs.
    parts.schedule = !env.sandbox && config.jobs.enabled ? startJobSchedule(jobs, { clock: app.clock, log, timezone: config.timezone, config: config.jobs }) : null;
    web.ready = true;
    log.info(
      { url: web.url, sandbox: env.sandbox },
      env.sandbox ? `沙盒已就绪：${web.url}/sandbox （控制台 ${web.url}/console，API ${web.url}/api/sandbox/rooms）` : `Linli is running; console at ${web.publicUrl}/console`,
    );
    return { env, log, store: db.store, server: web.server, url: web.url, bot: chat.bot, stop: () => stopParts(parts) };
  } catch (err) {
    await stopParts(parts).catch((stopErr) => log.warn({ err: stopErr }, 'stopping after a failed start failed'));
    throw err;
  }
}

/** What a start has built so far: a stop (or a start that is aborted or fails) stops exactly these. */
interface Parts {
  db?: Awaited<ReturnType<typeof buildStore>>;
  identity?: Awaited<ReturnType<typeof buildIdentity>>;
  chat?: Chat;
  web?: Awaited<ReturnType<typeof buildWeb>>;
  schedule?: JobSchedule | null;
}

async function stopParts(p: Parts): Promise<void> {
  if (p.web) p.web.ready = false;
  p.identity?.stop();
  await p.schedule?.stop();
  await p.chat?.stopTakingMessages();
  await p.web?.server.close().catch(() => {});
  await p.chat?.stop();
  await p.db?.store.close();
  p.db?.spool?.close();
}

/** Environment, logger and the district file (and, in sandbox mode, the simulated world). */
function buildSettings(rawEnv: NodeJS.ProcessEnv) {
  const env = loadEnv(rawEnv);
  const log = createLogger({ level: env.LOG_LEVEL, pretty: (env.LOG_FORMAT ?? (env.sandbox ? 'pretty' : 'json')) === 'pretty', file: env.LOG_FILE });
  const { config, sandbox: sandboxConfig } = loadConfig({ configFile: env.CONFIG_FILE, sandboxFile: env.sandbox ? env.SANDBOX_FILE : undefined });
  log.info({ mode: env.sandbox ? 'sandbox' : 'production', database: env.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@') }, 'starting Linli');
  const sandbox = sandboxConfig ? new SandboxWiring(sandboxConfig, log) : null;
  return { env, log, config, sandbox };
}

/** The database (waited for if it is not up yet), and the local spool for messages it cannot take. */
async function buildStore(env: Env, log: Log, signal: AbortSignal) {
  const store = createTypeormStore(await connectDatabase(env.DATABASE_URL, log, { signal }));
  // Incoming messages the database cannot take yet, and the start of a WeChat logout, outlive the process here.
  const stateDir = localStateDirFor(env.DATABASE_URL, process.cwd(), env.WECHATY_NAME);
  const spool = stateDir ? new FileSpool(path.join(stateDir, 'inbound.jsonl')) : null;
  return { store, stateDir, spool };
}

/** The use-cases' context: config, store, clock, directory, classifier, texts. */
function buildApp(deps: {
  env: Env;
  log: Log;
  config: LinliConfig;
  store: Store;
  sandbox: SandboxWiring | null;
  commits: CommitSignal;
  telemetry: Telemetry;
}): AppContext {
  const { env, log, config, store, sandbox, commits, telemetry } = deps;
  const clock = sandbox?.clock ?? systemClock;
  const categoryOf = (code: string) => config.categories.find((c) => c.code === code);
  return createAppContext({
    config,
    store,
    clock,
    log,
    directory: new Directory(config.district, sandbox?.botId ?? ''), // a real account's id is known at login
    classifier: countedClassifier(createClassifier({ config, env, clock, log }), telemetry),
    texts: texts({
      timezone: config.timezone,
      categoryName: (code) => categoryOf(code)?.name ?? code,
      departmentOf: (code) => categoryOf(code)?.department ?? '社区综合',
    }),
    bursts: new BurstMemory(config.conversation.burstWindowSeconds * 2000),
    afterCommit: () => commits.notify(),
    telemetry,
  });
}

/** How often each process re-checks who is who in the database (changes made elsewhere). */
const IDENTITY_REFRESH_MS = 5000;

/**
 * Who is who: the config's bindings applied to the database (once per change), the snapshot read,
 * and re-checked every few seconds for the jobs and the intake filter (each message re-checks too).
 */
async function buildIdentity(app: AppContext) {
  const applied = await seedIdentityFromConfig(app);
  await app.directory.refresh(app.store.identity, true);
  app.log.info({ applied, people: app.directory.allPeople().length, groups: app.directory.allRooms().length }, 'bindings loaded');
  const timer = setInterval(() => {
    app.directory.refresh(app.store.identity).catch((err) => app.log.debug({ err: (err as Error).message }, 'could not re-check the bindings'));
  }, IDENTITY_REFRESH_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** WeChat: the bot, the message pipeline in, the paced outbox out, and the login watch. */
async function buildChat(deps: {
  env: Env;
  app: AppContext;
  spool: FileSpool | null;
  stateDir: string | null;
  sandbox: SandboxWiring | null;
  commits: CommitSignal;
  signal: AbortSignal;
}) {
  const { env, app, spool, stateDir, sandbox, commits, signal } = deps;
  const { log, clock, directory, store } = app;
  const bot = await createBot(env, sandbox, log, signal);
  let consoleUrl: string | null = null;
  // The starts until the first login, the QR code (terminal and console), the login state.
  const login = new WechatLogin({
    bot,
    log,
    maxFailedStarts: env.LINLI_START_TRIES,
    drawQr: sandbox ? null : terminalQrDrawer(),
    consolePage: () => (consoleUrl ? `${consoleUrl}/console/wechat` : null),
    afterStart: sandbox ? () => sandbox.world.login() : undefined,
  }).attach();
  const adapter = new WechatyAdapter({ bot, directory, clock, log });
  let observing = 0;
  // This account among the others on the database: heartbeat, its groups, groups nobody serves.
  const presence = new AccountPresence(
    app,
    { heartbeatMs: env.LINLI_HEARTBEAT_SECONDS * 1000, deadAfterMs: env.LINLI_ACCOUNT_TIMEOUT_SECONDS * 1000 },
    () => watch.online,
  );
  // Logout / disconnect: logged, remembered, and announced once to the leaders group after the catch-up.
  const watch = new PuppetWatch({
    clock,
    log,
    stateFile: stateDir ? path.join(stateDir, 'puppet-offline.json') : null,
    staleMs: app.config.intake.staleMinutes * 60_000,
    async announce(since, backAt) {
      const leaders = directory.leadersRoomId();
      if (leaders) await app.transaction(async (tx) => tx.say(reconnectedNotice(leaders, since, backAt)));
    },
  });
  // The console's sign-in links: PUBLIC_URL, or in the sandbox its own address once it listens.
  let publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') ?? null;
  const router = new MessageRouter(
    app,
    {
      resident: handleResidentMessage,
      duty: handleDutyMessage,
      leaders: firstOf([handleEnrollmentCommand], handleLeadersMessage),
      private: firstOf(
        [joinHandler({ attempts: new JoinAttempts(() => Date.now()), setRemark: (id, remark) => adapter.setRemark(id, remark) })],
        privateChatHandler({ loginUrl: (code) => (publicUrl ? `${publicUrl}/console/login?code=${code}` : null) }),
      ),
      binding: handleGroupBindingCommand,
    },
    { spool, catchUpFrom: () => watch.catchUpFrom() },
  );
  const caughtUp = async () => {
    await new Promise((r) => setTimeout(r, sandbox ? 200 : 3000)); // the puppet delivers its backlog first
    for (const deadline = Date.now() + 120_000; Date.now() < deadline && !((sandbox?.tracker.idle() ?? true) && router.inFlight === 0); ) {
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  adapter.attach({
    receive: (msg) => router.receive(msg),
    handled: (id) => sandbox?.tracker.done(id),
    login: () => watch.onLogin(caughtUp),
    logout: (reason) => watch.onLogout(reason),
    roomSeen: async (room, changer) => {
      // Counted, so the sandbox's settle waits for a rename or a new group to be recorded.
      observing++;
      try {
        await observeGroup(app, room, changer);
        await presence.joined(room.id);
      } finally {
        observing--;
      }
    },
    roomsListed: (roomIds) => presence.listed(roomIds),
    // The group counts as left only when no account of ours is in it any more.
    roomLeft: async (roomId) => {
      if ((await presence.left(roomId)) === 0) await leftGroups(app, [roomId]);
    },
    remarkPrefix: REMARK_PREFIX,
    remarkedContacts: async (contacts) => void (await followRemarks(app, contacts, adapter)),
  });
  const sender = new OutboxSender({
    outbox: store.outbox,
    chat: sandbox ? sandbox.recording(adapter) : adapter,
    clock,
    config: app.config.outbox,
    coalescer: outboxCoalescer(app.texts),
    log,
    online: () => watch.online,
    account: () => presence.sending(),
    onGiveUp(item, error) {
      const leaders = directory.leadersRoomId();
      if (!leaders || item.dedupeKey?.startsWith('ops:')) return; // never an alert about an alert
      const notice = sendFailedNotice(leaders, { ...item, attempts: item.attempts + 1, error }, directory.room(item.roomId)?.topic ?? item.roomId, clock.now());
      app.transaction(async (tx) => tx.say(notice)).catch((err) => log.error({ err }, 'could not queue the send-failure alert'));
    },
  });
  commits.subscribe(() => sender.kick());

  return {
    bot,
    router,
    watch,
    sender,
    login,
    presence,
    /** Groups being recorded (seen, renamed, joined) right now. */
    get observing() {
      return observing;
    },
    /** The console's sign-in links point here when PUBLIC_URL is not set (the sandbox's own address). */
    useSandboxUrl(url: string) {
      publicUrl ??= url;
    },
    /** Where the console is (the log line that asks for a scan names its 微信登录 page). */
    consoleAt(url: string) {
      consoleUrl = url;
    },
    /** Logs in (as long as the scan takes; aborted by `signal`), takes up what the last run left, and starts sending. */
    async start(signal: AbortSignal) {
      await login.start(signal);
      // The account is the logged-in bot's contact id: stable across restarts, never a name.
      directory.botId = bot.currentUser.id;
      await presence.start({ id: bot.currentUser.id, name: bot.currentUser.name() });
      await adapter.syncRooms();
      // Messages stored but not processed when the last run died, then the spool, then what arrived since.
      await router.start();
      sender.start();
    },
    /** What the database has not taken yet goes to the spool; waits a little for what is running. */
    async stopTakingMessages() {
      watch.shutdown();
      router.stop();
      await router.idle(5000);
    },
    async stop() {
      await sender.stop();
      await presence.stop();
      await login.stopBot();
    },
  };
}

type Chat = Awaited<ReturnType<typeof buildChat>>;

/** The HTTP server: health, tickets API, console and, in the sandbox, the sandbox API and chat page. */
async function buildWeb(deps: {
  env: Env;
  app: AppContext;
  chat: Chat;
  sandbox: SandboxWiring | null;
  jobs: JobRunner;
  commits: CommitSignal;
  telemetry: PromTelemetry;
}) {
  const { env, app, chat, sandbox, jobs, commits, telemetry } = deps;
  const changes = new ChangeFeed();
  commits.subscribe(() => changes.notify()); // open console pages refresh
  const state = { ready: false };
  const probe = { inFlight: () => chat.router.inFlight, busy: () => chat.watch.busy || chat.observing > 0, outboxDrained: () => chat.sender.isDrained() };
  const server = buildServer({
    store: app.store,
    log: app.log,
    sandbox: env.sandbox,
    consoleToken: env.CONSOLE_TOKEN,
    console: { ctx: app, changes, wechat: chat.login, accountTimeoutMs: env.LINLI_ACCOUNT_TIMEOUT_SECONDS * 1000 },
    sandboxPage: sandbox ? { districtName: app.config.district.name, botName: sandbox.botName, timezone: app.config.timezone } : undefined,
    health: {
      ready: () => state.ready,
      starting: () => chat.login.publicStatus(),
      degraded() {
        const { database, buffered, spooled } = chat.router.status();
        const puppet = chat.watch.status();
        const outbox = chat.sender.status();
        const login = chat.login.status().phase;
        if (database.up && puppet.loggedIn && !spooled && !outbox.failingSince) return null;
        return {
          database: database.up ? 'up' : 'down',
          // Since when, not why: the error text stays in the log (it can name hosts, users, queries).
          ...(database.downSince ? { databaseDownSince: database.downSince.toISOString() } : {}),
          wechat: puppet.loggedIn ? 'logged_in' : 'logged_out',
          ...(puppet.offlineSince ? { wechatOfflineSince: puppet.offlineSince.toISOString() } : {}),
          // A new QR code waits for a scan (the account was logged out): the 微信登录 page shows it.
          ...(login === 'waiting_for_scan' || login === 'scanned' ? { login } : {}),
          bufferedMessages: buffered,
          spooledMessages: spooled,
          outbox: outbox.failingSince ? 'failing' : 'ok',
        };
      },
    },
    routes: [
      telemetry.route({
        store: app.store,
        clock: app.clock,
        live: {
          loggedIn: () => chat.watch.status().loggedIn,
          databaseUp: () => chat.router.status().database.up,
          backlog: () => chat.router.status(),
          sender: () => chat.sender.status(),
          jobs: () => jobs.jobNames.map((name) => ({ name, lastSuccess: jobs.lastSuccess(name) })),
        },
      }),
      ...(sandbox ? [sandbox.routes({ directory: app.directory, probe, runJobs: (from, to) => jobs.runDue(from, to) })] : []),
    ],
  });
  const url = await server.listen({ port: env.PORT, host: env.sandbox ? '127.0.0.1' : env.HOST });
  if (env.sandbox) chat.useSandboxUrl(url);
  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') ?? url;
  chat.consoleAt(publicUrl);
  return {
    server,
    url,
    publicUrl,
    get ready() {
      return state.ready;
    },
    set ready(value: boolean) {
      state.ready = value;
    },
  };
}
