// A classifier that tells the telemetry what each verdict cost: an LLM call, or a fallback.
import type { Telemetry } from '../app/ports/telemetry.js';
import type { Classifier } from './classification.js';

export function countedClassifier(classifier: Classifier, telemetry: Telemetry): Classifier {
  return {
    async classify(input) {
      const verdict = await classifier.classify(input);
      telemetry.classified({ llmCalled: verdict.llmCalled, fallback: verdict.source === 'fallback' });
      return verdict;
    },
  };
}
