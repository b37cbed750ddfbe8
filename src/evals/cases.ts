import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';

const caseSchema = z.object({
  id: z.string().min(1),
  /** The route a person files the case under; absent in plain retrieval benchmarks, null when out of scope. */
  route: z.string().min(1).nullable().optional(),
  query: z.string().trim().min(1),
  /** What the old Assistant answered. */
  assistant_response: z.string().trim().min(1).optional(),
  expected_source: z.string().min(1).nullable(),
  must_include: z.array(z.string().trim().min(1)).optional(),
  tags: z.array(z.string().min(1)).optional(),
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
    files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch {
    throw new InputError(`cases not found: ${path} (a JSONL file, or a folder of them such as evals/)`);
  }
  if (files.length === 0) throw new InputError(`no *.jsonl case files in ${path}`);
  const cases: EvalCase[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const at = `${file}:${i + 1}`;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch (error) {
          throw new InputError(`${at}: not valid JSON (${(error as Error).message})`);
        }
        const parsed = caseSchema.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new InputError(`${at}: field ${issue.path.join('.') || '(line)'}: ${issue.message}`);
        }
        const earlier = seen.get(parsed.data.id);
        if (earlier) throw new InputError(`${at}: id ${parsed.data.id} is already used at ${earlier}`);
        seen.set(parsed.data.id, at);
        cases.push(parsed.data);
      });
  }
  return cases;
}
