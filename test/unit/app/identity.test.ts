// Identity through the pipeline's own MessageContext on the in-memory store: roles come from the
// binding of a contact id, never a name; enrolment (邀请 → 加入 → 移除) and group binding (绑定 /
// 解绑) are units of work with their audit; config seeding applies each entry once.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/app-context.js';
import { handleDutyMessage } from '../../../src/app/duty-room.js';
import { handleEnrollmentCommand, hashInvitationCode, joinHandler, JoinAttempts } from '../../../src/app/enrollment.js';
import { handleGroupBindingCommand, observeGroup } from '../../../src/app/group-binding.js';
import { seedIdentityFromConfig } from '../../../src/app/identity-seed.js';
import { handleLeadersMessage } from '../../../src/app/leaders-room.js';
import { handleResidentMessage } from '../../../src/app/intake.js';
import { privateChatHandler } from '../../../src/app/console-login.js';
import { firstOf } from '../../../src/app/pipeline/first-of.js';
import type { Routes } from '../../../src/app/pipeline/message-router.js';
import { SECRET_REDACTED } from '../../../src/app/ports/outbox.js';
import { createMemoryStore, type MemoryStore } from '../../support/fakes/memory-store.js';
import { aMessage, openTicket, tableClassifier } from '../../support/builders.js';
import { TestClock, handleMessage, testContext } from '../../support/test-context.js';

const T0 = new Date('2026-11-23T02:00:00Z');
const LEADERS = 'leaders@chatroom';
const DUTY = 'yg-duty@chatroom';
const YG1 = 'yg-1@chatroom';
const zhao = { id: 'leader-zhao', name: '赵书记' };
const zhang = { id: 'yg-staff-zhang', name: '张网格员' };
const chenjie = { id: 'yg-chenjie', name: '陈姐' };
const newcomer = { id: 'wxid_newcomer', name: '小刘' };

let memory: MemoryStore;
let clock: TestClock;
let app: AppContext;
let remarks: Array<[string, string]>;
let routes: Partial<Routes>;
let seq = 0;

beforeEach(async () => {
  memory = createMemoryStore();
  clock = new TestClock(T0);
  app = await testContext(memory, clock, undefined, { classifier: tableClassifier({ 电梯: { isRequest: true, requestConfidence: 0.99, category: 'property', categoryConfidence: 0.9 } }) });
  remarks = [];
  routes = {
    resident: handleResidentMessage,
    duty: handleDutyMessage,
    leaders: firstOf([handleEnrollmentCommand], handleLeadersMessage),
    private: firstOf(
      [joinHandler({ attempts: new JoinAttempts(() => clock.now().getTime()), setRemark: async (id, remark) => void remarks.push([id, remark]) })],
      privateChatHandler({ loginUrl: () => null }),
    ),
    binding: handleGroupBindingCommand,
  };
});

function say(from: { id: string; name: string }, roomId: string, text: string, extra: Parameters<typeof aMessage>[0] = {}) {
  clock.advance(1 / 60);
  return handleMessage(app, aMessage({ id: `m-${++seq}`, roomId, senderId: from.id, senderName: from.name, text, at: clock.now(), ...extra }), routes);
}
const said = (roomId: string) => memory.state.outbox.filter((o) => o.item.roomId === roomId).map((o) => o.item.text);
const lastSaid = (roomId: string) => said(roomId).at(-1) ?? '';

/** A leader invites; returns the code the bot sent them privately. */
async function invite(text: string, by = zhao): Promise<string> {
  await say(by, LEADERS, text);
  const code = /邀请码：(\d{6})/.exec(lastSaid(`dm:${by.id}`))?.[1];
  if (!code) throw new Error(`no code for "${text}": ${said(LEADERS).at(-1)}`);
  return code;
}

describe('power from ids, never from names', () => {
  it("gives a resident who calls themselves a staff member's name no staff power, and no console code", async () => {
    const ticket = await openTicket(app, { createdAt: T0 });
    const impostor = { id: 'yg-laozhou', name: zhang.name };
    expect(await say(impostor, DUTY, `认领 ${ticket.no}`)).toMatchObject({ outcome: 'refused_not_staff' });
    expect((await memory.tickets.get(ticket.no))!.status).toBe('new');
    expect(await say({ id: 'yg-laozhou', name: zhao.name }, 'dm:yg-laozhou', '登录')).toMatchObject({ outcome: 'login_refused' });
    expect(await say({ id: 'yg-laozhou', name: zhao.name }, LEADERS, '日报')).toMatchObject({ outcome: 'refused_not_leader' });
  });

  it('calls a bound person by their bound name, whatever their nickname says', async () => {
    const ticket = await openTicket(app, { createdAt: T0 });
    await say({ id: zhang.id, name: '赵书记' }, DUTY, `认领 ${ticket.no}`);
    expect((await memory.tickets.get(ticket.no))!.assignee).toEqual(zhang);
  });

});

