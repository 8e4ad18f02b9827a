// Sign-in and sign-out. The form is guarded by a double-submit token (a cookie and a hidden
// field that must match), failed attempts are rate-limited, and every login is logged.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LOGIN_CODE_TTL_MINUTES } from '../app/console-login.js';
import type { ConsoleDeps } from './console-deps.js';
import { loginPage } from './pages/login-page.js';
import { LOGIN_COOKIE, newToken, sameSecret } from './session-auth.js';

/** Only same-site paths under /console: never an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/console(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/console/tickets';
}

function renderLogin(deps: ConsoleDeps, reply: FastifyReply, o: { code?: string; next?: string; error?: string; status?: number }) {
  const csrf = newToken();
  reply.setCookie(LOGIN_COOKIE, csrf, { httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/console/login', maxAge: 3600 });
  return reply
    .code(o.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(loginPage({ csrf, code: o.code, next: o.next, error: o.error, sandbox: deps.sandbox, codeMinutes: LOGIN_CODE_TTL_MINUTES }));
}

export function loginRoutes(deps: ConsoleDeps) {
  return (app: FastifyInstance) => {
    app.get('/console/login', async (req, reply) => {
      const q = req.query as { code?: string; next?: string };
      const code = /^\d{6}$/.test(q.code ?? '') ? q.code : undefined;
      return renderLogin(deps, reply, { code, next: q.next });
    });

    app.post('/console/login', async (req, reply) => {
      const body = (req.body ?? {}) as { code?: string; _csrf?: string; next?: string };
      const log = deps.ctx.log.child({ ip: req.ip });
      if (!sameSecret(body._csrf, req.cookies[LOGIN_COOKIE])) {
        return renderLogin(deps, reply, { next: body.next, error: '页面已过期，请重新输入登录码。', status: 403 });
      }
      const waitMs = deps.limiter.retryAfterMs(req.ip);
      if (waitMs > 0) {
        log.warn('console login refused: too many failed attempts');
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        return renderLogin(deps, reply, { next: body.next, error: `尝试次数过多，请 ${Math.ceil(waitMs / 60_000)} 分钟后再试。`, status: 429 });
      }
      const principal = await deps.auth.signIn(String(body.code ?? ''), req, reply);
      if (!principal) {
        if (deps.limiter.fail(req.ip)) log.error('many failed console sign-ins from many addresses: someone may be guessing codes');
        log.warn('console login failed: wrong, used or expired code');
        return renderLogin(deps, reply, { next: body.next, error: '登录码不对、已用过或已过期。请私聊机器人发送「登录」获取新的登录码。', status: 401 });
      }
      log.info({ personId: principal.personId, name: principal.personName, role: principal.role, method: principal.session?.method }, 'console login');
      reply.clearCookie(LOGIN_COOKIE, { path: '/console/login' });
      return reply.redirect(safeNext(body.next), 303);
    });

    app.post('/console/logout', async (req, reply) => {
      await deps.auth.signOut(req.principal, reply);
      deps.ctx.log.info({ personId: req.principal?.personId }, 'console logout');
      return reply.redirect('/console/login', 303);
    });
  };
}
