import { describe, expect, it } from 'vitest';
import {
  isStaffCommandLike,
  parseResidentCommand,
  parseStaffCommand,
  parseTicketNo,
  STAFF_USAGE,
  ticketNoInText,
  ticketNosInText,
  type StaffCommand,
} from '../../../src/domain/command-grammar.js';

const CARD = '【新工单 #12】房产物业 · 一般\n来源：阳光一群 · 王阿姨\n内容：3号楼电梯又坏了\n回复「认领 12」接单，或引用本条回复「认领」';

const cmd = (text: string, opts: Parameters<typeof parseStaffCommand>[1] = {}): StaffCommand | string => {
  const r = parseStaffCommand(text, opts);
  return r.kind === 'command' ? r.command : r.kind;
};

describe('parseTicketNo', () => {
  it.each([
    ['123', 123],
    ['#123', 123],
    ['＃１２３', 123],
    [' # 7 ', 7],
    ['工单12', 12],
    ['12号', 12],
  ])('%s → %s', (s, no) => expect(parseTicketNo(s)).toBe(no));

  it.each(['', 'abc', '12a', '0', '#', '1.5', '12 13', '1234567890'])('%s → null', (s) => {
    expect(parseTicketNo(s)).toBeNull();
  });
});

describe('ticketNoInText', () => {
  it('finds the number a card or message names', () => {
    expect(ticketNoInText(CARD)).toBe(12);
    expect(ticketNoInText('工单 #7 已由 张三 认领')).toBe(7);
    expect(ticketNoInText('收到，已登记为工单 ３５（市政设施）')).toBe(35);
    expect(ticketNoInText('3号楼电梯又坏了')).toBeNull();
  });
});

