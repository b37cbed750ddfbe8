import type { DocHit, SearchResult } from '../search/index.ts';
import type { SopDoc } from '../sops/index.ts';
import { countWords } from '../text/index.ts';
import { pairFeaturesOf, predictConfidence } from './calibration.ts';
import type { Knowledge } from './types.ts';

/** Two SOPs too close to choose between, and how confident the module is that one of them is right. */
export type Clarification = { options: [DocHit, DocHit]; confidence: number; question: string };

/** Short replies that pick an option by its place in the question rather than by its words. */
const FIRST = /^(?:the\s+)?(?:first|1st|former)\b/i;
const SECOND = /^(?:the\s+)?(?:second|2nd|latter|other)\b/i;
const SHORT_REPLY_WORDS = 4;

/** The calibrated confidence that one of the two best documents is right (the calibration's pair model). */
export function pairConfidence(knowledge: Knowledge, result: SearchResult): number {
  if (result.hits.length < 2) return 0;
  const { calibration } = knowledge;
  return predictConfidence(calibration.pair, pairFeaturesOf(result, calibration.routes));
}

/**
 * One short question to ask instead of handing over, when the two best documents of a result are
 * each answerable, in routes that answer by text (not an always-escalating one), and together at
 * least `threshold` likely; null otherwise. The question names each by its `clarify` phrase (or
 * its title).
 */
export function clarificationFor(
  knowledge: Knowledge,
  result: SearchResult,
  threshold: number,
  answerable: (doc: SopDoc, unit: string) => boolean,
): Clarification | null {
  const [a, b] = result.hits;
  if (!a || !b || a.doc === b.doc) return null;
  const docs = [knowledge.docs.get(a.doc), knowledge.docs.get(b.doc)];
  if (!docs[0] || !docs[1] || !answerable(docs[0], a.unit) || !answerable(docs[1], b.unit)) return null;
  if ([a, b].some((hit) => knowledge.routes.get(hit.route)?.alwaysEscalate)) return null;
  const confidence = pairConfidence(knowledge, result);
  if (confidence < threshold) return null;
  const [first, second] = docs.map((d) => d!.meta?.clarify ?? `about "${d!.title}"`);
  return { options: [a, b], confidence, question: `So I send the right steps: is it ${first}, or ${second}?` };
}

/**
 * Which option a reply to the question picks: by its place when it is short ("the first one", "the
 * other"), else the option the reply's own search ranks higher among its three best documents, of
 * those the reply shares a word with; null when it cannot tell.
 */
export function pickOption(reply: string, clarification: Clarification, replyResult: SearchResult): DocHit | null {
  const [a, b] = clarification.options;
  const text = reply.trim();
  if (countWords(text) <= SHORT_REPLY_WORDS) {
    if (FIRST.test(text)) return a;
    if (SECOND.test(text)) return b;
  }
  const rank = (doc: string) => {
    const i = replyResult.hits.slice(0, 3).findIndex((h) => h.doc === doc && h.bm25 > 0);
    return i < 0 ? Infinity : i;
  };
  const [ra, rb] = [rank(a.doc), rank(b.doc)];
  if (ra === rb) return null;
  return ra < rb ? a : b;
}
