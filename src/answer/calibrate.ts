import { roundTo } from '../numbers.ts';
import { buildIndex, heldOutFolds, unitsOfDocuments, withEmbedCache, type DocHit, type Embedder, type Fusion, type SearchIndex } from '../search/index.ts';
import type { Glossary, SopDoc } from '../sops/index.ts';
import {
  CALIBRATION_FORMAT,
  FEATURES,
  featuresOf,
  fitLogistic,
  pairFeaturesOf,
  predictConfidence,
  reliability,
  type CalibrationModel,
  type ReliabilityBin,
} from './calibration.ts';

/** Typical questions per document asked of an index without that document (uncovered negatives). */
const UNCOVERED_PER_DOCUMENT = 3;
/** Steps of the grid the fusion weights are searched on (weights in twentieths, summing to 1). */
const FUSION_STEPS = 20;

export type LabelledSample = { query: string; expected: string | null; top: string | null; route: string | null; x: number[]; y: 0 | 1 };

export type CalibrationReport = {
  model: CalibrationModel;
  samples: LabelledSample[];
  ece: number;
  bins: ReliabilityBin[];
  /** ECE and reliability of 5-fold out-of-fold predictions: how the model does on questions it was not fitted on. */
  crossValidated: { ece: number; brier: number; bins: ReliabilityBin[]; byRoute: Record<string, { samples: number; ece: number }> };
  /** The pair model (one of the two best documents is right): its samples and the ECE of its out-of-fold predictions. */
  pair: { samples: number; positives: number; crossValidatedEce: number };
  /** hit@1 of the held-out questions with the fitted fusion, the accuracy the confidence is calibrated against. */
  heldOutHit1: number;
  /** hit@1 of the held-out questions by each ranking alone and fused, on the same questions. */
  rankings: Record<'bm25' | 'dense' | 'classifier' | 'fused', number>;
  /**
   * Of the held-out questions whose document came first, how many were answered from the right part
   * of it: a document's general questions from its general answer (not a variant section), a
   * variant's questions (`section_questions`) from that variant.
   */
  sectionChoice: { general: SectionTally; variants: SectionTally };
};

export type SectionTally = { asked: number; right: number };

type Corpus = { docs: readonly SopDoc[]; glossary: Glossary };
/** A question asked of an index, across every route or (`route`) kept to the one the caller gave. */
type Asked = { index: SearchIndex; query: string; expected: string | null; route?: string; section?: string | null };

/**
 * Labels held-out questions (each asked of an index built without it), questions whose document is
 * missing and out-of-scope questions (both always wrong to answer); fits the fusion weights on the
 * held-out questions, then the confidence model on all of them.
 */
