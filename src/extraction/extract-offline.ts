import nlp from 'compromise';
import { roundTo } from '../numbers.ts';
import type { ConversationEntry } from '../openphone/index.ts';
import { capitalise, countWords } from '../text/index.ts';
import { INSTRUCTION_CUE, NEW_TOPIC_CUE, PROBLEM_CUE, RESOLVED_CUE, STILL_BROKEN_CUE, THANKS_CUE, WAITING_CUE } from './cues.ts';
import { customerWording, situationTitle } from './situation.ts';
import { stepsOf } from './steps.ts';

/** A problem a customer had and the staff reply that solved it, as found in one conversation. */
export type ExtractedItem = {
  /** The situation, as an SOP title says it. */
  problem: string;
  /** The customer's own (redacted) words for it: an SOP's first typical questions. */
  questions: string[];
  solution: string;
  /** The actions staff asked for, in order, when there were two or more. */
  steps: string[];
  /** How sure the extractor is that this pair is real, reusable knowledge: 0..1. */
  confidence: number;
  /** The exchange the pair comes from (unredacted: the caller redacts before it leaves the database). */
  evidence: string;
};

/** What a conversation yielded and, when it yielded nothing, why. */
export type Extraction = { items: ExtractedItem[]; why: string | null };

/** One turn of a conversation, as the extractors see it. */
export type Turn = { who: 'customer' | 'staff'; text: string };

/**
 * The offline extractor: deterministic question-and-answer pairing. A customer text that states a
 * problem is paired with the staff instruction that follows it (over several texts when staff goes
 * on); "that did it" or "thanks" raises the confidence and "still nothing" passes the problem on to
 * the next instruction.
 */
export function extractOffline(entries: readonly ConversationEntry[], customerPhone: string | null): Extraction {
  return extractFromTurns(toTurns(entries, customerPhone));
}

type Exchange = {
  problem: Turn[];
  fix: Turn[];
  retried: boolean;
  /** How the customer took the fix: said it did it, thanked, replied with nothing wrong, or not yet. */
  outcome: 'confirmed' | 'thanked' | 'accepted' | null;
  closing: Turn | null;
  /** The customer's last text after the fix, while the outcome is open. */
  reply: Turn | null;
};

const BONUS = { confirmed: 0.4, thanked: 0.25, accepted: 0.15 } as const;

/**
 * The same pairing over turns (already redacted, for one). A problem needs no problem word ("not",
 * "stuck", "?") when the customer takes the fix well ("that did it", "ah there it is"): the
 * exchange shows there was one.
 */
export function extractFromTurns(turns: readonly Turn[]): Extraction {
  if (!turns.length) return { items: [], why: 'the conversation has no texts or call transcript' };
  if (!turns.some((t) => t.who === 'customer')) return { items: [], why: 'only staff wrote in this conversation' };
  if (!turns.some((t) => t.who === 'staff')) return { items: [], why: 'staff never replied' };
  const items: ExtractedItem[] = [];
  const dropped: string[] = [];
  let window: Turn[] = [];
  let exchange: Exchange | null = null;
  let retried = false;
  let failed = false;
  const tagger = { calls: 0 };
  const close = () => {
    if (exchange) {
      const found = finish(exchange);
      if (typeof found === 'string') dropped.push(found);
      else items.push(found);
    }
    exchange = null;
    window = [];
    retried = false;
  };
  for (const turn of turns) {
    if (turn.who === 'staff') {
      if (!isInstruction(turn.text, tagger) && !(exchange === null && answersQuestion(window, turn.text))) continue;
      if (exchange) {
        if (exchange.fix.length < MAX_FIX_TEXTS) exchange.fix.push(turn);
        continue;
      }
      const problem = problemTurns(window);
      if (problem.length) exchange = { problem, fix: [turn], retried, outcome: null, closing: null, reply: null };
      else dropped.push('staff gave an instruction, but no customer text before it says what the problem is');
      continue;
    }
    if (!exchange) {
      window.push(turn);
      continue;
    }
    const e: Exchange = exchange;
    if (STILL_BROKEN_CUE.test(turn.text)) {
      // The fix failed: the problem waits for the next instruction.
      window = e.problem;
      exchange = null;
      retried = true;
      failed = true;
    } else if (NEW_TOPIC_CUE.test(turn.text)) {
      close();
      window = [turn];
    } else if (RESOLVED_CUE.test(turn.text) || (THANKS_CUE.test(turn.text) && !PROBLEM_CUE.test(turn.text))) {
      e.outcome = RESOLVED_CUE.test(turn.text) ? 'confirmed' : 'thanked';
      e.closing = turn;
      close();
    } else {
      e.reply = turn;
    }
  }
  close();
  if (items.length) return { items, why: null };
  if (failed && !dropped.length) return { items, why: 'the customer said the fix staff gave did not work, and no later fix was confirmed' };
  return { items, why: dropped[0] ?? 'no staff text gives an instruction (press, check, try, …): staff only asked, greeted or answered' };
}

