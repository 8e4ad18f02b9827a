// The security review's web items, on the real server (Fastify inject) over the in-memory store:
// sign-in limited per address and per account with no global lockout of a valid code, failed
// bearer tokens limited and logged, the sandbox's routes for this machine only, protective headers
// on every page, and a flash box that shows fixed texts only.
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateChatHandler } from '../../src/app/console-login.js';
import type { AppContext } from '../../src/app/app-context.js';
import { ChangeFeed } from '../../src/web/change-feed.js';
import { buildServer } from '../../src/web/server.js';
import { createMemoryStore, type MemoryStore } from '../support/fakes/memory-store.js';
import { TestClock, handleMessage, testContext } from '../support/test-context.js';
import { aMessage, openTicket } from '../support/builders.js';

const TOKEN = 'test-console-token-0123456789';
const T0 = new Date('2026-11-23T02:00:00Z');

function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
  return Object.fromEntries(raw.map((c) => c.split(';')[0]!.split('=') as [string, string]).filter(([, v]) => v !== ''));
}

describe('web security', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let ctx: AppContext;
  let app: FastifyInstance;
  let sandboxApp: FastifyInstance;
  const logLines: string[] = [];
  let seq = 0;

  async function askForCode(personId: string, name: string): Promise<string | null> {
    clock.advance(1 / 60);
    const before = store.state.outbox.length;
    await handleMessage(
      ctx,
      aMessage({ id: `pm-${++seq}`, roomId: `dm:${personId}`, senderId: personId, senderName: name, text: '登录', mentionsBot: true, at: clock.now() }),
      { private: privateChatHandler({ loginUrl: () => null }) },
    );
    const sent = store.state.outbox.slice(before).find((o) => o.item.roomId === `dm:${personId}`);
    return sent ? (/登录码：(\d{6})/.exec(sent.item.text)?.[1] ?? null) : null;
  }

  async function signIn(code: string, ip: string): Promise<number> {
    const page = await app.inject({ method: 'GET', url: '/console/login', headers: { 'x-forwarded-for': ip } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
      cookies: cookiesOf(page),
      payload: `_csrf=${encodeURIComponent(csrf)}&code=${code}`,
    });
    return res.statusCode;
  }

  beforeAll(async () => {
    store = createMemoryStore();
    clock = new TestClock(T0);
    ctx = await testContext(store, clock);
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => void (logLines.push(String(chunk)), done()) }));
    const common = { store, log, health: { ready: () => true }, consoleToken: TOKEN };
    app = buildServer({ ...common, sandbox: false, console: { ctx, changes: new ChangeFeed() } });
    sandboxApp = buildServer({
      ...common,
      sandbox: true,
      routes: [(s: FastifyInstance) => void s.get('/api/sandbox/rooms', async () => [])],
    });
    await Promise.all([app.ready(), sandboxApp.ready()]);
  });

  afterAll(async () => {
    await Promise.all([app.close(), sandboxApp.close()]);
  });

  it('lets a valid code in after a flood of wrong ones from many addresses: no global lockout', async () => {
    const code = (await askForCode('yg-staff-chen', '物业小陈'))!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 120; i++) expect(await signIn(wrong, `10.9.${Math.floor(i / 200)}.${i % 200}`)).toBe(401);
    expect(await signIn(code, '10.8.0.1')).toBe(303);
  });

  it('stops one address after ten failures, even with a valid code', async () => {
    const code = (await askForCode('hp-staff-li', '李社工'))!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 10; i++) expect(await signIn(wrong, '10.7.0.1')).toBe(401);
    expect(await signIn(code, '10.7.0.1')).toBe(429);
    expect(await signIn(code, '10.7.0.2')).toBe(303);
  });

  it('limits how many codes one account is sent', async () => {
    const codes: Array<string | null> = [];
    for (let i = 0; i < 6; i++) codes.push(await askForCode('hp-staff-wang', '王网格员'));
    expect(codes.slice(0, 5).every((c) => c !== null)).toBe(true);
    expect(codes[5]).toBeNull();
    expect(store.state.outbox.at(-1)!.item.text).toContain('太频繁');
    clock.advance(16);
    expect(await askForCode('hp-staff-wang', '王网格员')).not.toBeNull();
  });

  it('limits and logs failed bearer tokens per address', async () => {
    const call = (token: string, ip: string) => app.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': ip } });
    for (let i = 0; i < 10; i++) expect((await call('wrong-token-000000000000', '10.6.0.1')).statusCode).toBe(401);
    expect((await call(TOKEN, '10.6.0.1')).statusCode).toBe(429);
    expect((await call(TOKEN, '10.6.0.2')).statusCode).toBe(200);
    expect(logLines.filter((l) => l.includes('bearer token refused')).length).toBeGreaterThanOrEqual(11);
    expect(logLines.join('')).not.toContain('wrong-token');
  });

  it('answers the sandbox routes only on this machine: the socket address, never X-Forwarded-For, and a loopback Host', async () => {
    expect((await sandboxApp.inject({ method: 'GET', url: '/api/sandbox/rooms', headers: { host: '127.0.0.1:8080' } })).statusCode).toBe(200);
    const forwarded = await sandboxApp.inject({ method: 'GET', url: '/api/sandbox/rooms', remoteAddress: '192.0.2.7', headers: { host: '127.0.0.1:8080', 'x-forwarded-for': '127.0.0.1' } });
    expect(forwarded.statusCode).toBe(403);
    const rebound = await sandboxApp.inject({ method: 'GET', url: '/api/sandbox/rooms', headers: { host: 'evil.example:8080' } });
    expect(rebound.statusCode).toBe(403);
    const tickets = await sandboxApp.inject({ method: 'GET', url: '/api/tickets', headers: { host: 'evil.example' } });
    expect(tickets.statusCode).toBe(403);
  });

  it('sends a content policy, no framing, no referrer to other sites and nosniff with every page', async () => {
    for (const url of ['/console/login', '/console/tickets', '/healthz']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('shows fixed texts only in the flash box: words in a link never reach the page', async () => {
    const ticket = await openTicket(ctx, { createdAt: clock.now() });
    const page = await app.inject({ method: 'GET', url: '/console/login' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const signedIn = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.5.0.1' },
      cookies: cookiesOf(page),
      payload: `_csrf=${encodeURIComponent(csrf)}&code=${TOKEN}`,
    });
    const cookies = cookiesOf(signedIn);
    const phishing = '系统升级，请把登录码发到 evil@example.com';
    const res = await app.inject({ method: 'GET', url: `/console/tickets/${ticket.no}?error=${encodeURIComponent(phishing)}`, cookies });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('evil@example.com');
    expect(res.body).not.toContain('系统升级');
  });
});
