import type { Answer, Knowledge, SopModule, Structured } from '../answer/index.ts';
import type { Assistant } from '../assistant/index.ts';
import type { EffectiveRollout, Mode } from '../config/index.ts';
import type { Logger } from '../logger.ts';

export type AskRequest = {
  message: string;
  /** The route the caller already knows; emergency wording overrides it. */
  route?: string | undefined;
  /** The customer's phone number or conversation id: it keeps a customer in one rollout bucket. */
  stickyKey: string;
  context?: { previousMessages?: string[] | undefined; conversationId?: string | undefined } | undefined;
};

export type AnsweredBy = 'sop' | 'assistant' | 'escalation';
export type DecisionReason =
  | 'kill_switch'
  | 'mode_off'
  | 'shadow'
  | 'outside_rollout'
  | 'confident'
  | 'low_confidence'
  | 'sop_failed'
  | 'assistant_unavailable'
  | 'human_required';

export type Decision = {
  id: string;
  route: string;
  mode: Mode;
  answeredBy: AnsweredBy;
  reason: DecisionReason;
  killSwitch: boolean;
  /** The customer's bucket 1..100 on this route (rollout mode). */
  bucket: number | null;
  percentage: number;
  threshold: number;
  /** In the SOP share, but the Assistant answered. */
  fallback: boolean;
  escalated: boolean;
  configVersion: string;
  latencyMs: { reply: number };
};

export type AskReply = {
  response: string;
  answeredBy: AnsweredBy;
  /** The SOP module's calibrated confidence, when it had answered by the time of the reply. */
  confidence: number | null;
  /** The SOP answer's structure when the SOP answered or escalated; null for the Assistant's answers. */
  structured: Structured | null;
  decision: Decision;
};

/** Everything known about a request once both sides are done: what the decision log stores. */
export type DecisionRecord = Decision & {
  /** When the request arrived. */
  at: Date;
  conversationId: string | null;
  /** The customer's message as received (the decision log redacts it before it keeps it). */
  message: string;
  sop: { latencyMs: number; confidence: number | null; error: string | null; tokens: number; costUsd: number } | null;
  assistant: { latencyMs: number; error: string | null; tokens: number; costUsd: number } | null;
};

/** A shadowed request: both answers side by side. */
export type ComparisonRecord = {
  decisionId: string;
  route: string;
  message: string;
  assistantResponse: string | null;
  assistantLatencyMs: number;
  sop: Answer | null;
  sopLatencyMs: number;
  sopError: string | null;
};

export type Escalation = { decisionId: string; route: string; reason: string; message: string; conversationId?: string | undefined };

export type RouterOptions = {
  /** The SOP module and the knowledge it answers from, read per request (a deploy swaps them). */
  answering: () => { module: SopModule; knowledge: Knowledge };
  assistant: Assistant;
  rollout: () => EffectiveRollout;
  /** Called off the reply path once both sides are done; must not throw. */
  record: (decision: DecisionRecord) => void;
  /** Called off the reply path for every shadowed request; must not throw. */
  compare: (comparison: ComparisonRecord) => void;
  /** Tells staff; called off the reply path; a returned promise is awaited by `drain`. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback may return nothing, or a promise `drain` awaits
  escalate: (escalation: Escalation) => Promise<unknown> | void;
  /** How long the SOP module may take beside the Assistant, or before the Assistant takes over. */
  sopTimeoutMs: number;
  log: Logger;
};

export type Router = {
  ask(request: AskRequest): Promise<AskReply>;
  /** Waits until every decision, comparison and escalation of the requests answered so far is handed over. */
  drain(): Promise<void>;
};
