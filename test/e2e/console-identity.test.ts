// The console's 人员 and 群 pages on the real server (Fastify inject) over the in-memory store: an
// admin invites, the invitee joins in chat, the admin changes and removes them (their sessions
// end), binds an unbound group; every change is audited and shown; staff cannot get in, and a
// community's leader manages only their own community.
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/app-context.js';
import { privateChatHandler } from '../../src/app/console-login.js';
import { joinHandler, JoinAttempts } from '../../src/app/enrollment.js';
import { observeGroup } from '../../src/app/group-binding.js';
import { firstOf } from '../../src/app/pipeline/first-of.js';
import { ChangeFeed } from '../../src/web/change-feed.js';
import { buildServer } from '../../src/web/server.js';
import { createMemoryStore, type MemoryStore } from '../support/fakes/memory-store.js';
import { aMessage } from '../support/builders.js';
import { TestClock, handleMessage, testContext } from '../support/test-context.js';

const TOKEN = 'test-console-token-0123456789';
const T0 = new Date('2026-11-23T02:00:00Z');

function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
  return Object.fromEntries(raw.map((c) => c.split(';')[0]!.split('=') as [string, string]).filter(([, v]) => v !== ''));
}

describe('the console’s people and groups pages', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let ctx: AppContext;
  let app: FastifyInstance;
  let seq = 0;
  const privateChat = () =>
    firstOf([joinHandler({ attempts: new JoinAttempts(() => Date.now()), setRemark: async () => {} })], privateChatHandler({ loginUrl: () => null }));

  async function chat(from: string, name: string, text: string) {
    clock.advance(1 / 60);
    return handleMessage(ctx, aMessage({ id: `pm-${++seq}`, roomId: `dm:${from}`, senderId: from, senderName: name, text, mentionsBot: true, at: clock.now() }), { private: privateChat() });
  }

  async function signIn(secret: string): Promise<{ cookies: Record<string, string>; csrf: string }> {
    const page = await app.inject({ method: 'GET', url: '/console/login' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: cookiesOf(page),
      payload: `_csrf=${encodeURIComponent(csrf)}&code=${encodeURIComponent(secret)}`,
    });
    const cookies = cookiesOf(res);
    const me = await app.inject({ method: 'GET', url: '/api/console/me', cookies });
    return { cookies, csrf: me.json().csrfToken };
  }

  async function codeFor(personId: string, name: string): Promise<string> {
    await chat(personId, name, '登录');
    const sent = store.state.outbox.filter((o) => o.item.roomId === `dm:${personId}`).at(-1)!;
    return /登录码：(\d{6})/.exec(sent.item.text)![1]!;
  }

  const post = (session: { cookies: Record<string, string>; csrf: string }, url: string, form: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf, ...form }).toString(),
    });

  beforeAll(async () => {
    store = createMemoryStore();
    clock = new TestClock(T0);
    ctx = await testContext(store, clock);
    app = buildServer({ store, log: pino({ level: 'silent' }), health: { ready: () => true }, sandbox: false, consoleToken: TOKEN, console: { ctx, changes: new ChangeFeed() } });
    await app.ready();
  });
  afterAll(async () => app.close());

  it('invites on the console, shows the code once, and lists the person once they joined in chat', async () => {
    const admin = await signIn(TOKEN);
    const res = await post(admin, '/console/people/invite', { name: '小刘', role: 'staff', community: 'yangguang' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const code = /data-testid="invitation-code">(\d{6})</.exec(res.body)![1]!;
    expect(await chat('wxid_xiaoliu', '刘某', `加入 ${code}`)).toMatchObject({ outcome: 'joined' });
    const page = await app.inject({ method: 'GET', url: '/console/people', cookies: admin.cookies });
    expect(page.body).toContain('wxid_xiaoliu');
    expect(page.body).not.toContain(code); // shown once only
    expect(page.body).toMatch(/发出邀请[\s\S]*小刘/);
    expect(store.state.audit.some((a) => a.action === 'invitation_created' && a.via === 'console' && a.actor.name === '管理员（令牌）')).toBe(true);
  });

  it('changes and removes a person: their console session ends, and both changes are audited', async () => {
    const admin = await signIn(TOKEN);
    const staff = await signIn(await codeFor('wxid_xiaoliu', '刘某'));
    expect((await app.inject({ method: 'GET', url: '/api/console/me', cookies: staff.cookies })).statusCode).toBe(200);

    const changed = await post(admin, '/console/people/actions', { id: 'wxid_xiaoliu', action: 'change', name: '刘网格员', role: 'staff', community: 'hepingli' });
    expect(changed.headers.location).toBe('/console/people?ok=changed');
    expect(ctx.directory.person('wxid_xiaoliu')).toMatchObject({ name: '刘网格员', communities: ['hepingli'] });
    expect((await app.inject({ method: 'GET', url: '/api/console/me', cookies: staff.cookies })).statusCode).toBe(401);

    const again = await signIn(await codeFor('wxid_xiaoliu', '刘某'));
    const removed = await post(admin, '/console/people/actions', { id: 'wxid_xiaoliu', action: 'remove' });
    expect(removed.headers.location).toBe('/console/people?ok=removed');
    expect(ctx.directory.person('wxid_xiaoliu')).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/api/console/me', cookies: again.cookies })).statusCode).toBe(401);
    const audit = (await app.inject({ method: 'GET', url: '/api/console/audit', cookies: admin.cookies })).json().entries;
    expect(audit.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['person_removed', 'person_changed']);
    const page = await app.inject({ method: 'GET', url: '/console/people?ok=removed', cookies: admin.cookies });
    expect(page.body).toContain('已移除，其控制台登录已失效。');
  });

  it('lists a group the bot sits in unbound, and binds it by id', async () => {
    const admin = await signIn(TOKEN);
    await observeGroup(ctx, { id: 'fresh@chatroom', topic: '阳光花园3号楼群' }, null);
    const page = await app.inject({ method: 'GET', url: '/console/groups', cookies: admin.cookies });
    expect(page.body).toMatch(/未绑定的群（1）[\s\S]*阳光花园3号楼群[\s\S]*fresh@chatroom/);
    const bound = await post(admin, '/console/groups/actions', { id: 'fresh@chatroom', action: 'bind', kind: 'resident', community: 'yangguang' });
    expect(bound.headers.location).toBe('/console/groups?ok=bound');
    expect(ctx.directory.room('fresh@chatroom')).toMatchObject({ kind: 'resident', community: 'yangguang' });
    expect(store.state.outbox.at(-1)!.item).toMatchObject({ roomId: 'fresh@chatroom', text: '本群已绑定为阳光花园居民群。' });
    const after = await app.inject({ method: 'GET', url: '/console/groups', cookies: admin.cookies });
    expect(after.body).toContain('未绑定的群（0）');
    expect(after.body).toMatch(/绑定群[\s\S]*阳光花园3号楼群/);
  });

  it('keeps staff out, and a community’s leader within their community', async () => {
    const staff = await signIn(await codeFor('yg-staff-zhang', '张网格员'));
    expect((await app.inject({ method: 'GET', url: '/console/people', cookies: staff.cookies })).statusCode).toBe(403);
    expect((await post(staff, '/console/people/invite', { name: 'x', role: 'admin', community: '' })).statusCode).toBe(403);

    const admin = await signIn(TOKEN);
    const res = await post(admin, '/console/people/invite', { name: '阳光书记', role: 'leader', community: 'yangguang' });
    const code = /data-testid="invitation-code">(\d{6})</.exec(res.body)![1]!;
    await chat('wxid_yg_leader', '书记', `加入 ${code}`);
    const leader = await signIn(await codeFor('wxid_yg_leader', '书记'));
    const page = await app.inject({ method: 'GET', url: '/console/people', cookies: leader.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="change-yg-staff-chen"'); // 阳光花园 staff: theirs
    expect(page.body).not.toContain('data-testid="change-hp-staff-li"'); // 和平里: not theirs
    expect(page.body).not.toContain('data-testid="change-leader-zhao"'); // a district leader: above them
    const refused = await post(leader, '/console/people/actions', { id: 'hp-staff-li', action: 'remove' });
    expect(refused.headers.location).toBe('/console/people?error=not_allowed');
    expect(ctx.directory.person('hp-staff-li')).toBeDefined();
    const tooHigh = await post(leader, '/console/people/invite', { name: '某人', role: 'leader', community: '' });
    expect(tooHigh.headers.location).toBe('/console/people?error=not_allowed');
  });
});
