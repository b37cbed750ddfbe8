export { InputError } from '../errors.ts';
export { createSopModule, DEFAULT_THRESHOLD, MAX_MESSAGE_CHARS, type SopModule } from './sop-module.ts';
export { createExtractiveAnswerer } from './extractive-answerer.ts';
export { createLlmAnswerer } from './llm-answerer.ts';
export { buildKnowledge, serializeKnowledge, deserializeKnowledge, type SerializedKnowledge } from './knowledge.ts';
export { calibrateOnCorpus, parseQuestionList, type CalibrationReport } from './calibrate.ts';
export { featuresOf, predictConfidence, fitCalibration, reliability, FEATURES, type CalibrationModel, type ReliabilityBin } from './calibration.ts';
export { priorityRoute, requestedHumanOnly, withoutRequests } from './route-detect.ts';
export type { Answer, AnswerContext, Answerer, Knowledge, Structured, Source, Action, Grounding, HumanOnlyRequest } from './types.ts';
