// Storms through the sandbox (issue 13): an urgent card overtakes a deep queue; acknowledgements
// and duty cards waiting together go out as one (and a list card can still be claimed); a
// resident's flood yields a handful of bot messages with every line on the ticket; a 公告 answers
// the residents who report it, and 解除 tells them it is over.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, fromBot, type ChatLine, type Sandbox } from '../support/sandbox-client.js';

const EXTRA_GROUPS = 26;

/**
 * The demo district with 26 more resident groups in 阳光花园 (two residents each), and an outbound
 * pace slow enough that a queue builds up while the reports are read: 200 ms between any two
 * messages, 600 ms within one group.
 */
function stormWorld(dir: string): string {
  const world = parse(readFileSync('config/sandbox.yaml', 'utf8'));
  world.outbox = { globalIntervalMs: 200, roomIntervalMs: 600, jitterMs: 0, retryBaseMs: 200 };
  const yangguang = world.communities.find((c: { id: string }) => c.id === 'yangguang');
  for (let g = 1; g <= EXTRA_GROUPS; g++) {
    const members = [`st-${g}-a`, `st-${g}-b`];
    world.people.push({ id: members[0], name: `居民${g}甲` }, { id: members[1], name: `居民${g}乙` });
    yangguang.residentGroups.push({ id: `st-${g}@chatroom`, topic: `阳光花园邻里牵手${g + 2}群`, members });
  }
  const file = path.join(dir, 'storm-sandbox.yaml');
  writeFileSync(file, stringify(world));
  return file;
}

const PROBLEMS = [
  '楼道灯坏了好几天了，晚上黑漆漆的',
  '单元门禁刷不开了，进不去门',
  '小区东门垃圾桶满了好几天没人收',
  '楼下有车乱停堵住了消防通道',
  '健身器材的单杠松了，小孩玩很危险',
  '路灯不亮了一整排，晚上看不见路',
];