describe('enrolment: 邀请 → 加入 → 移除', () => {
  it('binds the invitee by contact id in one unit of work, tells the duty group, and lets them claim', async () => {
    const code = await invite('邀请 工作人员 阳光花园 小刘');
    // The code went privately to the inviter only, marked secret; the group hears no code.
    const dm = memory.state.outbox.find((o) => o.item.roomId === `dm:${zhao.id}`)!;
    expect(dm.item.secret).toBe(true);
    expect(said(LEADERS).join('\n')).not.toContain(code);
    expect(lastSaid(LEADERS)).toContain('已把 小刘（工作人员·阳光花园）的邀请码私聊发给您');
    expect(memory.state.invitations[0]!.codeHash).toBe(hashInvitationCode(code));

    const ticket = await openTicket(app, { createdAt: T0 });
    expect(await say(newcomer, DUTY, `认领 ${ticket.no}`)).toMatchObject({ outcome: 'refused_not_staff' });
    expect(await say({ id: newcomer.id, name: '刘的微信昵称' }, `dm:${newcomer.id}`, `加入 ${code}`)).toMatchObject({ outcome: 'joined' });
    expect(lastSaid(`dm:${newcomer.id}`)).toContain('欢迎，小刘');
    expect(lastSaid(DUTY)).toContain('小刘 已加入，身份：工作人员·阳光花园（赵书记 邀请）');
    expect(memory.state.people.get(newcomer.id)).toMatchObject({ name: '小刘', role: 'staff', communities: ['yangguang'], boundBy: zhao });
    expect(remarks).toEqual([[newcomer.id, memory.state.people.get(newcomer.id)!.remark]]);
    expect(memory.state.audit.slice(-2).map((a) => [a.action, a.actor.id, a.subject.name])).toEqual([
      ['invitation_created', zhao.id, '小刘'],
      ['person_bound', newcomer.id, '小刘'],
    ]);

    expect(await say(newcomer, DUTY, `认领 ${ticket.no}`)).toMatchObject({ outcome: 'command_claim' });
    expect((await memory.tickets.get(ticket.no))!.assignee).toEqual({ id: newcomer.id, name: '小刘' });

    // Single use.
    expect(await say({ id: 'wxid_other', name: '别人' }, 'dm:wxid_other', `加入 ${code}`)).toMatchObject({ outcome: 'join_refused' });
  });

  it('removes at once: no more staff commands, console sessions and login codes ended, audited', async () => {
    const code = await invite('邀请 网格员 阳光花园 小刘');
    await say(newcomer, `dm:${newcomer.id}`, `加入 ${code}`);
    await say(newcomer, `dm:${newcomer.id}`, '登录');
    expect(lastSaid(`dm:${newcomer.id}`)).toMatch(/登录码：\d{6}/);
    await memory.consoleAuth.createSession({
      personId: newcomer.id,
      personName: '小刘',
      role: 'staff',
      communities: ['yangguang'],
      idHash: 's'.repeat(64),
      csrfToken: 'c',
      method: 'code',
      ip: null,
      userAgent: null,
      createdAt: T0,
      expiresAt: new Date(T0.getTime() + 3600_000),
      lastSeenAt: T0,
      revokedAt: null,
    });

    expect(await say(zhao, LEADERS, '移除 小刘')).toMatchObject({ outcome: 'removed' });
    expect(lastSaid(LEADERS)).toBe('已移除 小刘（工作人员·阳光花园），其控制台登录已失效。');
    expect(lastSaid(DUTY)).toBe('小刘 已不再是本群的值班人员。');
    expect(memory.state.people.has(newcomer.id)).toBe(false);
    expect(memory.state.sessions.get('s'.repeat(64))!.revokedAt).not.toBeNull();
    expect(memory.state.loginCodes.every((c) => c.usedAt !== null)).toBe(true);
    expect(memory.state.audit.at(-1)).toMatchObject({ action: 'person_removed', actor: zhao, subject: { id: newcomer.id } });

    const ticket = await openTicket(app, { createdAt: T0 });
    expect(await say(newcomer, DUTY, `认领 ${ticket.no}`)).toMatchObject({ outcome: 'refused_not_staff' });
    expect(await say(newcomer, `dm:${newcomer.id}`, '登录')).toMatchObject({ outcome: 'login_refused' });
  });

  it('lets nobody grant beyond their own reach, and staff not at all', async () => {
    expect(await say(zhang, LEADERS, '邀请 工作人员 阳光花园 小刘')).toMatchObject({ outcome: 'refused_not_leader' });
    expect(await say(chenjie, LEADERS, '移除 张网格员')).toMatchObject({ outcome: 'refused_not_leader' });
    // A leader of one community cannot make a district-wide one.
    const communityLeader = { id: 'wxid_yg_leader', name: '阳光花园书记' };
    const code = await invite('邀请 领导 阳光花园 阳光花园书记');
    await say(communityLeader, `dm:${communityLeader.id}`, `加入 ${code}`);
    expect(await say(communityLeader, LEADERS, '邀请 领导 全部 某人')).toMatchObject({ outcome: 'refused_not_allowed' });
    expect(await say(communityLeader, LEADERS, '邀请 工作人员 和平里 某人')).toMatchObject({ outcome: 'refused_not_allowed' });
    expect(await say(communityLeader, LEADERS, '移除 赵书记')).toMatchObject({ outcome: 'refused_not_allowed' });
    expect(await say(zhao, LEADERS, '邀请 工作人员 不存在小区 某人')).toMatchObject({ outcome: 'refused_unknown_community' });
    expect(await say(zhao, LEADERS, '邀请 工作人员')).toMatchObject({ outcome: 'usage' });
  });

  it('refuses wrong codes, and stops listening to a contact after five in an hour', async () => {
    const code = await invite('邀请 工作人员 阳光花园 小刘');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect(await say(newcomer, `dm:${newcomer.id}`, `加入 ${wrong}`)).toMatchObject({ outcome: 'join_refused' });
    expect(await say(newcomer, `dm:${newcomer.id}`, `加入 ${code}`)).toMatchObject({ outcome: 'join_refused_too_often' });
    clock.advance(61);
    expect(await say(newcomer, `dm:${newcomer.id}`, `加入 ${code}`)).toMatchObject({ outcome: 'joined' });
  });

  it('lets an invitation expire after 24 hours', async () => {
    const code = await invite('邀请 工作人员 阳光花园 小刘');
    clock.advance(24 * 60 + 1);
    expect(await say(newcomer, `dm:${newcomer.id}`, `加入 ${code}`)).toMatchObject({ outcome: 'join_refused' });
  });

  it('blanks the code in the outbox once it was sent', async () => {
    const code = await invite('邀请 工作人员 阳光花园 小刘');
    const item = memory.state.outbox.find((o) => o.item.roomId === `dm:${zhao.id}`)!;
    await memory.outbox.markSent(item.item.id, clock.now());
    expect(memory.state.outbox.find((o) => o.item.id === item.item.id)!.item.text).toBe(SECRET_REDACTED);
    expect(JSON.stringify(memory.state.outbox)).not.toContain(code);
  });
});

