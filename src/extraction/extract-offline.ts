import { roundTo } from '../numbers.ts';
import type { ConversationEntry } from '../openphone/index.ts';
import { countWords } from '../text/index.ts';

/** A problem a customer had and the staff reply that solved it, as found in one conversation. */
export type ExtractedItem = {
  problem: string;
  solution: string;
  /** How sure the extractor is that this pair is real, reusable knowledge: 0..1. */
  confidence: number;
  /** The exchange the pair comes from (unredacted: the caller redacts before it leaves the database). */
  evidence: string;
};

/** One turn of a conversation, as the extractors see it. */
export type Turn = { who: 'customer' | 'staff'; text: string };

const PROBLEM_CUE =
  /\b(not|no|won'?t|can'?t|cannot|doesn'?t|isn'?t|didn'?t|broken|frozen|stuck|help|issue|problem|error|wrong|missing|black|blank|nothing|never|off|dead|down|locked|declined|lost|stopped|keeps)\b|\?/i;
const INSTRUCTION_CUE =
  /\b(try|press|click|tap|pull|push|restart|relaunch|reopen|turn|check|open|close|use|make sure|switch|select|choose|hold|wait|move|plug|unplug|reset|scan|enter|go to|hit|wipe|clean|remove|put|place|adjust|set|sign in|log in|book|cancel|text|reply|grab|look)\b/i;
const RESOLVED_CUE = /\b(that worked|it worked|works now|working now|fixed|sorted|perfect|all good|got it|that did it|resolved)\b/i;
const THANKS_CUE = /\b(thanks|thank you|thx|ty|cheers|appreciate it)\b/i;
const STILL_BROKEN_CUE = /\b(still (not|no|doesn'?t|won'?t|isn'?t|broken|frozen|stuck|black)|didn'?t work|doesn'?t work|not working|same (problem|issue))\b/i;

/**
 * The offline extractor: deterministic question-and-answer pairing. A customer message that states a
 * problem is paired with the next staff reply that gives instructions; a later "that worked" or
 * "thanks" raises the confidence, a "still not working" passes the pairing on to the next staff reply.
 */
export function extractOffline(entries: readonly ConversationEntry[], customerPhone: string | null): ExtractedItem[] {
  return extractFromTurns(toTurns(entries, customerPhone));
}

/** The same pairing over turns (already redacted, for one). */
export function extractFromTurns(turns: readonly Turn[]): ExtractedItem[] {
  const items: ExtractedItem[] = [];
  let i = 0;
  while (i < turns.length) {
    const problem = turns[i]!;
    if (problem.who !== 'customer' || !PROBLEM_CUE.test(problem.text) || countWords(problem.text) < 3) {
      i++;
      continue;
    }
    let found: { solution: Turn; at: number; confirmed: boolean; thanked: boolean; retried: boolean } | null = null;
    let retried = false;
    for (let j = i + 1; j < turns.length; j++) {
      const turn = turns[j]!;
      if (turn.who === 'customer' && found) {
        if (STILL_BROKEN_CUE.test(turn.text)) {
          found = null;
          retried = true;
          continue;
        }
        if (RESOLVED_CUE.test(turn.text)) found.confirmed = true;
        if (THANKS_CUE.test(turn.text)) found.thanked = true;
        if (found.confirmed || found.thanked) break;
      }
      if (turn.who === 'staff' && !found && INSTRUCTION_CUE.test(turn.text) && countWords(turn.text) >= 4) {
        found = { solution: turn, at: j, confirmed: false, thanked: false, retried };
      }
    }
    if (!found) {
      i++;
      continue;
    }
    const confidence = 0.3 + (found.confirmed ? 0.4 : found.thanked ? 0.25 : 0) + (found.retried ? -0.1 : 0) + (countWords(found.solution.text) >= 8 ? 0.1 : 0);
    const closing = turns.slice(found.at + 1).find((t) => t.who === 'customer' && (RESOLVED_CUE.test(t.text) || THANKS_CUE.test(t.text)));
    items.push({
      problem: problemStatement(problem.text),
      solution: solutionStatement(found.solution.text),
      confidence: roundTo(Math.min(0.9, confidence), 2),
      evidence: [`Customer: ${problem.text}`, `Staff: ${found.solution.text}`, ...(closing ? [`Customer: ${closing.text}`] : [])].join('\n'),
    });
    i = found.at + 1;
  }
  return items;
}

/** Texts and transcript lines, in order, as turns of the customer or of staff. */
export function toTurns(entries: readonly ConversationEntry[], customerPhone: string | null): Turn[] {
  const turns: Turn[] = [];
  for (const e of [...entries].sort((a, b) => a.at.localeCompare(b.at))) {
    if (e.kind === 'message' && e.text.trim()) turns.push({ who: e.direction === 'incoming' ? 'customer' : 'staff', text: e.text.trim() });
    if (e.kind === 'transcript') {
      for (const line of e.text.split('\n')) {
        const at = line.indexOf(': ');
        if (at < 0) continue;
        const speaker = line.slice(0, at);
        const text = line.slice(at + 2).trim();
        if (text) turns.push({ who: customerPhone && speaker.replace(/[^\d+]/g, '') === customerPhone ? 'customer' : 'staff', text });
      }
    }
  }
  return turns;
}

const PLACEHOLDER = /\[(?:phone|email|card|code|address|name)\]/;
const GREETING = /^(?:hi|hey|hello|hiya|so|ok|okay|um|also|good (?:morning|afternoon|evening))\b[\s,!.]*/i;

/** The problem as an SOP heading says it: greetings, introductions and contact details left out. */
export function problemStatement(text: string): string {
  const clauses = text
    .split(/(?<=[.!?])\s+|,\s+|;\s+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const kept = clauses
    .filter((c) => !PLACEHOLDER.test(c) || PROBLEM_CUE.test(c.replace(PLACEHOLDER, '')))
    .map((c) => c.replace(GREETING, '').replaceAll('[name]', '').trim())
    .filter((c) => countWords(c) > 0);
  const cued = kept.filter((c) => PROBLEM_CUE.test(c));
  return shorten(capitalise((cued.length ? cued : kept).join(', ').replace(/[.!]+$/, '')), 100) || text;
}

/** The fix as an SOP says it: from the first instruction on, apologies and greetings left out. */
export function solutionStatement(text: string): string {
  const sentences = text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const first = sentences.findIndex((s) => INSTRUCTION_CUE.test(s));
  const kept = sentences.slice(Math.max(0, first)).filter((s) => !/^(?:sorry|no worries|thanks|thank you|hi|hey|hello)\b[^.!?]{0,20}[.!?]?$/i.test(s));
  return capitalise(kept.join(' ')) || text;
}

function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return cut.slice(0, cut.lastIndexOf(' ')).replace(/[,;:]$/, '');
}
