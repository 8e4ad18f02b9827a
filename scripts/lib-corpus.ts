// Reading labelled corpora (the format of shared/corpus/dev.jsonl) and scoring a classifier on
// them. Shared by scripts/eval.ts (the contract's figures) and scripts/train.ts (cross-validation).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Classification } from '../src/classify/classification.js';
import type { LabelledMessage } from '../src/classify/train-local-model.js';

const lineSchema = z.object({
  id: z.string().optional(),
  group: z.string().nullish(),
  sender: z.string().nullish(),
  text: z.string(),
  is_request: z.boolean(),
  category: z.string().nullish(),
  urgency: z.enum(['urgent', 'normal']).nullish(),
  pii: z.array(z.string()).nullish(),
  burst: z.string().nullish(),
  duplicate_of: z.string().nullish(),
  mentions_bot: z.boolean().nullish(),
});

export interface CorpusLine {
  id: string;
  group: string;
  sender: string;
  text: string;
  isRequest: boolean;
  category: string | null;
  urgency: 'urgent' | 'normal' | null;
  pii: string[];
  burst: string | null;
  duplicateOf: string | null;
  mentionsBot: boolean;
  /** Which file it came from (for reports). */
  source: string;
}

export function readCorpus(file: string): CorpusLine[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: CorpusLine[] = [];
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}:${i + 1}: ${issue?.path.join('.') || 'line'}: ${issue?.message}`);
    }
    const d = parsed.data;
    out.push({
      id: d.id ?? `${file}#${i + 1}`,
      group: d.group ?? '',
      sender: d.sender ?? '',
      text: d.text,
      isRequest: d.is_request,
      category: d.is_request ? (d.category ?? 'other') : null,
      urgency: d.is_request ? (d.urgency ?? 'normal') : null,
      pii: d.pii ?? [],
      burst: d.burst ?? null,
      duplicateOf: d.duplicate_of ?? null,
      mentionsBot: d.mentions_bot ?? false,
      source: file,
    });
  });
  return out;
}

/**
 * Training examples: one per line, except that the lines of a burst ("7栋" / "电梯关人了" / "快来人")
 * become one example with their texts joined — that is what the classifier sees once bursts are
 * grouped, and a fragment such as "7栋" alone must not teach the model that "7栋" is a report.
 */
export function toTrainingExamples(lines: readonly CorpusLine[]): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    let text = l.text;
    while (l.burst && i + 1 < lines.length && lines[i + 1].burst === l.burst && lines[i + 1].source === l.source) {
      text += '\n' + lines[++i].text;
    }
    out.push({ text, isRequest: l.isRequest, category: l.category, urgency: l.urgency, mentionsBot: l.mentionsBot });
  }
  return out;
}

export interface ContractMetrics {
  messages: number;
  request: { precision: number; recall: number; f1: number };
  category: { accuracy: number; macroF1: number };
  urgent: { precision: number; recall: number };
  pii: { recall: number };
  llmCallRate: number;
  msPerMessage: number;
}

