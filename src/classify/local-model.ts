// The local statistical model: three softmax heads (is it a request, which category, is it
// urgent) over the features of text-features.ts, loaded from config/model.json. Pure computation;
// no I/O here (create-classifier.ts reads the file).
import { z } from 'zod';
import { softmaxScores, type SoftmaxWeights, type SparseVector } from './softmax-regression.js';
import type { SparseFeatures } from './text-features.js';
import { fullDictionary, segmenterWith, type WordSegmenter } from './word-segmenter.js';

export const MODEL_FORMAT = 'linli-softmax-v1';
/** Weights are stored as integers: weight × WEIGHT_SCALE, rounded (keeps model.json small). */
export const WEIGHT_SCALE = 1000;

const headSchema = z.object({
  classes: z.array(z.string()).min(2),
  bias: z.array(z.number()),
  /** weights[feature * classes.length + class], scaled by WEIGHT_SCALE. */
  weights: z.array(z.number()),
});
export type ModelHead = z.infer<typeof headSchema>;

export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  trainedAt: z.string(),
  examples: z.number(),
  sources: z.array(z.string()).default([]),
  features: z.array(z.string()),
  /** The segmenter's dictionary: the part of jieba's the model needs (word-segmenter.ts,
   * dictionaryKeeping). Files written before it existed cut with jieba's full dictionary. */
  words: z.string().optional(),
  heads: z.object({ request: headSchema, category: headSchema, urgency: headSchema }),
  /** Measured when the file was written (cross-validation), for docs and logs. */
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type ModelFile = z.infer<typeof modelFileSchema>;

export interface ModelPrediction {
  /** P(is a request). */
  request: number;
  /** Category codes with probabilities, best first. */
  categories: Array<{ code: string; p: number }>;
  /** P(urgent | request). */
  urgent: number;
}

export class LocalModel {
  private readonly index: Map<string, number>;
  private readonly heads: { request: SoftmaxWeights; category: SoftmaxWeights; urgency: SoftmaxWeights };
  readonly categoryCodes: readonly string[];
  private readonly yes: number;
  private readonly urgentAt: number;

  /** Cuts text into the words the model knows as features (the file's own dictionary). */
  readonly segmentWords: WordSegmenter;

  /** How many features and training examples the file had (for the start-up log). */
  readonly size: { features: number; examples: number };

  // The parsed file is not kept: its weights as plain arrays would double the model's memory.
  constructor(file: ModelFile) {
    this.size = { features: file.features.length, examples: file.examples };
    this.index = new Map(file.features.map((name, i) => [name, i]));
    this.segmentWords = file.words ? segmenterWith(file.words) : fullDictionary().segment;
    const unpack = (h: ModelHead): SoftmaxWeights => {
      if (h.bias.length !== h.classes.length || h.weights.length !== file.features.length * h.classes.length) {
        throw new Error('model.json: head sizes do not match its feature list (retrain with npm run train)');
      }
      return {
        classes: h.classes.length,
        features: file.features.length,
        bias: Float64Array.from(h.bias),
        // Stored to three decimals: single precision holds them, in half the memory.
        weights: Float32Array.from(h.weights, (w) => w / WEIGHT_SCALE),
      };
    };
    this.heads = {
      request: unpack(file.heads.request),
      category: unpack(file.heads.category),
      urgency: unpack(file.heads.urgency),
    };
    this.categoryCodes = file.heads.category.classes;
    this.yes = file.heads.request.classes.indexOf('request');
    this.urgentAt = file.heads.urgency.classes.indexOf('urgent');
    if (this.yes < 0 || this.urgentAt < 0) throw new Error('model.json: heads must have classes "request" and "urgent"');
  }

  /** Parses and checks a model file's JSON text. Throws with a readable message when it is wrong. */
  static fromJson(text: string): LocalModel {
    const parsed = modelFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`model.json is not a ${MODEL_FORMAT} file: ${parsed.error.issues[0]?.message}`);
    return new LocalModel(parsed.data);
  }

  vectorize(features: SparseFeatures): SparseVector {
    const index: number[] = [];
    const value: number[] = [];
    for (const [name, v] of features) {
      const i = this.index.get(name);
      if (i !== undefined) {
        index.push(i);
        value.push(v);
      }
    }
    return { index, value };
  }

  predict(features: SparseFeatures): ModelPrediction {
    const x = this.vectorize(features);
    const req = softmaxScores(this.heads.request, x);
    const cat = softmaxScores(this.heads.category, x);
    const urg = softmaxScores(this.heads.urgency, x);
    const categories = this.categoryCodes.map((code, i) => ({ code, p: cat[i] })).sort((a, b) => b.p - a.p);
    return { request: req[this.yes], categories, urgent: urg[this.urgentAt] };
  }
}