describe('parseStaffCommand', () => {
  it.each(['认领12', '认领 12', '认领 #12', '认领 ＃１２', '认领#12', '认领　１２', '接单 12', '认领 工单12', '认领12号', '认领：12'])(
    'claims with %s',
    (text) => expect(cmd(text)).toEqual({ type: 'claim', no: 12 }),
  );

  it('strips a leading @bot mention', () => {
    expect(cmd('@邻里小助手\u2005认领 12')).toEqual({ type: 'claim', no: 12 });
    expect(cmd('@邻里小助手 待办')).toEqual({ type: 'todo' });
  });

  it('claims a quoted card with 认领, 接单 or 我来', () => {
    for (const text of ['认领', '接单', '我来', '我来！', '认领 ']) {
      expect(cmd(text, { quotedText: CARD }), text).toEqual({ type: 'claim', no: 12 });
    }
    expect(cmd('认领 9', { quotedText: CARD })).toEqual({ type: 'claim', no: 9 });
    expect(cmd('认领 12 我下午去看', {})).toEqual({ type: 'claim', no: 12 });
  });

  it('does not take ordinary chat for a command', () => {
    for (const text of ['我来了', '我来', '查一下电费', '认领了吗', '办结了没有', '进展如何', '待办事项好多', '大家好', '合并同类项', '退回去吧', '']) {
      expect(cmd(text), text).toBe('none');
    }
    expect(cmd('我来了', { quotedText: CARD })).toBe('none');
    expect(cmd('我来', { quotedText: '今天天气不错' })).toBe('none');
  });

  it('answers a recognised but malformed command with one usage line', () => {
    const cases: Array<[string, string]> = [
      ['认领', '认领'],
      ['认领 abc', '认领'],
      ['接单', '接单'],
      ['合并 3', '合并'],
      ['合并', '合并'],
      ['进展 12', '进展'],
      ['进展 12 。', '进展'],
      ['退回 12', '退回'],
      ['作废 12', '作废'],
      ['转派 12', '转派'],
      ['办结', '办结'],
      ['查', '查'],
      ['认领 0', '认领'],
    ];
    for (const [text, verb] of cases) {
      const r = parseStaffCommand(text, {});
      expect(r, text).toMatchObject({ kind: 'usage', verb });
      if (r.kind === 'usage') {
        expect(r.usage).toMatch(/^用法：/);
        expect(r.usage).not.toContain('\n');
      }
    }
    expect(STAFF_USAGE.claim).toBe('用法：认领 工单号，例如 认领 12');
  });

  it('parses progress, with text required and kept as typed', () => {
    expect(cmd('进展 12 已联系物业，明天上门')).toEqual({ type: 'progress', no: 12, text: '已联系物业，明天上门' });
    expect(cmd('进展#12已联系物业')).toEqual({ type: 'progress', no: 12, text: '已联系物业' });
    expect(cmd('进展 ＃１２：师傅在路上')).toEqual({ type: 'progress', no: 12, text: '师傅在路上' });
    expect(cmd('进展 已联系物业', { quotedText: CARD })).toEqual({ type: 'progress', no: 12, text: '已联系物业' });
    // With a quoted card a bare number glued to words is part of the text.
    expect(cmd('进展 3楼已修好', { quotedText: CARD })).toEqual({ type: 'progress', no: 12, text: '3楼已修好' });
    expect(cmd('进展', { quotedText: CARD })).toBe('usage');
  });

  it('parses resolve with optional text', () => {
    expect(cmd('办结 12')).toEqual({ type: 'resolve', no: 12, text: null });
    expect(cmd('办结 12 已修好')).toEqual({ type: 'resolve', no: 12, text: '已修好' });
    expect(cmd('办结 已修好', { quotedText: CARD })).toEqual({ type: 'resolve', no: 12, text: '已修好' });
    expect(cmd('办结', { quotedText: CARD })).toEqual({ type: 'resolve', no: 12, text: null });
    expect(cmd('办结 13 已修好', { quotedText: CARD })).toEqual({ type: 'resolve', no: 13, text: '已修好' });
  });

  it('parses return and reject with a required reason', () => {
    expect(cmd('退回 12 不属于本社区')).toEqual({ type: 'return', no: 12, reason: '不属于本社区' });
    expect(cmd('作废 #12 重复反映')).toEqual({ type: 'reject', no: 12, reason: '重复反映' });
    expect(cmd('作废 广告', { quotedText: CARD })).toEqual({ type: 'reject', no: 12, reason: '广告' });
  });

  it('parses reassign from mentions, else from @name in the text', () => {
    expect(cmd('转派 12 @李四', { mentions: [{ id: 'wx-li', name: '李四' }] })).toEqual({
      type: 'reassign',
      no: 12,
      to: { id: 'wx-li', name: '李四' },
    });
    expect(cmd('转派 12 @李四\u2005')).toEqual({ type: 'reassign', no: 12, to: { name: '李四' } });
    expect(cmd('转派12@王五')).toEqual({ type: 'reassign', no: 12, to: { name: '王五' } });
    expect(cmd('转派 @李四', { quotedText: CARD })).toEqual({ type: 'reassign', no: 12, to: { name: '李四' } });
    expect(cmd('转派 12 李四')).toBe('usage');
  });

  it('parses merge N M', () => {
    for (const text of ['合并 3 5', '合并3 5', '合并 #3 #5', '合并 3 到 5', '合并3到5', '合并 ＃３ ＃５', '合并 3->5']) {
      expect(cmd(text), text).toEqual({ type: 'merge', no: 3, into: 5 });
    }
    expect(cmd('合并到 5', { quotedText: CARD })).toEqual({ type: 'merge', no: 12, into: 5 });
  });

  it('parses query and todo', () => {
    expect(cmd('查 12')).toEqual({ type: 'query', no: 12 });
    expect(cmd('查#12')).toEqual({ type: 'query', no: 12 });
    expect(cmd('查', { quotedText: CARD })).toEqual({ type: 'query', no: 12 });
    expect(cmd('查 一下')).toBe('none');
    expect(cmd('查 12号楼的水表')).toBe('none');
    expect(cmd('查询 12')).toEqual({ type: 'query', no: 12 });
    expect(cmd('待办')).toEqual({ type: 'todo' });
    expect(cmd(' 待办 ')).toEqual({ type: 'todo' });
  });
});

describe('isStaffCommandLike', () => {
  it('spots staff verbs at the start, also malformed ones', () => {
    for (const text of ['认领 12', '认领', '办结 3 好了', '待办', '合并 3']) expect(isStaffCommandLike(text), text).toBe(true);
    for (const text of ['我来了', '电梯坏了 谁来认领一下', '查一下电费', '进度 12', '满意']) {
      expect(isStaffCommandLike(text), text).toBe(false);
    }
  });
});

