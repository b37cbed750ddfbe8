import { ngramCounts } from './ngrams.ts';
import { seeded } from './seeded.ts';
import { wordVectors } from './word-vectors.ts';

/** Character n-grams of 3 to 5 letters: long enough to be specific, short enough to survive a typo. */
const NGRAMS = { chars: [3, 5] } as const;

/**
 * A trained classifier in its stored form: for each feature, the targets it has a weight for
 * (`offsets[f]` to `offsets[f + 1]` in `targets` and `weights`), and the word vectors it read.
 */
export type ClassifierData = {
  targetCount: number;
  features: string[];
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float32Array;
  /** Each target's weights for the word vectors' dimensions: row t is `vectorWeights[t * dimensions …]`. */
  vectorWeights: Float32Array;
  /** The `id` of the word vectors the classifier was trained with. */
  wordVectors: string;
};

export type Classifier = {
  readonly data: ClassifierData;
  /**
   * Writes P(target | text) into `out` (length: the number of targets) and returns the best target,
   * or -1 when no feature of the text was seen in training (every target then has the same share).
   */
  probabilities(tokens: readonly string[], out: Float64Array): number;
};

export type TrainOptions = { epochs?: number; rate?: number; l2?: number; seed?: number };
const DEFAULTS = { epochs: 6, rate: 2, l2: 1e-5, seed: 7 };

/** A text's n-gram features: counts, log-scaled and scaled to unit length. */
function featuresOf(tokens: readonly string[]): Map<string, number> {
  const counts = ngramCounts(tokens, NGRAMS);
  let sum = 0;
  for (const [k, c] of counts) {
    const x = 1 + Math.log(c);
    counts.set(k, x);
    sum += x * x;
  }
  const norm = Math.sqrt(sum) || 1;
  for (const [k, x] of counts) counts.set(k, x / norm);
  return counts;
}

/** How many of the targets the n-grams reach weigh the word vectors: the best by their n-grams, and the example's own. */
const VECTOR_CANDIDATES = 64;

/**
 * The targets among `reached` that weigh the word vectors (the `VECTOR_CANDIDATES` best by their
 * n-gram score so far, and `own` when training), written into `out`.
 */
function candidatesOf(reached: readonly number[], z: Float64Array, own: number, out: number[]): number[] {
  out.length = 0;
  if (reached.length <= VECTOR_CANDIDATES) {
    out.push(...reached);
    return out;
  }
  // Kept in descending order by insertion: most targets fall below the last at once.
  for (const t of reached) {
    if (out.length === VECTOR_CANDIDATES && z[t]! <= z[out[VECTOR_CANDIDATES - 1]!]!) continue;
    let at = out.length < VECTOR_CANDIDATES ? out.length : VECTOR_CANDIDATES - 1;
    while (at > 0 && z[out[at - 1]!]! < z[t]!) {
      out[at] = out[at - 1]!;
      at--;
    }
    out[at] = t;
  }
  if (own >= 0 && !out.includes(own)) out.push(own);
  return out;
}

/** Adds to each candidate's score its weights times the text's word-vector mean. */
function addVectorScores(mean: Float64Array, vectorWeights: Float32Array, candidates: readonly number[], z: Float64Array): void {
  const dimensions = mean.length;
  for (const t of candidates) {
    let dot = 0;
    for (let d = 0, w = t * dimensions; d < dimensions; d++, w++) dot += vectorWeights[w]! * mean[d]!;
    z[t]! += dot;
  }
}

/**
 * Trains a multinomial logistic regression (softmax) over word, word-pair and character n-gram
 * features by stochastic gradient descent with an L2 penalty. A target has weights only for the
 * features of its own examples: the model stays as small as the training texts (a dense one would
 * need features × targets weights, 100 M at 2,500 documents), answers in one pass over the query's
 * features, and a feature shared by several targets is still weighed between them by the softmax.
 * Each target also weighs the mean of the text's word vectors (`word-vectors.ts`), which carries
 * words of like meaning that no example uses; those weights count only for the `VECTOR_CANDIDATES`
 * targets the text's n-grams rank best (and, in training, its own), so the vectors add a fixed cost
 * to a text however many targets there are.
 * Deterministic: the same examples give the same weights.
 */
