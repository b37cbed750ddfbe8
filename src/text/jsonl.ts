import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

/** The `*.jsonl` files of a folder, as paths, in name order; the file system's error when it cannot be read. */
export function jsonlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** The value of every non-blank line of JSONL text, with its `file:line`; a line that is not JSON is an error naming it. */
export function* jsonLines(text: string, file: string): Generator<{ value: unknown; at: string }> {
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const at = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${at}: not valid JSON (${(error as Error).message})`);
    }
    yield { value, at };
  }
}
