export { redact, luhnValid, type Redacted, type RedactionKind, type RedactOptions } from './redact.ts';
export { extractOffline, extractFromTurns, toTurns, type ExtractedItem, type Turn } from './extract-offline.ts';
export { createLlmExtractor } from './extract-llm.ts';
export { classifyItem, type Classification } from './classify.ts';
export { createExtractionJob, type ExtractionOptions } from './extract-job.ts';
