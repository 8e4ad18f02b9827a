// The offline classifier: keyword rules plus the local model, no network. The rules decide alone
// when they are sure (a sticker, a notice, an advert); the model decides the rest, with the
// rules' findings among its features. An urgent signal from the rules always makes a request
// urgent, and lowers the bar for calling it a request at all: missing a gas leak costs more than
// a ticket too many.
import type { Classification, ClassifyInput, Classifier } from './classification.js';
import { classifyByRules, type KeywordRules, type RuleAnalysis } from './keyword-rules.js';
import type { LocalModel } from './local-model.js';
import { stripInstructions } from './prompt-injection.js';
import { extractFeatures } from './text-features.js';

export interface OfflineThresholds {
  /** A non-request filter at or above this confidence decides alone. */
  ruleFilter: number;
  /** P(request) at or above this makes a request. */
  request: number;
  /** The same bar when the rules found an urgent signal. */
  requestWithUrgentSignal: number;
  /** P(urgent | request) at or above this makes it urgent. */
  urgent: number;
}

export const DEFAULT_OFFLINE_THRESHOLDS: OfflineThresholds = {
  ruleFilter: 0.9,
  request: 0.5,
  requestWithUrgentSignal: 0.3,
  urgent: 0.35,
};

/** The offline verdict plus what it was based on (the cascade and the eval CLI look inside). */
export interface OfflineResult {
  classification: Classification;
  analysis: RuleAnalysis;
}

export interface OfflineClassifier extends Classifier {
  /** Synchronous and total: never throws, whatever the input. */
  classifySync(input: ClassifyInput): OfflineResult;
}

const NOT_A_REQUEST: Classification = {
  isRequest: false,
  requestConfidence: 0.5,
  category: 'other',
  categoryConfidence: 0,
  urgency: 'normal',
  urgencyConfidence: 0.5,
  source: 'rules',
  urgentSignal: null,
  reason: 'unreadable input',
  llmCalled: false,
  nonRequestKind: 'empty',
};

const round = (x: number) => Math.round(x * 1000) / 1000;

export function createOfflineClassifier(deps: {
  rules: KeywordRules;
  model: LocalModel | null;
  thresholds?: Partial<OfflineThresholds>;
}): OfflineClassifier {
  const { rules, model } = deps;
  const th: OfflineThresholds = { ...DEFAULT_OFFLINE_THRESHOLDS, ...deps.thresholds };
  const known = new Set(rules.categoryCodes);

  function decide(a: RuleAnalysis): Classification {
    const filter = a.nonRequest;
    if (filter && !a.forced && filter.confidence >= th.ruleFilter) {
      return { ...classifyByRules(a), isRequest: false, requestConfidence: filter.confidence };
    }
    if (!model) return classifyByRules(a);

    const p = model.predict(extractFeatures(a));
    const bar = a.urgentSignal ? th.requestWithUrgentSignal : th.request;
    // Danger reported in the message itself makes it a request, unless it reads as an
    // announcement, a staff reply, agreement or news of something already over.
    const urgentReport = a.urgentSignal !== null && !filter;
    const isRequest = Boolean(a.forced) || urgentReport || p.request >= bar;
    const requestConfidence = a.forced ? Math.max(p.request, 0.9) : isRequest ? p.request : 1 - p.request;

    // A category the model was not trained on (added to config since) can only come from the rules.
    let best = p.categories.find((c) => known.has(c.code)) ?? { code: 'other', p: 0 };
    if (a.topCategory && !model.categoryCodes.includes(a.topCategory) && a.categoryShare >= 0.5) {
      best = { code: a.topCategory, p: 0.4 + 0.4 * a.categoryShare };
    }

    const urgent = a.urgentSignal !== null || p.urgent >= th.urgent;
    const urgencyConfidence = a.urgentSignal ? Math.max(0.95, p.urgent) : urgent ? p.urgent : 1 - p.urgent;
    const decidedByRules = (Boolean(a.forced) || urgentReport) && !isRequestByModel(p.request, bar);
    return {
      isRequest,
      requestConfidence: round(requestConfidence),
      category: best.code,
      categoryConfidence: round(best.p),
      urgency: urgent ? 'urgent' : 'normal',
      urgencyConfidence: round(urgencyConfidence),
      source: decidedByRules ? 'rules' : 'model',
      urgentSignal: a.urgentSignal,
      reason:
        `model p(request)=${round(p.request)} ${best.code}=${round(best.p)} p(urgent)=${round(p.urgent)}` +
        (a.urgentSignal ? ` urgent signal "${a.urgentSignal}"` : '') +
        (a.forced ? ` forced by ${a.forced}` : '') +
        (filter ? ` (filter ${filter.kind} ${filter.confidence})` : ''),
      llmCalled: false,
      // Reported only when the verdict is "not a request", so a soft filter never hides a report.
      nonRequestKind: !isRequest ? (filter?.kind ?? null) : null,
    };
  }

  function classifySync(input: ClassifyInput): OfflineResult {
    let analysis: RuleAnalysis;
    try {
      // Instructions addressed to a classifier are not part of the report: judge the rest.
      const text = typeof input?.text === 'string' ? stripInstructions(input.text) : '';
      analysis = rules.analyze({ text, mentionsBot: Boolean(input?.mentionsBot) });
    } catch {
      analysis = rules.analyze({ text: '', mentionsBot: false });
      return { classification: { ...NOT_A_REQUEST }, analysis };
    }
    try {
      return { classification: decide(analysis), analysis };
    } catch {
      return { classification: classifyByRules(analysis), analysis };
    }
  }

  return {
    classifySync,
    async classify(input) {
      return classifySync(input).classification;
    },
  };
}

function isRequestByModel(p: number, bar: number): boolean {
  return p >= bar;
}
