import { InvalidArgumentError, Option } from 'commander';

/** A probability option (`--threshold 0.6`): a number from 0 to 1. */
export function parseProbability(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a number from 0 to 1, got "${value}"`);
  return n;
}

/** A whole-number option with a lower bound (`--folds 5`). */
export function parseWholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`);
    return n;
  };
}

/**
 * `--json`, the same on every command that prints a list or a table: the same data as one JSON
 * document on stdout and nothing else there (logs and progress go to stderr), exit codes unchanged.
 * @param what what the document holds, for the help text ("the findings and a summary")
 */
export function jsonOption(what: string): Option {
  return new Option('--json', `print ${what} as JSON on stdout`);
}

/** The `--json` document: indented, camelCase fields, one trailing newline. */
export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
