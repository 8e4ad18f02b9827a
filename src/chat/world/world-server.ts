// The world server (design.md, "World server"): the simulated district served outside the bot, as
// a puppet-service gRPC endpoint per bot account (TLS off) — what PadLocal or a WeCom gateway is
// to a real deployment — and the sandbox routes on HTTP to speak as anyone and read the groups.
// There is no clock and no settle: the bot runs on real time, in production mode.
import Fastify, { type FastifyInstance } from 'fastify';
import { PuppetServer } from 'wechaty-puppet-service';
import type { SandboxConfig } from '../../config/sandbox-config.js';
import type { Clock, Log } from '../../app/ports/clock.js';
import { World } from './world.js';
import { worldRoutes } from './world-routes.js';

export interface WorldServerOptions {
  config: SandboxConfig;
  host: string;
  /** gRPC port of account 1; account n is on grpcPort + n − 1. */
  grpcPort: number;
  httpPort: number;
  token: string;
  accounts: number;
  log: Log;
  clock?: Clock;
  /** A heartbeat to every connected client this often (real gateways send them). Default 15 s. */
  heartbeatMs?: number;
  /** `auto` (default): an account logs in as a bot connects; `scan`: it shows a QR code and waits for a scan. */
  login?: 'auto' | 'scan';
}

export interface WorldServer {
  world: World;
  /** e.g. http://127.0.0.1:8081 */
  httpUrl: string;
  /** host:port of each account's gRPC endpoint, account 1 first. */
  endpoints: string[];
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

export async function startWorldServer(options: WorldServerOptions): Promise<WorldServer> {
  const scan = options.login === 'scan';
  const world = new World(options.config, { clock: options.clock ?? systemClock, accounts: options.accounts, loginOnStart: !scan, scanToLogin: scan, recordBotPosts: true });
  const endpoints = world.accounts.map((_, i) => `${options.host}:${options.grpcPort + i}`);
  const grpcServers = world.accounts.map(
    (account, i) => new PuppetServer({ endpoint: endpoints[i]!, puppet: account.puppet, token: options.token, tls: { disable: true } }),
  );
  const http = buildHttp(world, endpoints);
  const started: PuppetServer[] = [];
  try {
    for (const server of grpcServers) {
      await server.start();
      started.push(server);
    }
    await http.listen({ port: options.httpPort, host: options.host });
  } catch (err) {
    await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
    await http.close().catch(() => undefined);
    throw err;
  }
  for (const account of world.accounts) {
    account.puppet.on('login', () => options.log.info({ account: account.id }, 'a bot logged in to the world'));
    account.puppet.on('logout', () => options.log.info({ account: account.id }, 'a bot left the world'));
  }
  const heartbeat = setInterval(() => {
    for (const account of world.accounts) if (account.isConnected) account.puppet.emit('heartbeat', { data: 'linli world' });
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const address = http.server.address();
  const httpUrl = `http://${options.host}:${typeof address === 'object' && address ? address.port : options.httpPort}`;
  return {
    world,
    httpUrl,
    endpoints,
    async stop() {
      clearInterval(heartbeat);
      await http.close();
      for (const server of grpcServers) await server.stop().catch(() => undefined);
      // Stop the mock puppets too, so that nothing of the world keeps the process alive.
      for (const account of world.accounts) await account.puppet.stop().catch(() => undefined);
    },
  };
}

function buildHttp(world: World, endpoints: string[]): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Extension: the bot accounts, where each is served, and whether a bot is logged in to it and listening.
  app.get('/api/world/accounts', async () =>
    world.accounts.map((a, i) => ({ id: a.id, name: a.name, endpoint: endpoints[i], loggedIn: a.isConnected, ...(a.pendingQrCode ? { qrCode: a.pendingQrCode } : {}) })),
  );
  // Extension (WORLD_LOGIN=scan): the account's owner scans the QR code the bot shows; WeChat logs the account out.
  app.post('/api/world/accounts/:id/scan', async (req, reply) => {
    const account = world.accounts.find((a) => a.id === (req.params as { id: string }).id);
    if (!account) return reply.code(404).send({ error: 'no such account' });
    if (!account.scan()) return reply.code(409).send({ error: 'no QR code is waiting for a scan' });
    return { loggedIn: true };
  });
  app.post('/api/world/accounts/:id/logout', async (req, reply) => {
    const account = world.accounts.find((a) => a.id === (req.params as { id: string }).id);
    if (!account) return reply.code(404).send({ error: 'no such account' });
    await account.kickOut('logged out by WeChat');
    return { loggedIn: false, qrCode: account.pendingQrCode };
  });
  worldRoutes({
    world,
    // The world reports groups as config/sandbox.yaml describes them, whatever the bot thinks.
    roomBinding: (roomId) => {
      const room = world.room(roomId);
      return room?.kind ? { kind: room.kind, community: room.community } : null;
    },
    roleOf: (id) => (world.isAccount(id) ? 'bot' : (world.person(id)?.role ?? 'resident')),
  })(app);
  app.setErrorHandler((err, _req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    reply.code(status).send({ error: status < 500 ? (err as Error).message : 'internal error' });
  });
  return app;
}
