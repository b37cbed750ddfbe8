import { readFileSync } from 'node:fs';
import { text as readStream } from 'node:stream/consumers';
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { type CorpusScore, KINDS, PLACEHOLDERS, parseCorpus, redact, scoreCorpus } from '../privacy/index.ts';

/** What a redacted text says about itself: its text, the count per kind, and each placeholder's kind and place in it. */
export function redactionReport(input: string): { text: string; found: Record<string, number>; removed: { kind: string; at: number }[] } {
  const { text, found } = redact(input);
  const removed = [...text.matchAll(PLACEHOLDERS)].map((m) => ({ kind: m[1]!, at: m.index }));
  return { text, found, removed };
}

/** A labelled corpus's score as a table: items and leaks per kind, and the look-alikes lost. */
function scoreTable(file: string, score: CorpusScore): string {
  const rows = [...KINDS.map((k) => [k, score.byKind[k]] as const), ['all', score.total] as const]
    .filter(([, s]) => s.items > 0)
    .map(([kind, s]) => `  ${kind.padEnd(8)} ${String(s.items).padStart(5)} ${String(s.leaked).padStart(7)} ${(100 * s.rate).toFixed(1).padStart(7)}%`);
  const keep = `  look-alikes kept: ${score.keep.strings - score.keep.lost} of ${score.keep.strings} (${score.keep.lost} removed wrongly)`;
  return [`${file}: ${score.lines} lines`, '  kind     items  leaked    leak', ...rows, keep].join('\n');
}

/** `sop redact [--lines] [--json]`: the text on stdin as it would be stored, redacted; `--check`: the leak rate on labelled files. */
export function registerRedact(program: Command): void {
  program
    .command('redact')
    .description('print the text on stdin redacted, as it would be stored (phones, emails, cards, codes, addresses, plates, dates of birth, names)')
    .option('--lines', 'redact each line on its own (one output line, or JSON object, per input line)')
    .option('--json', 'print JSON: the text, the count per kind, and each placeholder with its kind and its offset in the redacted text')
    .option(
      '--check <files...>',
      'measure redaction on labelled JSONL files ({"text", "items": [{"kind", "text"}], "keep": [...]} per line): leaks per kind and look-alikes removed',
    )
    .option('--leaks', 'with --check, also print each leaked item and each look-alike removed, with the redacted line')
    .action(async (opts: { lines?: boolean; json?: boolean; check?: string[]; leaks?: boolean }) => {
      if (opts.check) return check(opts.check, opts);
      const input = await readStream(process.stdin);
      const pieces = opts.lines ? input.replace(/\n$/, '').split('\n') : [input];
      for (const piece of pieces) {
        const report = redactionReport(piece);
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : opts.lines ? `${report.text}\n` : report.text);
      }
    });
}

function check(files: string[], opts: { json?: boolean; leaks?: boolean }): void {
  const scores = files.map((file) => {
    let jsonl: string;
    try {
      jsonl = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
    }
    try {
      const lines = parseCorpus(jsonl, file);
      return { file, lines, score: scoreCorpus(lines, (t) => redact(t).text) };
    } catch (error) {
      throw new InputError((error as Error).message);
    }
  });
  if (opts.json) {
    const out = scores.map(({ file, score }) => ({
      file,
      lines: score.lines,
      byKind: score.byKind,
      total: score.total,
      keep: score.keep,
      ...(opts.leaks ? { leaks: score.leaks, losses: score.losses } : {}),
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const all =
    scores.length > 1
      ? [
          {
            file: `all ${scores.length} files`,
            score: scoreCorpus(
              scores.flatMap(({ lines }) => lines),
              (t) => redact(t).text,
            ),
          },
        ]
      : [];
  for (const { file, score } of [...scores, ...all]) {
    process.stdout.write(`${scoreTable(file, score)}\n`);
    if (opts.leaks) {
      for (const l of score.leaks) process.stdout.write(`  leaked ${l.kind} "${l.item}" (line ${l.line}): ${l.output}\n`);
      for (const l of score.losses) process.stdout.write(`  removed "${l.keep}" (line ${l.line}): ${l.output}\n`);
    }
  }
}
