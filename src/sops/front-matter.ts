import { z } from 'zod';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { knownKeysAt, unknownKeyMessage } from './closest-key.ts';
import type { Message } from './types.ts';

const text = z.string().trim().min(1, 'must be a non-empty string');
const date = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s)) || new Date(s).toISOString().slice(0, 10) !== s) {
    ctx.addIssue({ code: 'custom', message: `must be a date like 2026-11-20, got "${s}"` });
    return z.NEVER;
  }
  return s;
});

/** Front matter of an SOP document. */
export const sopMetaSchema = z.strictObject({
  title: text,
  owner: text,
  last_reviewed: date,
  tags: z.array(text).default([]),
  questions: z.array(text).default([]),
  /** Typical questions of one variant section, keyed by its heading text: they pick that section within the document. */
  section_questions: z.record(text, z.array(text).min(1, 'list at least one question')).optional(),
  escalate: text.optional(),
  /**
   * How a customer would tell this SOP's situation apart, as a phrase that completes "Is it …, or
   * …?": what the module asks when this SOP and another are too close to choose between.
   */
  clarify: text
    .max(80, 'keep it under 80 characters: it is read out in a one-line question')
    .refine((s) => !/[?\n]/.test(s), 'a phrase without "?" or a line break: the module writes the question around it')
    .optional(),
});

/** Front matter of a route's `system_instructions.md`. */
export const routeMetaSchema = z.strictObject({
  title: text,
  owner: text,
  last_reviewed: date,
  description: text,
  opening: text,
  closing: text,
  no_answer: text,
  escalation: text,
  always_escalate: z.boolean().default(false),
  priority_terms: z.array(text).default([]),
  human_only: z.array(z.strictObject({ action: text, terms: z.array(text).min(1) })).default([]),
});

export type ParsedYaml = {
  data: unknown;
  messages: Message[];
  /** The file line of the value at `path`, or of its nearest existing parent. */
  lineOf: (path: PropertyKey[]) => number;
  /** The file line of the key `key` of the mapping at `path` (the key itself, even when its value is a block below it). */
  lineOfKey: (path: PropertyKey[], key: string) => number;
};

/**
 * Parses YAML front matter keeping positions, so a bad field is reported at its own line.
 * @param source the YAML text between the `---` fences
 * @param firstLine the file line on which `source` starts
 */
export function parseYaml(file: string, source: string, firstLine: number): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  const toFileLine = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  const messages: Message[] = doc.errors.map((e) => ({
    file,
    line: toFileLine(e.pos[0]),
    column: counter.linePos(e.pos[0]).col,
    severity: 'error',
    rule: 'front-matter',
    message: `invalid YAML: ${e.message.split('\n')[0]}`,
  }));
  const lineOf = (path: PropertyKey[]): number => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return toFileLine(node.range[0]);
    }
    return Math.max(1, firstLine - 1);
  };
  const lineOfKey = (path: PropertyKey[], key: string): number => {
    const map = path.length ? doc.getIn(path, true) : doc.contents;
    const pair = isMap(map) ? map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) : undefined;
    return isNode(pair?.key) && pair.key.range ? toFileLine(pair.key.range[0]) : lineOf([...path, key]);
  };
  return { data: messages.length ? {} : doc.toJS(), messages, lineOf, lineOfKey };
}

/** Validates parsed front matter; each zod issue becomes a message at the field's line. */
export function validateMeta<T extends z.ZodType>(schema: T, parsed: ParsedYaml, file: string): { value: z.output<T> | null; messages: Message[] } {
  const result = schema.safeParse(parsed.data ?? {});
  if (result.success) return { value: result.data, messages: [] };
  const messages = result.error.issues.flatMap((issue): Message[] => {
    const at = (line: number, message: string): Message => ({ file, line, column: 1, severity: 'error', rule: 'front-matter', message });
    if (issue.code === 'unrecognized_keys') {
      // One message per unknown key, at the key's own line, with the field it was probably meant to be.
      const known = knownKeysAt(schema, issue.path);
      const prefix = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return issue.keys.map((key) => at(parsed.lineOfKey(issue.path, key), `${prefix}${unknownKeyMessage(key, known)}`));
    }
    return [at(parsed.lineOf(issue.path), `${issue.path.join('.') || '(front matter)'}: ${issue.message}`)];
  });
  return { value: null, messages };
}
