export { InputError } from '../errors.ts';
export { createSopModule, DEFAULT_THRESHOLD, MAX_MESSAGE_CHARS, type SopModule } from './sop-module.ts';
export { createExtractiveAnswerer } from './extractive-answerer.ts';
export { createLlmAnswerer } from './llm-answerer.ts';
export { buildKnowledge, serializeKnowledge, deserializeKnowledge, type SerializedKnowledge } from './knowledge.ts';
export { calibrateOnCorpus, parseQuestionList, type CalibrationReport } from './calibrate.ts';
export {
  confidenceOf,
  featuresOf,
  predictConfidence,
  fitLogistic,
  reliability,
  calibratedEce,
  staleCalibration,
  FEATURES,
  CALIBRATION_FORMAT,
  type CalibrationModel,
  type ReliabilityBin,
} from './calibration.ts';
export { priorityRoute, requestedHumanOnly, withoutRequests } from './route-detect.ts';
export type { TokenUsage, Answer, AnswerContext, Answerer, Knowledge, Structured, Source, Action, Grounding, HumanOnlyRequest } from './types.ts';
export { completeStructured } from './structured-completion.ts';
export { createKnowledgeLoader, type KnowledgeLoader, type LoadKnowledgeOptions, type ProgressListener } from './load-knowledge.ts';
export { chooseAnswerer } from './choose-answerer.ts';