export function trainClassifier(
  examples: readonly { tokens: readonly string[]; target: number }[],
  targetCount: number,
  options: TrainOptions = {},
): Classifier {
  const { epochs, rate, l2, seed } = { ...DEFAULTS, ...options };
  const vectors = wordVectors();
  const featureIndex = new Map<string, number>();
  const perFeature: Map<number, number>[] = [];
  const rows = examples.map((e) => {
    const f = featuresOf(e.tokens);
    const idx = new Int32Array(f.size);
    const val = new Float64Array(f.size);
    let k = 0;
    for (const [key, x] of f) {
      let i = featureIndex.get(key);
      if (i === undefined) {
        i = featureIndex.size;
        featureIndex.set(key, i);
        perFeature.push(new Map());
      }
      const slots = perFeature[i]!;
      if (!slots.has(e.target)) slots.set(e.target, 0);
      idx[k] = i;
      val[k++] = x;
    }
    return { idx, val, mean: vectors.mean(e.tokens), target: e.target };
  });
  // Compressed rows: feature f owns slots offsets[f] .. offsets[f + 1].
  const offsets = new Int32Array(perFeature.length + 1);
  perFeature.forEach((m, f) => (offsets[f + 1] = offsets[f]! + m.size));
  const targets = new Int32Array(offsets[perFeature.length]!);
  perFeature.forEach((m, f) => {
    let s = offsets[f]!;
    for (const t of [...m.keys()].sort((a, b) => a - b)) targets[s++] = t;
  });
  const weights = new Float32Array(targets.length);
  const dimensions = vectors.dimensions;
  const vectorWeights = new Float32Array(targetCount * dimensions);
  const z = new Float64Array(targetCount);
  const reached = new Uint8Array(targetCount);
  const touched: number[] = [];
  const candidates: number[] = [];
  const random = seeded(seed);
  const order = rows.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const { idx, val, mean, target } = rows[r]!;
      const lr = rate / (1 + step++ * 1e-4);
      touched.length = 0;
      for (let k = 0; k < idx.length; k++) {
        const f = idx[k]!;
        for (let s = offsets[f]!; s < offsets[f + 1]!; s++) {
          const t = targets[s]!;
          if (!reached[t]) {
            reached[t] = 1;
            z[t] = 0;
            touched.push(t);
          }
          z[t]! += weights[s]! * val[k]!;
        }
      }
      if (mean) addVectorScores(mean, vectorWeights, candidatesOf(touched, z, target, candidates), z);
      // Targets no feature reaches score 0: they share the rest of the softmax's mass.
      let max = 0;
      for (const t of touched) if (z[t]! > max) max = z[t]!;
      let sum = (targetCount - touched.length) * Math.exp(-max);
      for (const t of touched) sum += Math.exp(z[t]! - max);
      for (const t of touched) z[t] = Math.exp(z[t]! - max) / sum - (t === target ? 1 : 0);
      if (mean) {
        for (const t of candidates) {
          for (let d = 0, w = t * dimensions; d < dimensions; d++, w++) vectorWeights[w] = vectorWeights[w]! - lr * (z[t]! * mean[d]! + l2 * vectorWeights[w]!);
        }
      }
      for (let k = 0; k < idx.length; k++) {
        const f = idx[k]!;
        const x = val[k]!;
        for (let s = offsets[f]!; s < offsets[f + 1]!; s++) weights[s] = weights[s]! - lr * (z[targets[s]!]! * x + l2 * weights[s]!);
      }
      for (const t of touched) reached[t] = 0;
    }
  }
  return createClassifier({ targetCount, features: [...featureIndex.keys()], offsets, targets, weights, vectorWeights, wordVectors: vectors.id });
}

/** A classifier from its stored parts (trained now or loaded with an index); throws when it was trained on other word vectors. */
export function createClassifier(data: ClassifierData): Classifier {
  const vectors = wordVectors();
  if (data.wordVectors !== vectors.id) {
    throw new Error(
      `the classifier was trained with word vectors ${data.wordVectors} but ${vectors.id} are shipped: rebuild the index with \`sop index\` (or deploy again)`,
    );
  }
  const featureIndex = new Map(data.features.map((f, i) => [f, i]));
  const { offsets, targets, weights, targetCount } = data;
  const reached = new Uint8Array(targetCount);
  const touched: number[] = [];
  const candidates: number[] = [];
  const probabilities = (tokens: readonly string[], out: Float64Array): number => {
    touched.length = 0;
    out.fill(0);
    for (const [key, x] of featuresOf(tokens)) {
      const f = featureIndex.get(key);
      if (f === undefined) continue;
      for (let s = offsets[f]!; s < offsets[f + 1]!; s++) {
        const t = targets[s]!;
        if (!reached[t]) {
          reached[t] = 1;
          touched.push(t);
        }
        out[t]! += weights[s]! * x;
      }
    }
    if (touched.length === 0) {
      out.fill(1 / targetCount);
      return -1;
    }
    const mean = vectors.mean(tokens);
    if (mean) addVectorScores(mean, data.vectorWeights, candidatesOf(touched, out, -1, candidates), out);
    let max = 0;
    for (const t of touched) if (out[t]! > max) max = out[t]!;
    const rest = Math.exp(-max);
    let sum = (targetCount - touched.length) * rest;
    for (const t of touched) sum += Math.exp(out[t]! - max);
    let best = touched[0]!;
    for (let t = 0; t < targetCount; t++) {
      out[t] = reached[t] ? Math.exp(out[t]! - max) / sum : rest / sum;
      if (out[t]! > out[best]!) best = t;
      reached[t] = 0;
    }
    return best;
  };
  return { data, probabilities };
}
