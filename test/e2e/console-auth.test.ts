// The console's access rules outside sandbox mode, on the real server (Fastify inject) over the
// in-memory store: nothing without a session or the token, codes from the bot's private chat,
// CSRF, rate limits, and each person's scope.
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateChatHandler } from '../../src/app/console-login.js';
import type { AppContext } from '../../src/app/app-context.js';
import type { InboundMessage } from '../../src/app/inbound-message.js';
import { accessFor } from '../../src/web/access-policy.js';
import { ChangeFeed } from '../../src/web/change-feed.js';
import { LoginRateLimiter } from '../../src/web/login-rate-limiter.js';
import { buildServer, registeredRoutes } from '../../src/web/server.js';
import { createMemoryStore, type MemoryStore } from '../support/fakes/memory-store.js';
import { TestClock, handleMessage, testContext } from '../support/test-context.js';
import { openTicket } from '../support/builders.js';

const TOKEN = 'test-console-token-0123456789';
const T0 = new Date('2026-11-23T02:00:00Z'); // 10:00 in Shanghai

function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
  return Object.fromEntries(raw.map((c) => c.split(';')[0]!.split('=') as [string, string]).filter(([, v]) => v !== ''));
}

describe('console access outside sandbox mode', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let ctx: AppContext;
  let app: FastifyInstance;
  let limiterNow = 0;
  const tickets: Record<string, number> = {};

  const privateMessage = (from: string, name: string, text: string): InboundMessage => ({
    id: `pm-${Math.random().toString(36).slice(2)}`,
    roomId: `dm:${from}`,
    senderId: from,
    senderName: name,
    text,
    kind: 'text',
    mentionsBot: true,
    mentions: [],
    quoted: null,
    at: clock.now(),
  });

  /** Asks the bot for a code in a private chat, as 张网格员 would, and reads it off the outbox. */
  async function codeFor(personId: string, name: string): Promise<string | null> {
    await handleMessage(ctx, privateMessage(personId, name, '登录'), {
      private: privateChatHandler({ loginUrl: (code) => `https://linli.example.gov.cn/console/login?code=${code}`, }),
    });
    const sent = store.state.outbox.filter((o) => o.item.roomId === `dm:${personId}`).at(-1);
    return sent ? (/登录码：(\d{6})/.exec(sent.item.text)?.[1] ?? null) : null;
  }

  async function signIn(code: string, ip = '10.0.0.1'): Promise<{ status: number; cookies: Record<string, string> }> {
    const page = await app.inject({ method: 'GET', url: '/console/login', remoteAddress: ip });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/console/login',
      remoteAddress: ip,
      cookies: cookiesOf(page),
      payload: `_csrf=${encodeURIComponent(csrf)}&code=${code}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: res.statusCode, cookies: cookiesOf(res) };
  }

  async function session(personId: string, name: string) {
    const { cookies } = await signIn((await codeFor(personId, name))!);
    const me = await app.inject({ method: 'GET', url: '/api/console/me', cookies });
    return { cookies, csrf: me.json().csrfToken as string };
  }

  beforeAll(async () => {
    store = createMemoryStore();
    clock = new TestClock(T0);
    ctx = await testContext(store, clock);
    app = buildServer({
      store,
      log: pino({ level: 'silent' }),
      health: { ready: () => true },
      sandbox: false,
      consoleToken: TOKEN,
      console: {
        ctx,
        changes: new ChangeFeed(),
        limiter: new LoginRateLimiter({ windowMs: 60_000, perClient: 3, alarmOverall: 100 }, () => limiterNow),
      },
    });
    await app.ready();
    tickets.yangguang = (await openTicket(ctx, { createdAt: clock.now(), community: 'yangguang' })).no;
    tickets.hepingli = (await openTicket(ctx, { createdAt: clock.now(), community: 'hepingli', text: '楼上装修太吵' })).no;
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses every console page and API route to a request without a session or token', async () => {
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(15);
    const open = ['/healthz', '/assets/:name', '/console/login', '/'];
    let checked = 0;
    for (const { method, url } of routes) {
      if (open.includes(url)) continue;
      const path = url.replace(':no', String(tickets.yangguang)).replace(':id', '1').replace(/:[a-zA-Z]+/g, 'x');
      const res = await app.inject({ method: method as 'GET', url: path, payload: method === 'GET' ? undefined : {} });
      if (method === 'GET' && url.startsWith('/console')) {
        expect(res.statusCode, `${method} ${url}`).toBe(302);
        expect(res.headers.location).toMatch(/^\/console\/login\?next=/);
      } else {
        expect(res.statusCode, `${method} ${url}`).toBe(401);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(12);
    // No route at all under /api/ answers 401 too, and a wrong token is no token.
    expect((await app.inject({ url: '/api/nothing-here' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/sandbox/rooms' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/tickets', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
    // Encoded paths are judged by the route they reach.
    expect((await app.inject({ url: '/%63onsole/tickets' })).statusCode).not.toBe(200);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/sandbox' })).statusCode).toBe(404);
  });

  it('lets scripts in with the bearer token, as an admin over every community', async () => {
    const res = await app.inject({ url: '/api/console/tickets', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().tickets.map((t: { no: number }) => t.no).sort()).toEqual([tickets.yangguang, tickets.hepingli].sort());
    expect((await app.inject({ url: '/api/tickets', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
  });

  it('signs a staff member in with a one-time code from the private chat: http-only, SameSite=Strict', async () => {
    const code = await codeFor('yg-staff-zhang', '张网格员');
    expect(code).toMatch(/^\d{6}$/);
    const sent = store.state.outbox.filter((o) => o.item.roomId === 'dm:yg-staff-zhang').at(-1)!;
    expect(sent.item.text).toContain(`https://linli.example.gov.cn/console/login?code=${code}`);

    const page = await app.inject({ url: '/console/login' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/console/login',
      cookies: cookiesOf(page),
      payload: { _csrf: csrf, code },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/tickets');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('linli_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const me = await app.inject({ url: '/api/console/me', cookies: cookiesOf(res) });
    expect(me.json()).toMatchObject({ name: '张网格员', role: 'staff', communities: ['yangguang'] });

    // The same code never works twice.
    expect((await signIn(code!)).status).toBe(401);
    // Without the sign-in page's own token the form is refused (login CSRF).
    const forged = await app.inject({ method: 'POST', url: '/console/login', payload: { code: await codeFor('yg-staff-zhang', '张网格员') } });
    expect(forged.statusCode).toBe(403);
  });

  it('lets a code expire after a few minutes, and a newer code retire the older one', async () => {
    const first = (await codeFor('yg-staff-chen', '物业小陈'))!;
    const second = (await codeFor('yg-staff-chen', '物业小陈'))!;
    expect((await signIn(first, '10.0.0.2')).status).toBe(401);
    clock.advance(6);
    expect((await signIn(second, '10.0.0.2')).status).toBe(401);
  });

  it('gives residents no code', async () => {
    expect(await codeFor('yg-chenjie', '陈姐')).toBeNull();
    const reply = store.state.outbox.filter((o) => o.item.roomId === 'dm:yg-chenjie').at(-1)!;
    expect(reply.item.text).toContain('只对值班人员和领导开放');
  });

  it('rate-limits failed sign-in attempts per address', async () => {
    const ip = '10.0.0.9';
    for (let i = 0; i < 3; i++) expect((await signIn('000000', ip)).status).toBe(401);
    const code = (await codeFor('hp-staff-li', '李社工'))!;
    const blocked = await signIn(code, ip);
    expect(blocked.status).toBe(429);
    expect((await signIn(code, '10.0.0.10')).status).toBe(303); // another address is not blocked
    limiterNow += 61_000;
    expect((await signIn('000000', ip)).status).toBe(401); // the window moved on
  });

  it('needs the CSRF token (and this origin) for a console action; the action is in the audit trail', async () => {
    const { cookies, csrf } = await session('yg-staff-zhang', '张网格员');
    const url = `/api/console/tickets/${tickets.yangguang}/actions`;
    expect((await app.inject({ method: 'POST', url, cookies, payload: { action: 'claim' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, cookies, payload: { action: 'claim' }, headers: { 'x-csrf-token': 'nope' } })).statusCode).toBe(403);
    const cross = await app.inject({ method: 'POST', url, cookies, payload: { action: 'claim' }, headers: { 'x-csrf-token': csrf, origin: 'https://evil.example', host: 'linli.example.gov.cn' } });
    expect(cross.statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url, cookies, payload: { action: 'claim' }, headers: { 'x-csrf-token': csrf } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'claimed', assignee: { id: 'yg-staff-zhang', name: '张网格员' } });
    const events = await store.tickets.events(tickets.yangguang);
    expect(events.at(-1)).toMatchObject({ type: 'claimed', actor: { id: 'yg-staff-zhang', name: '张网格员' } });
    // Announced in chat exactly as `认领 N` would be.
    const duty = store.state.outbox.filter((o) => o.item.roomId === 'yg-duty@chatroom').at(-1)!;
    expect(duty.item.text).toBe(ctx.texts.claimedToDuty((await store.tickets.get(tickets.yangguang))!));
    // A form post carries the token as a field.
    const form = await app.inject({
      method: 'POST',
      url: `/console/tickets/${tickets.yangguang}/actions`,
      cookies,
      payload: `_csrf=${encodeURIComponent(csrf)}&action=progress&note=${encodeURIComponent('师傅已到现场')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/console/tickets/${tickets.yangguang}?ok=progress`);
  });

  it("keeps a staff member out of another community's tickets; a leader sees all", async () => {
    const staff = await session('yg-staff-zhang', '张网格员');
    const list = await app.inject({ url: '/api/console/tickets', cookies: staff.cookies });
    expect(list.json().tickets.map((t: { community: string }) => t.community)).toEqual(['yangguang']);
    expect((await app.inject({ url: `/api/console/tickets/${tickets.hepingli}`, cookies: staff.cookies })).statusCode).toBe(404);
    expect((await app.inject({ url: `/console/tickets/${tickets.hepingli}`, cookies: staff.cookies })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/tickets/${tickets.hepingli}`, cookies: staff.cookies })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/tickets', cookies: staff.cookies })).json().tickets).toHaveLength(1);
    const act = await app.inject({
      method: 'POST',
      url: `/api/console/tickets/${tickets.hepingli}/actions`,
      cookies: staff.cookies,
      payload: { action: 'claim' },
      headers: { 'x-csrf-token': staff.csrf },
    });
    expect(act.statusCode).toBe(404);
    const csv = await app.inject({ url: '/api/console/export.csv?from=2026-11-01&to=2026-11-30', cookies: staff.cookies });
    expect(csv.body).not.toContain('楼上装修太吵');
    const dash = await app.inject({ url: '/api/console/dashboard?range=today', cookies: staff.cookies });
    expect(dash.json().byCommunity.map((c: { id: string }) => c.id)).toEqual(['yangguang']);
    expect((await app.inject({ url: '/console/admin', cookies: staff.cookies })).statusCode).toBe(403);

    const leader = await session('leader-zhao', '赵书记');
    const all = await app.inject({ url: '/api/console/tickets', cookies: leader.cookies });
    expect(all.json().tickets.map((t: { no: number }) => t.no).sort()).toEqual([tickets.yangguang, tickets.hepingli].sort());
    expect((await app.inject({ url: `/console/tickets/${tickets.hepingli}`, cookies: leader.cookies })).statusCode).toBe(200);
  });

  it('signs out: the session stops working', async () => {
    const { cookies, csrf } = await session('leader-qian', '钱主任');
    expect((await app.inject({ url: '/console/tickets', cookies })).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/console/logout', cookies, payload: { _csrf: csrf } });
    expect(out.statusCode).toBe(303);
    expect((await app.inject({ url: '/console/tickets', cookies })).statusCode).toBe(302);
  });

  it('has one access rule per path', () => {
    expect(accessFor('/healthz')).toBe('public');
    expect(accessFor('/console/login')).toBe('public');
    expect(accessFor('/console')).toBe('signed-in');
    expect(accessFor('/console/tickets/:no')).toBe('signed-in');
    expect(accessFor('/api/console/stream')).toBe('signed-in');
    expect(accessFor('/api/tickets')).toBe('open-in-sandbox');
    expect(accessFor('/api/tickets/:no')).toBe('open-in-sandbox');
    expect(accessFor('/api/sandbox/clock')).toBe('open-in-sandbox');
    expect(accessFor('/api/ticketsx')).toBe('signed-in');
    expect(accessFor('/sandbox')).toBe('open-in-sandbox');
    expect(accessFor('/api')).toBe('signed-in');
  });
});
