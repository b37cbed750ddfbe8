export { normalizePhone } from './phone.ts';
export { lineDiff } from './line-diff.ts';
export { wordDiff, type DiffPart } from './word-diff.ts';
export { jsonLines, jsonlFiles } from './jsonl.ts';
export { normaliseQuestion } from './question-key.ts';
export { capitalise, countWords, splitWords } from './words.ts';
