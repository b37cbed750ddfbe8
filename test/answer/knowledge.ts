import { readFileSync } from 'node:fs';
import { buildKnowledge, type CalibrationModel, type Knowledge } from '../../src/answer/index.ts';
import { createLocalEmbedder } from '../../src/search/index.ts';
import { loadCorpus } from '../../src/sops/index.ts';

/** The repository's own SOPs and committed calibration, indexed with the local embedder. */
export async function repoKnowledge(): Promise<Knowledge> {
  const calibration = JSON.parse(readFileSync('calibration/model.json', 'utf8')) as CalibrationModel;
  return buildKnowledge(loadCorpus('sops', { strict: false }), createLocalEmbedder(), calibration);
}
