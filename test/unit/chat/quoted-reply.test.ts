import { describe, expect, it } from 'vitest';
import { splitQuotedReply } from '../../../src/chat/quoted-reply.js';

const DIVIDER = '- - - - - - - - - - - - - - -';

describe('splitQuotedReply', () => {
  it('splits the wechat4u quote format', () => {
    expect(splitQuotedReply(`「邻里小助手：【新工单 #12】房产物业 · 一般」\n${DIVIDER}\n认领`)).toEqual({
      quoted: { name: '邻里小助手', text: '【新工单 #12】房产物业 · 一般' },
      text: '认领',
    });
  });

  it('keeps a multi-line quote whole and accepts an ASCII colon and a shorter divider', () => {
    const card = '【新工单 #7】市政设施 · 紧急\n来源：阳光一群 · 王阿姨\n内容：路灯不亮「3号」路口';
    expect(splitQuotedReply(`「小助手:${card}」\n- - - -\n办结 已修好\n明天复查`)).toEqual({
      quoted: { name: '小助手', text: card },
      text: '办结 已修好\n明天复查',
    });
  });

  it('handles CRLF line ends and an empty reply', () => {
    expect(splitQuotedReply(`「张三：你好」\r\n${DIVIDER}\r\n  我来 `)).toEqual({
      quoted: { name: '张三', text: '你好' },
      text: '我来',
    });
    expect(splitQuotedReply(`「张三：你好」\n${DIVIDER}`)).toEqual({ quoted: { name: '张三', text: '你好' }, text: '' });
  });

  it('returns the text unchanged when there is no quote', () => {
    for (const text of ['认领 12', '「书名号」里的字\n不是引用', `「张三：你好」\n认领`, '  电梯坏了  ']) {
      expect(splitQuotedReply(text)).toEqual({ quoted: null, text });
    }
  });
});
