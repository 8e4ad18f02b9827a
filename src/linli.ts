// Composition root: builds every part from the environment and config and starts them.
// main.ts runs it as a process; end-to-end tests start it in-process.
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { loadEnv, type Env } from './config/env.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './config/logger.js';
import { createDataSource, runMigrations } from './store/data-source.js';
import { createTypeormStore } from './store/typeorm-store.js';
import { createClassifier } from './classify/create-classifier.js';
import { Directory } from './app/directory.js';
import { texts } from './app/texts.js';
import type { AppContext } from './app/app-context.js';
import { MessageRouter } from './app/router.js';
import { handleResidentMessage } from './app/intake.js';
import { handleDutyMessage } from './app/duty-room.js';
import { leadersRoomHandler } from './app/leaders-room.js';
import { sendDigest } from './app/digest.js';
import type { ChatPort, Clock, Log, Store } from './app/ports.js';
import { WechatyAdapter } from './chat/wechaty-adapter.js';
import { OutboxSender } from './chat/outbox-sender.js';
import { SandboxWorld } from './chat/sandbox/sandbox-world.js';
import { SandboxClock } from './chat/sandbox/sandbox-clock.js';
import { sandboxRoutes } from './chat/sandbox/sandbox-api.js';
import { SettleTracker } from './chat/sandbox/settle-tracker.js';
import { buildServer } from './web/server.js';

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
  const dataSource: DataSource = createDataSource(env.DATABASE_URL);
  await dataSource.initialize();
  await runMigrations(dataSource);
  const store = createTypeormStore(dataSource);

  const sandboxClock = sandbox ? new SandboxClock() : null;
  const clock: Clock = sandboxClock ?? systemClock;
  const directory = new Directory(config.district, sandbox?.bot.id ?? '');
  const categoryOf = (code: string) => config.categories.find((c) => c.code === code);
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
    outboxKick: () => sender.kick(),
  };
  const router = new MessageRouter(ctx, {
    resident: handleResidentMessage,
    duty: handleDutyMessage,
    leaders: leadersRoomHandler(sendDigest),
  });

  const world = sandbox && sandboxClock ? new SandboxWorld(sandbox, sandboxClock) : null;
  const bot = WechatyBuilder.build(
    world
      ? { puppet: world.puppet } // no name: the sandbox keeps no memory card on disk
      : {
          name: env.WECHATY_NAME,
          puppet: env.WECHATY_PUPPET as never,
          puppetOptions: {
            token: env.WECHATY_PUPPET_SERVICE_TOKEN,
            endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT,
          },
        },
  );
  const tracker = new SettleTracker();
  const adapter = new WechatyAdapter({ bot, directory, registry: store.registry, router, clock, log, onHandled: (id) => tracker.done(id) });
  adapter.attach();

  const chat: ChatPort = world
    ? {
        async send(item) {
          await adapter.send(item);
          const names = item.mentionIds.map((id) => `@${world.nameOf(id) ?? id}`);
          world.recordBotPost(item.roomId, item.id, names.length ? `${names.join('\u2005')} ${item.text}` : item.text, Boolean(item.imagePngBase64));
        },
      }
    : adapter;
  const sender: OutboxSender = new OutboxSender({ outbox: store.outbox, chat, clock, config: config.outbox, log });

  const settle = async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (tracker.idle() && router.inFlight === 0 && (await sender.isDrained())) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    log.warn('settle: gave up waiting after 30 s');
  };

  const server = buildServer({
    store,
    log,
    sandbox: env.sandbox,
    consoleToken: env.CONSOLE_TOKEN,
    health: { ready: () => ready },
    routes: world && sandboxClock
      ? [
          sandboxRoutes({
            world,
            directory,
            clock: sandboxClock,
            expectMessage: (id) => tracker.expect(id),
            unexpectMessage: (id) => tracker.done(id),
            settle,
            runJobs: async () => {},
          }),
        ]
      : [],
  });
  const host = env.sandbox ? '127.0.0.1' : env.HOST;
  const url = await server.listen({ port: env.PORT, host });

  bot.on('scan', (qrcode, status) => {
    log.info({ status, qrcode: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }, '请用机器人微信号扫码登录');
  });
  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  await bot.start();
  if (world) world.login();
  await loggedIn;
  directory.botId = bot.currentUser.id;
  await adapter.syncRooms();

  sender.start();
  ready = true;
  log.info({ url, sandbox: env.sandbox }, env.sandbox ? `沙盒已就绪：${url}/api/sandbox/rooms` : 'Linli is running');

  return {
    env,
    log,
    store,
    server,
    url,
    bot,
    async stop() {
      ready = false;
      await server.close().catch(() => {});
      await sender.stop();
      await bot.stop().catch((err) => log.warn({ err }, 'stopping wechaty failed'));
      await store.close();
    },
  };
}
