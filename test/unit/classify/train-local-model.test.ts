// Training the local model: lines marked categoryOnly teach the category head and nothing else; lines
// marked skipsRequestHead (the development sets) teach the category and urgency heads, at their weight.
import { describe, expect, it } from 'vitest';
import { createKeywordRules } from '../../../src/classify/keyword-rules.js';
import { LocalModel } from '../../../src/classify/local-model.js';
import { extractFeatures } from '../../../src/classify/text-features.js';
import { trainLocalModel, type LabelledMessage } from '../../../src/classify/train-local-model.js';
import { fullDictionary } from '../../../src/classify/word-segmenter.js';
import { loadConfig } from '../../../src/config/load-config.js';

const { config } = loadConfig({ configFile: 'config/linli.yaml' });
const rules = createKeywordRules(config);
const now = new Date('2026-12-06T00:00:00Z');
const options = { now, seeds: [7], request: { epochs: 10 }, category: { epochs: 10 }, urgency: { epochs: 10 } };

const request = (text: string, category: string, urgency: 'urgent' | 'normal' = 'normal'): LabelledMessage => ({ text, isRequest: true, category, urgency });
const chat = (text: string): LabelledMessage => ({ text, isRequest: false, category: null, urgency: null });

const core: LabelledMessage[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => request(`${n}号楼电梯又坏了 物业快来修`, 'property')),
  ...[1, 2, 3, 4, 5, 6].map((n) => request(`${n}号楼停水了 什么时候来水`, 'municipal')),
  request('门口那个井盖松了 踩上去咣当响', 'property'),
  request('井盖松了 晚上看不见', 'property'),
  ...['早上好', '谢谢物业', '收到', '[强]', '今天天气不错'].map(chat),
];
// Another writer's convention: a loose manhole cover is the city's (and they call a thank-you a request).
const categoryOnly: LabelledMessage[] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => ({ ...request(`路边井盖松了 ${n}号楼门口`, 'municipal'), categoryOnly: true })),
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ ...request(`谢谢物业 井盖修得快 ${n}`, 'property'), categoryOnly: true })),
];

describe('trainLocalModel with category-only lines', () => {
  const without = trainLocalModel(core, rules, options);
  const withThem = trainLocalModel([...core, ...categoryOnly], rules, options);

  it('adds no features: the vocabulary is the core lines\'', () => {
    expect(withThem.features).toEqual(without.features);
    expect(withThem.features).not.toContain('路边');
  });

  it('leaves the request and urgency heads exactly as the core lines train them', () => {
    expect(withThem.heads.request).toEqual(without.heads.request);
    expect(withThem.heads.urgency).toEqual(without.heads.urgency);
  });

  it('writes the words its lines were cut into, so the file cuts them as jieba\'s full dictionary did', () => {
    const model = new LocalModel(withThem);
    for (const text of ['3号楼电梯又坏了 物业快来修', '路边井盖松了 7号楼门口']) expect(model.segmentWords(text)).toEqual(fullDictionary().segment(text));
  });

  it('moves the category head towards their labels', () => {
    const analysis = rules.analyze({ text: '井盖松了', mentionsBot: false });
    const p = (file: typeof without) => new LocalModel(file).predict(extractFeatures(analysis, new LocalModel(file).segmentWords)).categories.find((c) => c.code === 'municipal')!.p;
    expect(p(withThem)).toBeGreaterThan(p(without) + 0.2);
  });
});

// Another writer's convention again: a loose manhole cover by a door is urgent (and fewer lines are requests).
const categoryAndUrgency = (weight?: number): LabelledMessage[] => [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => ({ ...request(`路边井盖松了 ${n}号楼门口`, 'property', 'urgent'), skipsRequestHead: true, weight })),
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ ...chat(`${n}号楼电梯又坏了 物业快来修`), skipsRequestHead: true, weight })),
];

describe('trainLocalModel with lines that skip the request head', () => {
  const without = trainLocalModel(core, rules, options);
  const withThem = trainLocalModel([...core, ...categoryAndUrgency()], rules, options);
  const lightly = trainLocalModel([...core, ...categoryAndUrgency(0.1)], rules, options);
  const urgent = (file: typeof without) => {
    const model = new LocalModel(file);
    return model.predict(extractFeatures(rules.analyze({ text: '井盖松了', mentionsBot: false }), model.segmentWords)).urgent;
  };

  it('adds no features and leaves the request head exactly as the core lines train it', () => {
    expect(withThem.features).toEqual(without.features);
    expect(withThem.heads.request).toEqual(without.heads.request);
  });

  it('moves the urgency head towards their labels, less at a smaller weight', () => {
    expect(urgent(withThem)).toBeGreaterThan(urgent(without) + 0.2);
    expect(urgent(lightly)).toBeGreaterThan(urgent(without));
    expect(urgent(lightly)).toBeLessThan(urgent(withThem));
  });
});
