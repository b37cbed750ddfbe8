import { roundTo } from '../numbers.ts';
import { seeded, type Fusion, type SearchResult } from '../search/index.ts';

/** Evidence from one search, the inputs of the confidence model (then one indicator per route). */
export const FEATURES = [
  'fused_top',
  'fused_margin',
  'classifier_log_top',
  'classifier_margin',
  'dense_top',
  'coverage',
  'weighted_coverage',
  'bm25_per_term',
  'route_given',
  'fused_margin_in_route',
  'classifier_margin_in_route',
  'query_terms',
] as const;
export type FeatureName = (typeof FEATURES)[number];

/** Changes whenever the evidence a model was fitted on means something else: an older model is refitted. */
export const CALIBRATION_FORMAT = 'sop-calibration/5';

/**
 * Logistic regression over standardised features: P(top source is right). Its last features say which
 * route the top document is in, so each route has its own base rate.
 */
export type CalibrationModel = {
  format: typeof CALIBRATION_FORMAT;
  features: string[];
  /** The routes of the route indicators, in order. */
  routes: string[];
  weights: number[];
  bias: number;
  mean: number[];
  std: number[];
  /**
   * P(one of the two best documents is right), on the same features read as if the two were one
   * document (`pairFeaturesOf`): how sure a question that tells the two apart is to lead to the right one.
   */
  pair: Pick<LogisticFit, 'weights' | 'bias' | 'mean' | 'std'>;
  /** The weights of the rankings in the fused score, fitted with the model. */
  fusion: Fusion;
  /** Digest of the SOPs, glossary and out-of-scope questions it was fitted on (`sop lint` compares it). */
  digest: string;
  /** How the model was fitted, for the report and for review in git. */
  fitted: { on: string; embedder: string; positives: number; negatives: number; ece: number; brier: number };
};

/** The features of a search result, in `FEATURES` order then one per route; all zero when nothing was found. */
export function featuresOf(result: SearchResult, routes: readonly string[]): number[] {
  const [top, second] = result.hits;
  if (!top) return [...FEATURES.map(() => 0), ...routes.map(() => 0)];
  const given = result.route === null ? 0 : 1;
  const fusedMargin = top.score - (second?.score ?? 0);
  const classifierMargin = top.classifier - (second?.classifier ?? 0);
  return [
    top.score,
    fusedMargin,
    Math.log(Math.max(1e-4, top.classifier)),
    classifierMargin,
    top.dense,
    result.coverage,
    result.weightedCoverage,
    Math.log1p(top.bm25 / Math.max(1, result.queryTerms)),
    // Kept to one route, the runners-up of other routes are gone and the margins read higher: they
    // are weighed apart.
    given,
    given * fusedMargin,
    given * classifierMargin,
    // A long text that still matches well carries more evidence than a three-word one.
    Math.log1p(result.queryTerms),
    ...routes.map((r) => (r === top.route ? 1 : 0)),
  ];
}

/**
 * The features of a result with its two best documents taken as one: their classifier probabilities
 * summed, their best evidence kept, the third document as the runner-up.
 */
export function pairFeaturesOf(result: SearchResult, routes: readonly string[]): number[] {
  const [a, b, ...rest] = result.hits;
  if (!a || !b) return featuresOf(result, routes);
  const merged = { ...a, classifier: Math.min(1, a.classifier + b.classifier), dense: Math.max(a.dense, b.dense), bm25: Math.max(a.bm25, b.bm25) };
  return featuresOf({ ...result, hits: [merged, ...rest] }, routes);
}

/** The calibrated probability that the top source is the right one. */
export function predictConfidence(model: Pick<CalibrationModel, 'weights' | 'bias' | 'mean' | 'std'>, x: number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += model.weights[i]! * ((x[i]! - model.mean[i]!) / model.std[i]!);
  return 1 / (1 + Math.exp(-z));
}

/** The confidence of a search result under a model. */
export function confidenceOf(model: CalibrationModel, result: SearchResult): number {
  return predictConfidence(model, featuresOf(result, model.routes));
}

/** A fitted logistic regression and how well it fits its own samples. */
export type LogisticFit = { weights: number[]; bias: number; mean: number[]; std: number[]; positives: number; negatives: number; ece: number; brier: number };

