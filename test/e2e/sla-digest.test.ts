// The leaders' nightly digest end to end: tickets worked through the sandbox during one day, the
// clock advanced to 21:00, and a digest whose numbers are those tickets, with a chart picture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type ChatLine, type Sandbox } from '../support/sandbox-client.js';
import { advanceTo, localHhmm } from '../support/sandbox-time.js';

describe('leaders digest in the sandbox', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => {
    await sb?.stop();
  });

  const section = (text: string, title: string): string[] => {
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith(`▍${title}`));
    if (start === -1) return [];
    const end = lines.findIndex((l, i) => i > start && l.startsWith('▍'));
    return lines.slice(start + 1, end === -1 ? undefined : end);
  };
  const digestsIn = (lines: ChatLine[]) => lines.filter((l) => l.text.includes('日报 ·'));

  it('at 21:00 sends a digest whose numbers match the day, plus a chart picture, once', async () => {
    const leaders = sb.room('leaders');
    const yg1 = sb.room('resident', 0, 'yangguang');
    const yg2 = sb.room('resident', 1, 'yangguang');
    const hp = sb.room('resident', 0, 'hepingli');
    const ygDuty = sb.room('duty', 0, 'yangguang');
    const hpDuty = sb.room('duty', 0, 'hepingli');
    await advanceTo(sb, '08:00');

    const post = async (room: typeof yg1, index: number, text: string) => {
      await sb.say(room.id, sb.member(room, 'resident', index).id, text);
      await sb.settle();
    };
    // Three property reports from one building (8栋 / 8号楼 / 八栋) make a repeat problem.
    await post(yg1, 0, '8栋1单元电梯停在18楼不动了，按了半天没反应');
    await post(yg1, 1, '我们8号楼的门禁刷卡一直进不去，麻烦物业看看');
    await post(yg2, 0, '八栋楼道里的声控灯全都不亮了，晚上摸黑上楼');
    await post(hp, 0, '小区门口路灯坏了好几天了，晚上黑漆漆的');
    const tickets = (await sb.tickets()).sort((a, b) => a.no - b.no);
    expect(tickets.map((t) => [t.no, t.category, t.status])).toEqual([
      [1, 'property', 'new'],
      [2, 'property', 'new'],
      [3, 'property', 'new'],
      [4, 'municipal', 'new'],
    ]);

    // #1: claimed on time, resolved, rated 满意 → closed. #4: claimed on time. #2 and #3 are left.
    await sb.advance(30);
    await sb.say(ygDuty.id, sb.member(ygDuty, 'staff', 0).id, '认领 1');
    await sb.say(hpDuty.id, sb.member(hpDuty, 'staff', 0).id, '认领 4');
    await sb.settle();
    await sb.advance(60);
    await sb.say(ygDuty.id, sb.member(ygDuty, 'staff', 0).id, '办结 1 已更换控制板，电梯恢复运行');
    await sb.settle();
    await post(yg1, 0, '满意');
    expect((await sb.ticket(1)).status).toBe('closed');
    expect((await sb.ticket(4)).status).toBe('claimed');

    await sb.heard(leaders.id);
    await advanceTo(sb, '20:59');
    expect(digestsIn(await sb.heard(leaders.id))).toEqual([]);
    await sb.advance(1);
    const heard = await sb.heard(leaders.id);
    const digests = digestsIn(heard);
    expect(digests).toHaveLength(1);
    const text = digests[0]!.text;
    expect(localHhmm(digests[0]!.at)).toBe('21:00');
    expect(section(text, '今日')).toEqual(['新增 4 · 签收 2 · 办结 1 · 归档 1 · 新超时 2']);
    expect(section(text, '累计')).toEqual(['工单 4 · 签收 2 · 办结 1 · 归档 1', '在办 3（待签收 2 · 处理中 1），其中超时 2']);
    const rates = section(text, '指标').join('\n');
    expect(rates).toContain('按时签收率 50%（2/4）');
    expect(rates).toContain('按时办结率 100%（1/1）');
    expect(rates).toContain('满意率 100%（1/1）');
    expect(rates).toContain('重办率 0%（0/1）');
    expect(section(text, '各社区')).toEqual(['阳光花园　3 / 1 / 2 / 2', '和平里　1 / 0 / 1 / 0']);
    expect(section(text, '各类别').join('')).toContain('房产物业 3/2');
    expect(section(text, '各类别').join('')).toContain('市政设施 1/1');
    const overdue = section(text, '超时最久');
    expect(overdue).toHaveLength(2);
    expect(overdue[0]).toMatch(/^#2 阳光花园·房产物业　签收超时 .*无人签收$/);
    expect(overdue[1]).toMatch(/^#3 /);
    expect(section(text, '重复问题')).toEqual(['阳光花园 8号楼 · 房产物业 3 次（#1 #2 #3）']);

    // The chart follows the text as a picture.
    const after = heard.slice(heard.indexOf(digests[0]!) + 1);
    expect(after.filter((l) => l.type === 'image')).toHaveLength(1);

    // Later runs of the same evening do not send it again.
    await sb.advance(1);
    await sb.advance(60);
    expect(digestsIn(await sb.heard(leaders.id))).toEqual([]);
  });

  it('sends the digest on demand when a leader writes 日报', async () => {
    const leaders = sb.room('leaders');
    const leader = sb.member(leaders, 'leader');
    await sb.heard(leaders.id);
    await sb.say(leaders.id, leader.id, '日报');
    await sb.settle();
    const heard = await sb.heard(leaders.id);
    expect(digestsIn(heard)).toHaveLength(1);
    expect(digestsIn(heard)[0]!.text).toContain('▍超时最久');
    expect(heard.filter((l) => l.type === 'image')).toHaveLength(1);
  });

  it('sends the weekly summary on Monday morning', async () => {
    const leaders = sb.room('leaders');
    await sb.heard(leaders.id);
    // Walk to the next Monday 08:30 a day at a time (the nightly digests go out on the way).
    let weekly: ChatLine[] = [];
    for (let day = 0; day < 8 && weekly.length === 0; day++) {
      await advanceTo(sb, '08:30');
      weekly = (await sb.heard(leaders.id)).filter((l) => l.text.includes('周报 ·'));
    }
    expect(weekly).toHaveLength(1);
    const at = new Date(weekly[0]!.at);
    expect(localHhmm(at)).toBe('08:30');
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(at)).toBe('Mon');
    expect(weekly[0]!.text).toContain('▍本周');
    // A week of nightly digests on the way, each chart drawn in a child process (~1.5 s under tsx):
    // 11 s alone, past 30 s on a loaded machine.
  }, 90_000);
});
