// Conversation understanding through the sandbox: bursts, co-reports, cross-group duplicates,
// follow-ups and staff replies in resident groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, fromBot, type Sandbox } from '../support/sandbox-client.js';
import { advanceTo } from '../support/sandbox-time.js';

describe('conversation understanding in the sandbox', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => sb?.stop());

  it('turns a three-message burst with a photo into one ticket, one acknowledgement and a forwarded photo', async () => {
    const group = sb.room('resident', 0, 'yangguang');
    const duty = sb.room('duty', 0, 'yangguang');
    const resident = sb.member(group, 'resident', 0);
    const before = (await sb.tickets()).length;
    await sb.heard(group.id);
    await sb.heard(duty.id);
    await sb.say(group.id, resident.id, '7栋');
    await sb.say(group.id, resident.id, '电梯关人了 卡在5楼6楼中间');
    await sb.say(group.id, resident.id, '[图片]');
    await sb.settle();
    const tickets = await sb.tickets();
    expect(tickets).toHaveLength(before + 1);
    const t = await sb.call('GET', `/api/tickets/${tickets[0]!.no}`).then((r) => r.json);
    expect(t.category).toBe('property');
    expect(t.urgency).toBe('urgent');
    expect(t.text).toContain('7栋');
    expect(t.text).toContain('电梯关人了');
    expect(t.attachments).toHaveLength(1);
    const photo = await fetch(sb.url + t.attachments[0].url);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(fromBot(sb, await sb.heard(group.id)).filter((l) => l.text.includes(`#${t.no}`))).toHaveLength(1);
    const dutyLines = await sb.heard(duty.id);
    expect(dutyLines.some((l) => l.text.includes(`工单 #${t.no}`))).toBe(true);
    expect(dutyLines.some((l) => l.type === 'image')).toBe(true);
  });

  it('adds five co-reporters to one ticket, raises urgency, and tells every one of them on resolution', async () => {
    const group = sb.room('resident', 1, 'hepingli');
    const duty = sb.room('duty', 0, 'hepingli');
    const staff = sb.member(duty, 'staff');
    const residents = group.members.filter((m) => m.role === 'resident');
    const before = (await sb.tickets()).length;
    await sb.say(group.id, residents[0]!.id, '西区6号楼又停水了 一滴水都没有 什么时候来水啊');
    await sb.settle();
    const replies = ['+1', '我家也是', '我们楼也停了', '我家也没水', '同问'];
    for (let i = 1; i <= 4; i++) await sb.say(group.id, residents[i]!.id, replies[i - 1]!);
    await sb.settle();
    expect(await sb.tickets()).toHaveLength(before + 1);
    const [ticket] = await sb.tickets('?limit=1');
    expect(ticket!.reporters.map((r) => r.id).sort()).toEqual(residents.slice(0, 5).map((r) => r.id).sort());
    expect(ticket!.urgency).toBe('urgent');
    expect(ticket!.events.filter((e) => e.type === 'co_reported')).toHaveLength(4);

    await sb.heard(group.id);
    await sb.say(duty.id, staff.id, `办结 ${ticket!.no} 管道已抢修完毕，已恢复供水`);
    await sb.settle();
    const told = fromBot(sb, await sb.heard(group.id)).find((l) => l.text.includes('已办结'))!;
    for (const r of residents.slice(0, 5)) expect(told.text).toContain(`@${r.name}`);
    // Any of them may rate it.
    await sb.say(group.id, residents[3]!.id, '满意');
    await sb.settle();
    expect((await sb.ticket(ticket!.no)).status).toBe('closed');
  });

  it('links the same problem reported in two groups of one community and fans out updates to both', async () => {
    const [a, b] = [sb.room('resident', 0, 'hepingli'), sb.room('resident', 1, 'hepingli')];
    const duty = sb.room('duty', 0, 'hepingli');
    const staff = sb.member(duty, 'staff', 1);
    const ra = sb.member(a, 'resident', 1);
    const rb = sb.member(b, 'resident', 5);
    await sb.say(a.id, ra.id, '和平里东门外的路灯坏了一排，晚上走路黑漆漆的');
    await sb.settle();
    const [master] = await sb.tickets('?limit=1');
    await sb.heard(b.id);
    await sb.say(b.id, rb.id, '东门外那排路灯都坏了，晚上黑漆漆的看不见路');
    await sb.settle();
    const [linked] = await sb.tickets('?limit=1');
    expect(linked!.no).not.toBe(master!.no);
    expect(linked!.status).toBe('merged');
    expect((await sb.call('GET', `/api/tickets/${linked!.no}`)).json.mergedInto).toBe(master!.no);
    const masterNow = await sb.ticket(master!.no);
    expect(masterNow.reporters.map((r) => r.id)).toEqual([ra.id, rb.id]);
    expect(fromBot(sb, await sb.heard(b.id)).at(-1)!.text).toContain(`#${master!.no}`);

    await sb.heard(a.id);
    await sb.say(duty.id, staff.id, `认领 ${master!.no}`);
    await sb.settle();
    expect(fromBot(sb, await sb.heard(a.id)).some((l) => l.text.includes(`#${master!.no}`) && l.text.includes(`@${ra.name}`))).toBe(true);
    expect(fromBot(sb, await sb.heard(b.id)).some((l) => l.text.includes(`#${master!.no}`) && l.text.includes(`@${rb.name}`))).toBe(true);

    // A wrong link can be split back.
    await sb.say(duty.id, staff.id, `拆分 ${linked!.no}`);
    await sb.settle();
    expect((await sb.ticket(linked!.no)).status).toBe('new');
    expect((await sb.ticket(master!.no)).reporters.map((r) => r.id)).toEqual([ra.id]);
  });

  it('appends a follow-up to the open ticket and raises its urgency', async () => {
    const group = sb.room('resident', 1, 'yangguang');
    const duty = sb.room('duty', 0, 'yangguang');
    const resident = sb.member(group, 'resident', 4);
    await sb.say(group.id, resident.id, '楼上卫生间漏水渗到我家天花板了，好几天了也联系不上楼上');
    await sb.settle();
    const [ticket] = await sb.tickets('?limit=1');
    expect(ticket!.urgency).toBe('normal');
    const before = (await sb.tickets()).length;
    await sb.advance(10);
    await sb.heard(duty.id);
    await sb.say(group.id, resident.id, '现在水漫到客厅了 电线都泡了 快来人');
    await sb.settle();
    expect(await sb.tickets()).toHaveLength(before);
    const after = await sb.ticket(ticket!.no);
    expect(after.urgency).toBe('urgent');
    expect(after.text).toContain('水漫到客厅');
    expect(after.events.map((e) => e.type)).toContain('info_added');
    expect((await sb.heard(duty.id)).some((l) => l.text.includes(`工单 #${ticket!.no}`) && l.text.includes('补充'))).toBe(true);

    // Asking after it in plain words gets its status, not a new ticket.
    await sb.heard(group.id);
    await sb.say(group.id, resident.id, '我那个事怎么样了 有人管吗');
    await sb.settle();
    expect(await sb.tickets()).toHaveLength(before);
    expect(fromBot(sb, await sb.heard(group.id)).at(-1)!.text).toContain(`工单 #${ticket!.no}`);
  });

  it('makes a ticket urgent when a neighbour repeating it reports danger', async () => {
    const group = sb.room('resident', 0, 'hepingli');
    const [a, b] = [sb.member(group, 'resident', 2), sb.member(group, 'resident', 4)];
    await sb.say(group.id, a.id, '东区北门那段路下水道堵了，一下雨就积水很深');
    await sb.settle();
    const [ticket] = await sb.tickets('?limit=1');
    expect(ticket!.urgency).toBe('normal');
    const before = (await sb.tickets()).length;
    await sb.say(group.id, b.id, '我们楼也积水了，水已经漫进一楼屋里了，快来人看看');
    await sb.settle();
    expect(await sb.tickets()).toHaveLength(before);
    const after = await sb.ticket(ticket!.no);
    expect(after.reporters.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(after.urgency).toBe('urgent');
  });

  it('relays nothing of three asides after a report but the card, and relays a real addition', async () => {
    const group = sb.room('resident', 1, 'yangguang');
    const duty = sb.room('duty', 0, 'yangguang');
    const resident = sb.member(group, 'resident', 5);
    await sb.heard(duty.id);
    await sb.say(group.id, resident.id, '5号楼2单元电梯又坏了 停在9楼不动 老人下不了楼');
    await sb.say(group.id, resident.id, '今天天气真不错');
    await sb.say(group.id, resident.id, '谁家的猫这么可爱🐱');
    await sb.say(group.id, resident.id, '刚做了红烧肉，香得很😋');
    await sb.settle();
    const [ticket] = await sb.tickets('?limit=1');
    expect(ticket!.text).toContain('电梯');
    const told = fromBot(sb, await sb.heard(duty.id));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(`工单 #${ticket!.no}`);
    for (const aside of ['天气', '猫', '红烧肉']) {
      expect(ticket!.text).not.toContain(aside);
      expect(told[0]!.text).not.toContain(aside);
    }

    await sb.say(group.id, resident.id, '对了，是1号梯');
    await sb.settle();
    const added = fromBot(sb, await sb.heard(duty.id));
    expect(added).toHaveLength(1);
    expect(added[0]!.text).toContain(`工单 #${ticket!.no} 居民补充`);
    expect(added[0]!.text).toContain('1号梯');
    expect((await sb.ticket(ticket!.no)).text).toContain('1号梯');
  });

  it('counts a staff reply in the resident group as the first response', async () => {
    const group = sb.room('resident', 0, 'yangguang');
    const official = sb.member(group, 'staff');
    const resident = sb.member(group, 'resident', 4);
    await sb.say(group.id, resident.id, '小区南门的单元门禁坏了，刷卡没反应，外人随便进');
    await sb.settle();
    const [ticket] = await sb.tickets('?limit=1');
    const before = (await sb.tickets()).length;
    await sb.say(group.id, official.id, `「${resident.name}：小区南门的单元门禁坏了」\n- - - - - - - - - - - - - - -\n收到，已经通知物业下午来修`);
    await sb.settle();
    const t = await sb.ticket(ticket!.no);
    const responded = t.events.filter((e) => e.type === 'responded');
    expect(responded).toHaveLength(1);
    expect(responded[0]!.actor).toBe(official.name);
    expect(await sb.tickets()).toHaveLength(before);
  });

  it("keeps a reporter's answer to an official with the ticket, relayed, without making it a report of its own", async () => {
    const group = sb.room('resident', 0, 'yangguang');
    const duty = sb.room('duty', 0, 'yangguang');
    const official = sb.member(group, 'staff');
    const resident = sb.member(group, 'resident', 2);
    await sb.heard(duty.id);
    await sb.say(group.id, resident.id, '我家卫生间天花板往下滴水，楼上敲门不开');
    await sb.say(group.id, official.id, '您几号楼几室？留个电话，我们联系楼上');
    await sb.say(group.id, resident.id, '8号楼2单元401 李建国 电话 138 1760 4492');
    await sb.settle();
    const tickets = await sb.tickets('?limit=1');
    const before = (await sb.tickets()).length;
    const ticket = await sb.ticket(tickets[0]!.no);
    expect(ticket.text).toContain('8号楼2单元');
    const told = fromBot(sb, await sb.heard(duty.id)).map((m) => m.text).join('\n');
    expect(told).toContain(`工单 #${ticket.no}`);
    expect(told).toContain('8号楼2单元');
    expect(told).not.toContain('1760');
    // One report: the answer opened nothing.
    expect(await sb.tickets()).toHaveLength(before);
    expect(tickets[0]!.text).toContain('滴水');
  });

  it('opens a ticket for a question a resident asks an official by the name they spoke under', async () => {
    const group = sb.room('resident', 0, 'yangguang');
    const official = sb.member(group, 'staff');
    const resident = sb.member(group, 'resident', 5);
    await sb.say(group.id, official.id, '端午节社区给每户发粽子，明天下午三点到五点在活动室领取');
    await sb.settle();
    const before = (await sb.tickets()).length;
    await sb.say(group.id, resident.id, `${official.name} 老人家自己走不动 可以家里人代领不`);
    await sb.settle();
    const tickets = await sb.tickets();
    expect(tickets).toHaveLength(before + 1);
    expect(tickets[0]!.text).toContain('代领');
  });

  it('answers a reporter chasing their report hours later with its status, and tells the duty group it is chased (催办)', async () => {
    const group = sb.room('resident', 0, 'hepingli');
    const duty = sb.room('duty', 0, 'hepingli');
    const resident = sb.member(group, 'resident', 3);
    await advanceTo(sb, '09:00');
    await sb.say(group.id, resident.id, '9号楼2单元暖气一点都不热 屋里才14度 麻烦物业来看看');
    await sb.settle();
    const [ticket] = await sb.tickets('?limit=1');
    await sb.heard(group.id);
    await sb.heard(duty.id);
    await sb.advance(5 * 60);
    await sb.say(group.id, resident.id, '都下午两点了 还是不热 说好上午来人的呢');
    await sb.settle();
    expect(await sb.tickets('?limit=1')).toMatchObject([{ no: ticket!.no }]);
    const card = fromBot(sb, await sb.heard(group.id)).map((l) => l.text).join('\n');
    expect(card).toContain(`工单 #${ticket!.no}`);
    expect(card).toContain('待签收');
    expect((await sb.heard(duty.id)).map((l) => l.text)).toContain(`工单 #${ticket!.no} 居民催办：都下午两点了 还是不热 说好上午来人的呢`);
  });

  it('takes a "+1" right after a chase for a "me too" of the report chased, not of the newest one', async () => {
    const group = sb.room('resident', 0, 'hepingli');
    const [reporter, other, neighbour] = [sb.member(group, 'resident', 4), sb.member(group, 'resident', 5), sb.member(group, 'resident', 2)];
    await advanceTo(sb, '08:00');
    await sb.say(group.id, reporter.id, '东门垃圾站那几个桶满出来了 两天没人拉');
    await sb.settle();
    const [bins] = await sb.tickets('?limit=1');
    await sb.advance(10 * 60);
    await sb.say(group.id, other.id, '5号楼电梯又停了 按了半天没反应');
    await sb.settle();
    const [lift] = await sb.tickets('?limit=1');
    expect(lift!.no).not.toBe(bins!.no);
    await advanceTo(sb, '14:00');
    await sb.say(group.id, reporter.id, '都下午两点了 东门垃圾还是没人拉 说好上午来的呢');
    await sb.settle();
    await sb.advance(30);
    await sb.say(group.id, neighbour.id, '+1');
    await sb.settle();
    expect((await sb.tickets('?limit=1'))[0]!.no).toBe(lift!.no);
    expect((await sb.ticket(bins!.no)).reporters.map((r) => r.id)).toContain(neighbour.id);
    expect((await sb.ticket(lift!.no)).reporters.map((r) => r.id)).not.toContain(neighbour.id);
  });
});
