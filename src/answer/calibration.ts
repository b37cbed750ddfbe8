import type { SearchResult } from '../search/index.ts';

/** Evidence from one search, the inputs of the confidence model. */
export const FEATURES = ['dense_top', 'dense_margin', 'fused_margin', 'coverage', 'weighted_coverage', 'bm25_per_term'] as const;
export type FeatureName = (typeof FEATURES)[number];

/** Logistic regression over standardised features: P(top source is right). */
export type CalibrationModel = {
  features: readonly FeatureName[];
  weights: number[];
  bias: number;
  mean: number[];
  std: number[];
  /** How the model was fitted, for the report and for review in git. */
  fitted: { on: string; embedder: string; positives: number; negatives: number; ece: number; brier: number };
};

/** The features of a search result, in `FEATURES` order; all zero when nothing was found. */
export function featuresOf(result: SearchResult): number[] {
  const [top, second] = result.hits;
  if (!top) return FEATURES.map(() => 0);
  return [
    top.dense,
    top.dense - (second?.dense ?? 0),
    top.score - (second?.score ?? 0),
    result.coverage,
    result.weightedCoverage,
    Math.log1p(top.bm25 / Math.max(1, result.queryTerms)),
  ];
}

/** The calibrated probability that the top source is the right one. */
export function predictConfidence(model: CalibrationModel, x: number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += model.weights[i]! * ((x[i]! - model.mean[i]!) / model.std[i]!);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits the logistic regression by full-batch gradient descent with a small L2 penalty.
 * Deterministic: same data, same model.
 */
export function fitCalibration(samples: { x: number[]; y: 0 | 1 }[], source: { on: string; embedder: string }, iterations = 3000): CalibrationModel {
  if (samples.length === 0) throw new Error('no samples to calibrate on');
  const k = FEATURES.length;
  const mean = Array.from({ length: k }, (_, j) => samples.reduce((s, p) => s + p.x[j]!, 0) / samples.length);
  const std = mean.map((m, j) => Math.sqrt(samples.reduce((s, p) => s + (p.x[j]! - m) ** 2, 0) / samples.length) || 1);
  const xs = samples.map((p) => p.x.map((v, j) => (v - mean[j]!) / std[j]!));
  const weights = new Array<number>(k).fill(0);
  let bias = 0;
  const lambda = 1e-3;
  const rate = 0.5;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(k).fill(0);
    let gb = 0;
    xs.forEach((x, i) => {
      let z = bias;
      for (let j = 0; j < k; j++) z += weights[j]! * x[j]!;
      const err = 1 / (1 + Math.exp(-z)) - samples[i]!.y;
      for (let j = 0; j < k; j++) grad[j]! += err * x[j]!;
      gb += err;
    });
    for (let j = 0; j < k; j++) weights[j]! -= rate * (grad[j]! / xs.length + lambda * weights[j]!);
    bias -= rate * (gb / xs.length);
  }
  const model: CalibrationModel = { features: FEATURES, weights, bias, mean, std, fitted: { ...source, positives: 0, negatives: 0, ece: 0, brier: 0 } };
  const predictions = samples.map((s) => ({ p: predictConfidence(model, s.x), y: s.y }));
  const report = reliability(predictions);
  model.fitted = {
    ...source,
    positives: samples.filter((s) => s.y === 1).length,
    negatives: samples.filter((s) => s.y === 0).length,
    ece: round(report.ece),
    brier: round(predictions.reduce((s, p) => s + (p.p - p.y) ** 2, 0) / predictions.length),
  };
  model.weights = model.weights.map(round);
  model.bias = round(model.bias);
  model.mean = model.mean.map(round);
  model.std = model.std.map(round);
  return model;
}

export type ReliabilityBin = { from: number; to: number; count: number; meanConfidence: number; accuracy: number };

/** A 10-bin reliability table and the expected calibration error (count-weighted |accuracy - confidence|). */
export function reliability(predictions: { p: number; y: number }[], bins = 10): { bins: ReliabilityBin[]; ece: number } {
  const table: ReliabilityBin[] = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, meanConfidence: 0, accuracy: 0 }));
  for (const { p, y } of predictions) {
    const bin = table[Math.min(bins - 1, Math.floor(p * bins))]!;
    bin.count++;
    bin.meanConfidence += p;
    bin.accuracy += y;
  }
  let ece = 0;
  for (const bin of table) {
    if (!bin.count) continue;
    bin.meanConfidence /= bin.count;
    bin.accuracy /= bin.count;
    ece += (bin.count / predictions.length) * Math.abs(bin.accuracy - bin.meanConfidence);
  }
  return { bins: table, ece };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
