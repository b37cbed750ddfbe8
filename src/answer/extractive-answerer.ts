import { ESCALATE_HEADING, isQuestionsSection, REPLY_HEADING, STEPS_HEADING, type Section, type SopDoc } from '../sops/index.ts';
import type { Action, Answer, Answerer, Grounding } from './types.ts';

const MAX_SECTION_CHARS = 700;

/**
 * The section of a document a reply is taken from, and the steps that go with it. When what matched
 * best is a variant section (one with its own `section_questions`), the answer is that section's; a
 * matched Escalate section means the SOP hands this situation to staff (`handover`).
 */
export function answerParts(doc: SopDoc, bestUnit?: string): { reply: string | null; steps: string[]; section: Section | null; handover: boolean } {
  const usable = doc.sections.filter((s) => !isQuestionsSection(s) && s.text);
  const variant = usable.find((s) => s.id === bestUnit && Object.hasOwn(doc.meta?.section_questions ?? {}, s.heading));
  if (variant) return { reply: null, steps: variant.steps, section: variant, handover: ESCALATE_HEADING.test(variant.heading) };
  const reply = usable.find((s) => REPLY_HEADING.test(s.heading));
  const steps = usable.find((s) => STEPS_HEADING.test(s.heading) && s.steps.length > 0);
  const best = usable.find((s) => s.id === bestUnit && !ESCALATE_HEADING.test(s.heading)) ?? usable.find((s) => !ESCALATE_HEADING.test(s.heading));
  return {
    reply: reply?.text ?? null,
    steps: steps?.steps ?? best?.steps ?? [],
    section: reply ?? best ?? null,
    handover: false,
  };
}

/** Handing-over sentence for human-only actions, in the route's words. */
export function humanOnlyNotice(grounding: Grounding): string {
  const names = grounding.humanOnly.map((h) => h.action);
  return `Our team handles ${names.join(' and ')} requests, so I've passed this on. ${grounding.humanOnly[0]?.handover ?? grounding.route.escalation}`;
}

/** Escalation decisions shared by every answerer: what staff must do, and whether now. */
export function escalationOf(grounding: Grounding): { required: boolean; reason: string | null; actions: Action[] } {
  const actions: Action[] = grounding.humanOnly.map((h) => ({ type: 'human_only', action: h.action, reason: h.reason }));
  let reason: string | null = null;
  if (grounding.humanOnly.length) reason = grounding.humanOnly.map((h) => h.reason).join('; ');
  else if (!grounding.confident) reason = `no SOP answers this confidently (confidence ${grounding.confidence.toFixed(2)})`;
  else if (grounding.route.alwaysEscalate) reason = `${grounding.route.route} messages always alert staff`;
  else if (grounding.doc && answerParts(grounding.doc, grounding.sources[0]?.id).handover)
    reason = grounding.doc.meta?.escalate ?? `${grounding.doc.path} hands this situation to staff`;
  if (reason) actions.push({ type: 'escalate', to: 'staff', reason, when: 'now' });
  else if (grounding.doc?.meta?.escalate) actions.push({ type: 'escalate', to: 'staff', reason: grounding.doc.meta.escalate, when: 'if_unresolved' });
  return { required: reason !== null, reason, actions };
}

/** The default answerer: the best document's own reply and steps, in the route's tone; no LLM. */
export function createExtractiveAnswerer(): Answerer {
  return {
    name: 'extractive',
    compose: async (grounding) => composeExtractive(grounding),
  };
}

function composeExtractive(grounding: Grounding): Answer {
  const { route, doc } = grounding;
  const escalation = escalationOf(grounding);
  const structured = (category: Answer['structured']['category'], steps: string[]): Answer['structured'] => ({
    route: route.route,
    category,
    steps,
    actions: escalation.actions,
    escalation: { required: escalation.required, reason: escalation.reason },
    sources: grounding.sources,
    answerer: 'extractive',
  });
  if (!grounding.confident || !doc) {
    const handover = grounding.humanOnly.length ? humanOnlyNotice(grounding) : route.noAnswer;
    return { response: handover, confidence: grounding.confidence, structured: structured('escalation', []) };
  }
  const parts = answerParts(doc, grounding.sources[0]?.id);
  if (parts.handover) return { response: route.escalation, confidence: grounding.confidence, structured: structured('escalation', []) };
  const body = parts.reply ?? [route.opening, truncate(parts.section?.text ?? '', MAX_SECTION_CHARS), route.closing].filter(Boolean).join(' ');
  const tail = grounding.humanOnly.length ? humanOnlyNotice(grounding) : escalation.required && !parts.reply ? route.escalation : '';
  const response = [body, tail].filter(Boolean).join('\n\n');
  const category = escalation.required ? 'escalation' : parts.steps.length ? 'solution' : 'information';
  return { response, confidence: grounding.confidence, structured: structured(category, parts.steps) };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('\n'));
  return `${end > max / 2 ? cut.slice(0, end + 1) : cut}…`;
}
