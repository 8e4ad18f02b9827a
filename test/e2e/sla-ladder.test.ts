// The SLA ladder end to end: tickets posted in the sandbox, the clock advanced through the API,
// and what the duty and leaders groups hear, in order and exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type ChatLine, type Sandbox } from '../support/sandbox-client.js';
import { advanceTo, localHhmm } from '../support/sandbox-time.js';

describe('SLA ladder in the sandbox', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => {
    await sb?.stop();
  });

  const about = (no: number, lines: ChatLine[], tag: string) => lines.filter((l) => l.text.includes(tag) && l.text.includes(`#${no}`));

  async function report(text: string, community = 'yangguang', index = 0): Promise<number> {
    const group = sb.room('resident', 0, community);
    const resident = sb.member(group, 'resident', index);
    const before = new Set((await sb.tickets()).map((t) => t.no));
    await sb.say(group.id, resident.id, text);
    await sb.settle();
    const created = (await sb.tickets()).filter((t) => !before.has(t.no));
    expect(created).toHaveLength(1);
    return created[0]!.no;
  }

  it('re-announces an unclaimed ticket at 75%, marks it overdue, then escalates — each once, in order', async () => {
    const duty = sb.room('duty', 0, 'yangguang');
    const leaders = sb.room('leaders');
    await advanceTo(sb, '09:00');
    const no = await report('8栋1单元电梯又停在18楼不动了，按了半天没反应，能派人看看吗');
    const ticket = await sb.ticket(no);
    expect(ticket).toMatchObject({ status: 'new', urgency: 'normal' });
    expect(Date.parse(ticket.claimDueAt) - Date.parse(ticket.createdAt)).toBe(120 * 60_000);
    await sb.heard(duty.id);
    await sb.heard(leaders.id);

    await sb.advance(89);
    expect(about(no, await sb.heard(duty.id), '待签收提醒')).toEqual([]);
    await sb.advance(1); // 90 of 120 minutes
    const warned = about(no, await sb.heard(duty.id), '待签收提醒');
    expect(warned).toHaveLength(1);
    expect(warned[0]!.text).toContain(`认领 ${no}`);

    await sb.advance(29);
    expect(about(no, await sb.heard(duty.id), '签收超时')).toEqual([]);
    await sb.advance(1); // the claim deadline
    const overdue = await sb.heard(duty.id);
    expect(about(no, overdue, '签收超时')).toHaveLength(1);
    expect(about(no, overdue, '签收超时')[0]!.text).toMatch(/@张网格员.*@物业小陈|@物业小陈.*@张网格员/);
    expect(about(no, overdue, '待签收提醒')).toEqual([]);

    await sb.advance(59);
    expect(about(no, await sb.heard(leaders.id), '【督办】')).toEqual([]);
    await sb.advance(1); // overdue by half the claim time
    const escalated = about(no, await sb.heard(leaders.id), '【督办】');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.text).toContain('无人签收');
    expect(escalated[0]!.text).toContain('阳光花园');
    expect(about(no, await sb.heard(duty.id), '已报领导督办')).toHaveLength(1);

    // Nothing is said twice, however much time passes.
    await sb.advance(10);
    await sb.advance(26 * 60);
    expect(about(no, await sb.heard(duty.id), '【')).toEqual([]);
    expect(about(no, await sb.heard(leaders.id), '【督办】')).toEqual([]);
    const events = (await sb.ticket(no)).events.filter((e) => e.type === 'reminded' || e.type === 'escalated');
    expect(events.map((e) => e.type)).toEqual(['reminded', 'reminded', 'escalated']);
    expect(events.map((e) => /\[(\w+)\]/.exec(e.note ?? '')?.[1])).toEqual(['claim_warn', 'claim_overdue', 'claim_escalate']);
  });

  it('sends every step that fell due during one big jump, once each and in order', async () => {
    const duty = sb.room('duty', 0, 'hepingli');
    const leaders = sb.room('leaders');
    await advanceTo(sb, '10:00');
    const no = await report('小区门口路灯坏了好几天了，晚上黑漆漆的', 'hepingli');
    await sb.heard(duty.id);
    await sb.heard(leaders.id);
    await sb.advance(200);
    const said = about(no, await sb.heard(duty.id), '【');
    expect(said.map((l) => (l.text.includes('待签收提醒') ? 'warn' : l.text.includes('签收超时') ? 'overdue' : 'other'))).toEqual(['warn', 'overdue']);
    expect(about(no, await sb.heard(leaders.id), '【督办】')).toHaveLength(1);
    await sb.advance(60);
    expect(about(no, await sb.heard(duty.id), '【')).toEqual([]);
    expect(about(no, await sb.heard(leaders.id), '【督办】')).toEqual([]);
  });

  it('reminds the assignee of a claimed ticket before its deadline and chases it (催办) once overdue', async () => {
    const duty = sb.room('duty', 0, 'yangguang');
    const staff = sb.member(duty, 'staff', 1);
    await advanceTo(sb, '12:00');
    const no = await report('3号楼楼顶漏水，天花板一直往下滴', 'yangguang', 2);
    await sb.say(duty.id, staff.id, `认领 ${no}`);
    await sb.settle();
    const ticket = await sb.ticket(no);
    expect(ticket.assignee?.id).toBe(staff.id);
    const allowed = Date.parse(ticket.dueAt) - Date.parse(ticket.createdAt);
    expect(allowed).toBe(72 * 3_600_000);
    await sb.heard(duty.id);

    await sb.advance(54 * 60 - 1);
    expect(about(no, await sb.heard(duty.id), '办结提醒')).toEqual([]);
    await sb.advance(1); // 75% of 72 hours: 18:00, outside quiet hours
    const reminded = about(no, await sb.heard(duty.id), '办结提醒');
    expect(reminded).toHaveLength(1);
    expect(reminded[0]!.text).toContain(`@${staff.name}`);

    await sb.advance(18 * 60 - 1);
    expect(about(no, await sb.heard(duty.id), '【催办】')).toEqual([]);
    await sb.advance(1); // the resolve deadline
    const chased = about(no, await sb.heard(duty.id), '【催办】');
    expect(chased).toHaveLength(1);
    expect(chased[0]!.text).toContain(`@${staff.name}`);
    await sb.advance(60);
    expect(about(no, await sb.heard(duty.id), '【催办】')).toEqual([]);
    const types = (await sb.ticket(no)).events.map((e) => e.type);
    expect(types.filter((t) => t === 'reminded')).toHaveLength(2);
  });

  it('starts the ladder afresh when a ticket is returned (退回 restarts its deadlines)', async () => {
    const duty = sb.room('duty', 0, 'yangguang');
    const staff = sb.member(duty, 'staff', 0);
    await advanceTo(sb, '09:00');
    const no = await report('4号楼单元门的门禁坏了，关不上', 'yangguang', 3);
    await sb.advance(100); // the 75% reminder went out
    expect(about(no, await sb.heard(duty.id), '待签收提醒')).toHaveLength(1);
    await sb.say(duty.id, staff.id, `认领 ${no}`);
    await sb.settle();
    await sb.advance(60);
    await sb.say(duty.id, staff.id, `退回 ${no} 这是物业公司的事，请转物业`);
    await sb.settle();
    const returned = await sb.ticket(no);
    expect(returned.status).toBe('new');
    const returnedAt = Date.parse(returned.events.at(-1)!.at);
    expect(Date.parse(returned.claimDueAt)).toBe(returnedAt + 120 * 60_000);
    await sb.heard(duty.id);
    await sb.advance(89);
    expect(about(no, await sb.heard(duty.id), '待签收提醒')).toEqual([]);
    await sb.advance(1); // 75% of the new claim time
    expect(about(no, await sb.heard(duty.id), '待签收提醒')).toHaveLength(1);
  });

  it('holds a non-urgent reminder through quiet hours until 07:00, but not an urgent one', async () => {
    const duty = sb.room('duty', 0, 'hepingli');
    const leaders = sb.room('leaders');
    await advanceTo(sb, '20:40');
    const no = await report('楼下垃圾桶满了好几天没人清运，味道很大', 'hepingli', 1);
    await sb.heard(duty.id);
    await sb.advance(90); // 22:10: 75% of the claim time, inside quiet hours
    expect(about(no, await sb.heard(duty.id), '【')).toEqual([]);

    // An urgent ticket in the night is chased at once.
    await advanceTo(sb, '23:00');
    const urgent = await report('电梯困人了！我妈被困在电梯里出不来了，快来人', 'hepingli', 2);
    expect((await sb.ticket(urgent)).urgency).toBe('urgent');
    await sb.heard(leaders.id);
    await sb.advance(5);
    expect(about(urgent, await sb.heard(leaders.id), '【督办】')).toHaveLength(1);

    await advanceTo(sb, '06:59');
    expect(about(no, await sb.heard(duty.id), '【')).toEqual([]);
    expect(about(no, await sb.heard(leaders.id), '【督办】')).toEqual([]);
    await sb.advance(1);
    const morning = about(no, await sb.heard(duty.id), '【');
    expect(morning.map((l) => (l.text.includes('待签收提醒') ? 'warn' : l.text.includes('签收超时') ? 'overdue' : 'other'))).toEqual(['warn', 'overdue']);
    for (const line of morning) expect(localHhmm(line.at)).toBe('07:00');
    const escalated = about(no, await sb.heard(leaders.id), '【督办】');
    expect(escalated).toHaveLength(1);
    expect(localHhmm(escalated[0]!.at)).toBe('07:00');
  });
});
