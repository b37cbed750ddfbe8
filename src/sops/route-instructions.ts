import { toString as plainText } from 'mdast-util-to-string';
import { routeMetaSchema, validateMeta } from './front-matter.ts';
import { parseMarkdown, readFrontMatter } from './parse-document.ts';
import type { Message, RouteInstructions } from './types.ts';

/** Parses a route's `system_instructions.md`: front matter for the offline answerer, body as the LLM prompt. */
export function parseRouteInstructions(path: string, route: string, source: string): { instructions: RouteInstructions | null; messages: Message[] } {
  const tree = parseMarkdown(source);
  const fm = readFrontMatter(tree, path);
  if (!fm) {
    return {
      instructions: null,
      messages: [
        {
          file: path,
          line: 1,
          column: 1,
          severity: 'error',
          rule: 'front-matter',
          message: 'missing front matter: add title, owner, last_reviewed, description, opening, closing, no_answer, escalation',
        },
      ],
    };
  }
  const { value, messages } = validateMeta(routeMetaSchema, fm, path);
  const body = tree.children.filter((n) => n.type !== 'yaml');
  const prompt = body
    .map((n) => plainText(n))
    .join('\n\n')
    .trim();
  if (!prompt)
    messages.push({
      file: path,
      line: 1,
      column: 1,
      severity: 'error',
      rule: 'empty-section',
      message: 'the instructions have no body: write the persona, tone and answer rules',
    });
  if (!value) return { instructions: null, messages: [...fm.messages, ...messages] };
  return {
    instructions: {
      route,
      title: value.title,
      description: value.description,
      opening: value.opening,
      closing: value.closing,
      noAnswer: value.no_answer,
      escalation: value.escalation,
      alwaysEscalate: value.always_escalate,
      priorityTerms: value.priority_terms.map((t) => t.toLowerCase()),
      humanOnly: value.human_only,
      prompt,
    },
    messages: [...fm.messages, ...messages],
  };
}

/** Neutral instructions for a folder of markdown with no `system_instructions.md` (a benchmark, say). */
export function defaultInstructions(route: string): RouteInstructions {
  return {
    route,
    title: route,
    description: route,
    opening: '',
    closing: '',
    noAnswer: "I'm not sure about that one, so I'm passing it to our team; someone will text you back shortly.",
    escalation: 'I have passed this to our team; someone will reply shortly.',
    alwaysEscalate: false,
    priorityTerms: [],
    humanOnly: [],
    prompt: 'Answer only from the provided sections. If they do not answer the question, say so.',
  };
}
