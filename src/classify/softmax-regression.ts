// Multinomial logistic regression over sparse features, trained with AdaGrad and L2: small,
// deterministic (seeded), and fast enough to retrain on a few thousand messages in a second.

export interface SparseVector {
  index: number[];
  value: number[];
}

export interface SoftmaxWeights {
  classes: number;
  features: number;
  bias: Float64Array;
  /** Row-major: weights[feature * classes + class]. (Training keeps doubles; a loaded model floats.) */
  weights: Float64Array | Float32Array;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /** Weight per class, e.g. to make the rare "urgent" class count more. */
  classWeights?: number[];
}

export function softmaxScores(model: SoftmaxWeights, x: SparseVector): number[] {
  const k = model.classes;
  const z = Array.from(model.bias);
  for (let j = 0; j < x.index.length; j++) {
    const base = x.index[j] * k;
    const v = x.value[j];
    for (let c = 0; c < k; c++) z[c] += model.weights[base + c] * v;
  }
  let max = -Infinity;
  for (const s of z) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    z[c] = Math.exp(z[c] - max);
    sum += z[c];
  }
  for (let c = 0; c < k; c++) z[c] /= sum;
  return z;
}

/** Small seeded PRNG (mulberry32) so that training is reproducible. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainSoftmax(
  samples: Array<{ x: SparseVector; y: number; w?: number }>,
  features: number,
  classes: number,
  options: TrainOptions = {},
): SoftmaxWeights {
  const { epochs = 30, learningRate = 0.5, l2 = 1e-4, seed = 7, classWeights } = options;
  const model: SoftmaxWeights = {
    classes,
    features,
    bias: new Float64Array(classes),
    weights: new Float64Array(features * classes),
  };
  const g2w = new Float64Array(features * classes).fill(1e-8);
  const g2b = new Float64Array(classes).fill(1e-8);
  const order = samples.map((_, i) => i);
  const rand = seededRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const s of order) {
      const { x, y, w = 1 } = samples[s];
      const p = softmaxScores(model, x);
      const cw = (classWeights?.[y] ?? 1) * w;
      for (let c = 0; c < classes; c++) {
        const g = (p[c] - (c === y ? 1 : 0)) * cw;
        g2b[c] += g * g;
        model.bias[c] -= (learningRate * g) / Math.sqrt(g2b[c]);
        for (let j = 0; j < x.index.length; j++) {
          const at = x.index[j] * classes + c;
          const gw = g * x.value[j] + l2 * model.weights[at];
          g2w[at] += gw * gw;
          model.weights[at] -= (learningRate * gw) / Math.sqrt(g2w[at]);
        }
      }
    }
  }
  return model;
}
