// Chinese word segmentation for the local model's word features (jieba, through @node-rs/jieba:
// native, ~4 µs a message; dictionary segmentation, no HMM guessing, so it is stable across versions).
//
// jieba's full dictionary (349,045 words) takes ~50 MB once loaded (native memory, and the files its
// module reads into buffers). The model only ever learns the words its training text was cut into,
// so training cuts with the full dictionary and the model file carries just those words, the words
// that hold one the model knows, and every single character (48,202 entries, ~6 MB), with the
// full dictionary's frequencies and total: on any text the training saw, the cut is the same word
// for word (a cut only ever uses words of its best path, and those are all kept); on other text the
// words the model knows come out as the full dictionary would give them but for a rare few.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

export type WordSegmenter = (text: string) => string[];

/** A segmenter over a jieba dictionary text ("word frequency tag" per line). */
export function segmenterWith(dictionary: string): WordSegmenter {
  const jieba = Jieba.withDict(Buffer.from(dictionary));
  return (text) => (text ? jieba.cut(text, false) : []);
}

let full: { text: string; segment: WordSegmenter } | null = null;

/** jieba's own full dictionary: what training cuts with (loaded on first use, ~0.3 s). */
export function fullDictionary(): { text: string; segment: WordSegmenter } {
  if (!full) {
    const text = readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8');
    full = { text, segment: segmenterWith(text) };
  }
  return full;
}

// Never in a message (private-use characters): carries the frequency of the words left out, so
// that the total — which every word's probability is divided by — stays the full dictionary's.
const REST_OF_THE_DICTIONARY = '\uE000\uE001';

/**
 * The part of the full dictionary a model needs: every single character, the words its training
 * text was cut into (`used`), and every word that holds a word it `knows` — on new text those are
 * what would have swallowed a known word ("电梯井道" is no 电梯), so the cut stays the full one's
 * wherever the model could tell.
 */
export function dictionaryKeeping(used: ReadonlySet<string>, knows: ReadonlySet<string>): string {
  const holdsKnownWord = (word: string) => {
    const chars = [...word];
    for (let i = 0; i < chars.length; i++) for (let j = i + 2; j <= chars.length; j++) if (knows.has(chars.slice(i, j).join(''))) return true;
    return false;
  };
  const kept: string[] = [];
  let left = 0;
  for (const line of fullDictionary().text.split('\n')) {
    if (!line) continue;
    const [word, freq] = line.split(' ');
    if ([...word!].length === 1 || used.has(word!) || holdsKnownWord(word!)) kept.push(line);
    else left += Number(freq);
  }
  kept.push(`${REST_OF_THE_DICTIONARY} ${left} x`);
  return kept.join('\n') + '\n';
}
