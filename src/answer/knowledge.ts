import { buildIndex, deserializeIndex, serializeIndex, unitsOfDocuments, type Embedder, type IndexOptions, type SerializedIndex } from '../search/index.ts';
import type { Corpus, RouteInstructions, SopDoc } from '../sops/index.ts';
import { InputError } from '../errors.ts';
import type { CalibrationModel } from './calibration.ts';
import type { Knowledge } from './types.ts';

const FORMAT = 'sop-knowledge/1';

/** Everything an answer needs, as one JSON document (`sop index --out`, and later a deployed version). */
export type SerializedKnowledge = {
  format: typeof FORMAT;
  builtAt: string;
  index: SerializedIndex;
  docs: SopDoc[];
  routes: RouteInstructions[];
  calibration: CalibrationModel;
};

/** Indexes a corpus and bundles it with the calibration; `onProgress` follows the indexing. */
export async function buildKnowledge(
  corpus: Corpus,
  embedder: Embedder,
  calibration: CalibrationModel,
  options: Pick<IndexOptions, 'onProgress'> = {},
): Promise<Knowledge> {
  const index = await buildIndex(unitsOfDocuments(corpus.docs), embedder, {
    glossary: corpus.glossary,
    fusion: calibration.fusion,
    onProgress: options.onProgress,
  });
  return { index, docs: new Map(corpus.docs.map((d) => [d.path, d])), routes: corpus.routes, calibration };
}

export function serializeKnowledge(knowledge: Knowledge, builtAt: Date): SerializedKnowledge {
  return {
    format: FORMAT,
    builtAt: builtAt.toISOString(),
    index: serializeIndex(knowledge.index),
    docs: [...knowledge.docs.values()],
    routes: [...knowledge.routes.values()],
    calibration: knowledge.calibration,
  };
}

/** Loads serialised knowledge; `onRetrain` hears why its classifier had to be trained again (see `deserializeIndex`). */
export function deserializeKnowledge(data: SerializedKnowledge, embedder: Embedder, onRetrain?: (reason: string) => void): Knowledge {
  if (data?.format !== FORMAT) throw new InputError(`unsupported knowledge format ${String(data.format)}: rebuild it with \`sop index\``);
  return {
    index: deserializeIndex(data.index, embedder, onRetrain),
    docs: new Map(data.docs.map((d) => [d.path, d])),
    routes: new Map(data.routes.map((r) => [r.route, r])),
    calibration: data.calibration,
  };
}