export async function calibrateOnCorpus(
  corpus: Corpus,
  outOfScope: readonly string[],
  options: {
    embedder: Embedder;
    folds?: number;
    on: string;
    digest: string;
    /** Called as the work advances: `done` of `total` steps of the phase `stage` (indexes built, then questions asked). */
    onProgress?: (done: number, total: number, stage: string) => void;
  },
): Promise<CalibrationReport> {
  const { docs, glossary } = corpus;
  const embedder = withEmbedCache(options.embedder);
  const folds = options.folds ?? 5;
  const heldOut = heldOutFolds(docs, folds);
  const onProgress = options.onProgress ?? (() => {});
  // The indexes are most of the time: one per held-out fold, per uncovered fold, and the whole corpus.
  const indexes = heldOut.length + (docs.length > 1 ? folds : 0) + (outOfScope.length ? 1 : 0);
  let built = 0;
  onProgress(0, indexes, 'building indexes');
  const build = async (kept: readonly SopDoc[]) => {
    const index = await buildIndex(unitsOfDocuments(kept), embedder, { glossary });
    onProgress(++built, indexes, 'building indexes');
    return index;
  };
  const routes = [...new Set(docs.map((d) => d.route))].sort();
  const routeOf = new Map(docs.map((d) => [d.path, d.route]));
  // Every question is asked twice, as the router asks: across every route, and kept to the route the
  // caller names (the document's own; each route in turn for out-of-scope texts).
  const inScope: Asked[] = [];
  const inRoute: Asked[] = [];
  for (const fold of heldOut) {
    const index = await build(fold.docs);
    for (const q of fold.queries) {
      inScope.push({ index, query: q.query, expected: q.expected, section: q.section });
      inRoute.push({ index, query: q.query, expected: q.expected, route: routeOf.get(q.expected)! });
    }
  }
  // In-domain questions no SOP covers: typical questions of each document asked of an index built
  // without it. The top answer is then wrong by construction.
  const negatives: Asked[] = [];
  for (let g = 0; g < folds && docs.length > 1; g++) {
    const index = await build(docs.filter((_, i) => i % folds !== g));
    for (const doc of docs.filter((_, i) => i % folds === g)) {
      for (const query of spread(doc.questions, UNCOVERED_PER_DOCUMENT)) {
        negatives.push({ index, query, expected: null }, { index, query, expected: null, route: doc.route });
      }
    }
  }
  if (outOfScope.length) {
    const index = await build(docs);
    for (const query of outOfScope) negatives.push({ index, query, expected: null }, ...routes.map((route) => ({ index, query, expected: null, route })));
  }
  const all = [...inScope, ...inRoute, ...negatives];
  const questions = inScope.length + all.length;
  let searched = 0;
  const tick = () => onProgress(++searched, questions, 'asking questions');
  onProgress(0, questions, 'asking questions');
  const { fusion, rankings } = await fitFusion(inScope, docs.length, tick);
  const samples: LabelledSample[] = [];
  const pairs: LabelledSample[] = [];
  const sectionChoice = { general: { asked: 0, right: 0 }, variants: { asked: 0, right: 0 } };
  const variantsOf = new Map<SearchIndex, Set<string>>();
  for (const asked of all) {
    const result = await asked.index.search(asked.query, { limit: 5, fusion, route: asked.route });
    tick();
    const [top = null, second] = result.hits;
    if (asked.section !== undefined && top && top.doc === asked.expected) {
      if (!variantsOf.has(asked.index)) variantsOf.set(asked.index, new Set(asked.index.units.filter((u) => u.variant).map((u) => u.id)));
      const tally = asked.section === null ? sectionChoice.general : sectionChoice.variants;
      tally.asked++;
      if (asked.section === null ? !variantsOf.get(asked.index)!.has(top.unit) : top.unit === asked.section) tally.right++;
    }
    samples.push({
      query: asked.query,
      expected: asked.expected,
      top: top?.doc ?? null,
      route: top?.route ?? null,
      x: featuresOf(result, routes),
      y: asked.expected !== null && top?.doc === asked.expected ? 1 : 0,
    });
    if (second) {
      const right = asked.expected !== null && (top?.doc === asked.expected || second.doc === asked.expected);
      pairs.push({ query: asked.query, expected: asked.expected, top: top!.doc, route: top!.route, x: pairFeaturesOf(result, routes), y: right ? 1 : 0 });
    }
  }
  const fit = fitLogistic(samples);
  const pairFit = fitLogistic(pairs.length ? pairs : samples);
  const model: CalibrationModel = {
    format: CALIBRATION_FORMAT,
    features: [...FEATURES, ...routes.map((r) => `route:${r}`)],
    routes,
    weights: fit.weights,
    bias: fit.bias,
    mean: fit.mean,
    std: fit.std,
    pair: { weights: pairFit.weights, bias: pairFit.bias, mean: pairFit.mean, std: pairFit.std },
    fusion,
    digest: options.digest,
    fitted: { on: options.on, embedder: embedder.id, positives: fit.positives, negatives: fit.negatives, ece: fit.ece, brier: fit.brier },
  };
  const { bins, ece } = reliability(samples.map((s) => ({ p: predictConfidence(model, s.x), y: s.y })));
  const hits = samples.slice(0, inScope.length).filter((s) => s.y === 1).length;
  const pair = { samples: pairs.length, positives: pairs.filter((s) => s.y === 1).length, crossValidatedEce: roundTo(crossValidate(pairs).ece, 3) };
  return {
    model,
    samples,
    ece,
    bins,
    crossValidated: crossValidate(samples),
    pair,
    heldOutHit1: inScope.length ? hits / inScope.length : 0,
    rankings,
    sectionChoice,
  };
}