/**
 * Staff texts per conversation read by compromise's tagger (about 1.6 ms each) when no usual
 * instruction verb is in them: a text conversation has a few, and a 3,000-line call transcript costs
 * no more than about 0.2 s of the thread. Later ones count only with an instruction verb.
 */
const MAX_TAGGED = 100;
/** Staff texts one fix takes (its steps come from them): a long call's later lines are not its steps. */
const MAX_FIX_TEXTS = 5;
/** "Gear icon > Units > Yards": a menu path is an instruction. */
const MENU_PATH = /\w\s*>\s*\w+\s*>\s*\w/;
/** Where an instruction may start inside a staff text: each sentence, and each part after a comma or dash. */
const CLAUSE_START = /(?<=[.!?])\s+|,\s+|\s[-–—]\s|\n+/;
/** Lead words before an imperative: "just tap", "then press". */
const LEAD = /^(?:just|please|then|so|now|first|ok(?:ay)?|and|also|next|quickly)\s+/i;

/**
 * A staff text that tells the customer to do something: a usual instruction verb, a menu path, or a
 * clause that opens with a verb in the imperative (compromise's tagger; "sweep them out", "come in
 * any time").
 */
function isInstruction(raw: string, tagger: { calls: number }): boolean {
  // Greetings, apologies and "I'll call you" are no instruction, whatever words they use.
  const text = solutionStatement(raw);
  if (countWords(text) < 4) return false;
  if (INSTRUCTION_CUE.test(text) || MENU_PATH.test(text)) return true;
  if (tagger.calls >= MAX_TAGGED) return false;
  tagger.calls++;
  return text
    .slice(0, 600)
    .split(CLAUSE_START)
    .some((clause) => nlp(clause.trim().replace(LEAD, '')).has('^#Imperative'));
}

/** Staff saying what they did ("I've voided it", "I have unlocked the door"): the fix is theirs. */
const STAFF_ACTION = /\bI(?:'ve| have| just|'ll| will)\s+(?:just\s+|now\s+|also\s+)?[a-z]+(?:ed|t|en)\b/i;

/** A question customers send without its question mark: "is there a dress code", "can we bring food". */
const ASKED =
  /\b(?:can|could|may) (?:i|we)\b|\b(?:want|wanna|planning) to\b|(?:^|[.!,;]\s*|\b(?:quick one|quick q|question|wondering)\W+)(?:is there|are there|is it|are (?:you|we)|do (?:you|i|we)|does (?:it|the)|what|where|when|how|which)\b/i;

/**
 * A staff text that answers what the customer asked ("can we bring pizza?" → "outside food is
 * welcome"), or says what staff did about it: knowledge too, when the customer takes it well.
 */
function answersQuestion(window: readonly Turn[], text: string): boolean {
  if (countWords(text) < 6 || /\?\s*$/.test(text)) return false;
  if (STAFF_ACTION.test(text)) return true;
  return window.some((t) => t.who === 'customer' && (/\?/.test(t.text) || ASKED.test(t.text)));
}

/** The customer text that states the problem: the first with a problem word, else the first that says something. */
function problemTurns(window: readonly Turn[]): Turn[] {
  const said = window.filter((t) => t.who === 'customer' && countWords(customerWording(t.text)) >= 3);
  const cued = said.filter((t) => PROBLEM_CUE.test(t.text));
  return (cued.length ? cued : said).slice(0, 1);
}

/** A numbered or bulleted line in a staff text. */
const LISTED = /^\s*(?:\d+\s*[.):]|[-•*])\s+|\s(?=\d+\s*[.)]\s)/;

/**
 * The Reply: staff's texts as sentences. A list staff sent is written out as its steps, one sentence
 * each after what staff said before it, so no "1)" runs into the text.
 */
