// The model file carries the part of jieba's dictionary its training text was cut into
// (word-segmenter.ts): the same cut as the full dictionary on that text, in a fraction of the memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKeywordRules } from '../../../src/classify/keyword-rules.js';
import { LocalModel } from '../../../src/classify/local-model.js';
import { dictionaryKeeping, fullDictionary, segmenterWith } from '../../../src/classify/word-segmenter.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { readCorpus } from '../../../scripts/lib-corpus.js';

const full = fullDictionary();
const rules = createKeywordRules(loadConfig({ configFile: 'config/linli.yaml' }).config);
// What the model's features are cut from: the rules' normalised text.
const devCorpus = readCorpus('config/training/dev-corpus.jsonl').map((l) => rules.analyze({ text: l.text, mentionsBot: false }).text);
const lines = (dictionary: string) => dictionary.split('\n').filter(Boolean).length;

describe('dictionaryKeeping', () => {
  const kept = dictionaryKeeping(new Set(devCorpus.flatMap(full.segment)), new Set());
  const segment = segmenterWith(kept);

  it('cuts the text it was made from word for word as the full dictionary does', () => {
    // Without the full dictionary's total carried over, 36 of these 320 lines are cut otherwise.
    const different = devCorpus.filter((t) => segment(t).join('|') !== full.segment(t).join('|'));
    expect(different).toEqual([]);
  });

  it('is a small part of the full dictionary', () => {
    expect(lines(kept)).toBeLessThan(lines(full.text) / 20);
  });

  it('keeps the words that hold a word the model knows, so that new text does not show it where the full dictionary would not', () => {
    expect(full.segment('停电动车')).toEqual(['停', '电动车']);
    // Made from "停电" alone, a dictionary cuts 电动车 into pieces and shows 停电 …
    expect(segmenterWith(dictionaryKeeping(new Set(['停电']), new Set()))('停电动车')).toEqual(['停电', '动', '车']);
    // … unless it keeps the words that hold 停电 or 电动 when the model knows them.
    expect(segmenterWith(dictionaryKeeping(new Set(['停电']), new Set(['停电', '电动'])))('停电动车')).toEqual(['停', '电动车']);
  });
});

describe('the shipped model', () => {
  const json = readFileSync('config/model.json', 'utf8');
  const model = LocalModel.fromJson(json);

  it('carries its own dictionary and cuts the text it learnt from as the full dictionary did', () => {
    const file = JSON.parse(json) as { words?: string };
    expect(lines(file.words ?? "")).toBeLessThan(lines(full.text) / 5);
    const different = devCorpus.filter((t) => model.segmentWords(t).join('|') !== full.segment(t).join('|'));
    expect(different).toEqual([]);
  });

  it('a model file written before it carried words cuts with the full dictionary', () => {
    const { words: _words, ...older } = JSON.parse(json) as Record<string, unknown>;
    expect(LocalModel.fromJson(JSON.stringify(older)).segmentWords).toBe(full.segment);
    expect(model.segmentWords).not.toBe(full.segment);
  });
});
