import { buildIndex, heldOutFolds, unitsOfDocuments, withEmbedCache, type Embedder, type SearchIndex } from '../search/index.ts';
import type { SopDoc } from '../sops/index.ts';
import { featuresOf, fitCalibration, predictConfidence, reliability, type CalibrationModel, type ReliabilityBin } from './calibration.ts';

/** Typical questions per document asked of an index without that document (uncovered negatives). */
const UNCOVERED_PER_DOCUMENT = 1;

export type LabelledSample = { query: string; expected: string | null; top: string | null; x: number[]; y: 0 | 1 };

export type CalibrationReport = {
  model: CalibrationModel;
  samples: LabelledSample[];
  ece: number;
  bins: ReliabilityBin[];
  /** ECE and reliability of 5-fold out-of-fold predictions: how the model does on questions it was not fitted on. */
  crossValidated: { ece: number; bins: ReliabilityBin[] };
  /** hit@1 of the held-out questions, the accuracy the confidence is calibrated against. */
  heldOutHit1: number;
};

/**
 * Labels held-out questions (each asked of an index built without it), questions whose document is
 * missing and out-of-scope questions (both always wrong to answer), then fits the confidence model.
 */
export async function calibrateOnCorpus(
  docs: readonly SopDoc[],
  outOfScope: readonly string[],
  options: { embedder: Embedder; folds?: number; on: string },
): Promise<CalibrationReport> {
  const samples: LabelledSample[] = [];
  const embedder = withEmbedCache(options.embedder);
  for (const fold of heldOutFolds(docs, options.folds ?? 5)) {
    const index = await buildIndex(unitsOfDocuments(fold.docs), embedder);
    for (const q of fold.queries) samples.push(await label(index, q.query, q.expected));
  }
  const inScope = samples.length;
  // In-domain questions no SOP covers: ask a few typical questions of each document of an index
  // built without that document. The top answer is then wrong by construction.
  const groups = options.folds ?? 5;
  for (let g = 0; g < groups && docs.length > 1; g++) {
    const kept = docs.filter((_, i) => i % groups !== g);
    const index = await buildIndex(unitsOfDocuments(kept), embedder);
    for (const doc of docs.filter((_, i) => i % groups === g)) {
      for (const query of doc.questions.slice(0, UNCOVERED_PER_DOCUMENT)) samples.push(await label(index, query, null));
    }
  }
  if (outOfScope.length) {
    const full = await buildIndex(unitsOfDocuments(docs), embedder);
    for (const query of outOfScope) samples.push(await label(full, query, null));
  }
  const model = fitCalibration(samples, { on: options.on, embedder: embedder.id });
  const predictions = samples.map((s) => ({ p: predictConfidence(model, s.x), y: s.y }));
  const { bins, ece } = reliability(predictions);
  const hits = samples.slice(0, inScope).filter((s) => s.y === 1).length;
  return { model, samples, ece, bins, crossValidated: crossValidate(samples, model.fitted), heldOutHit1: inScope ? hits / inScope : 0 };
}

function crossValidate(samples: LabelledSample[], source: { on: string; embedder: string }, folds = 5): { ece: number; bins: ReliabilityBin[] } {
  const predictions: { p: number; y: number }[] = [];
  for (let k = 0; k < folds; k++) {
    const train = samples.filter((_, i) => i % folds !== k);
    if (!train.some((s) => s.y === 1) || !train.some((s) => s.y === 0)) continue;
    const model = fitCalibration(train, source);
    samples.forEach((s, i) => {
      if (i % folds === k) predictions.push({ p: predictConfidence(model, s.x), y: s.y });
    });
  }
  return reliability(predictions);
}

async function label(index: SearchIndex, query: string, expected: string | null): Promise<LabelledSample> {
  const result = await index.search(query, { limit: 5 });
  const top = result.hits[0]?.doc ?? null;
  return { query, expected, top, x: featuresOf(result), y: expected !== null && top === expected ? 1 : 0 };
}

/** Out-of-scope questions from a text file: one per line, `#` comments and blank lines skipped. */
export function parseQuestionList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
