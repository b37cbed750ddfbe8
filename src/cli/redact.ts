import { text as readStream } from 'node:stream/consumers';
import type { Command } from 'commander';
import { PLACEHOLDERS, redact } from '../knowledge/index.ts';

/** What a redacted text says about itself: its text, the count per kind, and each placeholder's kind and place in it. */
export function redactionReport(input: string): { text: string; found: Record<string, number>; removed: { kind: string; at: number }[] } {
  const { text, found } = redact(input);
  const removed = [...text.matchAll(PLACEHOLDERS)].map((m) => ({ kind: m[1]!, at: m.index }));
  return { text, found, removed };
}

/** `sop redact [--lines] [--json]`: the text on stdin as it would be stored, redacted. */
export function registerRedact(program: Command): void {
  program
    .command('redact')
    .description('print the text on stdin redacted, as it would be stored (phones, emails, cards, codes, addresses, plates, dates of birth, names)')
    .option('--lines', 'redact each line on its own (one output line, or JSON object, per input line)')
    .option('--json', 'print JSON: the text, the count per kind, and each placeholder with its kind and its offset in the redacted text')
    .action(async (opts: { lines?: boolean; json?: boolean }) => {
      const input = await readStream(process.stdin);
      const pieces = opts.lines ? input.replace(/\n$/, '').split('\n') : [input];
      for (const piece of pieces) {
        const report = redactionReport(piece);
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : opts.lines ? `${report.text}\n` : report.text);
      }
    });
}
