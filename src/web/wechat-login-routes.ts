// The console's 微信登录 page (/console/wechat), for leaders and admins: the bot's WeChat login
// state and, while it waits for a scan, the QR code. Whoever scans that code logs their own
// account in as the bot, so the page needs a session like every console page, and a staff
// member's session is refused.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { managesIdentity } from '../domain/identity.js';
import type { ConsoleDeps } from './console-deps.js';
import { html } from './html.js';
import { consolePage, plainPage } from './pages/layout.js';
import { wechatLoginPage } from './pages/wechat-login-page.js';
import type { Principal } from './principal.js';
import { qrSvg } from './qr-svg.js';

/** The login state, as the page reads it (src/chat/wechat-login.ts provides it). */
export interface WechatLoginView {
  status(): {
    phase: string;
    qrCode: string | null;
    qrSince: Date | null;
    failedStarts: number;
    maxFailedStarts: number;
    lastFailure: { reason: string; at: Date } | null;
    account: string | null;
  };
}

const who = (req: FastifyRequest): Principal => req.principal!;

export function wechatLoginRoutes(deps: ConsoleDeps, login: WechatLoginView) {
  return (app: FastifyInstance) => {
    app.get('/console/wechat', async (req, reply) => {
      if (!managesIdentity(who(req).role)) {
        return reply
          .code(403)
          .type('text/html; charset=utf-8')
          .send(plainPage('无权访问', html`<main class="login-card"><h1>无权访问</h1><p>微信登录页只对领导和管理员开放。</p><p><a href="/console/tickets">返回工单列表</a></p></main>`));
      }
      const status = login.status();
      const body = wechatLoginPage({
        ...status,
        qrSvg: status.phase === 'waiting_for_scan' && status.qrCode ? await qrSvg(status.qrCode) : null,
        timezone: deps.ctx.config.timezone,
      });
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(consolePage({ title: '微信登录', principal: who(req), active: 'wechat', body, sandbox: deps.sandbox, refreshSeconds: status.phase === 'logged_in' ? undefined : 5 }));
    });
  };
}
