import { describe, expect, it } from 'vitest';
import { aClassification, tableClassifier } from '../../support/builders.js';
import { nextBurst, textSimilarity, understand, type OpenReport, type SenderBurst, type Utterance } from '../../../src/app/conversation.js';

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

  it('treats "5号楼也停了" as a repeat of the same-category report in the group', async () => {
    const r = await understand(say('5号楼也停了 啥时候来水', 60, 'han'), { burst: null, openInCommunity: [report({ no: 4 })] }, classifier);
    expect(r).toMatchObject({ kind: 'duplicate', ticketNo: 4, sameGroup: true });
  });

  it('answers a reporter asking after their own ticket', async () => {
    const mine = [report({ no: 9, reporterIds: ['chen'] })];
    expect(await understand(say('我那个事怎么样了', 3600), { burst: null, openInCommunity: mine }, classifier)).toEqual({
      kind: 'follow_up_question',
      ticketNo: 9,
    });
  });
});

describe('textSimilarity', () => {
  it('scores the same problem in other words above unrelated reports', () => {
    const a = '和平里东门外的路灯坏了一排，晚上走路黑漆漆的';
    expect(textSimilarity(a, '东门外那排路灯都坏了，晚上黑漆漆的看不见路')).toBeGreaterThan(0.34);
    expect(textSimilarity(a, '3号楼楼道里堆了好多纸箱，堵住了消防通道')).toBeLessThan(0.1);
  });
});
