import { terms, type SearchResult } from '../search/index.ts';
import { isQuestionsSection, type SopDoc } from '../sops/index.ts';
import { defaultInstructions } from '../sops/route-instructions.ts';
import { InputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { confidenceOf } from './calibration.ts';
import { answerParts, createExtractiveAnswerer } from './extractive-answerer.ts';
import { priorityRoute, requestedHumanOnly, withoutRequests } from './route-detect.ts';
import { clarificationFor, pickOption, type Clarification } from './clarify.ts';
import { roundTo } from '../numbers.ts';
import type { Answer, AnswerContext, Answerer, Grounding, Knowledge, Source } from './types.ts';

/** Confidences and scores to three decimals, as answers carry them. */
const round3 = (x: number) => roundTo(x, 3);

export const MAX_MESSAGE_CHARS = 2000;
/**
 * The module's own floor when its caller passes no `threshold`: below it the module declines (or asks
 * which of two SOPs is meant) instead of guessing. Not the threshold a route answers customers at:
 * that is `confidence_threshold` in the effective rollout config, which the router applies to these
 * answers and `sop ask` passes in. The service, `sop eval` and deploy checks build the module
 * without one, so their replies and the eval figures depend on this number.
 */
export const DEFAULT_THRESHOLD = 0.5;
/** Content words up to which a message may be a follow-up of the previous one ("still not working"). */
const FOLLOW_UP_TERMS = 3;

export type SopModule = {
  processWithContext(message: string, route?: string, context?: AnswerContext): Promise<Answer>;
};

type Options = {
  knowledge: Knowledge;
  /** The LLM answerer when configured; the extractive one is the default and the fallback. */
  answerer?: Answerer;
  /**
   * Confidence at or above which the module answers: one for every route, or each route's own (as
   * `sop ask` passes the effective rollout's); `DEFAULT_THRESHOLD` when left out.
   */
  threshold?: number | ((route: string) => number);
  log: Logger;
};

/** The SOP module: route detection, retrieval, calibrated confidence, escalation rules and the answer. */
export function createSopModule(options: Options): SopModule {
  const { knowledge, log } = options;
  const given = options.threshold ?? DEFAULT_THRESHOLD;
  const thresholdOf = typeof given === 'number' ? () => given : given;
  const extractive = createExtractiveAnswerer();
  const answerer = options.answerer ?? extractive;

  const processWithContext = async (message: string, route?: string, context: AnswerContext = {}): Promise<Answer> => {
    const text = (message ?? '').trim();
    if (!text) throw new InputError('the question is empty: pass the customer message to answer');
    if (text.length > MAX_MESSAGE_CHARS) throw new InputError(`the question is ${text.length} characters; the limit is ${MAX_MESSAGE_CHARS}`);
    if (route && !knowledge.routes.has(route)) {
      throw new InputError(`unknown route "${route}": known routes are ${[...knowledge.routes.keys()].join(', ')}`);
    }
    // A request only staff can grant is handed over; the SOPs answer whatever else the message says.
    const humanOnly = requestedHumanOnly(text, knowledge.routes);
    const rest = humanOnly.length ? withoutRequests(text, humanOnly) : text;
    const previous = context.previousMessages?.findLast((m) => typeof m === 'string' && m.trim() !== '')?.slice(-MAX_MESSAGE_CHARS);

    // Priority wording (an emergency) overrides even a route the caller gave; otherwise the given
    // route, or the route of the best document across all routes.
    const priority = priorityRoute(text, knowledge.routes);
    const fixed = priority ? { route: priority, by: 'priority' as const } : route ? { route, by: 'given' as const } : null;
    // A short follow-up ("still not working", "the other one") is also read with the conversation's
    // previous message, and the reading the evidence supports better wins. A longer message is
    // answered alone: it names its own topic, which may be a new one.
    const alone = await knowledge.index.search(rest, { route: fixed?.route, limit: 5 });
    let result = alone;
    let confidence = round3(confidenceOf(knowledge.calibration, alone));
    if (previous && terms(rest).length <= FOLLOW_UP_TERMS) {
      const withPrevious = await knowledge.index.search(`${previous}\n${rest}`, { route: fixed?.route, limit: 5 });
      const c = round3(confidenceOf(knowledge.calibration, withPrevious));
      if (c > confidence) [result, confidence] = [withPrevious, c];
    }
    let detected = fixed ?? (result.hits[0] ? { route: result.hits[0].route, by: 'search' as const } : null);
    let confident = isConfident(result, confidence, detected?.route);
    let clarification: Clarification | null = null;
    if (!confident && humanOnly.length === 0 && detected?.by !== 'priority') {
      // A reply to the question the module asked about the previous message answers from the option
      // it picks, as confidently as the pair was; otherwise two close documents make one question.
      const asked = previous ? await clarificationOf(previous, route) : null;
      const picked = asked ? pickOption(rest, asked, alone) : null;
      if (asked && picked) {
        result = { ...result, hits: [picked, ...asked.options.filter((o) => o !== picked)] };
        confidence = round3(asked.confidence);
        detected = fixed ?? { route: picked.route, by: 'search' as const };
        confident = isConfident(result, confidence, detected.route);
      } else if (!asked) {
        clarification = clarificationFor(knowledge, result, thresholdOf(detected?.route ?? ''), answerable);
      }
    }
    const top = result.hits[0];
    const doc = top ? (knowledge.docs.get(top.doc) ?? null) : null;
    let instructions = (detected && knowledge.routes.get(detected.route)) || defaultInstructions(detected?.route ?? 'unknown');
    // A route guessed from a search that found nothing convincing says so in neutral words, not in its own.
    if (!confident && !clarification && detected?.by !== 'given' && detected?.by !== 'priority')
      instructions = { ...instructions, noAnswer: defaultInstructions(instructions.route).noAnswer };
    // The first source is the section the reply is taken from; the others name each runner-up's best
    // section (its reply when what matched was its typical questions).
    const sources: Source[] = result.hits.slice(0, 3).map((hit, i) => {
      const d = knowledge.docs.get(hit.doc);
      const section = d?.sections.find((s) => s.id === hit.unit);
      const isQuestions = !section || isQuestionsSection(section);
      const id = d && (i === 0 || isQuestions) ? (answerParts(d, hit.unit).section?.id ?? hit.unit) : hit.unit;
      return { id, title: hit.title, score: round3(hit.score) };
    });
    if (clarification) return stamped(clarifying(clarification, instructions.route, confidence, sources));
    const grounding: Grounding = {
      message: text,
      route: instructions,
      doc,
      confidence,
      confident,
      humanOnly,
      sources,
    };
    return stamped(await compose(grounding));
  };

  /** Confident means there is something to send: a document with a reply or prose, not just questions. */
  const answerable = (doc: SopDoc, unit: string | undefined) => answerParts(doc, unit).section !== null;
  const isConfident = (result: SearchResult, confidence: number, route: string | undefined) => {
    const top = result.hits[0];
    const doc = top ? knowledge.docs.get(top.doc) : undefined;
    return confidence >= thresholdOf(route ?? '') && doc !== undefined && answerable(doc, top?.unit);
  };
  /** The question the module asked about a message, when it asked one (it asks the same every time). */
  const clarificationOf = async (message: string, route: string | undefined): Promise<Clarification | null> => {
    if (priorityRoute(message, knowledge.routes) || requestedHumanOnly(message, knowledge.routes).length) return null;
    const result = await knowledge.index.search(message, { route, limit: 5 });
    const confidence = round3(confidenceOf(knowledge.calibration, result));
    const top = result.hits[0];
    if (!top || isConfident(result, confidence, route ?? top.route)) return null;
    return clarificationFor(knowledge, result, thresholdOf(route ?? top.route), answerable);
  };

  const compose = async (grounding: Grounding): Promise<Answer> => {
    // Nothing confident to ground a generated reply in: the extractive answerer declines and escalates.
    if (answerer === extractive || !grounding.confident) return extractive.compose(grounding);
    try {
      return await answerer.compose(grounding);
    } catch (error) {
      log.warn(
        { err: error instanceof Error ? error.message : String(error), answerer: answerer.name },
        'answerer failed; answering with the extractive answerer',
      );
      return extractive.compose(grounding);
    }
  };
  /** A deployed version names itself in every answer. */
  const stamped = (answer: Answer): Answer => (knowledge.version ? { ...answer, structured: { ...answer.structured, version: knowledge.version } } : answer);
  return { processWithContext };
}

/** The question as an answer: nothing is escalated yet, and the confidence stays the best document's own. */
function clarifying(clarification: Clarification, route: string, confidence: number, sources: Source[]): Answer {
  return {
    response: clarification.question,
    confidence,
    structured: {
      route,
      category: 'clarification',
      steps: [],
      actions: [],
      escalation: { required: false, reason: null },
      sources: sources.slice(0, 2),
      answerer: 'extractive',
      clarify: { options: clarification.options.map((o) => o.doc), confidence: round3(clarification.confidence) },
    },
  };
}
