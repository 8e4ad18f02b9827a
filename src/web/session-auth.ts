// Console sign-in: a one-time code from the bot (or the bootstrap token) becomes a session cookie.
// The cookie is http-only and SameSite=Strict; its value is only ever stored hashed; each session
// carries its own CSRF token for state-changing requests.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { hashLoginCode } from '../app/console-login.js';
import type { Clock, Log } from '../app/ports/clock.js';
import type { ConsoleAuthRepository, ConsoleIdentity } from '../app/ports/console-auth.js';
import { TOKEN_PRINCIPAL, type Principal } from './principal.js';

export const SESSION_COOKIE = 'linli_session';
/** Double-submit token that guards the sign-in form itself (login CSRF). */
export const LOGIN_COOKIE = 'linli_login';
export const SESSION_HOURS = 12;
const TOUCH_EVERY_MS = 5 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

/** Constant-time string comparison (false for different lengths). */
export function sameSecret(given: string | undefined | null, want: string | undefined | null): boolean {
  if (!given || !want) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface SessionAuthDeps {
  auth: ConsoleAuthRepository | null;
  /** The app's clock: login codes expire on it (the sandbox clock in sandbox mode). */
  codeClock: Clock;
  /** Wall-clock time for sessions, so jumping the sandbox clock does not sign anyone out. */
  sessionClock: Clock;
  consoleToken?: string;
  log: Log;
}

export class SessionAuth {
  constructor(private readonly deps: SessionAuthDeps) {}

  get enabled(): boolean {
    return this.deps.auth !== null;
  }

  /** The bearer token or the session cookie's principal; null when neither is valid. */
  async principalOf(req: FastifyRequest): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const token = header.replace(/^Bearer\s+/i, '');
      return sameSecret(token, this.deps.consoleToken) ? TOKEN_PRINCIPAL : null;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (!cookie || !this.deps.auth) return null;
    const session = await this.deps.auth.findSession(sha256(cookie));
    const now = this.deps.sessionClock.now();
    if (!session || session.revokedAt || session.expiresAt.getTime() <= now.getTime()) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.deps.auth.touchSession(session.idHash, now).catch((err) => this.deps.log.warn({ err }, 'could not touch a console session'));
    }
    const { personId, personName, role, communities } = session;
    return { personId, personName, role, communities, via: 'session', session };
  }

  /**
   * Signs in with a login code from the bot, or with the bootstrap token; sets the session cookie.
   * Returns null when the secret is wrong, expired or used.
   */
  async signIn(secret: string, req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
    const auth = this.deps.auth;
    if (!auth) return null;
    const trimmed = secret.replace(/\s+/g, '');
    let who: ConsoleIdentity | null = null;
    let method: 'code' | 'token' = 'code';
    if (/^\d{6}$/.test(trimmed)) {
      who = await auth.consumeLoginCode(hashLoginCode(trimmed), this.deps.codeClock.now());
    } else if (sameSecret(trimmed, this.deps.consoleToken)) {
      const { personId, personName, role, communities } = TOKEN_PRINCIPAL;
      who = { personId, personName, role, communities };
      method = 'token';
    }
    if (!who) return null;
    const cookie = newToken();
    const now = this.deps.sessionClock.now();
    const session = {
      ...who,
      idHash: sha256(cookie),
      csrfToken: newToken(),
      method,
      ip: req.ip ?? null,
      userAgent: req.headers['user-agent'] ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000),
      lastSeenAt: now,
      revokedAt: null,
    };
    await auth.createSession(session);
    reply.setCookie(SESSION_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'strict',
      secure: 'auto',
      path: '/',
      maxAge: SESSION_HOURS * 3600,
    });
    return { ...who, via: 'session', session };
  }

  async signOut(principal: Principal | null, reply: FastifyReply): Promise<void> {
    if (principal?.session && this.deps.auth) await this.deps.auth.revokeSession(principal.session.idHash, this.deps.sessionClock.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
