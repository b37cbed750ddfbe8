export { redact, redactKnown, warmRedaction, type Redacted, type RedactOptions } from './redact.ts';
export { KINDS, PLACEHOLDERS, type RedactionKind } from './substitute.ts';
export type { RemovedValue } from './echoes.ts';
export { parseCorpus, scoreCorpus, type CorpusScore, type LabelledLine } from './score.ts';
export { personalDataIn } from './personal-data.ts';
