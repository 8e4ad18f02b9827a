// Who may reach what (design.md, "Web pages (contract)"): /healthz, static assets and the sign-in
// page are public; in sandbox mode the sandbox API, the sandbox page and /api/tickets are open on
// loopback; every other /api/ route, /metrics and every console page needs a session or the bearer token.
// State-changing requests from a session must also carry its CSRF token and come from this origin.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret, type SessionAuth } from './session-auth.js';

export type Access = 'public' | 'open-in-sandbox' | 'signed-in';

const startsWithSegment = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The rule for a path: the matched route's pattern where there is one, else the raw path. */
export function accessFor(path: string): Access {
  if (path === '/healthz' || path === '/' || path === '/favicon.ico') return 'public';
  if (startsWithSegment(path, '/assets')) return 'public';
  if (path === '/console/login') return 'public';
  if (startsWithSegment(path, '/sandbox')) return 'open-in-sandbox';
  if (startsWithSegment(path, '/api/sandbox') || startsWithSegment(path, '/api/tickets')) return 'open-in-sandbox';
  if (startsWithSegment(path, '/api') || startsWithSegment(path, '/console') || startsWithSegment(path, '/metrics')) return 'signed-in';
  return 'public';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The request comes from another site (a browser says so in Origin or Sec-Fetch-Site). */
export function crossSite(req: FastifyRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

function refuse(req: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
  if (req.method === 'GET' && startsWithSegment(path, '/console')) {
    const next = encodeURIComponent(req.url);
    return reply.redirect(`/console/login?next=${next}`, 302);
  }
  return reply.code(401).send({ error: 'unauthorized' });
}

export interface AccessPolicyOptions {
  sandbox: boolean;
  auth: SessionAuth;
}

export function registerAccessPolicy(app: FastifyInstance, opts: AccessPolicyOptions): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (req, reply) => {
    // The matched route's pattern: percent-encoding or odd casing in the URL cannot dodge a rule.
    const path = req.routeOptions.url ?? req.url.split('?')[0]!;
    const access = accessFor(path);
    if (access === 'public') return;
    if (access === 'open-in-sandbox' && opts.sandbox) {
      // Open, but a signed-in staff member still only reads their own communities. Writes here
      // (the sandbox API) act as the persona in the body, never as the session: no CSRF needed.
      if (!UNSAFE.has(req.method)) req.principal = await opts.auth.principalOf(req);
      return;
    }
    if (access === 'open-in-sandbox' && startsWithSegment(path, '/sandbox')) return reply.code(404).send({ error: 'not found' });
    req.principal = await opts.auth.principalOf(req);
    if (!req.principal) return refuse(req, reply, path);
  });

  // After the body is parsed, so a form's _csrf field can be read.
  app.addHook('preHandler', async (req, reply) => {
    if (!UNSAFE.has(req.method)) return;
    if (crossSite(req)) return reply.code(403).send({ error: 'cross-site request refused' });
    const session = req.principal?.session;
    if (!session) return;
    const header = req.headers['x-csrf-token'];
    const field = (req.body as Record<string, unknown> | undefined)?._csrf;
    const given = typeof header === 'string' ? header : typeof field === 'string' ? field : '';
    if (!sameSecret(given, session.csrfToken)) return reply.code(403).send({ error: 'missing or wrong CSRF token' });
  });
}
