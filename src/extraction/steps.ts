import nlp from 'compromise';
import { capitalise } from '../text/index.ts';
import { INSTRUCTION_CUE } from './cues.ts';

const LIST_ITEM = /^\s*(?:\d+\s*[.):]|[-•*]|step\s+\d+\s*[.):-]?)\s+/i;
/** "1) tap … 2) press …" written on one line. */
const INLINE_NUMBER = /(?:^|\s)((?:\d+\s*[.)]|step\s+\d+\s*[.):-]?)\s)/gi;
const THEN = /,?\s*\b(?:and then|then|after that|afterwards|next|once (?:it|that)(?:'s| is)? \w+)\b,?\s*/i;
const LEAD = /^(?:first(?:ly)?|ok(?:ay)?|so|now|alright|right|sure|also|and|next|finally|last(?:ly)?)\b[\s,:]*/i;
const NOT_A_STEP =
  /^(?:sorry|no worries|no problem|thanks|thank you|hi|hey|hello|hope|let (?:me|us) know|text (?:me|us)|reply|enjoy|have fun|good luck|cheers)\b/i;
const QUESTION = /\?\s*$/;
const INSTRUCTION_START = new RegExp(`^(?:just\\s+|please\\s+)?${INSTRUCTION_CUE.source}`, 'i');

/**
 * The actions a staff fix asks for, in order, as an SOP's numbered Steps: the lines of a numbered or
 * bulleted list, or else the sentences and "then" clauses that give an instruction. Apologies, "let
 * me know" and questions are not steps. Fewer than two actions are not a list: the Reply says them.
 */
export function stepsOf(fixes: readonly string[]): string[] {
  const steps = fixes.flatMap((fix) => {
    const numbered = (fix.match(INLINE_NUMBER) ?? []).length >= 2 ? fix.replace(INLINE_NUMBER, '\n$1') : fix;
    const lines = numbered
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const listed = lines.filter((l) => LIST_ITEM.test(l));
    // Staff's own list is the steps as staff numbered them; elsewhere a step must say what to do.
    if (listed.length >= 2) return listed.map((l) => ({ text: l.replace(LIST_ITEM, ''), listed: true }));
    return lines
      .flatMap((l) => l.split(/(?<=[.!?])\s+/))
      .flatMap((s) => s.split(THEN))
      .flatMap(byCommaWhenEachInstructs)
      .map((s) => ({ text: s.replace(LEAD, '').trim(), listed: false }));
  });
  const kept = steps.filter((s) => s.text.split(/\s+/).length >= 2 && !NOT_A_STEP.test(s.text) && !QUESTION.test(s.text) && (s.listed || instructs(s.text)));
  return kept.length >= 2 ? kept.map((s) => asSentence(s.text)) : [];
}

/** A step opens with what to do: a verb in the imperative ("tap", "sweep") or a usual instruction verb. */
function instructs(step: string): boolean {
  const first = step.replace(LEAD, '').split(/\s+/).slice(0, 2).join(' ');
  return INSTRUCTION_START.test(first) || nlp(step.replace(LEAD, '')).has('^#Imperative');
}

/** "Come in before 8pm, use last night's code, and …": comma parts are steps when two or more open with a verb. */
function byCommaWhenEachInstructs(sentence: string): string[] {
  const parts = sentence.split(/,\s*(?:and\s+)?/).map((p) => p.trim());
  const instructing = parts.filter((p) => nlp(p.replace(LEAD, '')).has('^#Imperative'));
  return instructing.length >= 2 ? parts : [sentence];
}

function asSentence(text: string): string {
  const trimmed = text.trim().replace(/[,;:\s]+$/, '');
  const capital = capitalise(trimmed);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
