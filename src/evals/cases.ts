import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { jsonLines, jsonlFiles } from '../text/index.ts';
import { knownKeysAt, unknownKeyMessage } from '../sops/closest-key.ts';

/** One eval case; strict, so a misspelt optional field (`must_inclde`) is an error, not silently dropped. */
const caseSchema = z
  .strictObject({
    id: z.string().min(1),
    /** The route a person files the case under; absent in plain retrieval benchmarks, null when out of scope. */
    route: z.string().min(1).nullable().optional(),
    query: z.string().trim().min(1),
    /** What this customer texts back when the module asks which of two situations they mean: the second turn of a clarification. */
    reply: z.string().trim().min(1).optional(),
    /** What the old Assistant answered. */
    assistant_response: z.string().trim().min(1).optional(),
    /** Where `assistant_response` comes from: logged from the Assistant (`recorded`) or written by hand in its voice (`written`). */
    provenance: z.enum(['recorded', 'written']).optional(),
    expected_source: z.string().min(1).nullable(),
    must_include: z.array(z.string().trim().min(1)).optional(),
    tags: z.array(z.string().min(1)).optional(),
  })
  .refine((c) => !c.assistant_response || c.provenance, {
    path: ['provenance'],
    message: 'say where assistant_response comes from: "recorded" (logged from the Assistant) or "written" (by hand, in its voice)',
  });

export type EvalCase = z.infer<typeof caseSchema>;
/** The fields a retrieval benchmark needs; every eval case is one. */
export type RetrievalCase = Pick<EvalCase, 'id' | 'query' | 'expected_source'>;

/**
 * Reads a JSONL file of cases, or every `*.jsonl` file of a folder in name order. A bad line stops the
 * run with its file, line and field; an id used twice names both places.
 */
export function readCases(path: string): EvalCase[] {
  let files: string[];
  try {
    files = statSync(path).isDirectory() ? jsonlFiles(path) : [path];
  } catch {
    throw new InputError(`cases not found: ${path} (a JSONL file, or a folder of them such as evals/)`);
  }
  if (files.length === 0) throw new InputError(`no *.jsonl case files in ${path}`);
  const cases: EvalCase[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const { value, at } of jsonLines(readFileSync(file, 'utf8'), file)) {
      const parsed = caseSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
        if (issue.code === 'unrecognized_keys') {
          const known = knownKeysAt(caseSchema, issue.path);
          throw new InputError(`${at}: ${issue.keys.map((key) => unknownKeyMessage(key, known)).join('; ')}`);
        }
        throw new InputError(`${at}: field ${issue.path.join('.') || '(line)'}: ${issue.message}`);
      }
      const earlier = seen.get(parsed.data.id);
      if (earlier) throw new InputError(`${at}: id ${parsed.data.id} is already used at ${earlier}`);
      seen.set(parsed.data.id, at);
      cases.push(parsed.data);
    }
  }
  return cases;
}