function replyOf(fix: readonly Turn[], steps: readonly string[]): string {
  const listed = fix.some((t) => t.text.split('\n').filter((l) => LISTED.test(l)).length >= 2 || (t.text.match(/(?:^|\s)\d+\s*[.)]\s/g) ?? []).length >= 2);
  if (!listed || !steps.length) {
    return fix
      .map((t) => solutionStatement(t.text.replace(/\s*\n\s*/g, ' ')))
      .filter(Boolean)
      .join(' ');
  }
  const lead = fix
    .map((t) => t.text.split(/\n|(?:^|\s)\d+\s*[.)]\s/)[0]!.trim())
    .filter(Boolean)
    // A lead that only opens the list ("Can you", "Try this:") says nothing of its own.
    .map((l) =>
      solutionStatement(
        l
          .replace(/[:\s]+$/, '')
          .replace(/\s*\b(?:can|could|would) you(?: please)?$/i, '')
          .replace(/(?<=[^.!?])$/, '.'),
      ),
    )
    .filter((l) => l && !/^(?:try this|do this|here'?s (?:what|how)|follow these|steps)\W*$/i.test(l));
  return [...lead, ...steps].join(' ');
}

/** The item an exchange makes, or why it makes none. */
function finish(e: Exchange): ExtractedItem | string {
  // The customer's last word after the fix, with nothing wrong in it and not "one sec", takes it well.
  if (!e.outcome && e.reply && !PROBLEM_CUE.test(e.reply.text) && !WAITING_CUE.test(e.reply.text)) {
    e.outcome = 'accepted';
    e.closing = e.reply;
  }
  const cued = e.problem.some((t) => PROBLEM_CUE.test(t.text));
  if (!cued && !e.outcome) {
    return `the customer never answered staff's fix, and "${shorten(e.problem[0]!.text, 60)}" does not read as a problem on its own`;
  }
  const steps = stepsOf(e.fix.map((t) => t.text));
  const fixText = replyOf(e.fix, steps);
  // A fix staff carried out themselves, or one holding this customer's details, is kept for a human
  // but below the proposing bar (0.5): at most 0.45.
  const confidence =
    0.3 + (e.outcome ? BONUS[e.outcome] : 0) + (e.retried ? -0.1 : 0) + (countWords(fixText) >= 8 ? 0.1 : 0) + (ONE_OFF.test(fixText) ? -0.35 : 0);
  const wording = e.problem.map((t) => customerWording(t.text)).filter(Boolean);
  return {
    problem: situationTitle(e.problem.map((t) => t.text).join('. ')),
    questions: [...new Set(wording)],
    solution: fixText,
    steps,
    confidence: roundTo(Math.min(0.9, confidence), 2),
    evidence: [
      ...e.problem.map((t) => `Customer: ${t.text}`),
      ...e.fix.map((t) => `Staff: ${t.text}`),
      ...(e.closing ? [`Customer: ${e.closing.text}`] : []),
    ].join('\n'),
  };
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

const PLEASANTRY =
  /^(?:sorry|so sorry|no worries|no problem|thanks|thank you|hi|hey|hello|ha+|lol|good (?:morning|afternoon|evening)|happy \w+|easy one|great question)\b[^.!?]{0,24}[.!?]*$/i;
/** Sympathy and courtesy that open a staff text ("sorry to hear that", "happens all the time"): no part of the fix. */
const COURTESY =
  /^(?:(?:so |really )?sorry (?:to hear|about)|oh no|hope (?:they|you|he|she|everyone|it)\b|(?:it |that )?happens(?: all the time| a lot| to everyone)?|no harm done|thanks for (?:letting|telling|the|your|reaching|getting|flagging|asking|texting|waiting)|thank you for|glad (?:to hear|you|it)|good (?:question|shout)|great question|easy (?:one|fix)|ugh|argh|oops|whoops|oh|ah+)\b[^,!?]{0,40}[,!.]?$/i;
/** A short exclamation ("Buenos días!", "Good shout!") says nothing of the fix. */
const EXCLAMATION = /^(?:\S+\s+){0,2}\S+!+$/;
const CLOSER = /^(?:let (?:me|us) know|text (?:me|us)|reply|shout|enjoy|have fun|good luck|hope (?:that|this) helps)\b/i;
/** Staff speaking of what they are doing in this conversation: "I'll call you now", "let me check". */
const STAFF_NOW =
  /^(?:i'?ll|i will|i'?m going to|i am going to|let me|give me|one sec|hang on|i can see|i see|checking|calling|ringing|phoning|on (?:my|our) way|found (?:it|you|your|the))\b/i;

/**
 * The fix as an SOP's Reply says it: what staff explained and asked for, without greetings,
 * apologies and sympathy, "let me know", what staff were doing at the time ("I'll call you") and the
 * customer's name; empty when the text says nothing else.
 */
export function solutionStatement(text: string): string {
  const kept = text
    .replace(/\s*,?\s*\[name\]/g, '')
    .split(/(?<=[.!?])\s+/)
    .filter((s) => !PLEASANTRY.test(s.trim()))
    .map((s) => withoutCourtesy(s.trim()))
    .filter((s) => s && !CLOSER.test(s) && !STAFF_NOW.test(s) && !(EXCLAMATION.test(s) && !INSTRUCTION_CUE.test(s)));
  return capitalise(kept.join(' '));
}

/**
 * A sentence without the courtesy it opens with: "Easy one - tap his name" → "tap his name". What it
 * returns never reads as a pleasantry: a pleasantry's first part is one too, and is taken off.
 */
function withoutCourtesy(sentence: string): string {
  let rest = sentence;
  for (;;) {
    const cut = /(?<=[,!])\s+|\s[-–—]\s/.exec(rest);
    const lead = cut ? rest.slice(0, cut.index) : rest;
    // What a courtesy leaves of one word is the name it was addressed to: "Thanks for telling us, Priya."
    if (!COURTESY.test(lead) && !PLEASANTRY.test(lead)) return rest === sentence || countWords(rest) > 1 ? rest : '';
    if (!cut) return '';
    rest = rest.slice(cut.index + cut[0].length);
  }
}

/** Staff did it themselves (STAFF_ACTION), or the reply holds this customer's own details: nothing to send the next one as it is. */
const ONE_OFF = new RegExp(`${STAFF_ACTION.source}|\\[(?:code|card|phone|email|address|plate|date)\\]|\\b(?:it'?s|its) \\d{1,2}:\\d\\d\\b`, 'i');

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return cut.slice(0, cut.lastIndexOf(' ')).replace(/[,;:]$/, '');
}
