// The bot's HTTP surface: health, the tickets API and, in sandbox mode, the sandbox API.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { TICKET_STATUSES, type TicketStatus } from '../domain/ticket.js';
import type { Log, Store } from '../app/ports.js';
import { ticketJson } from './ticket-json.js';

export interface Health {
  ready(): boolean;
}

export interface ServerDeps {
  store: Store;
  health: Health;
  log: Log;
  /** Sandbox mode: /api/tickets is open on loopback. Otherwise a bearer token is required. */
  sandbox: boolean;
  consoleToken?: string;
  /** Extra routes (the sandbox API) registered by the caller. */
  routes?: Array<(app: FastifyInstance) => void>;
}

function bearerOk(req: FastifyRequest, token: string | undefined): boolean {
  if (!token) return false;
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ''));
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });

  app.get('/healthz', async (_req, reply) => {
    if (!deps.health.ready()) return reply.code(503).send({ status: 'starting' });
    return { status: 'ok' };
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    if (deps.sandbox) return; // sandbox: bound to 127.0.0.1 only, open for tests and the demo
    if (!bearerOk(req, deps.consoleToken)) return reply.code(401).send({ error: 'unauthorized' });
  });

  app.get('/api/tickets', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const statuses = q.status ? q.status.split(',') : undefined;
    if (statuses?.some((s) => !TICKET_STATUSES.includes(s as TicketStatus))) {
      return reply.code(400).send({ error: `status must be one of ${TICKET_STATUSES.join(', ')}` });
    }
    const limit = q.limit === undefined ? 500 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return reply.code(400).send({ error: 'limit must be 1..5000' });
    const tickets = await deps.store.tickets.list({
      status: statuses as TicketStatus[] | undefined,
      community: q.community || undefined,
      category: q.category || undefined,
      limit,
    });
    const withEvents = await Promise.all(tickets.map(async (t) => ticketJson(t, await deps.store.tickets.events(t.no))));
    return { tickets: withEvents };
  });

  app.get('/api/tickets/:no', async (req, reply) => {
    const raw = (req.params as { no: string }).no.replace(/^[#＃]/, '');
    const no = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(no)) return reply.code(404).send({ error: `no ticket ${raw}` });
    const ticket = await deps.store.tickets.get(no);
    if (!ticket) return reply.code(404).send({ error: `no ticket ${no}` });
    return ticketJson(ticket, await deps.store.tickets.events(no));
  });

  for (const register of deps.routes ?? []) register(app);

  app.setErrorHandler((err, req, reply) => {
    deps.log.error({ err, url: req.url }, 'http request failed');
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    reply.code(status).send({ error: status < 500 ? (err as Error).message : "internal error" });
  });
  return app;
}
