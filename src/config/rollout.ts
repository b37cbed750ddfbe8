import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.ts';

export const MODES = ['off', 'shadow', 'rollout'] as const;
export type Mode = (typeof MODES)[number];

const mode = z.enum(MODES);
const percentage = z.number().int('a whole number').min(0).max(100);
const fraction = z.number().min(0).max(1);

export const gatesSchema = z.strictObject({
  min_confident_correct: fraction,
  min_precision: fraction,
  max_false_answer_rate: fraction,
  max_p95_latency_ms: z.number().positive(),
  max_regression_points: z.number().min(0).max(100),
});
export type Gates = z.infer<typeof gatesSchema>;

const routeSchema = z.strictObject({
  mode: mode.optional(),
  percentage: percentage.optional(),
  confidence_threshold: fraction.optional(),
  gates: gatesSchema.partial().optional(),
});

const price = z.strictObject({ input: z.number().min(0), output: z.number().min(0) });

/** Prices for the monthly cost estimate; exported for the OpenAPI document of `GET /api/rollout`. */
export const costsSchema = z.strictObject({
  baseline_monthly_usd: z.number().min(0),
  per_million_tokens: z.record(z.string(), price).default({}),
  file_search_per_1k_calls: z.number().min(0).default(0),
});

const fileSchema = z.strictObject({
  defaults: z.strictObject({ mode, percentage, confidence_threshold: fraction, gates: gatesSchema }),
  routes: z.record(z.string().regex(/^[a-z0-9-]+$/, 'a route folder name'), routeSchema).default({}),
  costs: costsSchema.default({ baseline_monthly_usd: 750, per_million_tokens: {}, file_search_per_1k_calls: 0 }),
});
export type RolloutFile = z.infer<typeof fileSchema>;
export type Costs = RolloutFile['costs'];

/** One problem in a rollout file: where it is and what is wrong, in words a person can act on. */
export type RolloutProblem = { line: number; column: number; field: string; message: string };

export class RolloutError extends InputError {
  constructor(
    readonly file: string,
    readonly problems: RolloutProblem[],
  ) {
    super(problems.map((p) => `${file}:${p.line}:${p.column} ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n'));
  }
}

/** A validated rollout file and its version (the commit it was deployed from, or a hash of its text). */
export type RolloutSource = { file: string; version: string; config: RolloutFile };

/**
 * Parses and validates the text of `rollout.yaml`. Every problem is reported with its line, column and
 * field; `knownRoutes` (the route folders of the SOPs) turns a misspelt route into an error.
 */
export function parseRollout(text: string, file: string, knownRoutes?: readonly string[]): RolloutSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new RolloutError(
      file,
      doc.errors.map((e) => ({ ...where(e.pos[0]), field: '', message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  const raw = (doc.toJS() ?? {}) as { routes?: unknown };
  const parsed = fileSchema.safeParse(raw);
  const problems: RolloutProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      // An unknown key is reported at the key itself, a bad value at the value.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      if (keys.length) {
        for (const key of keys)
          problems.push({
            ...where(keyNode(doc.getIn(path, true), key)?.range?.[0]),
            field: [...path, key].join('.'),
            message: `unknown field (expected ${expectedKeys(path)})`,
          });
      } else {
        const node = doc.getIn(path, true) as Node | undefined;
        problems.push({ ...where(node?.range?.[0] ?? nearestRange(doc, path)), field: path.join('.'), message: describe(issue) });
      }
    }
  }
  // Misspelt routes are reported with the other problems, from the raw document.
  if (knownRoutes && raw.routes && typeof raw.routes === 'object' && !Array.isArray(raw.routes)) {
    for (const route of Object.keys(raw.routes)) {
      if (!knownRoutes.includes(route)) {
        problems.push({
          ...where(keyNode(doc.getIn(['routes'], true), route)?.range?.[0]),
          field: `routes.${route}`,
          message: `unknown route (the SOPs have ${knownRoutes.join(', ')})`,
        });
      }
    }
  }
  if (problems.length > 0 || !parsed.success)
    throw new RolloutError(
      file,
      problems.sort((a, b) => a.line - b.line || a.column - b.column),
    );
  return { file, version: createHash('sha256').update(text).digest('hex').slice(0, 12), config: parsed.data };
}

function keyNode(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/** The closest existing node on the path (a missing field is reported at its parent). */
function nearestRange(doc: ReturnType<typeof parseDocument>, path: string[]): number | undefined {
  for (let n = path.length - 1; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node?.range) return node.range[0];
  }
  return undefined;
}

function expectedKeys(path: string[]): string {
  const shapes: Record<string, string[]> = {
    '': ['defaults', 'routes', 'costs'],
    defaults: ['mode', 'percentage', 'confidence_threshold', 'gates'],
    route: ['mode', 'percentage', 'confidence_threshold', 'gates'],
    gates: Object.keys(gatesSchema.shape),
    costs: ['baseline_monthly_usd', 'per_million_tokens', 'file_search_per_1k_calls'],
    price: ['input', 'output'],
  };
  const shape =
    path.at(-1) === 'gates'
      ? 'gates'
      : path[0] === 'routes' && path.length === 2
        ? 'route'
        : path[0] === 'costs' && path.length === 3
          ? 'price'
          : (path[0] ?? '');
  return (shapes[shape] ?? []).join(', ');
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'too_big') return `must be at most ${String(issue.maximum)}`;
  if (issue.code === 'too_small') return `must be at least ${String(issue.minimum)}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  return issue.message;
}

/** Reads a rollout file: null when it does not exist; a RolloutError naming file, line and field when invalid. */
export function readRolloutFile(file: string, routes?: readonly string[]): RolloutSource | null {
  if (!existsSync(file)) return null;
  return parseRollout(readFileSync(file, 'utf8'), file, routes);
}
