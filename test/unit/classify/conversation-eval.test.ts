// The eval follows a corpus the way live intake follows the groups: a burst per group and sender
// (neighbours may speak in between), open tickets of the whole community, and duplicates that are
// links to another resident's report.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/classify/create-classifier.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { communitiesOf } from '../../../scripts/lib-community.js';
import type { CorpusLine } from '../../../scripts/lib-corpus.js';
import { runConversation, scoreBursts, scoreDuplicates } from '../../../scripts/lib-conversation-eval.js';

const { config } = loadConfig({ configFile: 'config/linli.yaml' });
const classifier = createClassifier({ config, env: { llmMode: 'off' } as never, clock: { now: () => new Date() } });

let n = 0;
const line = (group: string, sender: string, text: string, labels: Partial<CorpusLine> = {}): CorpusLine => ({
  id: `c-${++n}`,
  group,
  sender,
  text,
  isRequest: false,
  category: null,
  urgency: null,
  pii: [],
  burst: null,
  duplicateOf: null,
  mentionsBot: false,
  source: 'test',
  ...labels,
});
const request = (category: string, extra: Partial<CorpusLine> = {}): Partial<CorpusLine> => ({ isRequest: true, category, urgency: 'normal', ...extra });

describe('communitiesOf', () => {
  it('groups the groups of one estate by the name they share, and keeps estates apart', () => {
    const m = communitiesOf(['青松苑邻里牵手1群', '青松苑二期业主交流群', '长宁青松苑B区街坊群', '金桥花园邻里群', '银湖花园邻里群', '柳岸小区厝边群', '柳岸小区三期群']);
    expect(m.get('青松苑二期业主交流群')).toBe(m.get('青松苑邻里牵手1群'));
    expect(m.get('长宁青松苑B区街坊群')).toBe(m.get('青松苑邻里牵手1群'));
    expect(m.get('柳岸小区三期群')).toBe(m.get('柳岸小区厝边群'));
    // 花园 alone is in many estates' names.
    expect(m.get('金桥花园邻里群')).not.toBe(m.get('银湖花园邻里群'));
  });
});

describe('runConversation', () => {
  it('keeps one burst while a neighbour speaks in between, and links a repeat from another group of the estate', async () => {
    const g1 = '青松苑邻里牵手1群';
    const g2 = '青松苑二期业主交流群';
    const lines = [
      line(g1, '6栋老周', '6栋电梯又坏了 停在九楼不动', request('property', { burst: 'b1' })),
      line(g1, '3栋小李', '今天降温了 大家多穿点'),
      line(g1, '6栋老周', '按了警铃也没人应 老人下不了楼 麻烦物业快来看看', request('property', { burst: 'b1' })),
    ];
    lines.push(line(g2, '二期阿芳', '一群说的6栋电梯我刚去看了 还是坏的 物业到底修不修', request('property', { duplicateOf: lines[0]!.id })));
    const run = await runConversation(lines, classifier);
    expect(scoreBursts(lines, run.burstOf)).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(scoreDuplicates(lines, run.linkedTo)).toEqual({ precision: 1, recall: 1 });
  });

  it('does not count a reporter\'s own later line as a duplicate link', async () => {
    const g = '柳岸小区厝边群';
    const lines = [line(g, '9栋阿梅', '9栋门口的路灯坏了好几天了 晚上黑漆漆的', request('property'))];
    for (let i = 0; i < 8; i++) lines.push(line(g, `邻居${i}`, '早上好'));
    // Labelled by a writer who links one's own line: left out of the duplicate figures.
    lines.push(line(g, '9栋阿梅', '9栋门口的路灯还是不亮 到底有没有人管', request('property', { duplicateOf: lines[0]!.id })));
    const run = await runConversation(lines, classifier);
    expect(run.followUpOf.at(-1)).toBe(0);
    expect(run.linkedTo.at(-1)).toBeNull();
    expect(scoreDuplicates(lines, run.linkedTo)).toEqual({ precision: 1, recall: 1 });
  });

  it('appends a reporter\'s later reply to their ticket without scoring it as a request of its own', async () => {
    const g = '柳岸小区厝边群';
    const lines = [line(g, '5栋老王', '5栋2单元暖气一点都不热 屋里才十五度', request('property'))];
    for (let i = 0; i < 15; i++) lines.push(line(g, `邻居${i}`, '早上好'));
    lines.push(line(g, '5栋老王', '刚摸了一下 还是冰的'));
    const run = await runConversation(lines, classifier);
    expect(run.kinds.at(-1)).toMatch(/^follow_up_info/);
    expect(run.followUpOf.at(-1)).toBe(0);
    expect(run.predictions.at(-1)!.isRequest).toBe(false);
    expect(run.predictions[0]!.isRequest).toBe(true);
  });

  it('scores a report by its own urgency when a neighbour\'s later line raised the ticket', async () => {
    const g = '柳岸小区厝边群';
    const lines = [line(g, '3栋老李', '3号楼电梯又坏了 停在5楼不动', request('property'))];
    lines.push(line(g, '邻居甲', '早上好'), line(g, '邻居乙', '早上好'));
    lines.push(line(g, '3栋小王', '3号楼电梯关人了 里面有个老人在喊 快来人', request('property', { urgency: 'urgent', duplicateOf: lines[0]!.id })));
    const run = await runConversation(lines, classifier);
    expect(run.kinds.at(-1)).toMatch(/^duplicate/);
    // The ticket is urgent from the neighbour's line on; the first report said nothing urgent.
    expect(run.predictions.at(-1)!.urgency).toBe('urgent');
    expect(run.predictions[0]!.urgency).toBe('normal');
  });
});
