import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { withEmbedFallback, wordVectors, type Embedder } from '../search/index.ts';
import { digestOfSops, loadCorpus, type Corpus } from '../sops/index.ts';
import { calibrateOnCorpus, parseQuestionList } from './calibrate.ts';
import { staleCalibration, type CalibrationModel } from './calibration.ts';
import { buildKnowledge, deserializeKnowledge, type SerializedKnowledge } from './knowledge.ts';
import type { Knowledge } from './types.ts';

/** Reports long work as it advances: `done` of `total` steps of the phase `stage` (a new total starts a new phase). */
export type ProgressListener = (done: number, total: number, stage: string) => void;

export type LoadKnowledgeOptions = {
  /** The folder of SOPs to build from (default: the loader's). */
  sopsDir?: string;
  /** An index file written by `sop index`. */
  indexFile?: string;
  /** A deployed version's serialised knowledge. */
  serialized?: SerializedKnowledge;
  /** Wraps the embedder a build from SOPs embeds through (a cache, say). */
  embedWith?: (embedder: Embedder) => Embedder;
  /** Follows a build from SOPs: `done` of `total` steps of the phase `stage`. */
  onProgress?: ProgressListener;
};

export type KnowledgeLoader = {
  /** The path of the committed calibration for a folder of SOPs: `calibration/model.json` beside it. */
  calibrationPath(sopsDir: string): string;
  /** What a calibration of a folder of SOPs is fitted on besides them: its out-of-scope questions, and the digest of all. */
  calibrationInputs(sopsDir: string, outOfScopeFile?: string): { outOfScopeFile: string; outOfScope: string[]; digest: string };
  /** The knowledge to answer from: built from a folder of SOPs, or loaded from an index file or a deployed version. */
  loadKnowledge(options: LoadKnowledgeOptions): Promise<Knowledge>;
};

/**
 * Builds and loads knowledge. A build embeds through `embedder` and falls back to `local` when remote
 * embeddings fail; a remote embedder answers queries with the same fallback. The committed calibration
 * is used when it was fitted on these SOPs with this embedder; a stale one is refitted in memory,
 * once per process for each set of SOPs and embedder. A refit on the local embedder (the same vectors
 * on every machine) is also kept in `refitDir`, so that after a merged SOP change the next commands
 * and starts load it instead of refitting again until someone runs `sop calibrate`.
 */
