// The bot's HTTP surface: health, the tickets API, the console (sign-in, pages, JSON API) and, in
// sandbox mode, the sandbox API and chat page. Who may reach what is decided in access-policy.ts.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { TICKET_STATUSES, type TicketStatus } from '../domain/ticket.js';
import type { AppContext } from '../app/app-context.js';
import type { Clock, Log } from '../app/ports/clock.js';
import type { Store } from '../app/ports/store.js';
import { SECURITY_HEADERS, accessFor, checkedPrincipalOf, fromThisMachine, registerAccessPolicy } from './access-policy.js';
import type { ChangeFeed } from './change-feed.js';
import { consoleApi } from './console-api.js';
import type { ConsoleDeps } from './console-deps.js';
import { consoleRoutes } from './console-routes.js';
import { identityRoutes } from './identity-routes.js';
import { closeEventStreams } from './event-stream.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { loginRoutes } from './login-routes.js';
import { communitiesOf } from './principal.js';
import { SessionAuth } from './session-auth.js';
import { staticAssets } from './static-assets.js';
import { sandboxPage } from './pages/sandbox-page.js';
import { ticketJson } from './ticket-json.js';
import { wechatLoginRoutes, type WechatLoginView } from './wechat-login-routes.js';

export interface Health {
  ready(): boolean;
  /** Before ready: what the bot is doing (e.g. `{"status":"waiting_for_scan"}`); default `{"status":"starting"}`. */
  starting?(): { status: string } & Record<string, unknown>;
  /**
   * What is wrong while the bot keeps running (database down, WeChat logged out, messages spooled,
   * outbox failing); null when all is well.
   */
  degraded?(): Record<string, unknown> | null;
}

export interface ServerDeps {
  store: Store;
  health: Health;
  log: Log;
  /** Sandbox mode: /api/tickets and the sandbox API are open on loopback. */
  sandbox: boolean;
  /** Bootstrap admin token: `Authorization: Bearer …` for scripts, or typed in at sign-in. */
  consoleToken?: string;
  /** Extra routes (the sandbox API and page) registered by the caller. */
  routes?: Array<(app: FastifyInstance) => void>;
  /** Sandbox mode: the chat page at /sandbox (its data comes from the sandbox API in `routes`). */
  sandboxPage?: { districtName: string; botName: string; timezone: string };
  /** The console; without it only health, /api/tickets (bearer token) and `routes` are served. */
  console?: {
    ctx: AppContext;
    changes: ChangeFeed;
    /** Sessions expire on wall-clock time (default: the system clock). */
    sessionClock?: Clock;
    limiter?: LoginRateLimiter;
    /** The bot's WeChat login, for the 微信登录 page (leaders and admins). */
    wechat?: WechatLoginView;
    /** A bot account whose heartbeat is older than this is shown as offline (default 45 s). */
    accountTimeoutMs?: number;
  };
}

