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
import { createLogger, type Logger } from './logger.ts';
import { createLocalEmbedder, createOpenAIEmbedder, createSearchIndex, withEmbedFallback, type Embedder } from './search/index.ts';
import { loadCorpus } from './sops/index.ts';

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
  const embedder = openai ? createOpenAIEmbedder({ client: openai, model: env.OPENAI_EMBEDDING_MODEL }) : createLocalEmbedder();
  const calibrationPath = (sopsDir: string) => join(dirname(resolve(sopsDir)), 'calibration', 'model.json');

  const loadCalibration = async (sopsDir: string, knowledgeDocs: Parameters<typeof calibrateOnCorpus>[0]): Promise<CalibrationModel> => {
    const path = calibrationPath(sopsDir);
    if (existsSync(path)) {
      const model = JSON.parse(readFileSync(path, 'utf8')) as CalibrationModel;
      if (model.fitted.embedder === embedder.id) return model;
      log.warn({ path, embedder: embedder.id }, 'calibration was fitted with another embedder; refitting in memory (run `sop calibrate` to commit one)');
    }
    const report = await calibrateOnCorpus(knowledgeDocs, embedder, [], { on: `held-out questions of ${sopsDir}` });
    return report.model;
  };

  const loadKnowledge: Runtime['loadKnowledge'] = async ({ sopsDir = env.SOPS_DIR, indexFile }) => {
    let knowledge: Knowledge;
    if (indexFile) {
      knowledge = deserializeKnowledge(JSON.parse(readFileSync(indexFile, 'utf8')) as SerializedKnowledge, embedder);
    } else {
      const corpus = loadCorpus(sopsDir, { strict: false });
      knowledge = await buildKnowledge(corpus, embedder, await loadCalibration(sopsDir, corpus.docs));
    }
    if (!openai) return knowledge;
    const { index } = knowledge;
    return { ...knowledge, index: createSearchIndex(index.units, withEmbedFallback(embedder, log), index.matrix, index.bm25) };
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