/**
 * Fits a logistic regression with a small L2 penalty by Newton's method (iteratively reweighted
 * least squares: a handful of steps, each one linear solve over the features), on features
 * standardised to mean 0 and deviation 1. Deterministic: same data, same model.
 */
export function fitLogistic(samples: { x: number[]; y: 0 | 1 }[], maxSteps = 50): LogisticFit {
  if (samples.length === 0) throw new Error('no samples to calibrate on');
  const k = samples[0]!.x.length;
  const n = samples.length;
  const mean = Array.from({ length: k }, (_, j) => samples.reduce((s, p) => s + p.x[j]!, 0) / n);
  const std = mean.map((m, j) => Math.sqrt(samples.reduce((s, p) => s + (p.x[j]! - m) ** 2, 0) / n) || 1);
  // The bias is the last coordinate, always 1, and unpenalised.
  const xs = samples.map((p) => [...p.x.map((v, j) => (v - mean[j]!) / std[j]!), 1]);
  const d = k + 1;
  const lambda = 1e-3;
  const beta = new Array<number>(d).fill(0);
  for (let step = 0; step < maxSteps; step++) {
    const gradient = beta.map((b, j) => (j < k ? lambda * b : 0));
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i < k ? lambda : 0)));
    xs.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += beta[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const err = (p - samples[i]!.y) / n;
      const w = (p * (1 - p)) / n;
      for (let a = 0; a < d; a++) {
        gradient[a]! += err * x[a]!;
        for (let b = 0; b <= a; b++) hessian[a]![b]! += w * x[a]! * x[b]!;
      }
    });
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) hessian[a]![b] = hessian[b]![a]!;
    const delta = solve(hessian, gradient);
    let moved = 0;
    for (let j = 0; j < d; j++) {
      beta[j]! -= delta[j]!;
      moved = Math.max(moved, Math.abs(delta[j]!));
    }
    if (moved < 1e-9) break;
  }
  const weights = beta.slice(0, k);
  const bias = beta[k]!;
  const fit = { weights: weights.map((x) => roundTo(x, 6)), bias: roundTo(bias, 6), mean: mean.map((x) => roundTo(x, 6)), std: std.map((x) => roundTo(x, 6)) };
  const predictions = samples.map((s) => ({ p: predictConfidence(fit, s.x), y: s.y }));
  return {
    ...fit,
    positives: samples.filter((s) => s.y === 1).length,
    negatives: samples.filter((s) => s.y === 0).length,
    ece: roundTo(reliability(predictions).ece, 6),
    brier: roundTo(predictions.reduce((s, p) => s + (p.p - p.y) ** 2, 0) / predictions.length, 6),
  };
}

/** Solves `a · x = b` by Gaussian elimination with partial pivoting (a small, symmetric positive definite system). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]! || 1e-12;
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!;
    x[r] = sum / (m[r]![r]! || 1e-12);
  }
  return x;
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

/**
 * The ECE a perfectly calibrated confidence would show on these confidences: the median over `draws`
 * outcomes drawn right with probability equal to each confidence (seeded, so the same on every run).
 * On a few dozen cases it is far from zero: a measured ECE at or below it is all the cases can show.
 */
export function calibratedEce(confidences: readonly number[], draws = 501, seed = 1): number {
  if (confidences.length === 0) return 0;
  const random = seeded(seed);
  const eces: number[] = [];
  for (let k = 0; k < draws; k++) eces.push(reliability(confidences.map((p) => ({ p, y: random() < p ? 1 : 0 }))).ece);
  eces.sort((a, b) => a - b);
  return eces[Math.floor(draws / 2)]!;
}

/**
 * Why a stored model cannot be used for these SOPs (null: it can): fitted by another version of the
 * confidence code, with another embedder, or on other SOPs.
 */
export function staleCalibration(model: Partial<CalibrationModel> | null, expected: { digest: string; embedder: string }): string | null {
  if (!model) return 'there is no calibration';
  if (model.format !== CALIBRATION_FORMAT) return `the calibration is of format ${String(model.format ?? 'sop-calibration/1')}, not ${CALIBRATION_FORMAT}`;
  if (model.fitted?.embedder !== expected.embedder)
    return `the calibration was fitted with embedder ${String(model.fitted?.embedder)}, not ${expected.embedder}`;
  if (model.digest !== expected.digest) return 'the SOPs, the glossary or the out-of-scope questions changed since the calibration was fitted';
  return null;
}
