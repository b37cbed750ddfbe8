import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.ts';

const caseSchema = z.object({
  id: z.string().min(1),
  query: z.string().trim().min(1),
  expected_source: z.string().min(1).nullable(),
});

export type RetrievalCase = z.infer<typeof caseSchema>;

/** Reads a JSONL file of cases; a bad line stops the run with its file, line and field. */
export function readCases(file: string): RetrievalCase[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`cases file not found: ${file}`);
  }
  const cases: RetrievalCase[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${file}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = caseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(`${file}:${i + 1}: field ${issue.path.join('.') || '(line)'}: ${issue.message}`);
    }
    cases.push(parsed.data);
  });
  return cases;
}
