// Staff commands beyond the happy path, refusals, urgent alerts and personal-data masking,
// through the sandbox API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, fromBot, type Sandbox } from '../support/sandbox-client.js';

const PHONE_SPELLINGS = ['138 1234 5678', '13812345678', '一三八一二三四五六七八', '1234 5678'];

describe('staff commands, refusals and privacy in the sandbox', () => {
  let sb: Sandbox;
  let logFile: string;
  beforeAll(async () => {
    sb = await startSandbox((dir) => {
      logFile = join(dir, 'linli.log');
      return { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', LOG_FILE: logFile };
    });
  });
  afterAll(async () => sb?.stop());

  async function report(communityIndex: number, text: string, residentIndex = 0) {
    const group = sb.room('resident', communityIndex, 'yangguang');
    const resident = sb.member(group, 'resident', residentIndex);
    await sb.say(group.id, resident.id, text);
    await sb.settle();
    const [latest] = await sb.tickets('?limit=1');
    return { group, resident, ticket: latest! };
  }

  it('never shows a phone number outside the resident group, nor in the logs', async () => {
    const duty = sb.room('duty', 0, 'yangguang');
    const leaders = sb.room('leaders');
    await sb.heard(duty.id);
    await sb.heard(leaders.id);
    const { group, ticket } = await report(0, '5栋楼道里煤气味很重！！我电话138 1234 5678，我老伴的一三八一二三四五六七八，快来人');
    expect(ticket.urgency).toBe('urgent');
    const outside = [...(await sb.heard(duty.id)), ...(await sb.heard(leaders.id))];
    expect(outside.length).toBeGreaterThanOrEqual(2); // the duty card and the leaders' alert
    for (const line of outside) for (const phone of PHONE_SPELLINGS) expect(line.text).not.toContain(phone);
    const apiText = (await sb.ticket(ticket.no)).text;
    for (const phone of PHONE_SPELLINGS) expect(apiText).not.toContain(phone);
    // The resident is told what to do right now.
    const ack = fromBot(sb, await sb.transcript(group.id)).at(-1)!;
    expect(ack.text).toContain(`#${ticket.no}`);
    expect(ack.text).toMatch(/燃气|119/);
    const logs = readFileSync(logFile, 'utf8');
    expect(logs.length).toBeGreaterThan(0);
    for (const phone of PHONE_SPELLINGS) expect(logs).not.toContain(phone);
  });

  it('answers malformed commands with one usage line and unknown numbers with 工单 N 不存在', async () => {
    const duty = sb.room('duty', 0, 'yangguang');
    const staff = sb.member(duty, 'staff');
    await sb.heard(duty.id);
    await sb.say(duty.id, staff.id, '认领');
    await sb.say(duty.id, staff.id, '合并 3');
    await sb.say(duty.id, staff.id, '认领 98765');
    await sb.settle();
    const replies = fromBot(sb, await sb.heard(duty.id)).map((l) => l.text);
    expect(replies).toHaveLength(3);
    expect(replies[0]).toMatch(/用法/);
    expect(replies[0]!.split('\n')).toHaveLength(1);
    expect(replies[1]).toMatch(/用法/);
    expect(replies[2]).toContain('工单 98765 不存在');
  });

  it('refuses staff commands from residents and changes nothing, and makes no ticket of them', async () => {
    const { group, resident, ticket } = await report(1, '小区东门垃圾桶满了好几天没人收，味道很大', 1);
    const before = (await sb.tickets()).length;
    await sb.heard(group.id);
    await sb.say(group.id, resident.id, `认领 ${ticket.no}`);
    await sb.say(group.id, resident.id, `作废 ${ticket.no} 不想要了`);
    await sb.settle();
    const after = await sb.ticket(ticket.no);
    expect(after.status).toBe('new');
    expect(after.events.map((e) => e.type)).toEqual(['created']);
    expect(await sb.tickets()).toHaveLength(before);
    // The same refusal twice in a row to one resident is said once (flood control, issue 13).
    const replies = fromBot(sb, await sb.heard(group.id));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/值班人员/);
  });

  it('works 退回, 转派, 查, 待办, 作废 and 合并 from the duty group', async () => {
    const duty = sb.room('duty', 0, 'yangguang');
    const [zhang, chen] = [sb.member(duty, 'staff', 0), sb.member(duty, 'staff', 1)];
    const a = (await report(0, '2号楼门口的路面塌了一个大坑，电动车差点摔了', 2)).ticket;
    const b = (await report(1, '北门外人行道的地砖松了好几块，老人走路容易崴脚', 2)).ticket;
    await sb.heard(duty.id);

    await sb.say(duty.id, zhang.id, `认领 ${a.no}`);
    await sb.say(duty.id, zhang.id, `退回 ${a.no} 不归我们片区`);
    await sb.settle();
    expect((await sb.ticket(a.no)).status).toBe('new');

    await sb.say(duty.id, zhang.id, `转派 ${a.no} @${chen.name}`);
    await sb.settle();
    expect((await sb.ticket(a.no)).assignee).toEqual({ id: chen.id, name: chen.name });

    await sb.say(duty.id, chen.id, `查 ${a.no}`);
    await sb.say(duty.id, chen.id, '待办');
    await sb.settle();
    const lines = fromBot(sb, await sb.heard(duty.id)).map((l) => l.text);
    expect(lines.some((l) => l.includes(`工单 #${a.no}`) && l.includes('处理中') && l.includes(chen.name))).toBe(true);
    const todo = lines.find((l) => l.startsWith(`@${chen.name}`) && l.includes('待办工单'))!;
    expect(todo).toContain(`#${a.no}`);
    expect(todo).toContain(`#${b.no}`);

    await sb.say(duty.id, chen.id, `合并 ${b.no} ${a.no}`);
    await sb.settle();
    const merged = await sb.ticket(b.no);
    const master = await sb.ticket(a.no);
    expect(merged.status).toBe('merged');
    expect(master.reporters.length).toBe(2);

    await sb.say(duty.id, chen.id, `作废 ${a.no} 重复上报，已由市政处理`);
    await sb.settle();
    expect((await sb.ticket(a.no)).status).toBe('rejected');
    await sb.say(duty.id, chen.id, `认领 ${a.no}`);
    await sb.settle();
    const refusal = fromBot(sb, await sb.heard(duty.id)).at(-1)!.text;
    expect(refusal).toContain(`#${a.no}`);
    expect(refusal).toContain('已作废');
    expect((await sb.ticket(a.no)).status).toBe('rejected');
  });
});
