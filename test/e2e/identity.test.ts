// Identity you can trust, end to end through the sandbox API (real Wechaty, the world's mock
// puppet), on SQLite and on MariaDB through the real migrations: power comes from ids bound in the
// database, never from a nickname or a group's name; enrolment in chat binds a new person who can
// then work tickets, and removal takes it all away at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMariaDb, skipMariaDb } from '../support/databases.js';
import { fromBot, startSandbox, type Sandbox } from '../support/sandbox-client.js';

const backends: Array<{ name: string; setup: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }> }> = [
  { name: 'sqlite', setup: async () => ({ env: {}, drop: async () => {} }) },
  ...(skipMariaDb
    ? []
    : [
        {
          name: 'mariadb',
          setup: async () => {
            const db = await createTestMariaDb();
            return { env: { DATABASE_URL: db.url }, drop: db.drop };
          },
        },
      ]),
];

const YG1 = 'yg-1@chatroom';
const YG2 = 'yg-2@chatroom';
const DUTY = 'yg-duty@chatroom';
const LEADERS = 'leaders@chatroom';

describe.each(backends)('identity on $name', ({ setup }) => {
  let sb: Sandbox;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await setup();
    drop = db.drop;
    sb = await startSandbox(db.env);
  });
  afterAll(async () => {
    await sb?.stop();
    await drop?.();
  });

  const privately = async (contactId: string, text: string): Promise<string> => {
    const before = (await sb.call('GET', `/api/sandbox/private/${contactId}/messages`)).json.cursor as string;
    const r = await sb.call('POST', `/api/sandbox/private/${contactId}/messages`, { text });
    expect(r.status).toBe(202);
    await sb.settle();
    const lines = (await sb.call('GET', `/api/sandbox/private/${contactId}/messages?after=${before}`)).json.messages as Array<{ from: string; text: string }>;
    return lines.filter((l) => l.from === 'linli-bot').map((l) => l.text).join('\n');
  };

  async function report(roomId: string, from: string, text: string): Promise<number> {
    await sb.say(roomId, from, text);
    await sb.settle();
    const ticket = (await sb.tickets()).find((t) => t.text.includes(text.slice(0, 8)));
    if (!ticket) throw new Error(`no ticket for "${text}"`);
    return ticket.no;
  }

  async function consoleSession(code: string): Promise<string> {
    const page = await fetch(`${sb.url}/console/login`);
    const loginCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await fetch(`${sb.url}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie, origin: sb.url },
      body: `_csrf=${encodeURIComponent(csrf)}&code=${code}`,
    });
    expect(res.status).toBe(303);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('linli_session='))!;
  }
  const me = (cookie: string) => fetch(`${sb.url}/api/console/me`, { headers: { cookie } }).then((r) => r.status);

  it("gives a resident who renames themselves to a leader's or staff member's name no code and no staff power", async () => {
    const no = await report(YG1, 'yg-chenjie', '3号楼单元门门禁坏了，门一直关不上');
    expect((await sb.call('POST', '/api/sandbox/people/yg-laozhou', { name: '赵书记' })).status).toBe(200);
    expect(await privately('yg-laozhou', '登录')).toContain('控制台只对值班人员和领导开放');
    expect((await sb.call('POST', '/api/sandbox/people/yg-laozhou', { name: '张网格员' })).status).toBe(200);
    expect(await privately('yg-laozhou', '登录')).not.toMatch(/登录码：\d{6}/);
    // Even sitting in the duty group under that name.
    expect((await sb.call('POST', `/api/sandbox/rooms/${DUTY}/members`, { id: 'yg-laozhou' })).status).toBe(200);
    await sb.heard(DUTY);
    await sb.say(DUTY, 'yg-laozhou', `认领 ${no}`);
    await sb.say(DUTY, 'yg-laozhou', `作废 ${no} 不要了`);
    await sb.settle();
    expect((await sb.ticket(no)).status).toBe('new');
    expect((await sb.ticket(no)).events.map((e) => e.type)).toEqual(['created']);
    for (const line of fromBot(sb, await sb.heard(DUTY))) expect(line.text).toMatch(/只有值班人员/);
    const rooms = (await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms;
    expect(rooms.find((r) => r.id === DUTY)!.members.find((m) => m.id === 'yg-laozhou')).toMatchObject({ name: '张网格员', role: 'resident' });
  });

  it('keeps a resident group renamed to the duty group’s topic a resident group, its members without staff power', async () => {
    expect((await sb.call('POST', `/api/sandbox/rooms/${YG2}`, { topic: '阳光花园值班群' })).status).toBe(200);
    await sb.settle();
    const rooms = (await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms;
    expect(rooms.find((r) => r.id === YG2)).toMatchObject({ topic: '阳光花园值班群', kind: 'resident', community: 'yangguang' });
    const no = await report(YG2, 'yg-qianwei', '5号楼楼道灯坏了好几天，晚上看不见路');
    // Its report went to the real duty group, as any resident group's does.
    expect((await sb.heard(DUTY)).some((l) => l.text.includes(`#${no}`))).toBe(true);
    await sb.heard(YG2);
    await sb.say(YG2, 'yg-zhoufang', `认领 ${no}`);
    await sb.settle();
    expect((await sb.ticket(no)).status).toBe('new');
    expect(fromBot(sb, await sb.heard(YG2)).map((l) => l.text).join('\n')).toMatch(/只有值班人员/);
    // Renaming a resident group is not news; renaming the duty group is, to the leaders.
    await sb.heard(LEADERS);
    expect((await sb.call('POST', `/api/sandbox/rooms/${DUTY}`, { topic: '聊天群' })).status).toBe(200);
    // The rename reaches the bot as a room-topic event (not a message): wait for its report.
    const told: string[] = [];
    await expect
      .poll(async () => {
        await sb.settle();
        told.push(...fromBot(sb, await sb.heard(LEADERS)).map((l) => l.text));
        return told.join('\n');
      })
      .toMatch(/改名为「聊天群」。绑定不变/);
    expect(((await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms).find((r) => r.id === DUTY)).toMatchObject({ kind: 'duty' });
  });

  it('gives a new group named like the leaders group no alert and no digest', async () => {
    const created = await sb.call('POST', '/api/sandbox/rooms', { topic: '示范街道领导群', members: ['hp-heqiang', 'hp-guojie'] });
    expect(created.status).toBe(201);
    const fake = created.json.id as string;
    await sb.settle();
    const view = ((await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms).find((r) => r.id === fake)!;
    expect(view).toMatchObject({ kind: null, community: null });
    await sb.heard(LEADERS);
    await sb.heard(fake);
    const urgent = await report(YG1, 'yg-wangayi', '5栋楼道里煤气味很重！！快来人');
    expect((await sb.ticket(urgent)).urgency).toBe('urgent');
    expect(fromBot(sb, await sb.heard(LEADERS)).some((l) => l.text.includes(`#${urgent}`))).toBe(true);
    await sb.say(fake, 'hp-heqiang', '日报');
    await sb.settle();
    await sb.advance(24 * 60); // past the nightly digest
    expect(fromBot(sb, await sb.heard(LEADERS)).some((l) => /日报/.test(l.text))).toBe(true);
    expect(fromBot(sb, await sb.heard(fake))).toEqual([]);
  });

  it('邀请 → 加入 → the new person, added to the duty group, can 认领; after 移除 they cannot, and their console session is gone', async () => {
    await sb.heard(LEADERS);
    await sb.say(LEADERS, 'leader-zhao', '邀请 工作人员 阳光花园 吴网格员');
    await sb.settle();
    const toLeaders = fromBot(sb, await sb.heard(LEADERS)).map((l) => l.text).join('\n');
    expect(toLeaders).toContain('邀请码私聊发给您');
    const dm = (await sb.call('GET', '/api/sandbox/private/leader-zhao/messages')).json.messages as Array<{ text: string }>;
    const code = /邀请码：(\d{6})/.exec(dm.map((m) => m.text).join('\n'))![1]!;
    expect(toLeaders).not.toContain(code);

    await sb.heard(DUTY);
    expect(await privately('yg-wuge', `加入 ${code}`)).toContain('欢迎，吴网格员');
    expect(fromBot(sb, await sb.heard(DUTY)).map((l) => l.text).join('\n')).toContain('吴网格员 已加入');
    expect(await privately('yg-fengda', `加入 ${code}`)).toContain('邀请码不对、已用过或已过期');

    expect((await sb.call('POST', `/api/sandbox/rooms/${DUTY}/members`, { id: 'yg-wuge' })).status).toBe(200);
    const first = await report(YG1, 'yg-liushu', '8栋1单元电梯又停在18楼不动了');
    await sb.say(DUTY, 'yg-wuge', `认领 ${first}`);
    await sb.settle();
    expect((await sb.ticket(first))).toMatchObject({ status: 'claimed', assignee: { id: 'yg-wuge', name: '吴网格员' } });

    const loginCode = /登录码：(\d{6})/.exec(await privately('yg-wuge', '登录'))![1]!;
    const cookie = await consoleSession(loginCode);
    expect(await me(cookie)).toBe(200);

    await sb.say(LEADERS, 'leader-zhao', '移除 吴网格员');
    await sb.settle();
    expect(fromBot(sb, await sb.heard(LEADERS)).map((l) => l.text).join('\n')).toContain('已移除 吴网格员');
    expect(await me(cookie)).toBe(401);
    const second = await report(YG1, 'yg-zhaoli', '小区东门垃圾桶满了好几天没人收');
    await sb.say(DUTY, 'yg-wuge', `认领 ${second}`);
    await sb.settle();
    expect((await sb.ticket(second)).status).toBe('new');
    expect(await privately('yg-wuge', '登录')).not.toMatch(/登录码：\d{6}/);
  });
});
