// The whole life of a ticket, driven only through the sandbox API (real Wechaty + mock puppet),
// on SQLite and on MariaDB through the real migrations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, fromBot, type Sandbox } from '../support/sandbox-client.js';
import { createTestMariaDb } from '../support/databases.js';

const backends: Array<{ name: string; setup: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }> }> = [
  { name: 'sqlite', setup: async () => ({ env: {}, drop: async () => {} }) },
  {
    name: 'mariadb',
    setup: async () => {
      const db = await createTestMariaDb();
      return { env: { DATABASE_URL: db.url }, drop: db.drop };
    },
  },
];

describe.each(backends)('ticket lifecycle on $name', ({ setup }) => {
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

  it('report → ack + card → claim → progress → resolve → rating prompt → 满意 closes it', async () => {
    const group = sb.room('resident', 0, 'yangguang');
    const duty = sb.room('duty', 0, 'yangguang');
    const resident = sb.member(group, 'resident');
    const staff = sb.member(duty, 'staff');
    await sb.heard(group.id);
    await sb.heard(duty.id);

    await sb.say(group.id, resident.id, '8栋1单元电梯又停在18楼不动了，按了半天没反应，能派人看看吗');
    await sb.settle();
    const [ticket] = await sb.tickets();
    expect(ticket).toMatchObject({ status: 'new', category: 'property', urgency: 'normal', community: 'yangguang', groupId: group.id });
    expect(ticket.reporters).toEqual([{ id: resident.id, name: resident.name }]);

    const ack = fromBot(sb, await sb.heard(group.id));
    expect(ack).toHaveLength(1);
    expect(ack[0]!.text).toContain(`@${resident.name}`);
    expect(ack[0]!.text).toContain(`#${ticket.no}`);
    expect(ack[0]!.text).toContain('房产物业');
    const card = await sb.heard(duty.id);
    expect(card).toHaveLength(1);
    expect(card[0]!.text).toContain(`工单 #${ticket.no}`);
    expect(card[0]!.text).toContain(group.topic);
    expect(card[0]!.text).toContain(`认领 ${ticket.no}`);

    await sb.say(duty.id, staff.id, `认领 ${ticket.no}`);
    await sb.settle();
    expect((await sb.ticket(ticket.no)).status).toBe('claimed');
    expect((await sb.ticket(ticket.no)).assignee).toEqual({ id: staff.id, name: staff.name });
    const told = await sb.heard(group.id);
    expect(told.map((l) => l.text).join('\n')).toContain(staff.name);

    await sb.say(duty.id, staff.id, `进展 #${ticket.no} 维保师傅已到现场，预计半小时修好`);
    await sb.settle();
    expect((await sb.heard(group.id)).map((l) => l.text).join('\n')).toContain('维保师傅已到现场');

    await sb.say(duty.id, staff.id, `办结 ＃${String(ticket.no).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))} 已更换控制板，电梯恢复运行`);
    await sb.settle();
    const resolved = await sb.ticket(ticket.no);
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).not.toBeNull();
    const prompt = (await sb.heard(group.id)).map((l) => l.text).join('\n');
    expect(prompt).toContain('已办结');
    expect(prompt).toMatch(/满意/);

    await sb.say(group.id, resident.id, '满意');
    await sb.settle();
    const closed = await sb.ticket(ticket.no);
    expect(closed.status).toBe('closed');
    expect(closed.rating).toBe('satisfied');
    expect(closed.events.map((e) => e.type)).toEqual(['created', 'claimed', 'progress', 'resolved', 'rated', 'closed']);
    const times = closed.events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('claims by quoting the card, and 不满意 reopens the ticket for 重办', async () => {
    const group = sb.room('resident', 1, 'hepingli');
    const duty = sb.room('duty', 0, 'hepingli');
    const resident = sb.member(group, 'resident', 2);
    const staff = sb.member(duty, 'staff', 1);
    await sb.heard(duty.id);
    await sb.say(group.id, resident.id, '小区门口路灯坏了好几天了，晚上黑漆漆的');
    await sb.settle();
    const [card] = await sb.heard(duty.id);
    const no = Number(/#(\d+)/.exec(card!.text)![1]);
    const quoted = `「${card!.fromName}：${card!.text}」\n- - - - - - - - - - - - - - -\n我来`;
    await sb.say(duty.id, staff.id, quoted);
    await sb.settle();
    expect((await sb.ticket(no)).assignee?.id).toBe(staff.id);

    await sb.say(duty.id, staff.id, `办结 ${no} 已报市政修复`);
    await sb.settle();
    await sb.say(group.id, resident.id, '不满意');
    await sb.settle();
    const reopened = await sb.ticket(no);
    expect(reopened.status).toBe('claimed');
    expect(reopened.reopenCount).toBe(1);
    expect(reopened.rating).toBe('unsatisfied');
    expect(reopened.events.map((e) => e.type).slice(-2)).toEqual(['rated', 'reopened']);
  });

  it('makes no ticket and says nothing for chit-chat, stickers, red packets, thanks and notices', async () => {
    const group = sb.room('resident', 1, 'yangguang');
    const resident = sb.member(group, 'resident', 1);
    const staff = sb.member(group, 'staff');
    const before = (await sb.tickets()).length;
    await sb.heard(group.id);
    for (const text of ['早上好☀️', '[表情]', '[红包]', '谢谢物业，电梯修好了👍', '哈哈哈哈', '今天天气真不错']) {
      await sb.say(group.id, resident.id, text);
    }
    await sb.say(group.id, staff.id, '【温馨提示】明天上午9点到11点小区停水检修，请大家提前储水。');
    await sb.settle();
    expect(await sb.tickets()).toHaveLength(before);
    expect(fromBot(sb, await sb.heard(group.id))).toEqual([]);
  });

  it('makes one ticket and one acknowledgement when the same message is delivered twice', async () => {
    const group = sb.room('resident', 0, 'hepingli');
    const resident = sb.member(group, 'resident', 3);
    const before = (await sb.tickets()).length;
    await sb.heard(group.id);
    const id = await sb.say(group.id, resident.id, '3号楼楼道里堆了好多纸箱，堵住了消防通道');
    await sb.settle();
    await sb.say(group.id, resident.id, '3号楼楼道里堆了好多纸箱，堵住了消防通道', { id });
    await sb.settle();
    expect(await sb.tickets()).toHaveLength(before + 1);
    expect(fromBot(sb, await sb.heard(group.id))).toHaveLength(1);
  });
});
