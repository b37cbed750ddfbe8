export { loadCorpus, INSTRUCTIONS_FILE } from './load-corpus.ts';
export { parseDocument, parseMarkdown, isQuestionsSection, REPLY_HEADING, STEPS_HEADING, ESCALATE_HEADING } from './parse-document.ts';
export { lintSops, formatMessage, type LintResult } from './lint.ts';
export type { Corpus, Glossary, Message, Section, SopDoc, SopMeta, RouteInstructions, HumanOnlyAction } from './types.ts';
export { loadGlossary, GLOSSARY_FILE } from './glossary.ts';
export { digestOfSops } from './digest.ts';
export { addEntryToDocument, addQuestionsToDocument, newDocument, type KnowledgeEntry } from './propose-edit.ts';
export { lintPersonalData } from './lint-personal-data.ts';
