// Who may reach what (design.md, "Web pages (contract)"): /healthz, static assets and the sign-in
// page are public; in sandbox mode the sandbox API, the sandbox page and /api/tickets are open on
// loopback; every other /api/ route, /metrics and every console page needs a session or the bearer token.
// State-changing requests from a session must also carry its CSRF token and come from this origin.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Log } from '../app/ports/clock.js';
import type { LoginRateLimiter } from './login-rate-limiter.js';
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

/**
 * The request's principal. A bearer token is checked only while its address has not failed too
 * often (then it is answered 429, right token or not); a wrong one is counted and logged.
 */
export async function checkedPrincipalOf(req: FastifyRequest, reply: FastifyReply, opts: AccessPolicyOptions) {
  if (req.headers.authorization === undefined) return opts.auth.principalOf(req);
  const waitMs = opts.limiter.retryAfterMs(req.ip);
  if (waitMs > 0) {
    opts.log.warn({ ip: req.ip, path: req.url.split('?')[0] }, 'bearer token refused: too many failed attempts from this address');
    await reply.code(429).header('retry-after', String(Math.ceil(waitMs / 1000))).send({ error: 'too many failed attempts' });
    return null;
  }
  const principal = await opts.auth.principalOf(req);
  if (!principal) {
    if (opts.limiter.fail(req.ip)) opts.log.error('many failed sign-ins from many addresses: someone may be guessing');
    opts.log.warn({ ip: req.ip, path: req.url.split('?')[0] }, 'bearer token refused: wrong token');
  }
  return principal;
}

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
  /** Failed bearer tokens count against the address as failed sign-ins do. */
  limiter: LoginRateLimiter;
  log: Log;
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

/**
 * The sandbox's open routes answer only a client on this machine: the socket's own peer address
 * (never X-Forwarded-For, which anyone can write) and a Host header naming loopback (so a web page
 * elsewhere cannot reach them through DNS rebinding).
 */
export function fromThisMachine(req: FastifyRequest): boolean {
  return LOOPBACK_ADDRESS.test(req.socket.remoteAddress ?? '') && LOOPBACK_HOST.test(req.headers.host ?? '');
}

/**
 * Headers every response carries: no framing (clickjacking), no sniffing, no referrer to other
 * sites (sign-in links carry codes; `same-origin` rather than `no-referrer`, under which browsers
 * send `Origin: null` with a form and the cross-site check would refuse our own), and a content
 * policy that runs only this origin's own scripts.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

export function registerAccessPolicy(app: FastifyInstance, opts: AccessPolicyOptions): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (req, reply) => {
    // The matched route's pattern: percent-encoding or odd casing in the URL cannot dodge a rule.
    const path = req.routeOptions.url ?? req.url.split('?')[0]!;
    const access = accessFor(path);
    if (access === 'public') return;
    if (access === 'open-in-sandbox' && opts.sandbox) {
      if (!fromThisMachine(req)) {
        opts.log.warn({ peer: req.socket.remoteAddress, host: req.headers.host, path }, 'sandbox route refused: not from this machine');
        return reply.code(403).send({ error: 'the sandbox answers on this machine only' });
      }
      // Open, but a signed-in staff member still only reads their own communities. Writes here
      // (the sandbox API) act as the persona in the body, never as the session: no CSRF needed.
      if (!UNSAFE.has(req.method)) req.principal = await checkedPrincipalOf(req, reply, opts);
      return;
    }
    if (access === 'open-in-sandbox' && startsWithSegment(path, '/sandbox')) return reply.code(404).send({ error: 'not found' });
    req.principal = await checkedPrincipalOf(req, reply, opts);
    if (reply.sent) return;
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