describe('groups bound by room id', () => {
  const newGroup = 'new-group@chatroom';

  it('ignores an unbound group but answers 绑定, and binds it for a leader only', async () => {
    await observeGroup(app, { id: newGroup, topic: '阳光花园邻里牵手3群' }, null);
    expect(app.directory.room(newGroup)).toBeUndefined();
    expect(app.directory.unboundRooms().map((r) => r.id)).toContain(newGroup);
    expect(app.directory.proposedCommunity('阳光花园邻里牵手3群')).toBeNull(); // the sandbox district has no patterns

    expect(await say(chenjie, newGroup, '电梯坏了')).toMatchObject({ outcome: 'not_a_linli_group' });
    expect(await say(chenjie, newGroup, '绑定 阳光花园 居民群')).toMatchObject({ outcome: 'refused_bind_not_leader' });
    expect(lastSaid(newGroup)).toContain('只有领导或管理员可以绑定群');
    expect(await say(zhao, newGroup, '绑定 阳光花园 居民群')).toMatchObject({ outcome: 'group_bound' });
    expect(lastSaid(newGroup)).toBe('本群已绑定为阳光花园居民群。');
    expect(app.directory.room(newGroup)).toMatchObject({ kind: 'resident', community: 'yangguang' });
    expect(await say(chenjie, newGroup, '8栋电梯坏了')).toMatchObject({ outcome: 'ticket' });

    expect(await say(zhao, newGroup, '解绑')).toMatchObject({ outcome: 'group_unbound' });
    expect(app.directory.room(newGroup)).toBeUndefined();
    expect(memory.state.audit.slice(-2).map((a) => a.action)).toEqual(['group_bound', 'group_unbound']);
  });

  it('moves the duty role to a newly bound duty group; the old one is told and unbound', async () => {
    await observeGroup(app, { id: newGroup, topic: '阳光花园新值班群' }, null);
    await say(zhao, newGroup, '绑定 阳光花园 值班群');
    expect(app.directory.dutyRoomFor('yangguang')).toBe(newGroup);
    expect(app.directory.room(DUTY)).toBeUndefined();
    expect(lastSaid(DUTY)).toContain('本群已不再是阳光花园值班群');
    expect(lastSaid(LEADERS)).toContain('「阳光花园新值班群」已由 赵书记 绑定为阳光花园值班群');
  });

  it('keeps a renamed group what it was; a renamed duty group is reported to the leaders', async () => {
    await observeGroup(app, { id: YG1, topic: '阳光花园邻里牵手1群' }, null);
    await observeGroup(app, { id: YG1, topic: '阳光花园值班群' }, { id: 'yg-chenjie', name: '陈姐' });
    expect(app.directory.room(YG1)).toMatchObject({ kind: 'resident', community: 'yangguang', topic: '阳光花园值班群' });
    expect(said(LEADERS)).toEqual([]);
    await observeGroup(app, { id: DUTY, topic: '阳光花园值班群' }, null);
    await observeGroup(app, { id: DUTY, topic: '随便聊聊' }, { id: 'yg-staff-chen', name: '物业小陈' });
    expect(app.directory.room(DUTY)).toMatchObject({ kind: 'duty', community: 'yangguang' });
    expect(lastSaid(LEADERS)).toContain('阳光花园值班群「阳光花园值班群」被 物业小陈 改名为「随便聊聊」');
    expect(memory.state.audit.filter((a) => a.action === 'group_renamed')).toHaveLength(2);
  });
});

