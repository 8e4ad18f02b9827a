// The console's 微信登录 page on the real server (Fastify inject) over the in-memory store: the QR
// code a puppet shows reaches signed-in leaders and admins only, as an SVG rendered here; staff and
// strangers never see it.
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/app-context.js';
import { privateChatHandler } from '../../src/app/console-login.js';
import { ChangeFeed } from '../../src/web/change-feed.js';
import { buildServer } from '../../src/web/server.js';
import { qrSvg } from '../../src/web/qr-svg.js';
import type { WechatLoginView } from '../../src/web/wechat-login-routes.js';
import { createMemoryStore, type MemoryStore } from '../support/fakes/memory-store.js';
import { aMessage } from '../support/builders.js';
import { TestClock, handleMessage, testContext } from '../support/test-context.js';

const TOKEN = 'test-console-token-0123456789';
const QR = 'https://login.weixin.qq.com/l/Qa1b2C3d4E==';

function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
  return Object.fromEntries(raw.map((c) => c.split(';')[0]!.split('=') as [string, string]).filter(([, v]) => v !== ''));
}

describe('the console’s 微信登录 page', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let ctx: AppContext;
  let app: FastifyInstance;
  let seq = 0;
  let status: ReturnType<WechatLoginView['status']>;

  async function signIn(secret: string): Promise<Record<string, string>> {
    const page = await app.inject({ method: 'GET', url: '/console/login' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: cookiesOf(page),
      payload: `_csrf=${encodeURIComponent(csrf)}&code=${encodeURIComponent(secret)}`,
    });
    return cookiesOf(res);
  }

  async function codeFor(personId: string, name: string): Promise<string> {
    clock.advance(1 / 60);
    await handleMessage(ctx, aMessage({ id: `pm-${++seq}`, roomId: `dm:${personId}`, senderId: personId, senderName: name, text: '登录', mentionsBot: true, at: clock.now() }), {
      private: privateChatHandler({ loginUrl: () => null }),
    });
    const sent = store.state.outbox.filter((o) => o.item.roomId === `dm:${personId}`).at(-1)!;
    return /登录码：(\d{6})/.exec(sent.item.text)![1]!;
  }

  beforeAll(async () => {
    store = createMemoryStore();
    clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
    ctx = await testContext(store, clock);
    status = { phase: 'waiting_for_scan', qrCode: QR, qrSince: clock.now(), failedStarts: 0, maxFailedStarts: 5, lastFailure: null, account: null };
    const wechat: WechatLoginView = { status: () => status };
    app = buildServer({ store, log: pino({ level: 'silent' }), health: { ready: () => false }, sandbox: false, consoleToken: TOKEN, console: { ctx, changes: new ChangeFeed(), wechat } });
    await app.ready();
  });
  afterAll(async () => app.close());

  it('is refused without a session: a page visit goes to sign-in, and no QR code is sent', async () => {
    const res = await app.inject({ method: 'GET', url: '/console/wechat' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/console/login?next=%2Fconsole%2Fwechat');
    expect(res.body).not.toContain('<svg');
    const wrongToken = await app.inject({ method: 'GET', url: '/console/wechat', headers: { authorization: 'Bearer not-the-token-at-all-000' } });
    expect(wrongToken.statusCode).toBe(302);
  });

  it('shows the QR code as an SVG rendered here to an admin, never its payload as text', async () => {
    const admin = await signIn(TOKEN);
    const res = await app.inject({ method: 'GET', url: '/console/wechat', cookies: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(await qrSvg(QR));
    expect(res.body).not.toContain(QR);
    expect(res.body).not.toContain('Qa1b2C3d4E');
    expect(res.body).toContain('<meta http-equiv="refresh" content="5">');
    expect(res.body).toMatch(/href="\/console\/wechat"[^>]*aria-current="page"/);
  });

  it('shows it to a leader, and refuses a staff member', async () => {
    const leader = await signIn(await codeFor('leader-zhao', '赵主任'));
    const ok = await app.inject({ method: 'GET', url: '/console/wechat', cookies: leader });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain(await qrSvg(QR));

    const staff = await signIn(await codeFor('yg-staff-zhang', '张网格员'));
    const refused = await app.inject({ method: 'GET', url: '/console/wechat', cookies: staff });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('<svg');
    const tickets = await app.inject({ method: 'GET', url: '/console/tickets', cookies: staff });
    expect(tickets.body).not.toContain('/console/wechat'); // no menu entry either
  });

  it('says what the bot is doing in the other phases, without a QR code', async () => {
    const admin = await signIn(TOKEN);
    status = { ...status, phase: 'retrying', qrCode: null, failedStarts: 2, lastFailure: { reason: 'connect ECONNREFUSED 10.0.0.5:8788', at: clock.now() } };
    const retrying = await app.inject({ method: 'GET', url: '/console/wechat', cookies: admin });
    expect(retrying.body).toContain('连接微信失败（连续第 2 次，共可试 5 次）：connect ECONNREFUSED 10.0.0.5:8788');
    expect(retrying.body).not.toContain('<svg');
    status = { ...status, phase: 'logged_in', account: '邻里小助手', failedStarts: 0, lastFailure: null };
    const loggedIn = await app.inject({ method: 'GET', url: '/console/wechat', cookies: admin });
    expect(loggedIn.body).toContain('机器人已登录微信：<strong>邻里小助手</strong>');
    expect(loggedIn.body).not.toContain('http-equiv="refresh"');
  });
});