/** `count` items spread over a list (its first, middle, ...), so uncovered questions are not all of one kind. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/**
 * The fusion weights with the best hit@1 on held-out questions (ties: the better mean reciprocal
 * rank, then the earlier grid point), searched on a grid over weights that sum to 1.
 */
async function fitFusion(
  asked: readonly Asked[],
  docCount: number,
  onAsked: () => void = () => {},
): Promise<{ fusion: Fusion; rankings: CalibrationReport['rankings'] }> {
  const results: { hits: DocHit[]; expected: string }[] = [];
  for (const a of asked) {
    results.push({ hits: (await a.index.search(a.query, { limit: docCount })).hits, expected: a.expected! });
    onAsked();
  }
  const score = (w: Fusion) => {
    let hit1 = 0;
    let mrr = 0;
    for (const { hits, expected } of results) {
      const max = { bm25: 0, dense: 0, classifier: 0 };
      for (const h of hits) {
        max.bm25 = Math.max(max.bm25, h.bm25);
        max.dense = Math.max(max.dense, h.dense);
        max.classifier = Math.max(max.classifier, h.classifier);
      }
      const fused = (h: DocHit) =>
        (max.bm25 && (w.bm25 * h.bm25) / max.bm25) +
        (max.dense && (w.dense * h.dense) / max.dense) +
        (max.classifier && (w.classifier * h.classifier) / max.classifier);
      const right = hits.find((h) => h.doc === expected);
      if (!right) continue;
      const s = fused(right);
      const rank = hits.filter((h) => h !== right && fused(h) >= s).length;
      if (rank === 0) hit1++;
      mrr += 1 / (rank + 1);
    }
    return { hit1: results.length ? hit1 / results.length : 0, mrr };
  };
  let best = { fusion: { bm25: 0, dense: 0, classifier: 1 }, hit1: -1, mrr: -1 };
  for (let b = 0; b <= FUSION_STEPS; b++) {
    for (let d = 0; b + d <= FUSION_STEPS; d++) {
      const fusion = { bm25: b / FUSION_STEPS, dense: d / FUSION_STEPS, classifier: (FUSION_STEPS - b - d) / FUSION_STEPS };
      const { hit1, mrr } = score(fusion);
      if (hit1 > best.hit1 || (hit1 === best.hit1 && mrr > best.mrr)) best = { fusion, hit1, mrr };
    }
  }
  const alone = (fusion: Fusion) => roundTo(score(fusion).hit1, 3);
  return {
    fusion: best.fusion,
    rankings: {
      bm25: alone({ bm25: 1, dense: 0, classifier: 0 }),
      dense: alone({ bm25: 0, dense: 1, classifier: 0 }),
      classifier: alone({ bm25: 0, dense: 0, classifier: 1 }),
      fused: roundTo(best.hit1, 3),
    },
  };
}

function crossValidate(samples: LabelledSample[], folds = 5): CalibrationReport['crossValidated'] {
  const predictions: { p: number; y: number; route: string | null }[] = [];
  for (let k = 0; k < folds; k++) {
    const train = samples.filter((_, i) => i % folds !== k);
    if (!train.some((s) => s.y === 1) || !train.some((s) => s.y === 0)) continue;
    const fit = fitLogistic(train);
    samples.forEach((s, i) => {
      if (i % folds === k) predictions.push({ p: predictConfidence(fit, s.x), y: s.y, route: s.route });
    });
  }
  const byRoute: Record<string, { samples: number; ece: number }> = {};
  for (const route of [...new Set(predictions.map((p) => p.route ?? 'none'))].sort()) {
    const of = predictions.filter((p) => (p.route ?? 'none') === route);
    byRoute[route] = { samples: of.length, ece: roundTo(reliability(of).ece, 3) };
  }
  const brier = predictions.length ? roundTo(predictions.reduce((sum, p) => sum + (p.p - p.y) ** 2, 0) / predictions.length, 3) : 0;
  return { ...reliability(predictions), brier, byRoute };
}

/** Out-of-scope questions from a text file: one per line, `#` comments and blank lines skipped. */
export function parseQuestionList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
