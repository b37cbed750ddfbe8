import type { SearchIndex } from '../search/index.ts';
import type { RouteInstructions, SopDoc } from '../sops/index.ts';
import type { CalibrationModel } from './calibration.ts';

/** What answers are made from: the index, the parsed documents, the routes' instructions, the calibration. */
export type Knowledge = {
  index: SearchIndex;
  docs: Map<string, SopDoc>;
  routes: Map<string, RouteInstructions>;
  calibration: CalibrationModel;
  /** The deployed version this knowledge is, when it came from a deployment. */
  version?: string;
};

export type Action = { type: 'escalate'; to: 'staff'; reason: string; when: 'now' | 'if_unresolved' } | { type: 'human_only'; action: string; reason: string };

export type Source = { id: string; title: string; score: number };

export type Structured = {
  route: string;
  category: 'solution' | 'information' | 'escalation' | 'clarification';
  steps: string[];
  actions: Action[];
  escalation: { required: boolean; reason: string | null };
  sources: Source[];
  answerer: 'extractive' | 'llm';
  /**
   * With the category `clarification`: the two documents the response asks the customer to choose
   * between, and how likely one of them is right (the customer's reply is then answered from the one
   * it picks, with that confidence).
   */
  clarify?: { options: string[]; confidence: number };
  /** The deployed version that answered (absent when answering from local files). */
  version?: string;
};

/** Tokens an API reported for one call, for cost estimates. */
export type TokenUsage = { model: string; inputTokens: number; outputTokens: number };

/** `usage`: the tokens the LLM answerer spent on this answer (absent for the extractive one). */
export type Answer = { response: string; confidence: number; structured: Structured; usage?: TokenUsage };

export type AnswerContext = {
  /** Earlier messages of the same conversation, oldest first; a short follow-up is searched with them. */
  previousMessages?: string[];
  conversationId?: string;
};

/** A human-only action the message asks for, with the handing-over words of the route that declares it. */
export type HumanOnlyRequest = { action: string; term: string; reason: string; handover: string };

/** Retrieved material an answerer may use, and the decisions already made about it. */
export type Grounding = {
  message: string;
  route: RouteInstructions;
  doc: SopDoc | null;
  confidence: number;
  confident: boolean;
  humanOnly: HumanOnlyRequest[];
  sources: Source[];
};

/** Composes the reply from grounding: the extractive one always works; the LLM one may fail. */
export type Answerer = {
  readonly name: 'extractive' | 'llm';
  compose(grounding: Grounding): Promise<Answer>;
};