describe('parseResidentCommand', () => {
  it.each([
    ['进度 12', 12],
    ['进度12', 12],
    ['查进度 #12', 12],
    ['查进度 ＃１２', 12],
    ['进度查询：12', 12],
    ['#12 进度?', 12],
    ['工单12进度怎么样', 12],
  ])('progress query: %s', (text, no) => {
    expect(parseResidentCommand(text)).toEqual({ kind: 'progress_query', no });
  });

  it.each([
    ['满意', 'satisfied', null],
    ['满意！👍', 'satisfied', null],
    ['满意[强][强]', 'satisfied', null],
    ['非常满意！！', 'satisfied', null],
    ['满意，谢谢', 'satisfied', null],
    ['满意 12', 'satisfied', 12],
    ['满意#12', 'satisfied', 12],
    ['基本满意', 'basically_satisfied', null],
    ['基本满意。', 'basically_satisfied', null],
    ['不满意', 'unsatisfied', null],
    ['不满意！！😡', 'unsatisfied', null],
    ['很不满意 #7', 'unsatisfied', 7],
    ['1', 'satisfied', null],
    ['２', 'basically_satisfied', null],
    ['3', 'unsatisfied', null],
    ['3 12', 'unsatisfied', 12],
    ['1#12', 'satisfied', 12],
    ['@邻里小助手 满意', 'satisfied', null],
  ])('rating: %s', (text, rating, no) => {
    expect(parseResidentCommand(text)).toEqual({ kind: 'rating', rating, no });
  });

  it('never reads 不满意 as 满意', () => {
    expect(parseResidentCommand('不满意')).toMatchObject({ rating: 'unsatisfied' });
    expect(parseResidentCommand('不太满意')).toMatchObject({ rating: 'unsatisfied' });
  });

  it.each([
    '我对物业的处理一直都不太满意，电梯修了三次还是坏',
    '大家满意不满意都可以说',
    '满意吗？',
    '1?',
    '12',
    '4',
    '进度',
    '这个满意度调查怎么填',
    '谢谢',
    '',
  ])('not a command: %s', (text) => {
    expect(parseResidentCommand(text)).toEqual({ kind: 'none' });
  });
});

const LIST_CARD = '【新工单 3 条】\n#12 房产物业 · 阳光一群 · 电梯坏了\n#13 市政设施 · 阳光二群 · 路灯不亮\n#15 环境卫生 · 阳光一群 · 垃圾没人收\n回复「认领 工单号」接单，例如「认领 12」';

describe('list cards (issue 13)', () => {
  it('reads every number a list card names', () => {
    expect(ticketNosInText(LIST_CARD)).toEqual([12, 13, 15]);
    expect(ticketNosInText(CARD)).toEqual([12]);
  });

  it('claims by number when the list card is quoted or not', () => {
    expect(cmd('认领 13', { quotedText: LIST_CARD })).toEqual({ type: 'claim', no: 13 });
    expect(cmd('认领 13')).toEqual({ type: 'claim', no: 13 });
    expect(cmd('查 15', { quotedText: LIST_CARD })).toEqual({ type: 'query', no: 15 });
  });

  it('asks which ticket when a bare command quotes a list card, never taking the first', () => {
    for (const [text, verb] of [['认领', '认领'], ['我来', '认领'], ['接单', '接单'], ['查', '查'], ['进展 已联系物业', '进展'], ['合并 8', '合并']] as const) {
      const r = parseStaffCommand(text, { quotedText: LIST_CARD });
      expect(r, text).toEqual({ kind: 'usage', verb, usage: `引用的消息里有多张工单，请写明工单号，例如「${verb} 12」` });
    }
  });
});

describe('incidents: 公告 and 解除 (design.md, Incidents)', () => {
  it('reads 公告 <范围> <内容>', () => {
    expect(cmd('公告 8栋 停水 预计18:00恢复')).toEqual({ type: 'announce', scope: '8栋', text: '停水 预计18:00恢复' });
    expect(cmd('公告：全小区 停电，抢修中')).toEqual({ type: 'announce', scope: '全小区', text: '停电，抢修中' });
    expect(cmd('公告８栋　停水')).toEqual({ type: 'announce', scope: '８栋', text: '停水' });
  });

  it('answers a 公告 without a scope or content with its usage', () => {
    for (const text of ['公告', '公告 停水', '公告 ！！ 停水']) expect(cmd(text), text).toBe('usage');
    expect(cmd('公告一下大家')).toBe('none');
  });

  it('reads 解除 N [说明], also quoting the notice', () => {
    expect(cmd('解除 12 已恢复供水')).toEqual({ type: 'lift', no: 12, text: '已恢复供水' });
    expect(cmd('解除 #12')).toEqual({ type: 'lift', no: 12, text: null });
    expect(cmd('解除 已恢复', { quotedText: '【社区公告 #12】8栋 停水' })).toEqual({ type: 'lift', no: 12, text: '已恢复' });
    expect(cmd('解除')).toBe('usage');
    expect(cmd('解除了吗')).toBe('none');
  });

  it('does not take a resident passing on a notice for a staff command', () => {
    expect(isStaffCommandLike('公告：明天上午8栋停水，请提前储水')).toBe(false);
    expect(isStaffCommandLike('公告')).toBe(false);
    expect(isStaffCommandLike('解除 12 好了')).toBe(true);
  });
});