export function createKnowledgeLoader(options: { sopsDir: string; embedder: Embedder; local: Embedder; log: Logger; refitDir?: string }): KnowledgeLoader {
  const { embedder, local, log, refitDir } = options;
  const calibrationPath = (sopsDir: string) => join(dirname(resolve(sopsDir)), 'calibration', 'model.json');

  /**
   * The out-of-scope questions of a folder of SOPs (`calibration/out-of-scope.txt` beside it), and the
   * digest of both with the word vectors the classifier reads: a new table makes the calibration stale.
   */
  const calibrationInputs: KnowledgeLoader['calibrationInputs'] = (sopsDir, outOfScopeFile = join(dirname(calibrationPath(sopsDir)), 'out-of-scope.txt')) => {
    const text = existsSync(outOfScopeFile) ? readFileSync(outOfScopeFile, 'utf8') : '';
    const digest = digestOfSops(sopsDir, { 'out-of-scope': text, 'word vectors': wordVectors().id });
    return { outOfScopeFile, outOfScope: parseQuestionList(text), digest };
  };

  /** Calibrations fitted in this process, by digest and embedder: a stale one is refitted once, not at every load. */
  const refitted = new Map<string, Promise<CalibrationModel>>();
  const loadCalibration = async (sopsDir: string, corpus: Corpus, with_: Embedder, onProgress?: ProgressListener): Promise<CalibrationModel> => {
    const path = calibrationPath(sopsDir);
    const { outOfScope, digest } = calibrationInputs(sopsDir);
    const model = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CalibrationModel) : null;
    const stale = staleCalibration(model, { digest, embedder: with_.id });
    if (!stale) return model!;
    if (model) log.warn({ path, reason: stale }, 'calibration is stale; a refit is used instead (run `sop calibrate` and commit calibration/model.json)');
    if (!corpus.docs.some((d) => d.questions.length > 0)) {
      throw new InputError(
        `cannot calibrate confidence for ${sopsDir}: no document has typical questions (front matter \`questions\` or a "## Typical questions" list), and ${path} does not exist`,
      );
    }
    const key = `${digest} ${with_.id}`;
    let fit = refitted.get(key);
    if (!fit) {
      const kept = with_.id === local.id && refitDir ? keptRefit(refitDir, digest, with_.id, log) : null;
      const onRefit = onProgress && ((done: number, total: number, stage: string) => onProgress(done, total, `refitting the stale calibration: ${stage}`));
      const earlier = kept?.read();
      fit = earlier
        ? Promise.resolve(earlier)
        : calibrateOnCorpus(corpus, outOfScope, { embedder: with_, on: `held-out questions of ${sopsDir}`, digest, onProgress: onRefit }).then((report) => {
            kept?.write(report.model);
            return report.model;
          });
      fit.catch(() => refitted.delete(key));
      refitted.set(key, fit);
    }
    return fit;
  };

  const buildFrom = async (sopsDir: string, with_: Embedder, onProgress?: ProgressListener): Promise<Knowledge> => {
    // Four steps: reading the SOPs, their calibration, then the index's two (embedding, the classifier).
    onProgress?.(0, 4, 'reading SOPs');
    const corpus = loadCorpus(sopsDir, { strict: false });
    if (corpus.docs.length === 0)
      throw new InputError(`no SOP documents in ${sopsDir}: add markdown files in route folders (<route>/<topic>.md, see sops/README.md)`);
    onProgress?.(1, 4, `checking the calibration of ${corpus.docs.length} documents`);
    const calibration = await loadCalibration(sopsDir, corpus, with_, onProgress);
    return buildKnowledge(corpus, with_, calibration, { onProgress: onProgress && ((done, _total, stage) => onProgress(2 + done, 4, stage)) });
  };

  const loadKnowledge: KnowledgeLoader['loadKnowledge'] = async ({ sopsDir = options.sopsDir, indexFile, serialized, embedWith = (e) => e, onProgress }) => {
    let knowledge: Knowledge;
    const data = serialized ?? (indexFile ? readIndexFile(indexFile) : null);
    if (data) {
      knowledge = deserializeKnowledge(data, data.index?.embedder === local.id ? local : embedder, (reason) =>
        log.warn(
          { reason, builtAt: data.builtAt },
          'the stored index was built by another release: its classifier was trained again as it loaded (deploy again to store it)',
        ),
      );
    } else {
      try {
        knowledge = await buildFrom(sopsDir, embedWith(embedder), onProgress);
      } catch (error) {
        if (embedder === local) throw error;
        log.warn(
          { err: error instanceof Error ? error.message : String(error), embedder: embedder.id },
          'remote embeddings failed; indexing with the local embedder',
        );
        knowledge = await buildFrom(sopsDir, embedWith(local), onProgress);
      }
    }
    const { index } = knowledge;
    if (index.embedder.id === local.id) return knowledge;
    return { ...knowledge, index: index.withEmbedder(withEmbedFallback(index.embedder, log)) };
  };

  return { calibrationPath, calibrationInputs, loadKnowledge };
}

/**
 * A calibration refitted for these SOPs and this embedder in an earlier process: read back only when
 * it is still fitted on them, written whole (a temporary file renamed) so that concurrent processes
 * never read half a model. Either failing only costs a refit, so it is logged, never thrown.
 */
function keptRefit(dir: string, digest: string, embedder: string, log: Logger) {
  const path = join(dir, `${digest.slice(0, 32)}-${embedder.replace(/[^\w.-]+/g, '_')}.json`);
  return {
    read(): CalibrationModel | null {
      if (!existsSync(path)) return null;
      try {
        const model = JSON.parse(readFileSync(path, 'utf8')) as CalibrationModel;
        if (staleCalibration(model, { digest, embedder }) === null) {
          log.info({ path }, 'using the calibration refitted earlier for these SOPs');
          return model;
        }
      } catch (error) {
        log.warn({ path, err: error instanceof Error ? error.message : String(error) }, 'cannot read a kept calibration; refitting');
      }
      return null;
    },
    write(model: CalibrationModel): void {
      try {
        mkdirSync(dir, { recursive: true });
        const partial = `${path}.${process.pid}.partial`;
        writeFileSync(partial, `${JSON.stringify(model)}\n`);
        renameSync(partial, path);
      } catch (error) {
        log.warn(
          { path, err: error instanceof Error ? error.message : String(error) },
          'cannot keep the refitted calibration; the next process refits it again',
        );
      }
    },
  };
}

function readIndexFile(file: string): SerializedKnowledge {
  if (!existsSync(file)) throw new InputError(`index file not found: ${file} (build one with \`sop index --out ${file}\`)`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SerializedKnowledge;
  } catch (error) {
    throw new InputError(`${file} is not an index built by \`sop index\`: ${(error as Error).message.slice(0, 80)}`);
  }
}
