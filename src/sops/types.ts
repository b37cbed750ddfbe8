/** A positioned problem in a file, printed compiler-style as `file:line:col severity message (rule)`. */
export type Message = {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  rule: string;
  message: string;
};

/** Front matter of an SOP document, after validation. */
export type SopMeta = {
  title: string;
  owner: string;
  last_reviewed: string;
  tags: string[];
  questions: string[];
  /** Typical questions of a variant section, by its heading text. */
  section_questions?: Record<string, string[]>;
  escalate?: string | undefined;
  /** How a customer tells this SOP's situation apart, completing "Is it …, or …?". */
  clarify?: string | undefined;
};

/** A retrievable unit: the text under one heading (H1 intro, H2 or H3). */
export type Section = {
  /** Stable id: `route/file.md#heading-slug`. */
  id: string;
  /** Path of the document relative to the corpus root, e.g. `tech/frozen-screen.md`. */
  doc: string;
  route: string;
  heading: string;
  /** Headings from the document title down to this one. */
  headingPath: string[];
  depth: number;
  /** Plain text of the section body, blocks separated by newlines. */
  text: string;
  /** List items of the section, in order (the procedure's steps). */
  steps: string[];
  line: number;
};

/** One parsed markdown document. */
export type SopDoc = {
  path: string;
  route: string;
  title: string;
  meta: SopMeta | null;
  /** Typical customer phrasings: front matter `questions` plus list items under a "...questions" heading. */
  questions: string[];
  sections: Section[];
  /** Relative links found in the body, for lint. */
  links: { url: string; line: number; column: number }[];
};

/** A human-only action: a customer asking for it is handed to staff. */
export type HumanOnlyAction = { action: string; terms: string[] };

/** A route's `system_instructions.md`: tone for offline answers, rules for detection, prompt for the LLM. */
export type RouteInstructions = {
  route: string;
  title: string;
  description: string;
  opening: string;
  closing: string;
  noAnswer: string;
  escalation: string;
  alwaysEscalate: boolean;
  priorityTerms: string[];
  humanOnly: HumanOnlyAction[];
  /** The prose body: persona, tone and rules, the LLM answerer's system prompt. */
  prompt: string;
};

/** `glossary.yaml`: the word the SOPs use → the words customers text for it, each as lower-cased words joined by spaces. */
export type Glossary = Record<string, string[]>;

/** Everything read from a folder of markdown. */
export type Corpus = {
  root: string;
  docs: SopDoc[];
  routes: Map<string, RouteInstructions>;
  glossary: Glossary;
  messages: Message[];
};