describe('storms in the sandbox', () => {
  let sb: Sandbox;
  let bot: string;
  beforeAll(async () => {
    sb = await startSandbox((dir) => ({ SANDBOX_FILE: stormWorld(dir) }));
    bot = sb.room('resident').members.find((m) => m.role === 'bot')!.id;
  });
  afterAll(async () => sb?.stop());

  const said = (lines: ChatLine[]) => lines.filter((l) => l.from === bot);
  const waitFor = async <T>(what: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) {
      const found = await what();
      if (found) return found;
    }
    throw new Error('timed out waiting');
  };

  it('sends an urgent card and its alert before a deep queue of acknowledgements waiting from before', async () => {
    const groups = sb.rooms.filter((r) => r.id.startsWith('st-'));
    const duty = sb.room('duty', 0, 'yangguang');
    const leaders = sb.room('leaders');
    await sb.heard(duty.id);
    await sb.heard(leaders.id);
    const before = (await sb.tickets()).length;
    // Twenty-six groups report at once: an acknowledgement each, and as many duty cards.
    await Promise.all(groups.map((g, i) => sb.say(g.id, g.members.find((m) => m.role === 'resident')!.id, `报修：${i + 1}栋${PROBLEMS[i % PROBLEMS.length]}`)));
    await waitFor(async () => (await sb.tickets()).length === before + groups.length);
    const home = sb.room('resident', 0, 'yangguang');
    await sb.say(home.id, sb.member(home, 'resident', 3).id, '3栋电梯关人了！卡在5楼和6楼中间，里面有老人，快来人');
    // The moment the urgent card is out, most of the older acknowledgements are still waiting.
    const urgentCard = await waitFor(async () => said(await sb.transcript(duty.id)).find((l) => l.text.startsWith('【紧急工单')));
    const waiting = await sb.linli.store.outbox.pendingCount();
    expect(waiting).toBeGreaterThanOrEqual(10);
    await sb.settle();
    const urgent = (await sb.tickets('?limit=1'))[0]!;
    expect(urgent.urgency).toBe('urgent');
    expect(urgentCard.text).toContain(`#${urgent.no}`);
    expect(said(await sb.heard(leaders.id)).map((l) => l.text).join('\n')).toContain(`#${urgent.no}`);
    // Every report was acknowledged in its group all the same.
    for (const [i, g] of groups.entries()) {
      const ticket = (await sb.tickets()).find((t) => t.groupId === g.id)!;
      expect(said(await sb.transcript(g.id)).map((l) => l.text).join('\n'), `group ${i}`).toContain(`#${ticket.no}`);
    }
    // The normal cards waiting for the duty group went out as list cards, one line each, and far
    // fewer messages than cards.
    const dutyLines = said(await sb.heard(duty.id)).map((l) => l.text);
    expect(dutyLines.some((t) => /(^|\n)【新工单 \d+ 条】/.test(t))).toBe(true);
    for (const t of (await sb.tickets()).filter((t) => t.groupId.startsWith('st-'))) expect(dutyLines.join('\n')).toMatch(new RegExp(`#${t.no}(?!\\d)`));
    expect(dutyLines.length).toBeLessThan(groups.length / 2);
  });

  it('acknowledges several residents of one group in one message, and claims from a list card by number', async () => {
    const group = sb.room('resident', 1, 'yangguang');
    const duty = sb.room('duty', 0, 'yangguang');
    const staff = sb.member(duty, 'staff');
    const residents = group.members.filter((m) => m.role === 'resident').slice(0, 5);
    await sb.settle();
    await sb.heard(group.id);
    await sb.heard(duty.id);
    const before = (await sb.tickets()).length;
    for (const [i, r] of residents.entries()) await sb.say(group.id, r.id, `报修：${10 + i}栋${PROBLEMS[i]}`);
    await sb.settle();
    const tickets = (await sb.tickets()).slice(0, (await sb.tickets()).length - before).reverse();
    expect(tickets).toHaveLength(5);

    const acks = said(await sb.heard(group.id));
    expect(acks.length).toBeLessThanOrEqual(2);
    const combined = acks.find((l) => l.text.includes('收到，已登记：'))!;
    expect(combined).toBeDefined();
    const all = acks.map((l) => l.text).join('\n');
    for (const t of tickets) expect(all).toContain(`#${t.no}`);
    for (const r of residents) expect(all).toContain(`@${r.name}`);

    const cards = said(await sb.heard(duty.id));
    const list = cards.find((l) => /^【新工单 \d+ 条】/.test(l.text))!;
    expect(list).toBeDefined();
    const listed = [...list.text.matchAll(/^#(\d+) /gm)].map((m) => Number(m[1]));
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(cards.map((l) => l.text).join('\n').match(/#\d+/g)!.length).toBeGreaterThanOrEqual(5);

    const quote = (text: string) => `「${list.fromName}：${list.text}」\n- - - - - - - - - - - - - - -\n${text}`;
    // A bare 认领 quoting the list card is asked which one; nothing is claimed.
    await sb.say(duty.id, staff.id, quote('认领'));
    await sb.settle();
    expect(said(await sb.heard(duty.id)).map((l) => l.text)).toEqual([`@${staff.name} 引用的消息里有多张工单，请写明工单号，例如「认领 ${listed[0]}」`]);
    for (const no of listed) expect((await sb.ticket(no)).status).toBe('new');
    // 认领 N quoting it, or typed, claims that one.
    await sb.say(duty.id, staff.id, quote(`认领 ${listed[1]}`));
    await sb.say(duty.id, staff.id, `认领 ${listed[0]}`);
    await sb.settle();
    expect((await sb.ticket(listed[1]!)).assignee?.id).toBe(staff.id);
    expect((await sb.ticket(listed[0]!)).assignee?.id).toBe(staff.id);
    expect((await sb.ticket(listed[2]!)).status).toBe('new');
  });

  it('turns a 200-message flood into a handful of bot messages, with every line on the ticket', async () => {
    const group = sb.room('resident', 0, 'hepingli');
    const duty = sb.room('duty', 0, 'hepingli');
    const leaders = sb.room('leaders');
    const resident = sb.member(group, 'resident', 4);
    await sb.settle();
    for (const r of [group, duty, leaders]) await sb.heard(r.id);
    const before = (await sb.tickets()).length;
    const lines = Array.from({ length: 200 }, (_, i) => (i === 0 ? '5号楼楼道灯坏了一个星期了，晚上上下楼黑漆漆的，快来修' : `楼道灯还是不亮 第${i + 1}遍说了 快来修`));
    // All within a couple of seconds, in order.
    for (let i = 0; i < lines.length; i += 20) await Promise.all(lines.slice(i, i + 20).map((text, j) => sb.say(group.id, resident.id, text, { id: `flood-${i + j}` })));
    await sb.settle();
    await sb.advance(4); // the held 居民补充 goes out at the end of its interval
    const tickets = await sb.tickets();
    expect(tickets).toHaveLength(before + 1);
    const ticket = await sb.ticket(tickets[0]!.no);
    expect(ticket.reporters.map((r) => r.id)).toEqual([resident.id]);
    expect(ticket.events.filter((e) => e.type === 'info_added')).toHaveLength(199);
    const botMessages = [...said(await sb.heard(group.id)), ...said(await sb.heard(duty.id)), ...said(await sb.heard(leaders.id))];
    // The ack, the card and the 居民补充 — the last two as one message when the 居民补充 is queued while
    // the card still waits for the duty group's pace (rows held for a room ride with what goes to it).
    const all = botMessages.map((l) => l.text).join('\n');
    expect(botMessages.length, all).toBeGreaterThanOrEqual(2);
    expect(botMessages.length).toBeLessThanOrEqual(5);
    expect(all).toMatch(/收到，已登记为工单/);
    expect(all).toMatch(new RegExp(`【新工单 #${ticket.no}】`));
    // However the messages were cut, the duty group is told of every one of the 199 additions.
    const told = [...all.matchAll(new RegExp(`工单 #${ticket.no} 居民补充 (\\d+) 条`, 'g'))].reduce((n, m) => n + Number(m[1]), 0);
    const toldAlone = [...all.matchAll(new RegExp(`工单 #${ticket.no} 居民补充(?:（已升为紧急）)?：`, 'g'))].length;
    expect(told + toldAlone).toBe(199);
  });

  it('answers reports matching a 公告 once and attaches them; another problem or place gets its own ticket; 解除 tells them', async () => {
    const duty = sb.room('duty', 0, 'yangguang');
    const [g1, g2] = [sb.room('resident', 0, 'yangguang'), sb.room('resident', 1, 'yangguang')];
    const staff = sb.member(duty, 'staff');
    const [a, b] = [sb.member(g1, 'resident', 0), sb.member(g2, 'resident', 1)];
    const [c, d] = [sb.member(g1, 'resident', 1), sb.member(g1, 'resident', 2)];
    await sb.settle();
    for (const r of [duty, g1, g2, ...sb.rooms.filter((r) => r.id.startsWith('st-'))]) await sb.heard(r.id);

    await sb.say(duty.id, staff.id, '公告 8栋 停水 预计18:00恢复');
    await sb.settle();
    const [announced] = said(await sb.heard(duty.id));
    const no = Number(/公告 #(\d+)/.exec(announced!.text)![1]);
    expect(announced!.text).toContain(`已通知 ${2 + EXTRA_GROUPS} 个居民群`);
    const notice = await sb.ticket(no);
    expect(notice).toMatchObject({ status: 'claimed', assignee: { id: staff.id } });
    for (const g of [g1, g2]) expect(said(await sb.heard(g.id)).map((l) => l.text)).toEqual([`【社区公告 #${no}】8栋：停水 预计18:00恢复\n已在处理，无需重复反映；有新情况请在群里说明。`]);

    const before = (await sb.tickets()).length;
    await sb.say(g1.id, a.id, '8栋怎么又停水了，做饭都没水');
    await sb.say(g2.id, b.id, '我们家也没水了，什么时候来水啊？');
    await sb.settle();
    await sb.say(g1.id, a.id, '还没来水吗');
    await sb.say(g1.id, c.id, '9栋停水了，一滴水都没有');
    await sb.say(g1.id, d.id, '8栋电梯坏了，一直停在18楼不动，麻烦物业来修');
    await sb.settle();

    const answered = async (g: typeof g1) => said(await sb.transcript(g.id)).filter((l) => l.text.includes(`社区已发布公告 #${no}`));
    const inG1 = await answered(g1);
    expect(inG1).toHaveLength(1); // a is answered once, not again for "还没来水吗"
    expect(inG1[0]!.text).toContain(`@${a.name}`);
    expect((await answered(g2))[0]!.text).toContain(`@${b.name}`);
    const withNotice = await sb.ticket(no);
    expect(withNotice.reporters.map((r) => r.id).sort()).toEqual([staff.id, a.id, b.id].sort());
    // 9栋 (the same problem elsewhere) and 电梯 (another problem) are reports of their own.
    const own = (await sb.tickets()).slice(0, (await sb.tickets()).length - before);
    expect(own.map((t) => t.reporters[0]!.id).sort()).toEqual([c.id, d.id].sort());
    const cards = said(await sb.heard(duty.id)).map((l) => l.text).join('\n');
    for (const t of own) expect(cards).toContain(`#${t.no}`);
    expect(cards).not.toContain(a.name);

    await sb.say(duty.id, staff.id, `解除 ${no} 已恢复供水`);
    await sb.settle();
    expect(said(await sb.heard(duty.id)).map((l) => l.text)).toEqual([`@${staff.name} 公告 #${no} 已解除，已告知 2 个群的 2 位反映居民。`]);
    const told = (lines: ChatLine[]) => said(lines).filter((l) => l.text.startsWith(`@`) && l.text.includes(`公告 #${no}（8栋停水`));
    const toG1 = told(await sb.heard(g1.id));
    const toG2 = told(await sb.heard(g2.id));
    expect(toG1).toHaveLength(1);
    expect(toG1[0]!.text).toContain(`@${a.name}`);
    expect(toG1[0]!.text).toContain('已解除：已恢复供水');
    expect(toG2[0]!.text).toContain(`@${b.name}`);
    expect((await sb.ticket(no)).status).toBe('closed');
    // Over: the next report of it is a ticket again.
    await sb.say(g2.id, sb.member(g2, 'resident', 2).id, '8栋又停水了，怎么回事');
    await sb.settle();
    expect((await sb.tickets('?limit=1'))[0]!.reporters[0]!.id).toBe(sb.member(g2, 'resident', 2).id);
  });
});
