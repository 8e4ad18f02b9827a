// What every classifier answers, whatever it runs on (rules, local model, LLM).
import type { CategoryCode, ClassificationSource, Urgency } from '../domain/ticket.js';

export interface ClassifyInput {
  /** The resident's text (a whole burst joined with newlines). Unmasked: mask before any network call. */
  text: string;
  /** The message @-mentions the bot: the resident is clearly addressing it. */
  mentionsBot: boolean;
}

export interface Classification {
  isRequest: boolean;
  requestConfidence: number; // 0..1
  category: CategoryCode;
  categoryConfidence: number;
  urgency: Urgency;
  urgencyConfidence: number;
  source: ClassificationSource;
  /** The urgent keyword the rules found, if any. An LLM may never downgrade such a ticket. */
  urgentSignal: string | null;
  /** Short human-readable reason, for logs and the eval CLI. */
  reason: string;
  /** True when this call went to the LLM (counted by the eval CLI). */
  llmCalled: boolean;
  /**
   * Which plain non-request filter matched (e.g. 'agreement' for "+1", 'small_talk', 'media'),
   * when one did: conversation understanding uses it to tell co-reports and chit-chat apart.
   */
  nonRequestKind?: string | null;
}

export interface Classifier {
  classify(input: ClassifyInput): Promise<Classification>;
}

/** A verdict of "not a request" with no evidence: what a failure or an unfinished fragment means. */
export const NOT_A_REQUEST: Classification = {
  isRequest: false,
  requestConfidence: 0,
  category: 'other',
  categoryConfidence: 0,
  urgency: 'normal',
  urgencyConfidence: 0,
  source: 'rules',
  urgentSignal: null,
  reason: 'no verdict',
  llmCalled: false,
  nonRequestKind: null,
};
