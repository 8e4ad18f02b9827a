// Turns a message (and what the rules saw in it) into the sparse features of the local model:
// character 1–3-grams and jieba words of the normalised text plus a few rule signals. Digits
// collapse to "0" and media tags to one symbol, so "18楼" and "5楼" share n-grams, and "[图片]"
// counts as one thing.
import type { RuleAnalysis } from './keyword-rules.js';
import type { WordSegmenter } from './word-segmenter.js';

export type SparseFeatures = Map<string, number>;

const MEDIA_TAG = /\[[^\[\]]{1,8}\]/g;
const PICTO = /\p{Extended_Pictographic}/u;
const LETTER = /[\p{L}\p{N}]/u;

/** The character sequence the n-grams are taken from. */
export function featureChars(text: string): string[] {
  const chars: string[] = [];
  for (const ch of text.replace(MEDIA_TAG, '◇')) {
    let c: string;
    if (ch >= '0' && ch <= '9') c = '0';
    else if (ch === '?' || ch === '？') c = '?';
    else if (ch === '!' || ch === '！') c = '!';
    else if (ch === '◇') c = '◇';
    else if (PICTO.test(ch)) c = '☺';
    else if (LETTER.test(ch)) c = ch;
    else c = ' ';
    if (c === ' ' && (chars.length === 0 || chars[chars.length - 1] === ' ')) continue;
    if (c === '0' && chars.length >= 2 && chars[chars.length - 1] === '0' && chars[chars.length - 2] === '0') continue;
    chars.push(c);
  }
  while (chars.length && chars[chars.length - 1] === ' ') chars.pop();
  return chars;
}

function lengthBucket(n: number): string {
  return n <= 2 ? 'xs' : n <= 6 ? 's' : n <= 15 ? 'm' : n <= 40 ? 'l' : 'xl';
}

export function extractFeatures(a: RuleAnalysis, segmentWords: WordSegmenter): SparseFeatures {
  const f: SparseFeatures = new Map();
  const chars = featureChars(a.text);
  const grams = new Set<string>();
  const seq = ['^', ...chars, '$'];
  for (let i = 0; i < seq.length; i++) {
    const c1 = seq[i];
    if (c1 !== ' ' && c1 !== '^' && c1 !== '$') grams.add(c1);
    if (i + 1 < seq.length) {
      const g2 = c1 + seq[i + 1];
      if (g2.trim().length === 2 && g2 !== '^$') grams.add(g2);
      if (i + 2 < seq.length) {
        const g3 = g2 + seq[i + 2];
        if (!g3.includes(' ')) grams.add(g3);
      }
    }
  }
  // Words beside the character n-grams: "电梯" as one thing, "停电" not read into "停电动车".
  for (const word of segmentWords(a.text)) {
    const folded = word.replace(/[0-9]+/g, '0');
    if ([...folded].length >= 2 && LETTER.test(folded) && !/^[0\s]+$/.test(folded)) grams.add(`w:${folded}`);
  }
  const w = grams.size ? 1 / Math.sqrt(grams.size) : 0;
  for (const g of grams) f.set(g, w);

  const r = (name: string, v = 1) => f.set(`#${name}`, v);
  r(`len:${lengthBucket(chars.length)}`);
  if (a.nonRequest) r(`nr:${a.nonRequest.kind}`);
  if (a.forced) r('forced');
  if (a.urgentSignal) r('urgent');
  if (a.askCue) r('ask');
  if (a.problemCue) r('problem');
  if (a.staffCue) r('staff');
  if (a.resolvedCue) r('resolved');
  if (a.hasPhone) r('phone');
  if (a.hearsay) r('hearsay');
  if (a.toNeighbours) r('neighbours');
  // Staff write full sentences with commas and full stops; residents mostly use spaces.
  if (a.text.includes('。')) r('period');
  if (/[,，]/.test(a.text)) r('comma');
  if (/[\p{Script=Han}] [\p{Script=Han}]/u.test(a.text)) r('spaced');
  for (const [code, score] of Object.entries(a.categoryScores)) r(`kw:${code}`, Math.min(score, 3) / 2);
  if (a.topCategory) r(`top:${a.topCategory}`);
  return f;
}