const systemClock: Clock = { now: () => new Date() };
const registered = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route the server registered (for the test that checks each one is guarded). */
export function registeredRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  return registered.get(app) ?? [];
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  // trustProxy: a reverse proxy on this host may say who the client is (rate limits, login log).
  const app = Fastify({ logger: false, bodyLimit: 1_000_000, trustProxy: 'loopback' });
  const routes: Array<{ method: string; url: string }> = [];
  registered.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of ([] as string[]).concat(r.method)) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.addHook('preClose', async () => closeEventStreams(app.server));
  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });
  const limiter = deps.console?.limiter ?? new LoginRateLimiter();
  app.register(fastifyCookie);
  const auth = new SessionAuth({
    auth: deps.console ? (deps.store.consoleAuth ?? null) : null,
    codeClock: deps.console?.ctx.clock ?? systemClock,
    sessionClock: deps.console?.sessionClock ?? systemClock,
    consoleToken: deps.consoleToken,
    log: deps.log,
  });
  // No route: an /api/ path still says 401 to a stranger rather than revealing what exists.
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const access = accessFor(path);
    if (access === 'open-in-sandbox' && deps.sandbox && !fromThisMachine(req)) return reply.code(403).send({ error: 'the sandbox answers on this machine only' });
    const guarded = access === 'signed-in' || (access === 'open-in-sandbox' && !deps.sandbox && path.startsWith('/api'));
    if (guarded && !(await checkedPrincipalOf(req, reply, { sandbox: deps.sandbox, auth, limiter, log: deps.log }))) {
      if (reply.sent) return reply;
      return reply.code(401).send({ error: 'unauthorized' });
    }
    return reply.code(404).send({ error: 'not found' });
  });

  // One encapsulated scope, registered after the cookie plugin, so its hooks see parsed cookies.
  app.register(async (scope) => {
    registerAccessPolicy(scope, { sandbox: deps.sandbox, auth, limiter, log: deps.log });
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 100_000 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get('/healthz', async (_req, reply) => {
      if (!deps.health.ready()) return reply.code(503).send(deps.health.starting?.() ?? { status: 'starting' });
      const degraded = deps.health.degraded?.() ?? null;
      // 200, not 503: a liveness probe must not restart a bot that is riding out an outage and
      // holding messages for it (docs/operations.md); monitors alert on status ≠ "ok".
      if (degraded) return { status: 'degraded', ...degraded };
      return { status: 'ok' };
    });

    // Contract (design.md). A signed-in staff member still sees only their communities.
    scope.get('/api/tickets', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const statuses = q.status ? q.status.split(',') : undefined;
      if (statuses?.some((s) => !TICKET_STATUSES.includes(s as TicketStatus))) {
        return reply.code(400).send({ error: `status must be one of ${TICKET_STATUSES.join(', ')}` });
      }
      const limit = q.limit === undefined ? 500 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return reply.code(400).send({ error: 'limit must be 1..5000' });
      const scoped = req.principal ? communitiesOf(req.principal) : null;
      const tickets = await deps.store.tickets.list({
        status: statuses as TicketStatus[] | undefined,
        community: q.community || undefined,
        ...(scoped ? { communities: scoped } : {}),
        category: q.category || undefined,
        limit,
      });
      const withEvents = await Promise.all(tickets.map(async (t) => ticketJson(t, await deps.store.tickets.events(t.no))));
      return { tickets: withEvents };
    });

    scope.get('/api/tickets/:no', async (req, reply) => {
      const raw = (req.params as { no: string }).no.replace(/^[#＃]/, '');
      const no = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(no)) return reply.code(404).send({ error: `no ticket ${raw}` });
      const ticket = await deps.store.tickets.get(no);
      const scoped = req.principal ? communitiesOf(req.principal) : null;
      if (!ticket || (scoped && !scoped.includes(ticket.community))) return reply.code(404).send({ error: `no ticket ${no}` });
      const attachments = await deps.store.attachments.list(no);
      return {
        ...ticketJson(ticket, await deps.store.tickets.events(no)),
        // Extension: the residents' photos.
        attachments: attachments.map((a) => ({ id: a.id, mime: a.mime, at: a.createdAt.toISOString(), url: `/api/tickets/${no}/attachments/${a.id}` })),
      };
    });

    scope.get('/api/tickets/:no/attachments/:id', async (req, reply) => {
      const { no, id } = req.params as { no: string; id: string };
      const attachment = /^\d+$/.test(id) ? await deps.store.attachments.get(Number(id)) : null;
      const scoped = req.principal ? communitiesOf(req.principal) : null;
      const ticket = attachment && String(attachment.ticketNo) === no ? await deps.store.tickets.get(attachment.ticketNo) : null;
      if (!attachment || !ticket || (scoped && !scoped.includes(ticket.community))) return reply.code(404).send({ error: 'no such attachment' });
      return reply.type(attachment.mime).header('cache-control', 'private, max-age=86400').send(Buffer.from(attachment.data, 'base64'));
    });

    if (deps.console) {
      const consoleDeps: ConsoleDeps = {
        ctx: deps.console.ctx,
        auth,
        changes: deps.console.changes,
        limiter,
        sandbox: deps.sandbox,
        accountTimeoutMs: deps.console.accountTimeoutMs ?? 45_000,
      };
      loginRoutes(consoleDeps)(scope);
      consoleRoutes(consoleDeps)(scope);
      consoleApi(consoleDeps)(scope);
      identityRoutes(consoleDeps)(scope);
      if (deps.console.wechat) wechatLoginRoutes(consoleDeps, deps.console.wechat)(scope);
    }

    if (deps.console || deps.sandboxPage) staticAssets()(scope);
    const sandboxPageOptions = deps.sandboxPage;
    if (sandboxPageOptions) {
      const page = sandboxPage(sandboxPageOptions);
      scope.get('/sandbox', async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
    }

    for (const register of deps.routes ?? []) register(scope);

    scope.setErrorHandler((err, req, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) deps.log.error({ err, url: req.url }, 'http request failed');
      reply.code(status).send({ error: status < 500 ? (err as Error).message : 'internal error' });
    });
  });
  return app;
}