export interface Scored {
  metrics: ContractMetrics;
  /** Category accuracy counting a missed request as a wrong category. */
  strictCategoryAccuracy: number;
  /** confusion[gold][predicted] over true requests; predicted "-" = not detected as a request. */
  confusion: Record<string, Record<string, number>>;
  errors: Array<{ line: CorpusLine; predicted: Classification; kinds: string[] }>;
  piiMissed: Array<{ id: string; pii: string; masked: string }>;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;
const ratio = (a: number, b: number, empty = 1) => (b === 0 ? empty : a / b);

export function score(
  lines: readonly CorpusLine[],
  predictions: readonly Classification[],
  options: { mask?: (text: string) => string; totalMs?: number; categories?: readonly string[] } = {},
): Scored {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let catRight = 0;
  let catStrict = 0;
  let trueRequests = 0;
  let urgentTp = 0;
  let urgentFp = 0;
  let urgentFn = 0;
  let llm = 0;
  const confusion: Record<string, Record<string, number>> = {};
  const perCat = new Map<string, { tp: number; fp: number; fn: number }>();
  const cat = (c: string) => {
    if (!perCat.has(c)) perCat.set(c, { tp: 0, fp: 0, fn: 0 });
    return perCat.get(c)!;
  };
  for (const c of options.categories ?? []) cat(c);
  const errors: Scored['errors'] = [];

  lines.forEach((line, i) => {
    const p = predictions[i];
    const kinds: string[] = [];
    if (p.llmCalled) llm++;
    if (p.isRequest && line.isRequest) tp++;
    else if (p.isRequest) (fp++, kinds.push('false request'));
    else if (line.isRequest) (fn++, kinds.push('missed request'));
    if (line.isRequest) {
      trueRequests++;
      const gold = line.category ?? 'other';
      const predicted = p.category;
      confusion[gold] ??= {};
      const col = p.isRequest ? predicted : '-';
      confusion[gold][col] = (confusion[gold][col] ?? 0) + 1;
      if (predicted === gold) {
        catRight++;
        if (p.isRequest) catStrict++;
        cat(gold).tp++;
      } else {
        cat(gold).fn++;
        cat(predicted).fp++;
        kinds.push(`category ${predicted}≠${gold}`);
      }
    }
    const goldUrgent = line.isRequest && line.urgency === 'urgent';
    const predUrgent = p.isRequest && p.urgency === 'urgent';
    if (goldUrgent && predUrgent) urgentTp++;
    else if (predUrgent) (urgentFp++, kinds.push('false urgent'));
    else if (goldUrgent) (urgentFn++, kinds.push('missed urgent'));
    if (kinds.length) errors.push({ line, predicted: p, kinds });
  });

  let f1Sum = 0;
  let f1N = 0;
  for (const [, s] of perCat) {
    if (s.tp + s.fn === 0 && s.fp === 0) continue;
    const prec = ratio(s.tp, s.tp + s.fp, 0);
    const rec = ratio(s.tp, s.tp + s.fn, 0);
    f1Sum += prec + rec === 0 ? 0 : (2 * prec * rec) / (prec + rec);
    f1N++;
  }

  let piiTotal = 0;
  let piiMasked = 0;
  const piiMissed: Scored['piiMissed'] = [];
  if (options.mask) {
    for (const line of lines) {
      if (!line.pii.length) continue;
      let masked: string;
      try {
        masked = options.mask(line.text);
      } catch {
        masked = line.text;
      }
      for (const item of line.pii) {
        piiTotal++;
        if (!masked.includes(item)) piiMasked++;
        else piiMissed.push({ id: line.id, pii: item, masked });
      }
    }
  }

  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    metrics: {
      messages: lines.length,
      request: { precision: r4(precision), recall: r4(recall), f1: r4(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)) },
      category: { accuracy: r4(ratio(catRight, trueRequests)), macroF1: r4(ratio(f1Sum, f1N)) },
      urgent: { precision: r4(ratio(urgentTp, urgentTp + urgentFp)), recall: r4(ratio(urgentTp, urgentTp + urgentFn)) },
      pii: { recall: r4(ratio(piiMasked, piiTotal)) },
      llmCallRate: r4(ratio(llm, lines.length, 0)),
      msPerMessage: r4(ratio(options.totalMs ?? 0, lines.length, 0)),
    },
    strictCategoryAccuracy: r4(ratio(catStrict, trueRequests)),
    confusion,
    errors,
    piiMissed,
  };
}

export function formatConfusion(confusion: Scored['confusion'], categories: readonly string[]): string {
  const cols = [...categories, '-'];
  const short = (c: string) => c.slice(0, 6).padStart(6);
  const rows = [`${'gold\\pred'.padEnd(12)}${cols.map(short).join(' ')}`];
  for (const gold of categories) {
    const row = confusion[gold] ?? {};
    rows.push(`${gold.padEnd(12)}${cols.map((c) => String(row[c] ?? '.').padStart(6)).join(' ')}`);
  }
  return rows.join('\n');
}
