export { redact, luhnValid, type Redacted, type RedactionKind, type RedactOptions } from './redact.ts';
export { extractOffline, type ExtractedItem } from './extract-offline.ts';