describe('the config seeds bindings once per change', () => {
  it('applies an entry once; a removal in chat survives a restart; a deleted entry unbinds', async () => {
    expect(await seedIdentityFromConfig(app)).toBe(0); // testContext seeded it already
    await say(zhao, LEADERS, '移除 张网格员');
    expect(await seedIdentityFromConfig(app)).toBe(0);
    expect(memory.state.people.has(zhang.id)).toBe(false);

    app.config.district.staff = app.config.district.staff.map((s) =>
      s.id === zhang.id ? { ...s, communities: ['yangguang', 'hepingli'] } : s,
    );
    expect(await seedIdentityFromConfig(app)).toBe(1);
    expect(memory.state.people.get(zhang.id)).toMatchObject({ communities: ['yangguang', 'hepingli'] });

    app.config.district.staff = app.config.district.staff.filter((s) => s.id !== 'yg-staff-chen');
    expect(await seedIdentityFromConfig(app)).toBe(1);
    expect(memory.state.people.has('yg-staff-chen')).toBe(false);
    expect(memory.state.audit.at(-2)).toMatchObject({ action: 'person_removed', via: 'config', subject: { id: 'yg-staff-chen' } });
  });

  it('re-reads the bindings another process changed before the next message is judged', async () => {
    const other = await testContext(memory, clock);
    await say(zhao, LEADERS, '移除 张网格员');
    // `other` still has the old snapshot until its next message reads the revision.
    expect(other.directory.person(zhang.id)).toBeDefined();
    const ticket = await openTicket(other, { createdAt: T0 });
    clock.advance(1 / 60);
    const outcome = await handleMessage(other, aMessage({ id: 'm-other', roomId: DUTY, senderId: zhang.id, senderName: zhang.name, text: `认领 ${ticket.no}`, at: clock.now() }), routes);
    expect(outcome).toMatchObject({ outcome: 'refused_not_staff' });
  });
});
