// The cascade: the offline classifier always runs; the LLM is asked only when the offline verdict
// is unsure (LLM_MODE=cascade) or always (LLM_MODE=always). Whatever the LLM says, three rules
// hold: an urgent verdict of the rules or the local model stays urgent (and a request); a request
// the offline verdict was sure of stays a request (the LLM was asked about its category or urgency);
// and a message that tries to instruct the classifier can only gain from the LLM's answer, never lose. If the LLM
// fails, is over budget or its circuit is open, the offline verdict stands (source "fallback").
// classify() never throws.
import type { Logger } from 'pino';
import { NOT_A_REQUEST, type Classification, type ClassifyInput, type Classifier } from './classification.js';
import { LlmError, type LlmClassifier, type LlmResult } from './llm-classifier.js';
import type { OfflineClassifier, OfflineResult } from './offline-classifier.js';
import { looksLikePromptInjection } from './prompt-injection.js';

export type LlmMode = 'off' | 'cascade' | 'always';

export interface CascadeThresholds {
  /** Ask the LLM when the offline request confidence is below this. */
  request: number;
  /** …or when it is a request and the category confidence is below this. */
  category: number;
  /** …or when it is a request, the rules found no urgent signal, and the urgency confidence is below this. */
  urgency: number;
}

// Measured against a local OpenAI-compatible server (docs/classification.md): 8% of a day-like
// chat ask the LLM, 19% of the least familiar held-out chats (English, 闽南) — under the 20% budget.
export const DEFAULT_CASCADE_THRESHOLDS: CascadeThresholds = { request: 0.75, category: 0.5, urgency: 0.6 };

export interface CascadeOptions {
  offline: OfflineClassifier;
  llm: LlmClassifier | null;
  mode: LlmMode;
  thresholds?: Partial<CascadeThresholds>;
  log?: Logger;
}

const SAFE_DEFAULT: Classification = { ...NOT_A_REQUEST, reason: 'classifier error' };

/** Is the offline verdict unsure enough to be worth an LLM call? */
export function isUnsure(result: OfflineResult, th: CascadeThresholds): boolean {
  const c = result.classification;
  const filter = result.analysis.nonRequest;
  // Stickers, greetings, notices and adverts caught by the rules are not worth a call.
  if (!c.isRequest && c.source === 'rules' && filter && filter.confidence >= 0.9) return false;
  if (!result.analysis.text) return false;
  if (c.requestConfidence < th.request) return true;
  if (!c.isRequest) return false;
  return c.categoryConfidence < th.category || (!c.urgentSignal && c.urgencyConfidence < th.urgency);
}

/**
 * Combines the offline verdict with the LLM's under the safety rules above. `confidentRequest`: the
 * offline verdict was a request it was sure of, and the LLM was asked only to settle the category
 * or the urgency — its "not a request" then does not undo the report.
 */
export function mergeWithLlm(offline: OfflineResult, llm: LlmResult, injected: boolean, confidentRequest = false): Classification {
  const o = offline.classification;
  const a = offline.analysis;
  let isRequest = llm.isRequest;
  let category = llm.category;
  let urgency = llm.urgency;
  const notes: string[] = [];
  if (a.forced && !isRequest) {
    isRequest = true;
    notes.push(`kept as request (${a.forced})`);
  }
  if (confidentRequest && !isRequest) {
    isRequest = true;
    urgency = o.urgency;
    notes.push('kept as request (the LLM was asked about its category or urgency)');
  }
  // Urgency only goes up: an urgent verdict of the rules or of the local model stands, whatever
  // the LLM says (a model that answers "normal" to everything must not cost a gas leak). An urgent
  // request stays a request; a line the model called urgent but no request ("刚打电话叫家里人先出门")
  // may become one — by the LLM, or in conversation as a line about an open report — never a calmer one.
  if (o.urgency === 'urgent') {
    if ((o.isRequest && !isRequest) || urgency !== 'urgent') notes.push(o.urgentSignal ? `urgent signal "${o.urgentSignal}" kept` : 'urgent (local model) kept');
    if (o.isRequest) isRequest = true;
    urgency = 'urgent';
  }
  if (injected) {
    // The LLM may have been talked into something: it can add to the offline verdict only.
    if (o.isRequest && !isRequest) isRequest = true;
    if (o.isRequest) category = o.category;
    notes.push('instruction-like text: offline verdict kept as the floor');
  }
  // An LLM that said "not a request" gave no verdict on a category, whether or not it was overruled
  // above: the offline category stands.
  if (!llm.isRequest) category = o.category;
  // (A verdict of no request carries the offline urgency, as the offline verdict itself does.)
  if (!isRequest) urgency = o.urgency;
  const conf = Math.max(0, Math.min(1, llm.confidence));
  return {
    isRequest,
    requestConfidence: conf,
    category,
    categoryConfidence: category === llm.category ? conf : o.categoryConfidence,
    urgency,
    urgencyConfidence: urgency === 'urgent' && o.urgency === 'urgent' ? Math.max(conf, o.urgencyConfidence) : conf,
    source: 'llm',
    urgentSignal: o.urgentSignal,
    reason: `llm${llm.cached ? ' (cached)' : ''}: ${llm.reason || `${llm.isRequest ? llm.category : 'not a request'}`}${notes.length ? `; ${notes.join('; ')}` : ''}`,
    llmCalled: llm.calls > 0,
    nonRequestKind: isRequest ? null : (o.nonRequestKind ?? null),
  };
}

export function createCascadeClassifier(options: CascadeOptions): Classifier {
  const th: CascadeThresholds = { ...DEFAULT_CASCADE_THRESHOLDS, ...options.thresholds };
  const { offline, llm, mode, log } = options;

  async function classify(input: ClassifyInput): Promise<Classification> {
    const result = offline.classifySync(input);
    if (mode === 'off' || !llm) return result.classification;
    if (mode === 'cascade' && !isUnsure(result, th)) return result.classification;
    if (!result.analysis.text) return result.classification;
    try {
      const answer = await llm.classify(String(input.text));
      const confidentRequest = mode === 'cascade' && result.classification.isRequest && result.classification.requestConfidence >= th.request;
      return mergeWithLlm(result, answer, looksLikePromptInjection(String(input.text)), confidentRequest);
    } catch (err) {
      const e = err instanceof LlmError ? err : new LlmError('network', (err as Error)?.message ?? String(err));
      log?.warn({ code: e.code, err: e.message }, 'LLM classification failed; offline result used');
      return {
        ...result.classification,
        source: 'fallback',
        reason: `${result.classification.reason} (LLM ${e.code})`,
        llmCalled: e.called,
      };
    }
  }

  return {
    async classify(input: ClassifyInput): Promise<Classification> {
      try {
        return await classify(input);
      } catch (err) {
        log?.error({ err }, 'classifier failed; treated as not a request');
        return { ...SAFE_DEFAULT };
      }
    },
  };
}
