import { describe, expect, it } from 'vitest';
import { aClassification, tableClassifier } from '../../support/builders.js';
import type { Classifier } from '../../../src/classify/classification.js';
import { createClassifier } from '../../../src/classify/create-classifier.js';
import { loadConfig } from '../../../src/config/load-config.js';
import {
  nextBurst,
  textSimilarity,
  understand,
  type OpenReport,
  type SenderBurst,
  type Understanding,
  type Utterance,
} from '../../../src/app/conversation.js';
import { makeBurst } from '../../../scripts/chaos/lib/burst.js';

const T0 = new Date('2026-11-23T02:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const verdict = aClassification;
const classifierOf = tableClassifier;

const classifier = classifierOf({
  电梯关人了: { isRequest: true, requestConfidence: 0.99, category: 'property', categoryConfidence: 0.95, urgency: 'urgent' },
  没水了: { isRequest: true, requestConfidence: 0.99, category: 'municipal', categoryConfidence: 0.9 },
  也停了: { isRequest: true, requestConfidence: 0.9, category: 'municipal', categoryConfidence: 0.9 },
  垃圾: { isRequest: true, requestConfidence: 0.95, category: 'sanitation', categoryConfidence: 0.95 },
  早上好: { nonRequestKind: 'small_talk' },
});

const say = (text: string, seconds: number, senderId = 'chen', roomId = 'g1@chatroom'): Utterance => ({
  id: `m${seconds}-${senderId}`,
  roomId,
  senderId,
  text,
  image: false,
  mentionsBot: false,
  at: at(seconds),
});

const report = (over: Partial<OpenReport>): OpenReport => ({
  no: 1,
  groupId: 'g1@chatroom',
  category: 'municipal',
  urgency: 'normal',
  text: '6号楼没水了',
  createdAt: at(0),
  lastReportAt: at(0),
  reporterIds: ['wang'],
  ...over,
});

describe('understand', () => {
  it('holds a fragment and reads it with the next line as one report', async () => {
    const first = say('7栋', 0);
    const r1 = await understand(first, { burst: null, openInCommunity: [] }, classifier);
    expect(r1.kind).toBe('fragment');
    const burst = nextBurst(null, first, r1, null);
    const second = say('电梯关人了 卡在5楼', 20);
    const r2 = await understand(second, { burst, openInCommunity: [] }, classifier);
    expect(r2).toMatchObject({ kind: 'new', text: '7栋\n电梯关人了 卡在5楼', messageIds: [first.id, second.id] });
  });

  it('forgets a fragment once the burst window has passed', async () => {
    const first = say('7栋', 0);
    const burst = nextBurst(null, first, { kind: 'fragment' }, null);
    const r = await understand(say('电梯关人了', 120), { burst, openInCommunity: [] }, classifier);
    expect(r).toMatchObject({ kind: 'new', text: '电梯关人了' });
  });

  it('continues the ticket a burst opened, but not with chit-chat or another problem', async () => {
    const burst: SenderBurst = { lastAt: at(0), fragments: [], ticketNo: 7, ticketCategory: 'property' };
    expect((await understand(say('里面有个老太太在喊', 10), { burst, openInCommunity: [] }, classifier)).kind).toBe('continue');
    expect((await understand(say('早上好', 10), { burst, openInCommunity: [] }, classifier)).kind).toBe('ignore');
    const other = await understand(say('东门垃圾桶满了好几天没人收了臭死了', 10), { burst, openInCommunity: [] }, classifier);
    expect(other.kind).toBe('new');
    expect((await understand(say('今天的快递到了没', 10), { burst, openInCommunity: [] }, classifier)).kind).toBe('ignore');
    expect((await understand(say("'; DROP TABLE tickets; --", 10), { burst, openInCommunity: [] }, classifier)).kind).toBe('ignore');
  });

  it("reads a reporter's line after an official spoke as an answer to them, unless it is urgent or another report", async () => {
    const burst: SenderBurst = { lastAt: at(0), fragments: [], ticketNo: 7, ticketCategory: 'dispute' };
    const open = [report({ no: 7, category: 'dispute', text: '楼上漏水到我家卫生间', reporterIds: ['chen'] })];
    const answer = say('8号楼2单元401 李建国 电话 138 1760 4492', 30);
    expect(await understand(answer, { burst, openInCommunity: open, officialSpokeAt: at(15) }, classifier)).toEqual({ kind: 'answer', ticketNo: 7 });
    // Nobody spoke in between: more of the report.
    expect((await understand(answer, { burst, openInCommunity: open, officialSpokeAt: null }, classifier)).kind).toBe('continue');
    // The official spoke before the report: not an answer to them.
    expect((await understand(answer, { burst: { ...burst, lastAt: at(20) }, openInCommunity: open, officialSpokeAt: at(15) }, classifier)).kind).toBe('continue');
    // An emergency told after the official spoke is still the report.
    const urgent = await understand(say('电梯关人了 快来', 30), { burst, openInCommunity: open, officialSpokeAt: at(15) }, classifier);
    expect(urgent.kind).not.toBe('answer');
    // So is a danger the report does not name.
    const smoke = await understand(say('楼下好像有烟上来', 30), { burst, openInCommunity: open, officialSpokeAt: at(15) }, classifier);
    expect(smoke.kind).not.toBe('answer');
  });

  it('does not link alike reports about different buildings', async () => {
    const open = [report({ no: 5, groupId: 'g2@chatroom', text: '3号楼没水了 一滴都没有' })];
    const same = await understand(say('3号楼没水了 一点都没有', 60, 'zhou'), { burst: null, openInCommunity: open }, classifier);
    expect(same).toMatchObject({ kind: 'duplicate', ticketNo: 5, sameGroup: false });
    const other = await understand(say('5号楼没水了 一点都没有', 60, 'zhou'), { burst: null, openInCommunity: open }, classifier);
    expect(other.kind).toBe('new');
  });

  it('links "+1" to the open report of the same group, and not to another group', async () => {
    const open = [report({ no: 3 })];
    expect(await understand(say('+1', 60, 'li'), { burst: null, openInCommunity: open }, classifier)).toEqual({ kind: 'co_report', ticketNo: 3 });
    const elsewhere = [report({ no: 3, groupId: 'g2@chatroom' })];
    expect((await understand(say('+1', 60, 'li'), { burst: null, openInCommunity: elsewhere }, classifier)).kind).toBe('ignore');
  });

  it('treats "5号楼也停了" as a repeat of the same outage in the group, even in another building, but not of another outage', async () => {
    const open = [report({ no: 4, text: '小区没水了 一滴都没有' })];
    const r = await understand(say('5号楼也停了 啥时候来水', 60, 'han'), { burst: null, openInCommunity: open }, classifier);
    expect(r).toMatchObject({ kind: 'duplicate', ticketNo: 4, sameGroup: true });
    // One water outage reaching two buildings is one ticket.
    const building6 = [report({ no: 4, text: '6号楼没水了' })];
    expect(await understand(say('5号楼也停了 啥时候来水', 60, 'han'), { burst: null, openInCommunity: building6 }, classifier)).toMatchObject({ kind: 'duplicate', ticketNo: 4 });
    const power = [report({ no: 4, text: '6号楼停电了' })];
    expect((await understand(say('5号楼也停了 啥时候来水', 60, 'han'), { burst: null, openInCommunity: power }, classifier)).kind).toBe('new');
  });

  it('answers a reporter asking after their own ticket', async () => {
    const mine = [report({ no: 9, reporterIds: ['chen'] })];
    expect(await understand(say('我那个事怎么样了', 3600), { burst: null, openInCommunity: mine }, classifier)).toEqual({
      kind: 'follow_up_question',
      ticketNo: 9,
    });
  });
});

describe('a reporter chasing their report (催办), round 9', () => {
  it('asks after the report rather than telling it again, unless it is an emergency or has got worse', async () => {
    const mine = [report({ no: 9, reporterIds: ['chen'], text: '6号楼没水了' })];
    expect(await understand(say('都下午三点了 还是没水 说好中午前的呢', 4 * 3600), { burst: null, openInCommunity: mine }, classifier)).toEqual({
      kind: 'follow_up_question',
      ticketNo: 9,
      chase: true,
    });
    expect(await understand(say('早上说的那个还没弄好啊', 4 * 3600), { burst: null, openInCommunity: mine }, classifier)).toMatchObject({ kind: 'follow_up_question', chase: true });
    // Still an emergency, or worse than before: news for the duty staff, not a chase. (A whole
    // building's outage, urgent as it is, is chased hours later: round 17, below.)
    const urgent = [report({ no: 9, reporterIds: ['chen'], category: 'property', text: '6号楼电梯关人了', urgency: 'urgent' })];
    expect((await understand(say('都下午三点了 还是没人来 电梯关人了', 4 * 3600), { burst: null, openInCommunity: urgent }, classifier)).kind).toBe('follow_up_info');
    expect((await understand(say('都下午三点了 还是没水 老人家喘不上气了', 4 * 3600), { burst: null, openInCommunity: mine }, classifier)).kind).not.toBe('follow_up_question');
  });
});

describe('textSimilarity', () => {
  it('scores the same problem in other words above unrelated reports', () => {
    const a = '和平里东门外的路灯坏了一排，晚上走路黑漆漆的';
    expect(textSimilarity(a, '东门外那排路灯都坏了，晚上黑漆漆的看不见路')).toBeGreaterThan(0.34);
    expect(textSimilarity(a, '3号楼楼道里堆了好多纸箱，堵住了消防通道')).toBeLessThan(0.1);
  });
});

// The real offline classifier (rules + the shipped model): what residents' words do in the groups.
const { config } = loadConfig({ configFile: 'config/linli.yaml' });
const real = createClassifier({ config, env: { llmMode: 'off' } as never, clock: { now: () => T0 } });

/** A tiny chat: messages in order, each understood with the tickets and bursts so far. */
class Chat {
  tickets: OpenReport[] = [];
  private bursts = new Map<string, SenderBurst | null>();
  constructor(private readonly classifier: Classifier = real) {}

  async say(text: string, seconds: number, senderId: string, roomId = 'g1@chatroom', senderRole?: Utterance['senderRole']): Promise<Understanding> {
    const u: Utterance = { ...say(text, seconds, senderId, roomId), senderRole };
    const key = `${roomId}\n${senderId}`;
    const burst = this.bursts.get(key) ?? null;
    const r = await understand(u, { burst, openInCommunity: [...this.tickets].reverse() }, this.classifier);
    let opened: { no: number; category: string } | null = null;
    if (r.kind === 'new') {
      const t = report({ no: this.tickets.length + 1, groupId: roomId, category: r.classification.category, urgency: r.classification.urgency, text: r.text, createdAt: u.at, lastReportAt: u.at, reporterIds: [senderId] });
      this.tickets.push(t);
      opened = { no: t.no, category: t.category };
    } else if (r.kind === 'duplicate' || r.kind === 'co_report') {
      const t = this.tickets[r.ticketNo - 1]!;
      t.reporterIds.push(senderId);
      t.lastReportAt = u.at;
    } else if (r.kind === 'continue' || r.kind === 'follow_up_info') {
      this.tickets[r.ticketNo - 1]!.text += `\n${text}`;
    }
    this.bursts.set(key, nextBurst(burst, u, r, opened));
    return r;
  }
}

describe('neighbours in the minutes after a report', () => {
  it('joins a witness who says where they are and what they perceive, but not an emergency of its own at the place', async () => {
    const chat = new Chat();
    expect((await chat.say('Q座12樓走廊有陣好勁嘅煤氣味', 0, 'chan')).kind).toBe('new');
    expect(await chat.say('我喺11樓都聞到', 30, 'wong')).toEqual({ kind: 'co_report', ticketNo: 1 });
    const fire = new Chat();
    expect((await fire.say('喂！恩宁路骑楼嗰边二楼冒紧黑烟呀！！', 0, 'chan')).kind).toBe('new');
    expect(await fire.say('我喺对面都见到 好大烟', 30, 'lee')).toEqual({ kind: 'co_report', ticketNo: 1 });
    const outage = new Chat();
    expect((await outage.say('停电了！！3座整栋都黑了', 0, 'qiang')).kind).toBe('new');
    const trapped = await outage.say('3座电梯里是不是有人！！停电的时候我听到里面在喊 在敲门', 40, 'zhu');
    // A report (of its own or joined to the outage), never a mere witness.
    expect(['new', 'duplicate']).toContain(trapped.kind);
  });

  it("keeps the reporter's 'still so' hours later with their report, not a new ticket", async () => {
    const chat = new Chat();
    expect((await chat.say('我家暖气从昨儿晚上就不热了 摸着温乎乎的 屋里才14度 这咋整啊', 0, 'liu')).kind).toBe('new');
    // (A chase of the report, round 9: its status to the reporter, the chase to the duty group.)
    expect(await chat.say('上午说来排气 这都十一点半了也没见着人啊 还是凉的', 4 * 3600, 'liu')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1, chase: true });
    // Another problem, still so, is a report of its own; "still fine then" is no news of a fault.
    expect((await chat.say('楼道灯到现在还是不亮 黑灯瞎火的', 5 * 3600, 'liu')).kind).toBe('new');
    expect((await chat.say('早上我下楼还是好的', 6 * 3600, 'liu')).kind).not.toBe('follow_up_info');
  });

  it('links "A栋2号梯到而家都仲未搞掂" to the report of that lift, though it names no problem', async () => {
    const chat = new Chat();
    expect((await chat.say('A栋2号梯又停喺12楼，门开一半唔郁，撳极都冇反应', 0, 'li')).kind).toBe('new');
    const later = await chat.say('下昼三点几喇，A栋2号梯到而家都仲未搞掂？我哋21楼有个阿婆要去睇医生', 150, 'he');
    expect(later).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    expect((await chat.say('B栋2号梯到而家都仲未搞掂', 170, 'chan')).kind).not.toBe('duplicate');
  });

  it('opens people shut in a lift during a power cut as a report of its own, not one more word on the outage', async () => {
    const chat = new Chat();
    expect((await chat.say('9栋停电了 整栋楼都黑了', 0, 'li')).kind).toBe('new');
    const lift = await chat.say('9栋2号电梯困人了！！停电卡在8楼和9楼中间，里面一个阿姨带着小孩在拍门', 40, 'chen');
    expect(lift).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
  });

  it('joins "+1, my scooter nearly went in" to the open manhole', async () => {
    const chat = new Chat();
    expect((await chat.say('东区门口那个井盖子翻了半边 晚上骑车的要掉进去 赶紧弄弄', 0, 'wang')).kind).toBe('new');
    expect(await chat.say('+1 夜来晚上俺电动车差点栽进去', 20, 'peng')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });

  it('links noise from the same business hours apart, but not another problem at it', async () => {
    const chat = new Chat();
    expect((await chat.say('晚上十一点了，谯楼边那家KTV还在唱，音箱震到我们窗户都在响，每天都这样', 0, 'rong')).kind).toBe('new');
    expect(await chat.say('昨晚那家KTV又唱到一点多，孩子每天都睡不好，到底有没有人管', 30, 'mei')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    expect((await chat.say('小区西边工地今天又是早上六点就开始打桩，咚咚咚的，娃都被吵醒了', 60, 'yang')).kind).toBe('new');
    expect((await chat.say('西边工地拉土车把北门那条路弄得全是泥，一下雨跟和泥一样', 90, 'wang')).kind).toBe('new');
  });

  it("opens an emergency of another kind as its own report, not a note on the writer's routine one", async () => {
    const chat = new Chat();
    expect((await chat.say('俺们排房15排 赵奶奶家的狗天天夜里叫 吵得睡不着', 0, 'li')).kind).toBe('new');
    expect((await chat.say('早上好', 200, 'li')).kind).toBe('ignore');
    const fall = await chat.say('刚才她家狗一直叫 俺去看 赵奶奶人摔地上了 起不来 她一个人住', 400, 'li');
    expect(fall).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    // The same problem grown dangerous stays with its report.
    expect((await chat.say('楼上漏水 渗到我家天花板了 敲门没人', 1000, 'wu')).kind).toBe('new');
    expect((await chat.say('早上好', 1200, 'wu')).kind).toBe('ignore');
    expect(await chat.say('水已经漫到电箱了 在冒火花', 1400, 'wu')).toMatchObject({ kind: 'follow_up_info', ticketNo: 3 });
  });

  it('joins a neighbour who smelt it too without saying "I", and agreements in northern words', async () => {
    const chat = new Chat();
    expect((await chat.say('恁闻着了吗 2号楼3单元楼道里一股煤气味儿 忒冲了', 0, 'xu')).kind).toBe('new');
    expect(await chat.say('闻着了！我在四楼 越往上越大', 10, 'ge')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect((await chat.say('介胡同口那盏路灯又不亮了，黑灯瞎火的，嘛时候能修啊', 200, 'zhao')).kind).toBe('new');
    expect(await chat.say('可不是嘛 上礼拜就不亮了', 210, 'cui')).toMatchObject({ kind: 'co_report', ticketNo: 2 });
    expect((await chat.say('俺们4号楼楼顶那防水层全裂了 夜个那点小雨 顶层几家都往下滴', 400, 'lv')).kind).toBe('new');
    expect(await chat.say('俺家也是 卧室墙皮都鼓了', 410, 'du')).toMatchObject({ kind: 'co_report', ticketNo: 3 });
  });

  it('joins a short "us too" that asks nothing, even in another building of one outage', async () => {
    const chat = new Chat();
    expect((await chat.say('今天是停气了吗？我们3号楼一整栋都没气了', 0, 'ma')).kind).toBe('new');
    expect(await chat.say('我们4号楼也没气，饭做了一半', 30, 'li')).toEqual({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('asides after a report stay chat', () => {
  it('relays nothing of chit-chat in the minute after a report, and relays a real addition', async () => {
    const chat = new Chat();
    expect((await chat.say('3栋电梯又坏了 停在12楼不动 老人下不了楼', 0, 'chen')).kind).toBe('new');
    for (const [i, aside] of ['今天天气真不错', '谁家的猫这么可爱🐱', '刚做了红烧肉，香得很😋', '孩子们放学了吗'].entries()) {
      expect({ aside, kind: (await chat.say(aside, 5 + i * 5, 'chen')).kind }).toEqual({ aside, kind: 'ignore' });
    }
    expect(await chat.say('对了，是1号梯', 30, 'chen')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(await chat.say('里面好像还有人在喊', 40, 'chen')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(chat.tickets[0]!.text).not.toContain('天气');
  });

  it('keeps "不晓得是哪家的" with the gas smell it is about, and the weather of these days out of a report', async () => {
    const chat = new Chat();
    expect((await chat.say('6栋二单元楼道里好大一股煤气味', 0, 'zhou')).kind).toBe('new');
    expect(await chat.say('不晓得是哪家的 我已经把楼道窗户打开了', 10, 'zhou')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('窨井盖裂开了一半 踩上去一晃一晃的', 100, 'xiong')).kind).toBe('new');
    expect((await chat.say('箇几天太热哒 中午都不敢出门', 110, 'xiong')).kind).toBe('ignore');
  });

  it('waits for what after a photo and a place, and opens one report when it comes', async () => {
    const chat = new Chat();
    expect((await chat.say('[图片]', 0, 'xiong')).kind).toBe('fragment');
    expect((await chat.say('沿江路公交站对面 人行道上', 10, 'xiong')).kind).toBe('fragment');
    expect(await chat.say('那个窨井盖裂开了一半 踩上去一晃一晃的', 20, 'xiong')).toMatchObject({ kind: 'new', messageIds: ['m0-xiong', 'm10-xiong', 'm20-xiong'] });
  });

  it('in chaos traffic, no chit-chat line is ever appended to a ticket', async () => {
    const rooms = [
      { id: 'r1@chatroom', community: 'c1', residents: ['a', 'b', 'c'] },
      { id: 'r2@chatroom', community: 'c1', residents: ['d', 'e'] },
    ];
    const chat = new Chat();
    const traffic = makeBurst(600, rooms, { seed: 7 });
    let appended = 0;
    let chit = 0;
    for (const [i, m] of traffic.entries()) {
      const r = await chat.say(m.text, i * 5, m.from, m.roomId);
      if (m.request) continue;
      chit++;
      if (r.kind === 'continue' || r.kind === 'follow_up_info') appended++;
    }
    expect(chit).toBeGreaterThan(300);
    expect(appended).toBe(0);
  });
});

describe('the same problem across hours', () => {
  const H = 3600;

  it('joins "still broken" hours later to the open ticket, never another building or problem', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼电梯坏了 停在5楼不动 按了没反应', 0, 'chen')).kind).toBe('new');
    expect(await chat.say('电梯还是坏的 物业到底什么时候来修', 4 * H, 'wang')).toMatchObject({ kind: 'duplicate', ticketNo: 1, sameGroup: true });
    // Past the recent-report window, a named place and "still" still find the open ticket.
    expect(await chat.say('3号楼电梯到现在还是坏的 都一天了', 30 * H, 'li')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    expect((await chat.say('5号楼电梯也坏了 停在8楼', 30 * H + 60, 'zhou')).kind).toBe('new');
    expect((await chat.say('3号楼楼道灯坏了好几天了 晚上黑漆漆的', 30 * H + 120, 'sun')).kind).toBe('new');
  });

  it('joins the same outage reported in another group of the community when the place is named alike', async () => {
    const chat = new Chat();
    await chat.say('6号楼停水了 一滴水都没有', 0, 'chen', 'g1@chatroom');
    expect(await chat.say('6号楼是不是停水了 水龙头没水', 2 * H, 'zhao', 'g2@chatroom')).toMatchObject({ kind: 'duplicate', ticketNo: 1, sameGroup: false });
    expect((await chat.say('8号楼停水了 什么时候来水', 2 * H + 60, 'qian', 'g2@chatroom')).kind).toBe('new');
  });

  it('does not take a neighbour\'s second noise complaint for the first', async () => {
    const chat = new Chat();
    await chat.say('楼上每天晚上11点以后还在拖椅子 咚咚咚的 孩子被吵醒好几次了', 0, 'chen');
    expect((await chat.say('隔壁那家天天半夜打麻将 吵得睡不着', H, 'wang')).kind).toBe('new');
  });
});

describe('what neighbours say between and after reports', () => {
  const H = 3600;

  it('keeps a resident\'s burst going while a neighbour speaks in between, as intake keeps one per sender', async () => {
    const chat = new Chat();
    expect((await chat.say('9号楼暖气又不热了 屋里才十二度', 0, 'chen')).kind).toBe('new');
    expect(await chat.say('+1', 10, 'wang')).toEqual({ kind: 'co_report', ticketNo: 1 });
    expect(await chat.say('老人在家冻得受不了 麻烦快派人来看看', 20, 'chen')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    // A word of thanks to the neighbours, or "没事了", is not more of the report.
    expect((await chat.say('太感谢了 有消息麻烦告诉我一声', 30, 'chen')).kind).toBe('ignore');
  });

  it('hears agreement in dialect, and not in a remark about reporting or one\'s own past trouble', async () => {
    const chat = new Chat();
    await chat.say('东门的垃圾桶满得冒出来了 三天没人收 臭得很', 0, 'chen');
    expect(await chat.say('对头 我路过都要捂鼻子', 30, 'wang')).toEqual({ kind: 'co_report', ticketNo: 1 });
    expect((await chat.say('报了也没人管 习惯了', 60, 'li')).kind).toBe('ignore');
    expect(chat.tickets[0]!.reporterIds).toEqual(['chen', 'wang']);
    expect((await chat.say('系啊 我上个月都俾人偷过单车', 90, 'zhou')).kind).not.toBe('co_report');
  });

  it('hears a neighbour who met the same thing, and an outage "+1" about the outage, not the newest report', async () => {
    const chat = new Chat();
    await chat.say('11栋902每天夜里十二点还在弹钢琴 吵得孩子睡不着', 0, 'chen');
    expect(await chat.say('钢琴声我也听到过 上礼拜也弹到后半夜 整栋楼都吵', 60, 'wang')).toEqual({ kind: 'co_report', ticketNo: 1 });
    await chat.say('小区是不是停电了 冰箱都不转了', 600, 'li');
    await chat.say('2栋电梯门关不上 一直在响', 610, 'zhou');
    expect(await chat.say('+1 我屋里也停了', 620, 'sun')).toEqual({ kind: 'co_report', ticketNo: 2 });
    expect((await chat.say('听说隔壁小区去年也是这样停了一整天', 630, 'qian')).kind).not.toBe('co_report');
  });

  it('agrees with the newest report even when the agreement names the way the writer came in', async () => {
    const chat = new Chat();
    await chat.say('南门门禁又刷不开了 刷了好几次', 0, 'chen');
    expect(await chat.say('+1 我也是从西门绕回来的', 20, 'wang')).toEqual({ kind: 'co_report', ticketNo: 1 });
  });

  it('takes a witness who went to look as a co-report, not a report of their own', async () => {
    const chat = new Chat();
    await chat.say('麻烦谁去看一下3栋201的王奶奶 她一个人住 我打了一早上电话都没人接', 0, 'chen');
    expect(await chat.say('我刚去敲了门 没人应', 60, 'wang')).toEqual({ kind: 'co_report', ticketNo: 1 });
  });

  it('joins an agreement that names another group\'s report, and an outage the whole estate has', async () => {
    const chat = new Chat();
    await chat.say('5号楼暖气不热 屋里才十四度', 0, 'chen', 'g1@chatroom');
    const agreed = await chat.say('一群说的5号楼暖气不热 我家也是', H, 'wang', 'g2@chatroom');
    expect(['co_report', 'duplicate']).toContain(agreed.kind);
    expect(agreed).toMatchObject({ ticketNo: 1 });
    await chat.say('小区是不是停电了 家里全黑了', 2 * H, 'li', 'g1@chatroom');
    expect(await chat.say('二期也停电了 什么时候来电啊', 2 * H + 60, 'zhou', 'g2@chatroom')).toMatchObject({ kind: 'duplicate', ticketNo: 2, sameGroup: false });
  });

  it('reads a building named for comparison, a problem set aside and one that is over as not the report', async () => {
    const chat = new Chat();
    await chat.say('8号楼电梯坏了 停在十楼不动', 0, 'chen');
    expect((await chat.say('2号楼电梯也坏了 不光8号楼 我们也得爬楼', 600, 'wang')).kind).toBe('new');
    await chat.say('4号楼停水了 一滴都没有', 1200, 'li');
    expect((await chat.say('4号楼停水就算了 我家马桶也堵了 冲不下去', 1800, 'zhou')).kind).toBe('new');
    expect((await chat.say('4号楼是来水了 但是水黄黄的一股铁锈味', 3 * H, 'li')).kind).toBe('new');
  });
});

describe('where the writer lives', () => {
  it('reads a report that names no building as about the building in the writer\'s nickname', async () => {
    const chat = new Chat();
    await chat.say('3号楼楼道里冒烟了 一股焦味', 0, 'meng');
    const elsewhere = { ...say('楼道里都是烟 呛得很 不知道哪家在烧东西', 600, 'yu'), senderName: '1号楼-老于' };
    const r = await understand(elsewhere, { burst: null, openInCommunity: [...chat.tickets] }, real);
    expect(r.kind).toBe('new');
    const same = { ...say('楼道里都是烟 呛得很 不知道哪家在烧东西', 600, 'yu'), senderName: '3号楼-老于' };
    expect(await understand(same, { burst: null, openInCommunity: [...chat.tickets] }, real)).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
  });

  it('reads "5-2-802马大爷" as building 5: the lift asked after is 5号楼\'s, not the newest lift report', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼2单元电梯又停了', 0, 'yang')).kind).toBe('new');
    expect((await chat.say('7号楼1单元电梯也坏了 停在6楼不动', 120, 'chen')).kind).toBe('new');
    const asked = { ...say('电梯啥时候能好啊 买的菜提不上去 八楼', 300, 'ma'), senderName: '5-2-802马大爷' };
    expect(await understand(asked, { burst: null, openInCommunity: [...chat.tickets].reverse() }, real)).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
  });
});

describe('roles', () => {
  it('never reads what staff say in a resident group as a report', async () => {
    let asked = 0;
    const counting: Classifier = { classify: async (i) => (asked++, real.classify(i)) };
    const chat = new Chat(counting);
    const r = await chat.say('3号楼电梯坏了 维保师傅20分钟到', 0, 'wuye', 'g1@chatroom', 'staff');
    expect(r).toEqual({ kind: 'ignore', classification: null });
    expect(asked).toBe(0);
    expect((await chat.say('3号楼电梯坏了 停在5楼不动', 10, 'chen', 'g1@chatroom', 'resident')).kind).toBe('new');
  });
});

describe('bursts stay one report', () => {
  it('a laugh, a parcel question or a question of another department in the same minute is not more of the report', async () => {
    const chat = new Chat();
    expect((await chat.say('我家屋里水都漫到客厅了 暖气片爆了 水还在往外喷', 0, 'li')).kind).toBe('new');
    expect((await chat.say('刚才那个视频谁拍的 笑死我了', 10, 'li')).kind).toBe('ignore');
    expect((await chat.say('快递单号SF1234567890123 谁帮我看下到哪了', 20, 'li')).kind).not.toBe('continue');
    expect(chat.tickets[0]!.text).not.toMatch(/视频|快递/);
  });

  it('another problem at another building in the same minute is a report of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼2单元的电梯又卡在9楼了 门开一半', 0, 'wang')).kind).toBe('new');
    expect(await chat.say('8号楼门口的路灯也坏了好几天 晚上黑乎乎的', 10, 'wang')).toMatchObject({ kind: 'new' });
  });

  it('after an aside, a phone number no longer joins the report; the problem itself still does', async () => {
    const chat = new Chat();
    expect((await chat.say('8栋停水了 成栋楼都冇水 做饭都做不了', 0, 'fang')).kind).toBe('new');
    expect((await chat.say('哈哈 今晚出去食', 10, 'fang')).kind).toBe('ignore');
    expect((await chat.say('我电话 138 0013 8000', 20, 'fang')).kind).not.toBe('continue');
    expect(await chat.say('8栋到现在还是冇水', 30, 'fang')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('urgency of a report told in lines', () => {
  it('a short addition the model alone would call urgent does not make an ordinary report urgent', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼2单元的电梯又卡在9楼了 门开一半', 0, 'qin')).kind).toBe('new');
    const more = await chat.say('按警铃没人应 物业快来看看', 10, 'qin');
    expect(more).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(more.kind === 'continue' && more.classification?.urgency).toBe('normal');
  });

  it('an addition with danger in it still makes it urgent', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼2单元的电梯又卡在9楼了 门开一半', 0, 'qin')).kind).toBe('new');
    const more = await chat.say('里面还困着一个老人 在喊救命', 10, 'qin');
    expect(more.kind === 'continue' && more.classification?.urgency).toBe('urgent');
  });
});

describe('repeats that say it is still so', () => {
  it('a neighbour writing that the same place still has the problem joins the open report, even in Cantonese and not as a request', async () => {
    const chat = new Chat();
    expect((await chat.say('11号楼地下车库积水 有半米深了 车都泡了', 0, 'hu')).kind).toBe('new');
    expect(await chat.say('11号楼车库还是淹着 水还在往里灌', 3 * 3600, 'zhou')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    expect((await chat.say('8栋停水了 成栋楼都冇水 做饭都做不了', 3 * 3600 + 60, 'fang')).kind).toBe('new');
    expect(await chat.say('8栋仲系冇水 已经停咗五个钟', 5 * 3600, 'lo')).toMatchObject({ kind: 'duplicate', ticketNo: 2 });
  });

  it('another building, or a remark about reporting, never joins', async () => {
    const chat = new Chat();
    expect((await chat.say('11号楼地下车库积水 有半米深了 车都泡了', 0, 'hu')).kind).toBe('new');
    expect(await chat.say('13号楼车库还是淹着', 3600, 'zhou')).not.toMatchObject({ ticketNo: 1 });
    expect(await chat.say('报了三天了也没人来 这物业真是摆设', 3700, 'sun')).toMatchObject({ kind: 'ignore' });
  });
});

describe('neighbours between reports, round 3', () => {
  it('"也一样" naming another problem than the newest report does not agree with it; a remark about reporting is no report', async () => {
    const chat = new Chat();
    expect((await chat.say('2栋3单元楼道的声控灯坏了好几盏 晚上黑黢黢的', 0, 'zhang')).kind).toBe('new');
    expect((await chat.say('还有 小区南门那个垃圾桶好几天没人收了 臭得很', 60, 'zhang')).kind).toBe('new');
    expect(await chat.say('楼上说的灯 我们5栋也一样 也是好几盏不亮', 90, 'zhou')).not.toMatchObject({ ticketNo: 2 });
    expect(await chat.say('报了又有什么用 每次都是等', 120, 'peng')).toMatchObject({ kind: 'ignore' });
  });

  it('a witness at the place of the report joins it though they name no problem', async () => {
    const chat = new Chat();
    expect((await chat.say('9栋电梯卡在12楼 里头关了个人 在喊', 0, 'wu')).kind).toBe('new');
    expect(await chat.say('我在9栋一楼 听到里面有人喊', 20, 'luo')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });

  it('talk about one’s own day after a report is not more of it', async () => {
    const chat = new Chat();
    expect((await chat.say('望月湖12栋停水了 整栋都没得水 屋里还有个坐月子的', 0, 'xiang')).kind).toBe('new');
    expect((await chat.say('老公出差了 一个人带两个细伢子 累死哒', 10, 'xiang')).kind).not.toBe('continue');
  });

  it('later in the minute, a whole message about something else is not more of the report; the place or a phone number still is', async () => {
    const chat = new Chat();
    expect((await chat.say('lane 5 no power, my father in law is on an oxygen machine, pls urgent', 0, 'rahul')).kind).toBe('new');
    expect((await chat.say('我电话 138 0013 8000', 30, 'rahul')).kind).toBe('continue');
    expect((await chat.say('saw the builders at villa 41 too, looks like a whole extra floor lol', 55, 'rahul')).kind).not.toBe('continue');
    expect(chat.tickets[0]!.text).not.toMatch(/builders/);
  });

  it('a few words of English right after a report are read with it; "btw" starts another topic', async () => {
    const chat = new Chat();
    expect((await chat.say('bldg 3 lift stuck between 8 and 9', 0, 'jason')).kind).toBe('new');
    expect(await chat.say('someone inside, i can hear her knocking', 10, 'jason')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('btw anyone has a good cleaner recommendation?', 20, 'jason')).kind).not.toBe('continue');
    expect(chat.tickets[0]!.text).not.toMatch(/cleaner/);
  });

  it('"me too" in English, or "我们6号楼也黑了", is a co-report of the neighbour\'s report', async () => {
    const chat = new Chat();
    expect((await chat.say('hello. i smell gas in stairway unit 4, 3rd floor', 0, 'min')).kind).toBe('new');
    expect(await chat.say('me too, very strong now on 3F', 10, 'olga')).toMatchObject({ ticketNo: 1 });
    expect((await chat.say('6号楼整栋楼停电了，啥也用不了', 20, 'zhao')).kind).toBe('new');
    expect(await chat.say('我们6号楼也黑了', 30, 'qian')).toMatchObject({ kind: 'co_report', ticketNo: 2 });
  });

  it('a line said to one person by name or @ after a report is a reply, not more of it; a greeting is no piece of a report', async () => {
    const chat = new Chat();
    expect((await chat.say('高空抛物！刚从楼上扔下来个酒瓶子，碎了一地，差点砸到人', 0, 'li')).kind).toBe('new');
    expect((await chat.say('高哥，调监控的事麻烦了，我手机 159-9137-2846，随时打', 10, 'li')).kind).not.toBe('continue');
    expect(chat.tickets[0]!.text).not.toMatch(/监控/);
    expect((await chat.say('早晨！今日饮咗茶未', 100, 'chan')).kind).not.toBe('fragment');
    expect(await chat.say('唔该问下，B栋部升降机又坏咗，我阿妈八十几岁行唔到楼梯，几时整得好？', 110, 'chan')).toMatchObject({ kind: 'new' });
    expect(chat.tickets.at(-1)!.text).not.toMatch(/饮咗茶/);
  });

  it('a short line naming a problem of another kind is not more of the report; "还在往里灌" is', async () => {
    const chat = new Chat();
    expect((await chat.say('问一下医保卡丢了咋补办，补卡要本人去吗', 0, 'zhao')).kind).toBe('new');
    expect((await chat.say('5单元垃圾道又堵死了 楼道里全是味儿', 10, 'zhao')).kind).not.toBe('continue');
    expect(chat.tickets[0]!.text).not.toMatch(/垃圾/);
    expect((await chat.say('地下车库B2进水了 水都到脚脖子了', 100, 'sun')).kind).toBe('new');
    expect((await chat.say('还在往里灌', 110, 'sun')).kind).toBe('continue');
  });

  it('a question to the neighbours after one\'s report stays apart', async () => {
    const chat = new Chat();
    expect((await chat.say('二单元楼顶天台漏水，一下雨顶楼几家都遭殃', 0, 'wu')).kind).toBe('new');
    expect((await chat.say('对了哪个有修油烟机的师傅电话，我屋头油烟机不转了', 10, 'wu')).kind).not.toBe('continue');
  });

  it('a report told in pieces becomes urgent when the pieces read together have an urgent word', async () => {
    // Each piece alone is an ordinary request (as an LLM answering "normal" would have it); read
    // together (the joined text has a newline) the rules find someone trapped.
    const asRequest = classifierOf({
      '\n': { isRequest: true, requestConfidence: 0.9, category: 'property', categoryConfidence: 0.9, urgency: 'urgent', urgentSignal: '里头有人' },
      '4号楼东单元电梯': { isRequest: true, requestConfidence: 0.8, category: 'property', categoryConfidence: 0.8 },
      卡五层不动了: { isRequest: true, requestConfidence: 0.8, category: 'property', categoryConfidence: 0.8 },
    });
    const chat = new Chat(asRequest);
    expect((await chat.say('4号楼东单元电梯', 0, 'liu')).kind).toBe('new');
    const r = await chat.say('卡五层不动了 里头有人拍门喊', 10, 'liu');
    expect(r).toMatchObject({ kind: 'continue', classification: { urgency: 'urgent' } });
  });

  it('right after an urgent report, a line that is not chat stays with it even when it does not read as a request', async () => {
    const notRequest = classifierOf({
      fight: { isRequest: true, requestConfidence: 0.95, category: 'security', categoryConfidence: 0.9, urgency: 'urgent', urgentSignal: '打架' },
      drunk: { isRequest: false, requestConfidence: 0.6 },
    });
    const chat = new Chat(notRequest);
    expect((await chat.say('fight on 8th floor right now', 0, 'amy')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    expect(await chat.say('very drunk, I am scared', 10, 'amy')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });

  it('an aside about one\'s plans after a report stays chat', async () => {
    const chat = new Chat();
    expect((await chat.say('我屋隔壁的李婆婆一个人住，两天没看到她出门了，敲门也没人应', 0, 'he')).kind).toBe('new');
    expect((await chat.say('先去接娃了，有消息喊我', 10, 'he')).kind).not.toBe('continue');
  });
});

describe('places, time and other buildings, round 5', () => {
  it('a bare place well after a report that has its own place starts another report; one that completes a report without a place joins it', async () => {
    const chat = new Chat();
    expect((await chat.say('建设路上有个井盖盖不实 车过就嘭一声', 0, 'leung')).kind).toBe('new');
    expect((await chat.say('第5座18楼', 40, 'leung')).kind).toBe('fragment');
    expect(await chat.say('走廊有阵焦味 越来越大', 50, 'leung')).toMatchObject({ kind: 'new', text: '第5座18楼\n走廊有阵焦味 越来越大' });
    expect(chat.tickets[0]!.text).not.toMatch(/第5座/);
    expect((await chat.say('电梯又坏了 按了没反应', 100, 'ma')).kind).toBe('new');
    expect((await chat.say('7栋', 130, 'ma')).kind).toBe('continue');
  });

  it('"晚上了…还是坏的" from the reporter chases the report, not more of its first telling', async () => {
    const chat = new Chat();
    expect((await chat.say('小区北门的门禁坏了，刷卡没反应', 0, 'tan')).kind).toBe('new');
    expect(await chat.say('晚上了，北门门禁还是坏的，进不去', 50, 'tan')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1, chase: true });
  });

  it('"1座也停了" after a neighbour\'s outage in another building is a report of its own, as urgent as that one', async () => {
    const chat = new Chat();
    expect((await chat.say('我们2座停电了 空调冰箱全停 整栋都黑了', 0, 'chen')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    const r = await chat.say('1座也停了', 10, 'zhen');
    expect(r).toMatchObject({ kind: 'new', classification: { isRequest: true, category: chat.tickets[0]!.category, urgency: 'urgent' } });
    expect(await chat.say('2座也是', 20, 'lin')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });

  it('a word about one\'s cat, a market price or "先回去关个火" after a report stays chat; "没事体了" ends it', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼后头的落水管漏得一塌糊涂 一楼人家墙上霉斑都出来了', 0, 'xu')).kind).toBe('new');
    expect((await chat.say('今朝菜场里鲫鱼老便宜额 12块一斤', 10, 'xu')).kind).not.toBe('continue');
    expect((await chat.say('3栋电梯卡住了 里面有个婆婆在喊', 100, 'wong', 'g2@chatroom')).kind).toBe('new');
    chat.tickets.at(-1)!.urgency = 'urgent';
    expect((await chat.say('我个猫都吓到匿埋床底 唔肯出嚟', 110, 'wong', 'g2@chatroom')).kind).not.toBe('continue');
    expect((await chat.say('我灶上还炖起汤的 先回去关个火', 120, 'wong', 'g2@chatroom')).kind).not.toBe('continue');
    expect(chat.tickets.map((t) => t.text).join('\n')).not.toMatch(/鲫鱼|猫|炖/);
    expect((await chat.say('楼道里一股煤气味 蛮重额', 200, 'zhou', 'g3@chatroom')).kind).toBe('new');
    expect((await chat.say('燃气公司来了 讲是302额橡皮管老化 已经关脱阀门了 没事体了', 230, 'zhou', 'g3@chatroom')).kind).not.toBe('continue');
  });

  it('"起不来了" after "屋里有人一直在喊" is what the cry was, not another report; "谁有物业电话，快点" in an emergency is part of it', async () => {
    const chat = new Chat();
    expect((await chat.say('9号楼2单元201屋里有人一直在喊', 0, 'liu')).kind).toBe('new');
    expect(await chat.say('听着是个老汉，喊的是起不来了，敲门不开', 10, 'liu')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    chat.tickets[0]!.urgency = 'urgent';
    expect(await chat.say('谁有物业电话，快点', 20, 'liu')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('问下谁有修油烟机的师傅电话', 200, 'liu')).kind).not.toBe('continue');
  });

  it('co-reports that say "me too" in other words: another unit of the same building, the same stranger at one\'s door, "我也在楼下 听见喊了"', async () => {
    const chat = new Chat();
    expect((await chat.say('11号楼暖气咋整的？一宿都不热乎，屋里才14度', 0, 'gang')).kind).toBe('new');
    expect((await chat.say('我家3单元501，孩子都冻感冒了', 10, 'gang')).kind).toBe('continue');
    expect(await chat.say('我家也不热，11号楼一单元', 30, 'wang')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect((await chat.say('我家也不热，12号楼一单元', 40, 'li')).kind).not.toBe('co_report');
    expect((await chat.say('有个男的冒充燃气公司的，说俺家燃气表要换，要收三百，俺没让他进门', 100, 'zhang', 'g2@chatroom')).kind).toBe('new');
    expect(await chat.say('那个人刚才也敲了俺家门，9号楼5楼，俺没开', 110, 'han', 'g2@chatroom')).toMatchObject({ ticketNo: 2 });
    expect((await chat.say('电梯里关人了 1号楼2单元 快来人', 200, 'ning', 'g3@chatroom')).kind).toBe('new');
    expect(await chat.say('我也在楼下 听见喊了', 220, 'lv', 'g3@chatroom')).toMatchObject({ kind: 'co_report', ticketNo: 3 });
    expect((await chat.say('我看见消防车进巷子了', 230, 'pan', 'g3@chatroom')).kind).not.toBe('co_report');
  });

  it('in an emergency\'s minute: "顺便问问…" and "虚惊一场…" are not more of it, "快啲搞掂佢啊" is; after an announced aside the writer comes back to the first report', async () => {
    const chat = new Chat();
    expect((await chat.say('小沈 12幢301顾阿爹跌仔一跤 爬弗起来哉', 0, 'gu')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    expect((await chat.say('顺便问问 阿拉老头子血压药吃完哉 社区医生啥辰光来配药', 10, 'gu')).kind).not.toBe('continue');
    expect((await chat.say('3-2-402刘大爷一个人住 两天没看到他出门了 敲门也没人应', 100, 'yang', 'g2@chatroom')).kind).toBe('new');
    chat.tickets.at(-1)!.urgency = 'urgent';
    expect((await chat.say('虚惊一场 刘大爷耳朵背 在屋头睡着了 门一开他还骂我们吵他瞌睡', 130, 'yang', 'g2@chatroom')).kind).not.toBe('continue');
    expect((await chat.say('B座由今朝七点到而家都冇水', 200, 'may', 'g3@chatroom')).kind).toBe('new');
    chat.tickets.at(-1)!.urgency = 'urgent';
    expect((await chat.say('屋企有老人要冲凉 快啲搞掂佢啊', 210, 'may', 'g3@chatroom')).kind).toBe('continue');
    const gas = await chat.say('4栋2单元楼道一股煤气味 好重', 300, 'zhou', 'g4@chatroom');
    expect(gas.kind).toBe('new');
    chat.tickets.at(-1)!.urgency = 'urgent';
    expect((await chat.say('对哒 我那个高龄补贴这个月冇到账 你帮我查下', 310, 'zhou', 'g4@chatroom')).kind).toBe('new');
    const gasNo = chat.tickets.at(-2)!.no;
    expect(await chat.say('302敲门冇得人应 是不是他屋里漏气哒', 320, 'zhou', 'g4@chatroom')).toMatchObject({ kind: 'follow_up_info', ticketNo: gasNo });
  });

  it('in an emergency\'s minute, "btw…" and a thank-you to everyone are not more of it', async () => {
    const chat = new Chat();
    expect((await chat.say('water pouring through the ceiling of 1805 Tower B, the lights are dripping', 0, 'ann')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    expect((await chat.say('the water is reaching the sockets now', 5, 'ann')).kind).toBe('continue');
    expect((await chat.say("btw who's still coming to the bbq on saturday", 10, 'ann')).kind).not.toBe('continue');
    expect((await chat.say('Landlord says he will pay for the repainting. Thanks everyone 🙏', 20, 'ann')).kind).not.toBe('continue');
    expect(chat.tickets[0]!.text).not.toMatch(/bbq|Thanks/);
  });
});

describe('the problem named again, witnesses and distress, round 6', () => {
  it('a line naming the report\'s problem again after an aside rejoins it', async () => {
    const chat = new Chat();
    expect((await chat.say('6号楼阳台上吊着一块广告牌 风一吹哐哐响', 0, 'gao')).kind).toBe('new');
    expect((await chat.say('晚饭吃饺子还是面条', 10, 'gao')).kind).toBe('ignore');
    expect(await chat.say('那块广告牌铁架子都锈透了 底下就是幼儿园', 35, 'gao')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(chat.tickets[0]!.text).not.toContain('饺子');
  });

  it('someone\'s heart in the heat stays in the emergency; the weather alone does not', async () => {
    const chat = new Chat();
    expect((await chat.say('9栋整栋停电了 电梯也停了', 0, 'tan')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    expect(await chat.say('我妈有心脏病 在家热得受不了', 12, 'tan')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('今天热得受不了 三十八度', 100, 'lai')).kind).not.toBe('continue');
    expect((await chat.say('不用不用 已经下楼了', 18, 'tan')).kind).toBe('ignore');
  });

  it('a neighbour who passed by and saw it is a witness; passing by is not a street', async () => {
    const chat = new Chat();
    expect((await chat.say('2号楼后面井盖被人偷了 一个大黑洞', 0, 'ren')).kind).toBe('new');
    expect(await chat.say('我刚路过看到了 居委会已经放了两个锥桶', 40, 'bai')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect(await chat.say('3栋一进楼道一股煤气味 冲鼻子', 300, 'cui')).toMatchObject({ kind: 'new' });
    const smelt = await chat.say('我下楼也闻见了 越往上越浓', 320, 'du');
    expect(['co_report', 'duplicate']).toContain(smelt.kind);
    expect(smelt).toMatchObject({ ticketNo: 2 });
  });
});

describe('telling a report and talking to a neighbour, round 6', () => {
  it('"说个事，7号楼" opens a report told in pieces; a question to a neighbour by name is not part of it', async () => {
    const chat = new Chat();
    expect((await chat.say('说个事，7号楼', 0, 'yan')).kind).toBe('fragment');
    expect(await chat.say('三楼那家的狗整宿整宿地叫 觉都睡不成', 10, 'yan')).toMatchObject({ kind: 'new', text: '说个事，7号楼\n三楼那家的狗整宿整宿地叫 觉都睡不成' });
    expect((await chat.say('二丫，你上回说的那家饺子馆叫啥', 20, 'yan')).kind).not.toBe('continue');
    expect(await chat.say('我们老两口都睡不好了 谁来管管', 30, 'yan')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(chat.tickets[0]!.text).not.toContain('饺子');
  });
});

describe('"me too" in more words, round 6', () => {
  it('agreeing or witnessing in a sentence joins the report just made; an opinion or last week\'s trouble does not', async () => {
    const chat = new Chat();
    expect((await chat.say('9栋整栋停电了 电梯也不走了', 0, 'juan')).kind).toBe('new');
    expect(await chat.say('是，俺家刚停，电饭锅做一半', 20, 'hong')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect(await chat.say('同', 30, 'mei')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect(await chat.say('我下去看了，确实黑的，楼道里应急灯都没亮', 40, 'xu')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect((await chat.say('对对对，我也觉得物业该换个经理了', 50, 'qin')).kind).not.toBe('co_report');
    expect((await chat.say('上礼拜我们楼也停过一回，后来说是跳闸', 60, 'ou')).kind).not.toBe('co_report');
  });

  it('a repeat hours later in other words finds the open report: 淹牢, 停暖, 电梯不能坐', async () => {
    const H = 3600;
    const chat = new Chat();
    expect((await chat.say('西门口又积水了，水漫到脚踝，电瓶车都过不去', 0, 'coco')).kind).toBe('new');
    expect(await chat.say('西门到现在还是淹牢的，我买小菜绕了一大圈', 3 * H, 'wang')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    expect((await chat.say('4幢电梯今天早上一直在抖，还咣咣响，吓死人了', 3 * H + 60, 'jiang')).kind).toBe('new');
    expect(await chat.say('4幢电梯到现在还不能坐，从早上停到下午', 6 * H, 'han')).toMatchObject({ kind: 'duplicate', ticketNo: 2 });
    expect((await chat.say('9栋暖气又不热了，屋里才十二度', 6 * H + 60, 'sun')).kind).toBe('new');
    expect(await chat.say('9栋是不是又停暖了？到现在还冰凉', 8 * H, 'li')).toMatchObject({ ticketNo: 3 });
  });
});

describe('more of the same said as a report, round 6', () => {
  it('"嗯咯，…" with the same problem is a repeat of the report just made; 猫眼 is no cat and a shaking lift is a lift', async () => {
    const chat = new Chat();
    expect((await chat.say('东边那几个垃圾桶满得冒出来了，臭得要死', 0, 'li')).kind).toBe('new');
    expect(await chat.say('嗯咯，垃圾桶满了我丢垃圾都塞不进去', 30, 'wu')).toMatchObject({ ticketNo: 1 });
    expect((await chat.say('4幢电梯今天早上上上下下一直在抖，还咣咣响，吓死人了', 100, 'tao')).kind).toBe('new');
    expect(await chat.say('电梯到现在还不能坐，从早上停到下午', 4 * 3600, 'han')).toMatchObject({ kind: 'duplicate', ticketNo: 2 });
    expect((await chat.say('刚刚有个人挨家挨户敲门，说是人口普查要登记身份证号码', 4 * 3600 + 60, 'qian')).kind).toBe('new');
    expect(await chat.say('他也来敲我家了，我没开，猫眼看是个戴帽子的男的', 4 * 3600 + 80, 'xu')).toMatchObject({ kind: 'co_report', ticketNo: 3 });
  });
});

describe('short lines that are no piece of a report, round 6', () => {
  it('relief, help on its way and breakfast are not held as the start of the next report', async () => {
    const chat = new Chat();
    expect((await chat.say('吓煞人 还好还好', 0, 'zhu')).kind).toBe('ignore');
    expect(await chat.say('18号后头垃圾房里有只死老鼠 臭得来', 10, 'zhu')).toMatchObject({ kind: 'new', text: '18号后头垃圾房里有只死老鼠 臭得来' });
    expect((await chat.say('俺离得近 这就去', 100, 'he')).kind).toBe('ignore');
    expect((await chat.say('7栋', 200, 'ma')).kind).toBe('fragment');
  });
});

describe('agreeing words of more dialects, round 6', () => {
  it('"对头，…", "就是 …", "真的 …" agree with the report just made; a 藏獒 is a dog', async () => {
    const chat = new Chat();
    expect((await chat.say('晚上楼下的藏獒叫一整夜，几栋楼的人都睡不着', 0, 'zx')).kind).toBe('new');
    expect(await chat.say('对头，那只狗凶得很，我孙子都不敢下楼', 20, 'zhou')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect((await chat.say('隔壁那户在装修，礼拜六早上七点半就开始电钻', 100, 'xu')).kind).toBe('new');
    expect(await chat.say('真的 我家小囡被吵醒了', 110, 'gu')).toMatchObject({ kind: 'co_report', ticketNo: 2 });
  });
});

describe('witnesses in more words, round 6', () => {
  it('"看见了 …", "我看着了，…", "我也被拉住了" join the report; "看见了给你送过去" does not', async () => {
    const chat = new Chat();
    expect((await chat.say('有个陌生人在车棚撬电动车锁，现在还在', 0, 'c')).kind).toBe('new');
    expect(await chat.say('我看着了，戴黑帽，往后门走了', 10, 'd')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect((await chat.say('停车场门口有人派传单，扫码领鸡蛋，要登记身份证号，大家别上当', 100, 'e')).kind).toBe('new');
    expect(await chat.say('我刚才也被拉住了，还让我拍身份证', 120, 'f')).toMatchObject({ kind: 'co_report', ticketNo: 2 });
    expect((await chat.say('7号楼三门的楼道灯全不亮，晚上上楼摸黑', 200, 'g')).kind).toBe('new');
    expect(await chat.say('看见了 三门一楼到六楼都是黑的', 210, 'h')).toMatchObject({ kind: 'co_report', ticketNo: 3 });
    expect((await chat.say('看见了给你送过去', 220, 'i')).kind).not.toBe('co_report');
  });
});

describe('"me too" in dialect and with a sense, round 6', () => {
  it('"5号楼同", "俺也看见了", "也闻得到", "也吵死俺了" and "额听见咧" join the report just made', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼我家暖气到现在还拔凉拔凉的', 0, 'a')).kind).toBe('new');
    expect(await chat.say('5号楼同 我家才18度', 10, 'b')).toMatchObject({ ticketNo: 1 });
    expect((await chat.say('楼下路口那个井盖松了 一踩就晃荡', 100, 'c')).kind).toBe('new');
    expect(await chat.say('俺也看见了 就在路口那', 110, 'd')).toMatchObject({ ticketNo: 2 });
    expect((await chat.say('3号楼西单元谁家装修 天天早上7点就开始砸墙', 200, 'e')).kind).toBe('new');
    expect(await chat.say('也吵死俺了', 210, 'f')).toMatchObject({ kind: 'co_report', ticketNo: 3 });
    expect((await chat.say('2号楼东边那部电梯里有人在喊，门打不开', 300, 'g')).kind).toBe('new');
    expect(await chat.say('额听见咧 里面是个娃', 310, 'h')).toMatchObject({ ticketNo: 4 });
  });
});

describe('a blocked road is no blocked drain, round 6', () => {
  it('a car blocking the lane after the same writer\'s blocked toilet is a report of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('三条东口公厕又堵了，满地都是水，臭得进不去人', 0, 'song')).kind).toBe('new');
    expect((await chat.say('胡同口那辆黑色SUV又横着停，堵了三天了，三轮都过不去', 40, 'song')).kind).toBe('new');
  });
});

describe('a neighbour who joined an emergency, round 6', () => {
  it('their next, different emergency is a report of its own; the reporter\'s own minute still holds together', async () => {
    const chat = new Chat();
    expect((await chat.say('玉林北路和芳草街口那个井盖没了！！一个大洞', 0, 'panda')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    expect(await chat.say('晚上黑黢黢的 骑电瓶车的摔进去咋个办 快点来个人', 15, 'panda')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(await chat.say('芳草街口那个井盖到现在还没人管 一个大洞 车都绕着走', 100, 'zhen')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    expect(await chat.say('哎呀 5栋电梯门口有个婆婆晕倒了 脸都白了 叫不答应', 110, 'zhen')).toMatchObject({ kind: 'new' });
  });
});

describe('a neighbour who went to see and says it is not so, round 6', () => {
  it('"不是着火 是…熏腊肉 俺刚上去看了" and "…油烟，伐是煤气" are no witnesses of the alarm', async () => {
    const chat = new Chat();
    expect((await chat.say('1号楼楼顶冒黑烟 是不是哪家着火了', 0, 'a')).kind).toBe('new');
    expect((await chat.say('不是着火 是顶楼那家在楼顶熏腊肉 俺刚上去看了', 20, 'b')).kind).not.toBe('co_report');
    expect((await chat.say('阿拉46号楼道里一股煤气味道，侬拉闻到伐？', 100, 'c')).kind).toBe('new');
    expect((await chat.say('是楼下小饭店烧菜的油烟味道，伐是煤气，我刚刚下去看过了', 110, 'd')).kind).not.toBe('co_report');
    expect((await chat.say('那个泰迪天天在电梯里撒尿', 200, 'e')).kind).toBe('new');
  });
});

describe('after an emergency, and the same thing again, round 8', () => {
  it('a claim, a bill or advice for next time is a matter of its own, and no emergency', async () => {
    const chat = new Chat();
    expect((await chat.say('整栋楼停电了 3号楼全黑 电梯也停了', 0, 'a')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    const claim = await chat.say('昨晚停电 冰箱里的肉全坏了 这个损失物业赔不赔', 3 * 3600, 'b');
    expect(claim).toMatchObject({ kind: 'new', classification: { urgency: 'normal' } });
    expect((await chat.say('停电那一夜 这个月电费咋还多了五十', 4 * 3600, 'c')).kind).toBe('new');
    expect((await chat.say('建议物业把线路都查一遍 下回万一起火咋整', 5 * 3600, 'a')).kind).toBe('new');
    // Still going on, it is the emergency's: "还在" keeps the alarm.
    const flood = await real.classify({ text: '车库还在进水 车都泡了 保险公司电话打不通', mentionsBot: false });
    expect(flood.urgency).toBe('urgent');
    const insurance = await real.classify({ text: '我车在地库泡了半个轮子 保险公司要物业开个证明', mentionsBot: false });
    expect(insurance.urgency).toBe('normal');
    const someday = await real.classify({ text: '7栋好几家窗台外面摆着花盆 哪天掉下来砸到人就麻烦了', mentionsBot: false });
    expect(someday.urgency).toBe('normal');
  });

  it('put right on a weekday and broken again is a new report, not the old one', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼楼道那根公共水管漏水了 一直在滴', 0, 'a')).kind).toBe('new');
    const again = await chat.say('礼拜二刚换了接头 今天5号楼楼道水管又漏了', 3 * 86400, 'b');
    expect(again.kind).toBe('new');
  });

  it('"门口也是水" agrees with the leak, not with the newest report', async () => {
    const chat = new Chat();
    expect((await chat.say('82号楼梯间那根公共水管漏水了', 0, 'a')).kind).toBe('new');
    expect((await chat.say('还有楼下垃圾箱房好几天没人冲了 臭得很', 30, 'b')).kind).toBe('new');
    expect(await chat.say('是的是的 我家门口也是水 拖了两趟了', 60, 'c')).toEqual({ kind: 'co_report', ticketNo: 1 });
  });

  it("a neighbour's 'still no lift' does not make the lift an emergency", async () => {
    const chat = new Chat();
    expect((await chat.say('6栋电梯又坏了 从早上就停在1楼不动', 0, 'a')).kind).toBe('new');
    const still = await chat.say('都晚上了 6栋还是没得电梯', 8 * 3600, 'b');
    expect(still.kind).toBe('duplicate');
    expect(still.kind === 'duplicate' && still.classification.urgency).toBe('normal');
  });

  it('"also" or "every day" about another problem leaves the reporter\'s emergency', async () => {
    const chat = new Chat();
    expect((await chat.say('4号楼地下室水管爆了 水哗哗往外冒 已经漫到楼梯口了', 0, 'a')).kind).toBe('new');
    chat.tickets[0]!.urgency = 'urgent';
    expect(await chat.say('水是从东头那根管子出来的', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('还有 那辆白车天天停在4号楼楼道口 轮椅都推不出去', 25, 'a')).kind).toBe('new');
  });
});

describe('what the problem does to the writer, round 8', () => {
  it('"急死人了 要迟到了" straight after the report is more of it; a laugh about the dog is not', async () => {
    const chat = new Chat();
    expect((await chat.say('谁的白车 堵在9号楼单元门口 我要送娃上学出不去 车上也没留电话', 0, 'a')).kind).toBe('new');
    expect(await chat.say('急死人了 要迟到了', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    const dog = new Chat();
    expect((await dog.say('2栋二楼那家养的狗天天晚上叫，叫到半夜', 0, 'd')).kind).toBe('new');
    expect(await dog.say('跟他家讲了两次了，没得用', 10, 'd')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(await dog.say('我崽要中考了', 20, 'd')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    const ktv = new Chat();
    expect((await ktv.say('楼下那家新开的KTV每天唱到凌晨两三点 根本没办法睡觉', 0, 'k')).kind).toBe('new');
    expect(await ktv.say('打了110 来了一趟 走了又唱', 10, 'k')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    const heating = new Chat();
    expect((await heating.say('3号楼2单元5楼 暖气就上头一截热 下边拔凉 屋里才16度', 0, 'h')).kind).toBe('new');
    expect(await heating.say('放过气了 没用', 10, 'h')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });

  it('a gambling den "烟雾缭绕" is no fire: smoke from a flat later that evening is a report of its own', async () => {
    const chat = new Chat();
    const den = await chat.say('地下车库最里边那个空储藏间 天天晚上一帮人在里头推牌九 烟雾缭绕的 输了好几千', 0, 'g');
    expect(den).toMatchObject({ kind: 'new', classification: { category: 'security' } });
    expect((await chat.say('楼道里一股烟味 好像是5楼的 门缝往外冒烟', 3 * 3600, 'h')).kind).toBe('new');
    const other = new Chat();
    expect((await other.say('垃圾站那边三天没清了 堆成小山了', 0, 'b')).kind).toBe('new');
    expect((await other.say('今天我家二哈又把沙发啃了，气死我了😂', 10, 'b')).kind).not.toBe('continue');
  });
});

describe("another emergency in the writer's next line, round 8", () => {
  it('a power cut after a question about an allowance, smoke after the rats: reports of their own', async () => {
    const allowance = new Chat();
    expect((await allowance.say('请问高龄补贴什么时候发 我婆婆九十岁了还没收到 是不是要去社区登记', 0, 'a')).kind).toBe('new');
    expect((await allowance.say('停电了 整个小区都黑了', 10, 'a')).kind).toBe('new');
    const rats = new Chat();
    expect((await rats.say('5号楼底楼门口老鼠好多 夜里窜来窜去 小孩吓得不敢出门', 0, 'b')).kind).toBe('new');
    expect((await rats.say('楼下好像有烟上来 一股焦味', 10, 'b')).kind).toBe('new');
    // (A short piece that names no problem still says what the first was: see "起不来了" above.)
  });
});

describe('a manhole cover is not the drain, round 8', () => {
  it('water over the road and a blocked drain later is not the loose manhole cover of the morning', async () => {
    const chat = new Chat();
    expect((await chat.say('北门那点的井盖又翻起来了 昨晚一个骑电瓶车的差点摔下去 麻烦来整一下', 0, 'a')).kind).toBe('new');
    expect((await chat.say('下午这场雨好大 菜市场门口那段路积水淹到小腿了 下水道又堵起了', 4 * 3600, 'b')).kind).toBe('new');
  });
});

describe('a place first, the problem next, round 8', () => {
  it('"5号楼东头儿 靠自行车棚那块儿" then "那个井盖子裂了…" is one report', async () => {
    const chat = new Chat();
    const place = await chat.say('5号楼东头儿 靠自行车棚那块儿', 0, 'liu');
    const problem = await chat.say('那个井盖子裂了一大条缝 踩上去咣当咣当的', 10, 'liu');
    // Read together, whichever the first line became: never two tickets.
    expect(chat.tickets).toHaveLength(1);
    expect([place.kind, problem.kind]).toEqual(place.kind === 'new' ? ['new', 'continue'] : ['fragment', 'new']);
  });
});

describe("one's own trouble some time ago, round 8", () => {
  it('"上个月俺家也叫偷了一回" and "我外婆昨天也接到一模一样的" are stories beside the report, not "me too"', async () => {
    const chat = new Chat();
    expect((await chat.say('俺家电动车电瓶昨儿夜里叫人偷了 就停在5号楼底下', 0, 'a')).kind).toBe('new');
    const story = await chat.say('上个月俺家也叫偷了一回 报了派出所 到现在也没找着', 60, 'b');
    expect(['co_report', 'duplicate']).not.toContain(story.kind);
    const scam = new Chat();
    expect((await scam.say('刚刚接到个电话 讲是社保局 讲我社保卡要冻结 叫我按1转人工', 0, 'c')).kind).toBe('new');
    const other = await scam.say('我外婆昨天也接到一模一样的 幸亏挂掉了', 60, 'd');
    expect(['co_report', 'duplicate']).not.toContain(other.kind);
    // A joke that ends in a laugh is no "me too" either.
    const flood = new Chat();
    expect((await flood.say('一楼进水了 水从门缝往里灌', 0, 'e')).kind).toBe('new');
    const joke = await flood.say('我屋里也进水了 我儿子在洗澡间玩水 把地板搞得稀湿 哈哈', 60, 'f');
    expect(['co_report', 'duplicate']).not.toContain(joke.kind);
  });
});

describe('"再说一个", round 8', () => {
  it('says the next line is another matter', async () => {
    const chat = new Chat();
    expect((await chat.say('楼上不知道谁家从窗子里撇下来一个啤酒瓶子 就砸在我脚跟前', 0, 'a')).kind).toBe('new');
    expect((await chat.say('再说一个 我们楼三楼那家把鞋柜跟腌菜缸子摆在楼道里 占公家的地方 说了也不听', 15, 'a')).kind).toBe('new');
  });
});

describe('an opener, then the matter, round 8', () => {
  it('"反映个事情" then the stairwell full of boxes is one report; "不知道是谁家的" after a gas smell is more of it', async () => {
    const chat = new Chat();
    await chat.say('反映个事情', 0, 'a');
    const matter = await chat.say('我们院2单元一楼楼道 被人堆满了纸箱子泡沫板 人都过不去', 10, 'a');
    expect(chat.tickets).toHaveLength(1);
    expect(['continue', 'new']).toContain(matter.kind);
    const gas = new Chat();
    expect((await gas.say('九栋二单元一楼一股煤气味 老冲了', 0, 'b')).kind).toBe('new');
    gas.tickets[0]!.urgency = 'urgent';
    expect(await gas.say('俺刚下楼倒垃圾闻着的 不知道是谁家的', 10, 'b')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('a bottle that has landed, round 9', () => {
  it('is a report of its own, not an emergency, and a call on the offices right after it is more of it', async () => {
    const chat = new Chat();
    expect(await chat.say('刚才楼上不知道哪家扔了个酒瓶下来 碎在我脚边 差点砸到我外孙 3栋西头', 0, 'a')).toMatchObject({ kind: 'new', classification: { category: 'safety', urgency: 'normal' } });
    expect(await chat.say('物业和社区得查一下 太吓人了', 20, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    // Still being thrown: danger now.
    const still = new Chat();
    expect(await still.say('5栋楼上有人一直在往下扔酒瓶 刚一个砸我脚边 底下还有小孩', 0, 'b')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
  });
});

describe('two places named, round 9', () => {
  it("the garage lights do not join a building's report of its lights, even from a resident of that building", async () => {
    const chat = new Chat();
    expect((await chat.say('9栋1单元楼道灯坏了好几天了 一到四楼全黑', 0, 'a')).kind).toBe('new');
    const garage = { ...say('物业 地库B区那排灯一直在闪 晃眼睛', 3 * 3600, 'b'), senderName: '9-1-801阿杰' };
    expect((await understand(garage, { burst: null, openInCommunity: [...chat.tickets] }, real)).kind).toBe('new');
    // The building's stairwell lights, written by a neighbour in it, still join.
    const stairs = { ...say('一单元楼道灯到现在还是不亮', 3 * 3600, 'c'), senderName: '9-1-401小邵' };
    expect(await understand(stairs, { burst: null, openInCommunity: [...chat.tickets] }, real)).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
  });
});

describe('a neighbour who ran into it too, round 9', () => {
  it('"我刚也压到了" after a loose manhole cover is a co-report', async () => {
    const chat = new Chat();
    expect((await chat.say('北门进来那个井盖松了 电瓶车压上去咣当一声', 0, 'a')).kind).toBe('new');
    expect(await chat.say('我刚也压到了 旁边那圈水泥都裂了', 300, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('"还有 …", round 9', () => {
  it('moves on to the next thing when it names another problem or asks another department, not when it says more', async () => {
    const chat = new Chat();
    expect((await chat.say('小区里的雪都踩成冰壳子了 物业能不能组织清一清', 0, 'a')).kind).toBe('new');
    expect((await chat.say('还有2栋那个楼道灯 一楼到三楼都不亮 晚上得拿手机照着', 20, 'a')).kind).toBe('new');
    const fire = new Chat();
    expect((await fire.say('3栋五楼冒黑烟了 快打119', 0, 'b')).kind).toBe('new');
    expect(await fire.say('还有人在里面没出来', 10, 'b')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('"额家也…", round 9', () => {
  it('hears agreement in the Shaanxi and Gansu 额 for 我', async () => {
    const chat = new Chat();
    expect((await chat.say('12号楼没水了 早上起来一滴都没有', 0, 'a')).kind).toBe('new');
    expect(await chat.say('额家也么水', 120, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('a witness who says so first, round 9', () => {
  it('is a co-report of the report just made, whatever detail follows; not once it names another building', async () => {
    const chat = new Chat();
    expect((await chat.say('楼下有两个人打起来了 拿着棍子 快报警', 0, 'a')).kind).toBe('new');
    expect(await chat.say('我在楼上看着嘞 有个人头上流血了', 90, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    const lift = new Chat();
    expect((await lift.say('3号楼电梯关人了', 0, 'a')).kind).toBe('new');
    expect(await lift.say('我看见了 5号楼门口的路灯也倒了', 60, 'b')).not.toMatchObject({ kind: 'co_report' });
  });
});

describe('what the problem does, round 10', () => {
  it('"黑黢黢的 我倒车差点刮到柱子" right after the garage lights is more of the report; a word about the cat is not', async () => {
    const chat = new Chat();
    expect((await chat.say('地下车库B区那几盏灯闪了好几天了', 0, 'a')).kind).toBe('new');
    expect(await chat.say('黑黢黢的 我倒车差点刮到柱子', 20, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('我家猫今天又胖了一斤 哈哈', 40, 'a')).kind).not.toBe('continue');
  });
});

describe('a bare place first, round 10', () => {
  it('"楼道里" waits for the problem, and the gas smell that follows is the safety office\'s emergency', async () => {
    const chat = new Chat();
    expect((await chat.say('楼道里', 0, 'a')).kind).toBe('fragment');
    expect(await chat.say('煤气味道好重', 10, 'a')).toMatchObject({ kind: 'new', classification: { category: 'safety', urgency: 'urgent' } });
  });
});

describe('put right and broken again, round 10', () => {
  it('"昨天放完气热了一晚上 今天又不行了" is a new report, not the one of the day before', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼1单元 我家暖气上面热下面冰凉 屋里才15度', 0, 'a')).kind).toBe('new');
    expect((await chat.say('早上起来3号楼1单元暖气又凉了 昨天放完气热了一晚上 今天又不行了', 20 * 3600, 'b')).kind).toBe('new');
    // Still not fixed is the same report.
    expect(await chat.say('中午了 3号楼1单元暖气还是凉的', 20 * 3600 + 60, 'c')).toMatchObject({ kind: 'duplicate' });
  });
});

describe('an emergency after one\'s own report, round 10', () => {
  it('someone collapsed in the street does not join the writer\'s report about mosquitoes', async () => {
    const chat = new Chat();
    expect((await chat.say('蚊子多到不得了 我家小孩被咬得全身是包 赶紧来喷药', 0, 'a')).kind).toBe('new');
    expect(await chat.say('菜市场门口有个阿伯倒在地上', 30, 'a')).toMatchObject({ kind: 'new', classification: { category: 'services', urgency: 'urgent' } });
  });
});

describe('another matter from a neighbour, round 11', () => {
  it('"也是个…" is no "me too", and "说到这个" starts another matter', async () => {
    const smoke = new Chat();
    expect((await smoke.say('3号楼1单元楼道里全是烟 呛得喘不过气 不知道哪家冒出来的', 0, 'a')).kind).toBe('new');
    expect((await smoke.say('清明给老人烧点纸也是个心意，社区能不能在小区外面划块地方让烧', 600, 'b')).kind).toBe('new');
    const alone = new Chat();
    expect((await alone.say('我隔壁刘大爷一个人住 敲门不开 电话也不接 别出啥事', 0, 'a')).kind).toBe('new');
    expect((await alone.say('说到这个，我们楼上也有个老太太一个人住，社区能不能定期上门看看', 600, 'b')).kind).toBe('new');
    // Still: a neighbour who says it is the same here joins it.
    const water = new Chat();
    expect((await water.say('5号楼停水了 一早起来就没水', 0, 'a')).kind).toBe('new');
    expect((await water.say('我们5号楼也是 一滴都没有', 300, 'b')).kind).toMatch(/duplicate|co_report/);
  });
});

describe('"again" from a neighbour, round 11', () => {
  it('"又没了" right after an outage report is a co-report', async () => {
    const chat = new Chat();
    expect((await chat.say('今天早上12号楼又停水了 昨天不是修好了吗', 0, 'a')).kind).toBe('new');
    expect(await chat.say('又没了 服了', 30, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('not about the report, round 11', () => {
  it('"接龙+1" is a group-buy order, not a "+1" to the report above it', async () => {
    const chat = new Chat();
    expect((await chat.say('东门口夜晚成日有人摆烧烤档 烟大到窗都开唔到', 0, 'a')).kind).toBe('new');
    expect((await chat.say('接龙+1 牛巴两包', 40, 'b')).kind).not.toBe('co_report');
  });

  it('asking after a neighbour by name is not asking after one\'s own rubbish report', async () => {
    const chat = new Chat();
    expect((await chat.say('巷子口那个垃圾点三天没人拉了 苍蝇嗡嗡的', 0, 'a')).kind).toBe('new');
    expect((await chat.say('杨奶奶怎么样了？', 3600, 'a')).kind).not.toBe('follow_up_question');
    expect((await chat.say('垃圾那个事怎么样了', 7200, 'a')).kind).toBe('follow_up_question');
  });
});

describe('agreeing by place, round 11', () => {
  it('"me too" naming only a place agrees with the report at that place, not the newest one', async () => {
    const chat = new Chat();
    expect((await chat.say('7号楼1单元电梯也坏了 停在6楼不动', 0, 'a')).kind).toBe('new');
    expect((await chat.say('另外东门进来那个井盖翘起来了 电动车压上去咣当一声', 60, 'b')).kind).toBe('new');
    expect(await chat.say('同楼的也一样 7号楼1单元下午接娃只能爬楼', 120, 'c')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('agreement in more spellings, round 11', () => {
  it.each([
    ['咱小区垃圾站那儿两天没拉了 苍蝇嗡嗡的 味大的没法走', '可不 俺下楼扔垃圾都得憋着气'],
    ['北门口那俩垃圾桶也满了 冒尖了都 泡了水那味儿 路过得憋气', '是 泡了一宿 熏得慌'],
    ['西头停电到而家都未来，我屋企雪柜啲嘢臭晒喇', '东头都系，成晚冇电'],
  ])('"%s" then "%s" joins the report', async (first, second) => {
    const chat = new Chat();
    expect((await chat.say(first, 0, 'a')).kind).toBe('new');
    const r = await chat.say(second, 60, 'b');
    expect(['co_report', 'duplicate']).toContain(r.kind);
    expect(r).toMatchObject({ ticketNo: 1 });
  });
});

describe("'yes, I said so long ago', round 11", () => {
  it('a line that opens by saying yes agrees, whatever past it adds; a story of one\'s own does not', async () => {
    const chat = new Chat();
    expect((await chat.say('弄堂口那只窨井盖又翘起来了 一脚踏上去咯噔一记', 0, 'a')).kind).toBe('new');
    const yes = await chat.say('是额 我上个礼拜推童车过去也卡牢过', 60, 'b');
    expect(['co_report', 'duplicate']).toContain(yes.kind);
    const theft = new Chat();
    expect((await theft.say('俺家电动车电瓶昨儿夜里叫人偷了 就停在5号楼底下', 0, 'c')).kind).toBe('new');
    expect(['co_report', 'duplicate']).not.toContain((await theft.say('上个月俺家也叫偷了一回 到现在也没找着', 60, 'd')).kind);
  });
});

describe('what a line names decides what it joins, round 12', () => {
  it('"就是有点黄" (the water came back yellow) agrees with no report; "是有股味" still agrees', async () => {
    const chat = new Chat();
    expect((await chat.say('刚接个电话说是医保局的，说我医保卡被冻结了，让我加个QQ配合调查，是骗子吧？', 0, 'a')).kind).toBe('new');
    expect((await chat.say('就是有点黄 放一会儿就清了', 60, 'b')).kind).not.toBe('co_report');
    const smell = new Chat();
    expect((await smell.say('5栋楼道里一股臭味 不知道哪家的垃圾', 0, 'c')).kind).toBe('new');
    expect(await smell.say('是有股味 我下楼也闻到了', 60, 'd')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });

  it('a story of one\'s youth is not a "still so" of the outage reported now', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼停电了？刚才啪一下全黑了，电梯也停了', 0, 'a')).kind).toBe('new');
    const story = await chat.say('我年轻时在盐化厂上班，那会儿停电是家常便饭，点个蜡照样过', 600, 'b');
    expect(['co_report', 'duplicate']).not.toContain(story.kind);
  });

  it('"电还没来" and "楼里还是黑的" hours later are the same power cut', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼停电了？刚才啪一下全黑了，电梯也停了', 0, 'a')).kind).toBe('new');
    const asked = await chat.say('那边3号楼电还没来啊？我姑娘住那，晚上让她回我这吃饭吧', 4 * 3600, 'b');
    expect(asked).toMatchObject({ ticketNo: 1 });
  });

  it('"又是老鼠！" in the minute of a gas report is a report of its own, not more of the gas', async () => {
    const chat = new Chat();
    expect(await chat.say('6栋三单元楼道里好像有股煤气味，淡淡的，不晓得是不是哪家煮东西烧糊了，我闻了有十来分钟了还是有', 0, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    const rats = await chat.say('又是老鼠！我们这栋老鼠太多了，晚上在楼道跑来跑去，能不能来灭一次鼠', 10, 'a');
    expect(rats.kind).toBe('new');
  });
});

describe('pieces after a report, round 12', () => {
  it('"梁仔 我想问下" after a report opens another matter: the question after it is its own', async () => {
    const chat = new Chat();
    expect((await chat.say('新华路嗰个公交站个顶棚冇晒 落雨冇地方避', 0, 'a')).kind).toBe('new');
    expect((await chat.say('梁仔 我想问下', 10, 'a')).kind).toBe('fragment');
    const asked = await chat.say('我个仔喺深圳读书 户口仲喺我哋呢度 佢要开张户籍证明 要带啲乜', 20, 'a');
    expect(asked.kind).not.toBe('continue');
  });

  it('"里面好热 快点来人啊" from a lift is more of the emergency, not weather talk', async () => {
    const chat = new Chat();
    expect(await chat.say('5号楼2单元电梯卡在11楼和12楼中间了 我女儿在里面 按了警铃没人应', 0, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    expect(await chat.say('她打电话说里面好热 快点来人啊', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });

  it('rubbish that "漫到路上" is more of the rubbish report, not a flood', async () => {
    const chat = new Chat();
    expect((await chat.say('锅炉房旁边那个垃圾池四五天没人拉了', 0, 'a')).kind).toBe('new');
    expect(await chat.say('都漫到路上了 风一刮塑料袋满院子飞', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('a repair promised and not made, round 12', () => {
  it('"又是走楼梯下来的 昨天不是说五点修好吗" is the same breakdown, not a new one', async () => {
    const chat = new Chat();
    expect((await chat.say('5栋东边那部电梯又停了 按了没反应 门关着 显示屏黑的 老人家要爬18楼 物业快来看看', 0, 'a')).kind).toBe('new');
    expect(await chat.say('早 今天早上5栋东边电梯门口还贴着维修中 我又是走楼梯下来的 昨天不是说五点修好吗', 20 * 3600, 'b')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    expect(await chat.say('都下午三点了 我5栋1802郑阿姨 买菜回来又是爬上去的 东边那部到现在还是没人来修', 26 * 3600, 'c')).toMatchObject({ ticketNo: 1 });
  });

  it('fixed yesterday and broken again today is still a new breakdown', async () => {
    const chat = new Chat();
    expect((await chat.say('5栋电梯又停了 按了没反应', 0, 'a')).kind).toBe('new');
    expect((await chat.say('5栋电梯昨天刚修好 今天又坏了', 20 * 3600, 'b')).kind).toBe('new');
  });
});

describe('news from the scene of an emergency, round 12', () => {
  it('a neighbour who went in and says how the person is adds to the emergency, not a new alarm', async () => {
    const chat = new Chat();
    expect(await chat.say('各位邻居帮帮忙！！我妈在家摔倒了 起不来 我在外地 5栋302', 0, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    expect(await chat.say('进去了 老人家坐在卫生间地上，人是清醒的，说腿疼，没出血', 120, 'b')).toEqual({ kind: 'answer', ticketNo: 1 });
  });

  it('news that names danger of its own is a report', async () => {
    const chat = new Chat();
    expect(await chat.say('停电了 16栋整栋都黑了 闻到一股焦味', 0, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    const found = await chat.say('找到了 是16栋后面那个配电箱在冒黑烟 噼里啪啦响', 120, 'b');
    expect(['new', 'duplicate']).toContain(found.kind);
  });
});

describe('voice-input openers, round 12', () => {
  it('"…我跟你说个事儿就是我们那个7号楼前头那个井盖" is the first piece; the next line completes the report', async () => {
    const chat = new Chat();
    expect((await chat.say('那个网格员小周啊我跟你说个事儿就是我们那个7号楼前头那个井盖', 0, 'a')).kind).toBe('fragment');
    const report = await chat.say('不知道让谁给弄歪了翘起来一半 晚上黑看不见 我刚才差点一脚踩进去', 10, 'a');
    expect(report).toMatchObject({ kind: 'new', messageIds: ['m0-a', 'm10-a'] });
  });
});

describe('what the trouble does to the writer, round 12', () => {
  it.each([
    ['民福街口那个卖烤红薯的 大喇叭一直放 从早上七点喊到晚上', '我夜班回来想睡会儿 根本睡不成'],
    ['8号楼三单元楼道里头有人堆了一堆纸箱子 过都过不去', '我跟他说他还骂我 说我管闲事'],
  ])('"%s" then "%s" is one report', async (first, second) => {
    const chat = new Chat();
    expect((await chat.say(first, 0, 'a')).kind).toBe('new');
    expect(await chat.say(second, 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('said to be something else, round 12', () => {
  it('"顺便问下 今年采暖费…" names the heating but is another matter; "老杜 你说的是不是…" answers a neighbour', async () => {
    const chat = new Chat();
    expect((await chat.say('5号楼2单元暖气不热 摸着冰凉', 0, 'a')).kind).toBe('new');
    const fee = await chat.say('@怡和物业客服小陈 顺便问下 今年采暖费交到啥时候截止啊 我还没交 能不能分两次', 60, 'b');
    expect(['duplicate', 'co_report']).not.toContain(fee.kind);
    const gossip = new Chat();
    expect((await gossip.say('网格员 我们6号楼三单元有一户天天半夜有人进进出出 吵得睡不着', 0, 'a')).kind).toBe('new');
    expect(['duplicate', 'co_report']).not.toContain((await gossip.say('老杜 你说的是不是那几个做直播的 我见过 好几个女娃娃', 60, 'b')).kind);
  });
});

describe('an LLM filing the picture under another department, round 12', () => {
  it('does not split the danger in a report\'s second line off into a ticket of its own', async () => {
    const llmLike = classifierOf({
      水泥皮: { isRequest: true, requestConfidence: 1, category: 'safety', categoryConfidence: 0.99 },
      砸到人: { isRequest: true, requestConfidence: 0.95, category: 'property', categoryConfidence: 0.95, urgency: 'urgent', urgentSignal: '砸到人', source: 'llm' },
    });
    const chat = new Chat(llmLike);
    expect((await chat.say('章师傅 5号楼西头阳台那块水泥皮刚又掉了一大块 就砸在车棚顶上 下面就是小孩上学走的路', 0, 'a')).kind).toBe('new');
    expect(await chat.say('[图片] 你们看这么大一块 砸到人要出人命的', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('neighbours joining an outage, round 13', () => {
  it('"原来是这个，我还以为跳闸了" and "还以为是自己家…原来整栋都没电" join the power cut', async () => {
    const chat = new Chat();
    expect((await chat.say('8栋停电了 整栋楼都黑了 物业快看看', 0, 'a')).kind).toBe('new');
    expect(await chat.say('我家也没电，原来是这个，还以为跳闸了', 60, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect(await chat.say('我还以为是自己家保险丝烧了 下去看了电闸好好的 原来整栋都没电', 120, 'c')).toMatchObject({ ticketNo: 1 });
    expect(['duplicate', 'co_report']).toContain((await chat.say('12楼也黑了 冰箱都停了', 180, 'd')).kind);
  });

  it('"12楼一样的 娃要上学脸都没洗" is a "me too" of the water cut, not chat about school', async () => {
    const chat = new Chat();
    expect((await chat.say('6栋没水了 早上起来水龙头一拧一滴都没有', 0, 'a')).kind).toBe('new');
    expect(await chat.say('12楼一样的 娃要上学脸都没洗', 60, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });

  it('"早上才搞好 又停了" in the evening is a new cut, not the morning\'s', async () => {
    const chat = new Chat();
    expect((await chat.say('6栋没水了 早上起来水龙头一拧一滴都没有', 0, 'a')).kind).toBe('new');
    expect((await chat.say('晚上七点 6栋又停水了 早上才搞好 又坏了吧', 12 * 3600, 'b')).kind).toBe('new');
  });

  it('"还有小区门口那个烧烤摊" after a noisy neighbour starts another report', async () => {
    const chat = new Chat();
    expect((await chat.say('物业 9号楼我家楼上天天半夜还在跳绳 咚咚咚的', 0, 'a')).kind).toBe('new');
    expect((await chat.say('还有小区门口那个烧烤摊子', 10, 'a')).kind).not.toBe('continue');
  });
});

describe('the reporter\'s own news, round 13', () => {
  it('"还是没电 电梯也停了" from whoever reported the power cut stays with it, not with a neighbour\'s report', async () => {
    const chat = new Chat();
    expect((await chat.say('2栋停电了 整栋都黑了', 0, 'a')).kind).toBe('new');
    expect((await chat.say('河边那个公厕门锁坏了 关不上 好几天了', 30, 'b')).kind).toBe('new');
    expect(await chat.say('半个小时了还是没电 电梯也停了 我妈在9楼下不来', 70, 'a')).toMatchObject({ ticketNo: 1 });
  });
});

describe('the hour said in the line, round 13', () => {
  // (Since round 23 a chase, as it is hours later: the hour moved on and it is still not done.)
  it('"晚上八点了 还是没电" from the reporter chases the report, not more of its first telling', async () => {
    const chat = new Chat();
    expect((await chat.say('现在3幢整栋停电了 电梯也不动 楼上好多老人家', 0, 'a')).kind).toBe('new');
    expect(await chat.say('晚上八点了 3幢还是没电 冰箱里的东西都要坏了', 60, 'a')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1, chase: true });
  });
});

describe('a neighbour who has water, round 13', () => {
  it('"我家有水啊 也是1单元" says the cut is not theirs: no "me too"', async () => {
    const chat = new Chat();
    expect((await chat.say('我家没水了 拧开龙头就咕噜两声 是停水了吗', 0, 'a')).kind).toBe('new');
    expect(['co_report', 'duplicate']).not.toContain((await chat.say('我家有水啊 也是1单元', 60, 'b')).kind);
  });
});

describe('"又没得了" finds the outage, round 13', () => {
  it('joins the water cut, not the newest report in the group', async () => {
    const chat = new Chat();
    expect((await chat.say('5栋停水了哦 早上起来就莫得水 物业晓得不', 0, 'a')).kind).toBe('new');
    expect((await chat.say('小区儿童游乐区那个滑梯螺丝松了 晃得很', 30, 'b')).kind).toBe('new');
    expect(await chat.say('真的 又没得了[晕]', 60, 'c')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('danger after a grievance, round 13', () => {
  it('"楼下打起来了" right after a complaint about the barbecue stall is an emergency of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('楼下那个烧烤摊每天搞到凌晨两点 吵得要命 油烟往楼上灌', 0, 'a')).kind).toBe('new');
    const fight = await chat.say('楼下打起来了', 20, 'a');
    expect(fight).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
  });

  it('"今天谁去早市了 羊肉啥价" after a heating report is chat', async () => {
    const chat = new Chat();
    expect((await chat.say('我家暖气上边热下边凉 测了才十六度 老太太在家穿着棉袄呢', 0, 'a')).kind).toBe('new');
    expect((await chat.say('今天谁去早市了 羊肉啥价', 10, 'a')).kind).not.toBe('continue');
  });
});

describe('who only agreed, round 16', () => {
  it('"6号楼也停了" when the newest report is a barking dog is an outage of its own, not a word on the dog', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼停电了 整栋都黑着 电梯也停了', 0, 'a')).kind).toBe('new');
    expect((await chat.say('楼下那家的狗从半夜叫到天亮 这咋睡啊', 30, 'b')).kind).toBe('new');
    const outage = await chat.say('6号楼也停了 是不是整个小区都停了', 60, 'c');
    expect(outage.kind).not.toBe('co_report');
    expect('ticketNo' in outage && outage.ticketNo === 2).toBe(false);
  });

  it('a question from who "+1"ed the bus shelter is a question of their own', async () => {
    const chat = new Chat();
    expect((await chat.say('小区门口那个公交站的雨棚被风刮坏了一大块 下雨没地方躲', 0, 'a')).kind).toBe('new');
    expect(await chat.say('是的 我昨天等车也淋湿了', 10, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    const question = await chat.say('问下 我们老街那片的旧城改造 是今年搞还是明年搞', 40, 'b');
    expect('ticketNo' in question && question.ticketNo === 1).toBe(false);
  });

  it('"俺家也又凉了" agrees with the heating report, not with the newest one', async () => {
    const chat = new Chat();
    expect((await chat.say('9号楼暖气还是冰凉 摸着跟没开一样', 0, 'a')).kind).toBe('new');
    expect((await chat.say('南门外公交站的棚子叫风刮歪了 等车的都不敢站底下', 30, 'b')).kind).toBe('new');
    expect(await chat.say('俺家也又凉了', 60, 'c')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('"还有" and a place, round 16', () => {
  it('"还有地下车库那几盏灯…" after a question about the fee starts a report of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('请问今年物业费是不是涨了 单子上写的3块一平', 0, 'a')).kind).toBe('new');
    const lamps = await chat.say('还有地下车库C区那几盏灯也不亮 开车进去黑乎乎的', 20, 'a');
    expect(lamps.kind).toBe('new');
  });
});

describe('who is asking, round 16', () => {
  it('"我是…的女儿 在外地" waits for what she asks, and is part of that report', async () => {
    const chat = new Chat();
    expect((await chat.say('大家好 麻烦一下 我是9栋1单元302王秀兰的儿子 人在广州', 0, 'a')).kind).toBe('fragment');
    const report = await chat.say('我妈从早上到现在电话都没人接 她一个人住 有心脏病', 15, 'a');
    expect(report).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    expect('messageIds' in report && report.messageIds.length).toBe(2);
  });
});

describe('a photo of the damage, round 16', () => {
  it('"我家晾的被子烧了个洞[图片]" straight after "楼上又扔烟头" is more of that report', async () => {
    const chat = new Chat();
    expect((await chat.say('楼上又往下扔烟头了', 0, 'a')).kind).toBe('new');
    expect(await chat.say('我家阳台晾的床单烧了个洞[图片]', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });

  it('"上学放学孩子们都走这儿" is where children pass, not chat about school', async () => {
    const chat = new Chat();
    expect((await chat.say('南门进来那个井盖翘起来一块 我差点绊倒', 0, 'a')).kind).toBe('new');
    expect((await chat.say('是了 我昨天也踢着了', 10, 'b')).kind).not.toBe('new');
    expect(await chat.say('晚上黑乎乎的看不见 上学放学孩子们都走这儿 赶紧给修修吧', 20, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('what the noise does, round 16', () => {
  it('the hour, the family kept awake and the knock nobody answered are more of a noise report', async () => {
    const chat = new Chat();
    expect((await chat.say('楼上那家每天半夜拖凳子 咚咚咚的', 0, 'a')).kind).toBe('new');
    expect(await chat.say('晚上十二点了', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(await chat.say('闺女明天还要上学写作业 整得一家都睡不好', 20, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(await chat.say('我上去敲过门 人家不搭理', 30, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('"不是一回事", round 16', () => {
  it('a neighbour who says theirs is another matter is no co-reporter of it', async () => {
    const chat = new Chat();
    expect((await chat.say('5栋顶楼漏水了 天花板往下滴', 0, 'a')).kind).toBe('new');
    const other = await chat.say('我家也漏 不过是阳台窗框渗进来的 跟顶楼那个不是一回事', 30, 'b');
    expect('ticketNo' in other && other.ticketNo === 1).toBe(false);
  });
});

describe('what is not the first piece of a report, round 17', () => {
  it('a neighbour on the way to help, a blessing or a group-buy entry is not joined to the next line', async () => {
    for (const aside of ['我就住对门 我先去敲门', '𠊎就住11巷 而家过去', '阿弥陀佛 老天保佑', '阿龙辛苦了[强][强]', '2. 1单元黄叔 2份']) {
      const chat = new Chat();
      const first = await chat.say(aside, 0, 'a');
      expect(first.kind).not.toBe('fragment');
      const report = await chat.say('8栋楼道的灯坏了一个礼拜了 晚上黑黢黢的', 15, 'a');
      expect('messageIds' in report && report.messageIds.length).toBe(1);
    }
  });
});

describe('answers to an official, round 17', () => {
  it('"6号楼1单元302 俺姓孙" after an official asked is an answer, though the model reads a report in it', async () => {
    const burst: SenderBurst = { lastAt: at(0), fragments: [], ticketNo: 3, ticketCategory: 'dispute' };
    const open = [report({ no: 3, category: 'dispute', text: '有没有人管管 楼上天天晚上十一点多了还在那拉凳子 蹦蹦跳跳的 孩子明天还上学呢', reporterIds: ['chen'] })];
    const where = say('6号楼1单元302 俺姓孙', 30);
    expect(await understand(where, { burst, openInCommunity: open, officialSpokeAt: at(15) }, real)).toEqual({ kind: 'answer', ticketNo: 3 });
    // Nobody asked: more of the report.
    expect((await understand(where, { burst, openInCommunity: open, officialSpokeAt: null }, real)).kind).toBe('continue');
  });
});

describe('a neighbour back from the door, round 17', () => {
  it('"敲了半天门没人应 电视开着" after someone asked for a knock is news on that emergency, not another alarm', async () => {
    const chat = new Chat();
    const asked = await chat.say('麻烦哪位邻居去9栋2单元502敲下门 我妈一个人住 电话打了一上午都没人接', 0, 'a');
    expect(asked).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    expect((await chat.say('我就住9栋 我先上去敲', 20, 'b')).kind).not.toBe('fragment');
    expect(await chat.say('敲了半天门没人应 里头电视开着', 120, 'b')).toEqual({ kind: 'answer', ticketNo: 1 });
  });
});

describe('a question asked of an official by name, round 17', () => {
  it('opens a report when a resident calls an official who spoke in the group by name and asks', async () => {
    const view = (names?: string[]) => ({ burst: null, openInCommunity: [], officialNames: names });
    const question = say('郑姐 粽球是每户2个还是每人2个', 0);
    expect(await understand(question, view(['社区工作人员-郑姐']), real)).toMatchObject({ kind: 'new', classification: { isRequest: true } });
    // The same words with no official of that name in the group: chat among neighbours.
    expect((await understand(question, view(['网格员-小彭']), real)).kind).toBe('ignore');
    expect((await understand(question, view(), real)).kind).toBe('ignore');
    // Thanks to the official is no question.
    expect((await understand(say('郑姐 粽球收到了 谢谢你', 0), view(['社区工作人员-郑姐']), real)).kind).not.toBe('new');
  });
});

describe('advice and old stories are no co-report, round 17', () => {
  it('"你上去好好说说 俺那时候也是这么着" agrees with nothing', async () => {
    const noise = new Chat();
    expect((await noise.say('俺们楼上天天半夜拖椅子 咣当咣当 一两点都不消停', 0, 'a')).kind).toBe('new');
    expect((await noise.say('可能家里有孩子 你上去好好说说 俺那时候也是这么着 说开了就好了', 30, 'b')).kind).not.toBe('co_report');
  });

  it('"得放放气 拿螺丝刀拧一下 我们家去年也是…" is advice, not "us too"', async () => {
    const heating = new Chat();
    expect((await heating.say('25号楼2单元暖气跟凉的似的 屋里才16度 物业给看看吧', 0, 'a')).kind).toBe('new');
    expect((await heating.say('得放放气 暖气片上有个小阀门 拿螺丝刀拧一下 我们家去年也是放完就好了', 30, 'b')).kind).not.toBe('co_report');
  });
});

describe('"还有个事" in the minute of an emergency, round 17', () => {
  it('starts a report of its own even when it shares a few words with the emergency', async () => {
    const chat = new Chat();
    expect(await chat.say('一楼进水了 水漫到客厅了 屋里有老人家 快来人', 0, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    expect((await chat.say('还有个事 巷子尾那盏路灯坏了半个月了 老人家晚上走路怕绊倒', 20, 'a')).kind).toBe('new');
  });
});

describe('a building still without water, chased, round 17', () => {
  it('"都十一点了 还没水 能不能给个准话" from who reported the outage chases it, though the outage is urgent', async () => {
    const chat = new Chat();
    expect(await chat.say('27号楼整栋楼停水了 一滴水都没有', 0, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    expect(await chat.say('都十一点了 27号楼还没水 能不能给个准话', 3 * 3600, 'a')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1, chase: true });
    // Someone in distress now is news for the duty staff, not a chase.
    expect((await chat.say('都十二点了 还没水 我家老人要吃药 一口水都没有 喘不上气', 4 * 3600, 'a')).kind).not.toBe('follow_up_question');
  });
});

describe('calling someone, or saying a matter is coming, round 17', () => {
  it('holds "@网格员-阿杰 阿杰在吗" and "小魏啊俺跟恁说个事啊就是俺们这个十一栋" as the first piece of the report that follows', async () => {
    for (const opener of ['@网格员-阿杰 阿杰在吗', '小魏啊俺跟恁说个事啊就是俺们这个十一栋', '王燕啊我港个事啊就是我们对门', '俺跟你们说啊俺们东区三排那个老房子']) {
      const chat = new Chat();
      expect((await chat.say(opener, 0, 'a')).kind).toBe('fragment');
      const report = await chat.say('楼道里的灯坏了半个多月了 晚上黑咕隆咚的', 10, 'a');
      expect('messageIds' in report && report.messageIds.length).toBe(2);
    }
  });
});

describe('the hour said bare, round 17', () => {
  it('"十点半了 还是没水" chases the report, as "都十点半了" does', async () => {
    const mine = [report({ no: 9, reporterIds: ['chen'], text: '6号楼没水了' })];
    expect(await understand(say('十点半了 还是没水 有个准信没', 4 * 3600), { burst: null, openInCommunity: mine }, classifier)).toEqual({ kind: 'follow_up_question', ticketNo: 9, chase: true });
  });
});

describe('"来了来了" in the minute of a report, round 17', () => {
  it('is the news that it is back, not more of the report', async () => {
    const chat = new Chat();
    expect((await chat.say('3栋停水了 一滴都没有 饭都做不成', 0, 'a')).kind).toBe('new');
    expect((await chat.say('来了来了 [强]', 15, 'a')).kind).not.toBe('continue');
  });
});

describe('the report last spoken of, round 17', () => {
  it('"+1" right after a neighbour revived the outage agrees with the outage, not with a question opened in between', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼整栋停水了 一滴都没有', 0, 'a')).kind).toBe('new');
    expect((await chat.say('请问我妈申请低保 材料交上去一个多月了 没消息 去哪里查进度', 600, 'b')).kind).toBe('new');
    const revived = await chat.say('5点半了 3号楼怎么还没来水 讲好5点的', 900, 'c');
    expect(revived).toMatchObject({ ticketNo: 1 });
    expect(await chat.say('+1 饭都没法煮', 920, 'd')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('an "also" of the writer\'s own, round 18', () => {
  it('"整栋停电了 电梯也停了" during a flooded road is a report of its own, not a "me too" of the flood', async () => {
    const chat = new Chat();
    expect((await chat.say('西门外那段路淹到小腿了 下水道往外冒 电动车都推不过去', 0, 'a')).kind).toBe('new');
    expect((await chat.say('整栋8栋停电了 电梯也停了 我家老人在15楼', 300, 'b')).kind).toBe('new');
  });
});

describe('what the problem does, said straight after it, round 18', () => {
  it('"我家老爷子在里头 买菜回来的" in the minute of a stopped lift is more of the emergency, errand and all', async () => {
    const chat = new Chat();
    expect((await chat.say('6号楼1单元电梯困人了！！', 0, 'a')).kind).toBe('new');
    expect((await chat.say('我家老太太在里头 刚买菜回来', 15, 'a')).kind).toBe('continue');
  });

  it('the cold at home, a near miss and what the writer already did about it are more of the report', async () => {
    for (const [reportText, more] of [
      ['7号楼暖气上边热下边凉 屋里才16度', '老伴冻得在家穿大棉袄呢'],
      ['8号楼上面又有人往下扔垃圾了 一袋子直接砸在车棚上', '再偏一点就砸到推婴儿车的了'],
      ['西门外那个雨水井盖子不知道让谁偷了 剩个大窟窿 晚上黑灯瞎火的 可别掉进去人', '我先搬了个破花盆挡上了'],
    ]) {
      const chat = new Chat();
      expect((await chat.say(reportText!, 0, 'a')).kind).toBe('new');
      expect((await chat.say(more!, 15, 'a')).kind).toBe('continue');
    }
  });
});

describe('the first reporter\'s building, round 18', () => {
  it('"9栋电梯也坏了" is not the lift "3栋老覃" reported without naming his building', async () => {
    const lift = report({ no: 4, category: 'property', text: '电梯又坏了 停在12楼不动 按了半天没反应', reporterIds: ['qin'], reporterName: '3栋老覃' });
    const r = await understand(say('9栋电梯也坏了 一直停着不动', 1800, 'huang'), { burst: null, openInCommunity: [lift] }, real);
    expect(r.kind).toBe('new');
    // The same building, or none named, still meets it.
    const same = await understand(say('3栋电梯也坏了 一直停着不动', 1800, 'huang'), { burst: null, openInCommunity: [lift] }, real);
    expect(same).toMatchObject({ ticketNo: 4 });
  });
});

describe('one flat out during the building\'s outage, round 18', () => {
  it('"我家单独停电了 邻居家都有电" and "对门有水 就我家没有" are no share in it', async () => {
    const outage = report({ no: 6, category: 'municipal', urgency: 'urgent', text: '3号楼整栋停电了 电梯也停了', reporterIds: ['wang'] });
    for (const text of ['我家单独停电了 邻居家都有电 电卡里还有钱', '3号楼我家也没电了 但是对门有电 就我家没有']) {
      const r = await understand(say(text, 1200, 'li'), { burst: null, openInCommunity: [outage] }, real);
      expect(r.kind).toBe('new');
    }
    // "还以为就我家" says it is not only theirs: a "me too" still.
    expect((await understand(say('我家也没电 还以为就我家', 1200, 'li'), { burst: null, openInCommunity: [outage] }, real)).kind).toBe('co_report');
  });
});

describe('a claim in the minute of a report, round 18', () => {
  it('"我家地板泡了 这个谁给赔" right after a burst pipe is a matter of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('2号楼3单元楼道水管爆了 水顺着楼梯往下淌', 0, 'a')).kind).toBe('new');
    const claim = await chat.say('我家木地板都泡了 这个谁给赔 物业还是哪个', 20, 'a');
    expect(claim.kind).toBe('new');
    expect(claim).toMatchObject({ classification: { urgency: 'normal' } });
  });
});

describe('"me too" from the writer\'s own building, round 18', () => {
  it('"我家也不热" from 6栋 agrees with 6栋\'s heating, not with 9栋\'s reported a minute later', async () => {
    const six = report({ no: 1, category: 'property', text: '我家暖气从昨晚开始就不热 屋里才14度', reporterIds: ['zhou'], reporterName: '6栋2单元老周', lastReportAt: at(0) });
    const nine = report({ no: 2, category: 'property', text: '我们9栋也不热啊 冷得很', reporterIds: ['sun'], reporterName: '9栋老孙', createdAt: at(60), lastReportAt: at(60) });
    const u = { ...say('我家也不热 才15度', 120, 'zhao'), senderName: '6栋2单元赵姐' };
    expect(await understand(u, { burst: null, openInCommunity: [nine, six] }, real)).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    // No building in the nickname: the newest, as before.
    const anyone = { ...say('我家也不热 才15度', 120, 'li'), senderName: '🌸芳芳' };
    expect(await understand(anyone, { burst: null, openInCommunity: [nine, six] }, real)).toMatchObject({ kind: 'co_report', ticketNo: 2 });
  });
});

describe('the writer\'s own report, last spoken of, round 19', () => {
  it('"对 还是黑的" from who reported the street lamp, just after a neighbour joined it, is news of that report', async () => {
    const lamp = report({ no: 1, category: 'property', text: '二号楼楼下那个路灯 杆子上那个 好几天不亮了', reporterIds: ['li', 'qiu'], lastReportAt: at(120) });
    const lift = report({ no: 2, category: 'property', text: '1号梯今天上下的时候咣当咣当响 赶紧叫人查查', reporterIds: ['he'], createdAt: at(60), lastReportAt: at(60) });
    const r = await understand(say('对 还是黑的', 180, 'li'), { burst: null, openInCommunity: [lift, lamp] }, real);
    expect(r).toMatchObject({ kind: 'follow_up_info', ticketNo: 1 });
    // Someone else's "对 还是黑的" still agrees with the report last spoken of.
    const other = await understand(say('对 还是黑的', 180, 'zhang'), { burst: null, openInCommunity: [lift, lamp] }, real);
    expect(other).toMatchObject({ ticketNo: 1 });
  });
});

describe('who is writing and how to reach them, round 19', () => {
  it('"我是15号楼一单元302的周建国 有事可以打我电话…" in the minute of a report is more of it', async () => {
    const chat = new Chat();
    expect((await chat.say('楼上天天半夜剁馅子 咚咚咚的 一剁剁到十二点', 0, 'a')).kind).toBe('new');
    expect((await chat.say('我是15号楼一单元302的周建国 有事可以打我电话13940217756', 20, 'a')).kind).toBe('continue');
  });
});

describe('compensation asked after an outage, round 19', () => {
  it('"冰箱里的肉全坏了 供电局给不给补偿" from who reported the power cut is a matter of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('7号楼整栋停电了 电梯也停了', 0, 'a')).kind).toBe('new');
    const claim = await chat.say('停了一晚上 冰箱里的肉全坏了 供电局给不给补偿', 600, 'a');
    expect(claim.kind).toBe('new');
    expect(claim).toMatchObject({ classification: { urgency: 'normal' } });
  });
});

describe('pieces that make a danger together, round 19', () => {
  it('"昨晚炉子封上睡的" after "头疼 恶心 是不是感冒了" completes a report of carbon monoxide', async () => {
    const chat = new Chat();
    const first = await chat.say('问一下 今早起来头贼疼 还有点恶心 我妈也说迷糊 是不是冻感冒了', 0, 'a');
    expect(first.kind).toBe('new');
    const cause = await chat.say('昨晚炉子封上睡的 窗户也没留缝', 20, 'a');
    expect(cause).toMatchObject({ kind: 'continue', classification: { urgency: 'urgent' } });
  });

  it('whom it is about, where, then that she does not answer: one report, and an urgent one', async () => {
    // The first piece reads as nothing asked yet: it waits for the rest.
    const pieces = new Chat();
    expect((await pieces.say('各位叔叔阿姨 我奶奶3号楼1单元502 一个人住', 0, 'a')).kind).toBe('fragment');
    expect(await pieces.say('我在外地 从昨晚打她电话就不接 平常都接的', 20, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    // The first piece reads as a request of its own: the rest makes it urgent.
    const report = new Chat();
    expect((await report.say('各位叔叔阿姨 我姥姥5号楼2单元301 一个人住', 0, 'a')).kind).toBe('new');
    expect(await report.say('我在外地 从昨晚打她电话就不接 平常都接的', 20, 'a')).toMatchObject({ kind: 'continue', classification: { urgency: 'urgent' } });
  });

  it('"呲得满地都是" after "暖气片阀门那块呲水呢" is more of the report', async () => {
    const chat = new Chat();
    expect((await chat.say('物业 我家暖气片阀门那块呲水呢', 0, 'a')).kind).toBe('new');
    expect((await chat.say('热乎的 呲得满地都是 我拿盆接着呢', 20, 'a')).kind).toBe('continue');
  });
});

describe('"还有…", a whole request after one\'s own report, round 19', () => {
  it('"还有那家店门口天天摆桌子" after the same shop\'s music is the next matter, not more of the noise', async () => {
    const chat = new Chat();
    expect((await chat.say('胡同口那家酒吧天天放音乐放到后半夜 吵得睡不着', 0, 'a')).kind).toBe('new');
    expect((await chat.say('还有那酒吧门口天天摆一排桌子 把胡同占了一大半', 15, 'a')).kind).toBe('new');
    // "还有" with more of the same problem stays with it.
    const more = new Chat();
    expect((await more.say('胡同口那家酒吧天天放音乐放到后半夜 吵得睡不着', 0, 'a')).kind).toBe('new');
    expect((await more.say('还有那个低音炮 震得窗户都响', 15, 'a')).kind).toBe('continue');
  });
});

describe('pieces in front of an emergency, round 20', () => {
  it('a laugh answering a neighbour is no piece of what the writer says next', async () => {
    const chat = new Chat();
    expect((await chat.say('哈哈 那你带上电脑去咖啡馆', 0, 'a')).kind).toBe('ignore');
    expect(await chat.say('说好3点来电 现在5点了 整栋楼还是没电 冰箱里的肉都要化了', 20, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
  });

  it('a piece that calms the reading does not calm an emergency the line is alone', async () => {
    // Read together, the piece and the line sound routine; the line alone is an emergency.
    const chat = new Chat(
      classifierOf({
        '就那个\n': { isRequest: true, requestConfidence: 0.9, category: 'municipal', categoryConfidence: 0.9, urgency: 'normal' },
        整栋楼没电: { isRequest: true, requestConfidence: 0.95, category: 'municipal', categoryConfidence: 0.9, urgency: 'urgent', urgentSignal: '整栋楼没电' },
      }),
    );
    expect((await chat.say('就那个', 0, 'a')).kind).toBe('fragment');
    expect(await chat.say('整栋楼没电 电梯也停了', 15, 'a')).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
  });
});

describe('a phone\'s battery is no power cut, round 20', () => {
  it('"手机都快没电了" in the minute of a power cut is the writer\'s own aside', async () => {
    const chat = new Chat();
    expect((await chat.say('7号楼整栋停电了 电梯也停了', 0, 'a')).kind).toBe('new');
    expect((await chat.say('孩子的英语作业还要打卡 手机都快没电了😂', 20, 'a')).kind).not.toBe('continue');
  });
});

describe('someone shut in a lift during a power cut, round 20', () => {
  it('a neighbour who hears knocking inside the lift reports an emergency of its own, not a "me too" of the outage', async () => {
    const chat = new Chat();
    expect((await chat.say('9号楼整栋停电了', 0, 'a')).kind).toBe('new');
    expect((await chat.say('黑灯瞎火的 电梯也停了 应急灯就亮了一下', 10, 'a')).kind).toBe('continue');
    expect((await chat.say('我家也没电', 30, 'b')).kind).toBe('co_report');
    const heard = await chat.say('电梯里好像有人！！刚停电的时候东边那台正在运行，我听到里头有人拍门', 40, 'c');
    expect(heard).toMatchObject({ kind: 'new', classification: { urgency: 'urgent' } });
    // Hearing it in a lift already reported with someone inside is a witness of that report.
    const lift = new Chat();
    expect((await lift.say('6号楼东边电梯关人了 停在5楼不动', 0, 'a')).kind).toBe('new');
    expect((await lift.say('我也听见电梯里有人在拍门', 40, 'b')).kind).toBe('co_report');
  });
});

describe('"说正经的", another matter, round 20', () => {
  it('a neighbour who says "说正经的" about the place of a fight raises a grievance of their own, not a repeat of the fight', async () => {
    const chat = new Chat();
    expect((await chat.say('北门烧烤摊那边打起来了 两个喝多的在互殴', 0, 'a')).kind).toBe('new');
    const grievance = await chat.say('说正经的，北门那个烧烤摊天天占着人行道摆桌子，半夜喝酒划拳闹到两点，能不能管管', 60, 'b');
    expect(grievance).toMatchObject({ kind: 'new', classification: { urgency: 'normal' } });
  });
});

describe('a neighbour\'s line about an open report, round 20', () => {
  it('is a repeat report when the model is sure it reads as one, and an unacknowledged co-report when it is not', async () => {
    const chat = new Chat(
      classifierOf({
        停在9楼: { isRequest: true, requestConfidence: 0.97, category: 'property', categoryConfidence: 0.95 },
        还是不动: { isRequest: true, requestConfidence: 0.7, category: 'property', categoryConfidence: 0.95 },
        快派人修: { isRequest: true, requestConfidence: 0.97, category: 'property', categoryConfidence: 0.95 },
        关着人: { isRequest: true, requestConfidence: 0.7, category: 'property', categoryConfidence: 0.95, urgency: 'urgent', urgentSignal: '关着人' },
      }),
    );
    expect((await chat.say('5栋电梯坏了 停在9楼', 0, 'a')).kind).toBe('new');
    expect(await chat.say('下午了 5栋电梯还是不动', 3600, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect(await chat.say('5栋电梯还是坏的 物业快派人修', 3700, 'c')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
    // Unsure, but urgent: a report that may raise the ticket, never a silent "me too".
    expect(await chat.say('5栋电梯里好像关着人', 3800, 'd')).toMatchObject({ kind: 'duplicate', ticketNo: 1 });
  });
});

describe('an invitation to the neighbours after one\'s own report, round 20', () => {
  it('"今晚整点小烧烤 有没有一起的" right after a report is the writer\'s aside, not more of it', async () => {
    const chat = new Chat();
    expect((await chat.say('11号楼门口井盖松了 一踩咣当响', 0, 'a')).kind).toBe('new');
    expect((await chat.say('今晚整点小烧烤 有没有一起的', 20, 'a')).kind).not.toBe('continue');
  });
});

describe('"+1" said first, round 21', () => {
  it('"+1" then the writer\'s own reason, naming something else, still agrees with the report just made', async () => {
    const chat = new Chat();
    expect((await chat.say('南门外面建设路那一排路灯半个月没亮了 晚上黑乎乎的', 0, 'a')).kind).toBe('new');
    expect(await chat.say('+1 那截路太黑了 前天晚上有个老太太还摔了一跤', 60, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('"水还是没来", a neighbour hours into an outage, round 21', () => {
  it('joins the open water outage instead of opening a ticket of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('6栋整栋都没水了 上午到现在一滴都没有', 0, 'a')).kind).toBe('new');
    const later = await chat.say('都下午四点了 水还是没来', 4 * 3600, 'b');
    expect(later.kind === 'duplicate' || later.kind === 'co_report').toBe(true);
    expect(later).toMatchObject({ ticketNo: 1 });
  });
});

describe('another matter announced before it is said, round 21', () => {
  it('"刘姐 还有个事" is the first piece of the next request, not chat dropped between two', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼2单元楼道灯坏了一个礼拜了', 0, 'a')).kind).toBe('new');
    expect((await chat.say('刘姐 还有个事', 30, 'a')).kind).toBe('fragment');
    const next = await chat.say('我妈的高龄补贴这个月没到账 找谁问', 45, 'a');
    expect(next.kind).toBe('new');
    expect(next.kind === 'new' && next.messageIds.length).toBe(2);
  });
});

describe('an emergency\'s reporter once help has answered, round 21', () => {
  it('tells how it goes — news on the urgent ticket, not more of the report; a danger in their own words still is', async () => {
    const burst: SenderBurst = { lastAt: at(0), fragments: [], ticketNo: 3, ticketCategory: 'property' };
    const open = [report({ no: 3, category: 'property', urgency: 'urgent', text: '5号楼电梯卡在9楼和10楼中间了 我女儿在里面 按警铃没人应', reporterIds: ['chen'] })];
    const view = { burst, openInCommunity: open, officialSpokeAt: at(20) };
    expect(await understand(say('女儿在里面哭 我在外面拍门跟她说话', 40), view, real)).toEqual({ kind: 'answer', ticketNo: 3 });
    expect((await understand(say('电梯里开始冒烟了 快点', 40), view, real)).kind).not.toBe('answer');
  });
});

describe('a noise heard from another building, round 21', () => {
  it('"+1 5栋也听得到" agrees with 3栋\'s report of the bar below; another building\'s lift does not', async () => {
    const chat = new Chat();
    expect((await chat.say('楼下新开那家酒吧又放到半夜 3栋临街这面吵得睡不着', 0, 'a')).kind).toBe('new');
    expect(await chat.say('+1 5栋也听得到', 60, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
    expect((await chat.say('3栋电梯又坏了 停在6楼', 600, 'c')).kind).toBe('new');
    expect((await chat.say('+1 5栋也停了', 660, 'd')).kind).not.toBe('co_report');
  });
});

describe('what the reporter already tried, said straight after, round 21', () => {
  it('"跟老板讲过了" and "不是一回两回了" are more of the report; the weather is not', async () => {
    const chat = new Chat();
    expect((await chat.say('楼下那家烧烤摊把桌子摆满了人行道 推婴儿车都过不去', 0, 'a')).kind).toBe('new');
    expect(await chat.say('跟老板讲过了，他说大家都这样', 15, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(await chat.say('不是一回两回了 一到周末就这样', 30, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('今天天气真不错', 45, 'a')).kind).not.toBe('continue');
  });
});

describe('"我家也没有" with what it does to the writer, round 21', () => {
  it('is "us too" of the outage just reported, not a report of its own', async () => {
    const chat = new Chat();
    expect((await chat.say('9号楼一点水都没有了 早上六点就停了', 0, 'a')).kind).toBe('new');
    expect(await chat.say('我家也没有 早饭都做不了 孙女还要上学', 60, 'b')).toMatchObject({ kind: 'co_report', ticketNo: 1 });
  });
});

describe('"第二天了" from the reporter, round 21', () => {
  it('says time has passed, whatever the clock: news about the report, not more of its first telling', async () => {
    const chat = new Chat();
    expect((await chat.say('消防通道又被一辆白车堵了 停了一晚上', 0, 'a')).kind).toBe('new');
    expect(await chat.say('第二天了 那辆车还杵在消防通道上', 50, 'a')).toMatchObject({ kind: 'follow_up_info', ticketNo: 1 });
  });
});

describe('who is shut in, and how hot it is, in the minute of the emergency, round 21', () => {
  it('"里面有我跟我妈 … 热死了 一点风没得" is more of the lift report, and so is "按警铃没人应" after it', async () => {
    const chat = new Chat();
    expect((await chat.say('救命 我们被关在3单元电梯里了 卡在5楼跟6楼中间', 0, 'a')).kind).toBe('new');
    expect(await chat.say('里面有我跟我女儿 还有个老太太 热死了 一点风没得', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(await chat.say('按警铃没人应', 20, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
  });
});

describe('thanks and hearsay after a neighbour\'s report, round 22', () => {
  it('"…确实可以…谢谢春燕" about one\'s own matter is no "us too" of the report just made', async () => {
    const chat = new Chat();
    expect((await chat.say('8栋后面那段挡墙裂了条缝 还在往外渗泥水', 0, 'a')).kind).toBe('new');
    expect((await chat.say('洗衣机修好了，老李确实可以，三十块换了根皮带，谢谢春燕', 60, 'b')).kind).not.toBe('co_report');
  });

  it('news of a fire heard from a colleague agrees with no open report', async () => {
    const chat = new Chat();
    expect((await chat.say('3号楼一单元进门那块一股煤气味儿', 0, 'a')).kind).toBe('new');
    expect((await chat.say('听单位人说，南城那边有个小区昨天夜里着火了，咱这边也得注意', 120, 'b')).kind).not.toBe('co_report');
  });
});

describe('what finally happened, round 23', () => {
  it('"…终于停了 城管来了还是有用" after one\'s own report is news, not a chase', async () => {
    const chat = new Chat();
    expect((await chat.say('工地夜里还在打桩 吵得睡不着', 0, 'a')).kind).toBe('new');
    expect((await chat.say('十一点了 工地终于停了 城管来了还是有用', 40, 'a')).kind).not.toBe('follow_up_question');
  });
});

describe('asking when, with someone in distress, round 23', () => {
  it('"…还没来 我妈要吸氧 制氧机停了" from the reporter is news for the duty staff, not only a status question', async () => {
    for (const seconds of [40, 3 * 3600]) {
      const chat = new Chat();
      expect((await chat.say('5号楼整栋停电了 电梯也停了', 0, 'a')).kind).toBe('new');
      const r = await chat.say('都一点了电还没来 我妈要吸氧 制氧机停了 这咋办', seconds, 'a');
      expect(r.kind).not.toBe('follow_up_question');
      expect(r.kind).not.toBe('new');
    }
  });
});

describe('what the problem does, said straight after the report, round 24', () => {
  it('"盆都接了半盆了" ten seconds after a leak is more of the report; "李姐你吃了没" is not', async () => {
    const chat = new Chat();
    expect((await chat.say('物业 我家卫生间顶上滴水 滴答一宿了 肯定是楼上漏的', 0, 'a')).kind).toBe('new');
    expect(await chat.say('盆都接了半盆了', 10, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect((await chat.say('李姐你吃了没', 20, 'a')).kind).not.toBe('continue');
  });
});

describe('thanking a helper in the middle of a report, round 24', () => {
  it('"好好好 韩师傅谢谢你" is no line of the flood report, and the report goes on after it', async () => {
    const chat = new Chat();
    expect((await chat.say('阿芳 巷子里的水漫进屋里了 快来人', 0, 'a')).kind).toBe('new');
    expect((await chat.say('好好好 韩师傅谢谢你 回头请你喝酒', 30, 'a')).kind).not.toBe('continue');
    expect(await chat.say('沙袋堵了门还是进 我跟我老伴拿盆往外舀 舀不赢啊', 40, 'a')).toMatchObject({ kind: 'continue', ticketNo: 1 });
    expect(chat.tickets[0]!.text).not.toContain('谢谢');
  });
});

describe('a chase in other words: how long, and still there, round 25', () => {
  it('"都一上午了 车还在" and "第二天了 …仲系冇水" chase the report; news that it got worse does not', async () => {
    const chat = new Chat();
    expect((await chat.say('消防通道上停了辆白色面包车 堵得死死的 物业来看看', 0, 'a')).kind).toBe('new');
    expect(await chat.say('都一上午了 消防通道那辆车还在', 4 * 3600, 'a')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1, chase: true });
    expect((await chat.say('3座冇水啊 边个睇下', 5 * 3600, 'b')).kind).toBe('new');
    expect(await chat.say('第二天了 3座仲系冇水', 24 * 3600, 'b')).toMatchObject({ kind: 'follow_up_question', ticketNo: 2, chase: true });
    expect((await chat.say('第二天了 3座仲系冇水 越来越多老人家顶唔顺', 25 * 3600, 'b')).kind).toBe('follow_up_info');
  });

  it('"监控调了没" asks after the report; with news of it happening again it is more of the report', async () => {
    const chat = new Chat();
    expect((await chat.say('我停在3栋楼下的电动车电瓶被人偷了 物业帮忙看下监控', 0, 'a')).kind).toBe('new');
    expect(await chat.say('小刘 监控调了没', 3 * 3600, 'a')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1 });
    expect((await chat.say('监控调了没 今天早上又少了一个电瓶', 5 * 3600, 'a')).kind).not.toBe('follow_up_question');
  });

  it('"好的 谢谢老王 顺带问一下…" and "对了 问下…" in the middle of a report start another matter', async () => {
    const chat = new Chat();
    expect((await chat.say('刚才有人打电话 讲我医保卡冻结了 叫我转钱到安全账户', 0, 'a')).kind).toBe('new');
    expect((await chat.say('好的 谢谢老王 顺带问一下 灵活就业的医保今年在哪交 支付宝能交吗', 20, 'a')).kind).not.toBe('continue');
    expect((await chat.say('我妈上个月也接到过 说医保卡要冻结 喊她转钱解冻', 100, 'b')).kind).not.toBe('ignore');
    expect((await chat.say('对了 问下社区 帮我妈补办医保卡要带啥', 110, 'b')).kind).not.toBe('continue');
  });

  it('"都下午五点了 电工呢 早上讲下午来" chases: where the worker is, a promise "讲" rather than "说"', async () => {
    const chat = new Chat();
    expect((await chat.say('3栋楼道灯全坏了 晚上摸黑上楼', 0, 'a')).kind).toBe('new');
    expect(await chat.say('都下午五点了 电工呢 早上讲下午来', 6 * 3600, 'a')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1, chase: true });
  });

  it('"现在都一点了" says the hour, not that things got worse; "都快两个钟头了" says how long', async () => {
    const chat = new Chat();
    expect((await chat.say('5栋东边那部电梯又停了 物业来看看', 0, 'a')).kind).toBe('new');
    expect(await chat.say('说好的中午前修好呢 现在都一点了 东梯还是停着', 5 * 3600, 'a')).toMatchObject({ kind: 'follow_up_question', ticketNo: 1, chase: true });
    expect((await chat.say('6栋单元门的门禁坏了 刷卡没反应', 6 * 3600, 'b')).kind).toBe('new');
    expect(await chat.say('都快两个钟头了 还是没人来修', 8 * 3600, 'b')).toMatchObject({ kind: 'follow_up_question', ticketNo: 2, chase: true });
  });
});
