import type { ConversationEntry } from '../openphone/index.ts';

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

const PROBLEM_CUE = /\b(not|no|won'?t|can'?t|cannot|doesn'?t|isn'?t|didn'?t|broken|frozen|stuck|help|issue|problem|error|wrong|missing|black|blank|nothing|never|off|dead|down|locked|declined|lost|stopped|keeps)\b|\?/i;
const INSTRUCTION_CUE = /\b(try|press|click|tap|pull|push|restart|relaunch|reopen|turn|check|open|close|use|make sure|switch|select|choose|hold|wait|move|plug|unplug|reset|scan|enter|go to|hit)\b/i;
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
    if (problem.who !== 'customer' || !PROBLEM_CUE.test(problem.text) || words(problem.text) < 3) {
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
      if (turn.who === 'staff' && !found && INSTRUCTION_CUE.test(turn.text) && words(turn.text) >= 4) {
        found = { solution: turn, at: j, confirmed: false, thanked: false, retried };
      }
    }
    if (!found) {
      i++;
      continue;
    }
    const confidence = 0.3 + (found.confirmed ? 0.4 : found.thanked ? 0.25 : 0) + (found.retried ? -0.1 : 0) + (words(found.solution.text) >= 8 ? 0.1 : 0);
    const closing = turns.slice(found.at + 1).find((t) => t.who === 'customer' && (RESOLVED_CUE.test(t.text) || THANKS_CUE.test(t.text)));
    items.push({
      problem: problem.text,
      solution: found.solution.text,
      confidence: Math.round(Math.min(0.9, confidence) * 100) / 100,
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

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
