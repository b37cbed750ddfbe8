import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import OpenAI from 'openai';
import {
  buildKnowledge,
  calibrateOnCorpus,
  createLlmAnswerer,
  createSopModule,
  deserializeKnowledge,
  type Answerer,
  type CalibrationModel,
  type Knowledge,
  type SerializedKnowledge,
  type SopModule,
} from './answer/index.ts';
import { readEnv, type Env } from './config/index.ts';
import { InputError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { createLocalEmbedder, createOpenAIEmbedder, createSearchIndex, withEmbedFallback, type Embedder } from './search/index.ts';
import { loadCorpus, type SopDoc } from './sops/index.ts';

/** The real dependencies, built once: the only place that reads `process.env` and makes API clients. */
export type Runtime = {
  env: Env;
  log: Logger;
  embedder: Embedder;
  openai: OpenAI | null;
  /** The path of the committed calibration for a folder of SOPs: `calibration/model.json` beside it. */
  calibrationPath(sopsDir: string): string;
  loadKnowledge(options: { sopsDir?: string; indexFile?: string }): Promise<Knowledge>;
  createModule(knowledge: Knowledge, threshold?: number): SopModule;
};

export function createRuntime(processEnv: Record<string, string | undefined> = process.env): Runtime {
  const env = readEnv(processEnv);
  const log = createLogger(env.LOG_LEVEL);
  const openai = env.OPENAI_API_KEY
    ? new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, timeout: env.OPENAI_TIMEOUT_MS, maxRetries: 2 })
    : null;
  const local = createLocalEmbedder();
  const embedder = openai ? createOpenAIEmbedder({ client: openai, model: env.OPENAI_EMBEDDING_MODEL }) : local;
  const calibrationPath = (sopsDir: string) => join(dirname(resolve(sopsDir)), 'calibration', 'model.json');

  /** The committed calibration when it was fitted with this embedder; else one fitted now on held-out questions. */
  const loadCalibration = async (sopsDir: string, docs: SopDoc[], with_: Embedder): Promise<CalibrationModel> => {
    const path = calibrationPath(sopsDir);
    if (existsSync(path)) {
      const model = JSON.parse(readFileSync(path, 'utf8')) as CalibrationModel;
      if (model.fitted.embedder === with_.id) return model;
      log.warn({ path, embedder: with_.id }, 'calibration was fitted with another embedder; refitting in memory (run `sop calibrate` to commit one)');
    }
    return (await calibrateOnCorpus(docs, [], { embedder: with_, on: `held-out questions of ${sopsDir}` })).model;
  };

  const buildFrom = async (sopsDir: string, with_: Embedder): Promise<Knowledge> => {
    const corpus = loadCorpus(sopsDir, { strict: false });
    return buildKnowledge(corpus, with_, await loadCalibration(sopsDir, corpus.docs, with_));
  };

  const loadKnowledge: Runtime['loadKnowledge'] = async ({ sopsDir = env.SOPS_DIR, indexFile }) => {
    let knowledge: Knowledge;
    if (indexFile) {
      const data = readIndexFile(indexFile);
      knowledge = deserializeKnowledge(data, data.index?.embedder === local.id ? local : embedder);
    } else {
      try {
        knowledge = await buildFrom(sopsDir, embedder);
      } catch (error) {
        if (embedder === local) throw error;
        log.warn({ err: error instanceof Error ? error.message : String(error), embedder: embedder.id }, 'remote embeddings failed; indexing with the local embedder');
        knowledge = await buildFrom(sopsDir, local);
      }
    }
    const { index } = knowledge;
    if (index.embedder.id === local.id) return knowledge;
    return { ...knowledge, index: createSearchIndex(index.units, withEmbedFallback(index.embedder, log), index.matrix, index.bm25) };
  };

  const createModule = (knowledge: Knowledge, threshold?: number): SopModule => {
    const useLlm = env.SOP_ANSWERER ? env.SOP_ANSWERER === 'llm' : openai !== null;
    let answerer: Answerer | undefined;
    if (useLlm && openai) answerer = createLlmAnswerer({ client: openai, model: env.OPENAI_ANSWER_MODEL, knowledge: () => knowledge });
    else if (useLlm) log.warn('SOP_ANSWERER=llm needs OPENAI_API_KEY; answering with the extractive answerer');
    return createSopModule({ knowledge, answerer, threshold, log });
  };

  return { env, log, embedder, openai, calibrationPath, loadKnowledge, createModule };
}

function readIndexFile(file: string): SerializedKnowledge {
  if (!existsSync(file)) throw new InputError(`index file not found: ${file} (build one with \`sop index --out ${file}\`)`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SerializedKnowledge;
  } catch (error) {
    throw new InputError(`${file} is not an index built by \`sop index\`: ${(error as Error).message.slice(0, 80)}`);
  }
}
