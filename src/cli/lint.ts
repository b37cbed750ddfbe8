import { relative } from 'node:path';
import type { Command } from 'commander';
import { readRolloutFile, RolloutError } from '../config/index.ts';
import { lintPersonalData } from '../knowledge/index.ts';
import { createRuntime } from '../main.ts';
import { formatMessage, lintSops, type Message } from '../sops/index.ts';

/** `sop lint [dir]`: compiler-style messages for the SOPs and rollout.yaml; exit 1 on errors, 0 on warnings only. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check SOP files (front matter, ids, empty sections, placeholders, links, review dates, personal data, raw HTML) and rollout.yaml')
    .argument('[dir]', 'folder of SOPs', 'sops')
    .option('--rollout <file>', 'rollout config to check (default: ROLLOUT_FILE, else rollout.yaml in the folder above the SOPs)')
    .action((dir: string, options: { rollout?: string }) => {
      const result = lintSops(dir, new Date());
      const personal = lintPersonalData(dir, result.corpus.docs.map((d) => d.path));
      const messages = [...result.messages, ...personal].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
      for (const m of messages) process.stdout.write(`${formatMessage(m, dir)}\n`);
      const rollout = lintRollout(options.rollout ?? createRuntime().rolloutPath(dir), [...result.corpus.routes.keys()], options.rollout !== undefined);
      for (const m of rollout) process.stdout.write(`${formatMessage(m)}\n`);
      const errors = result.errors + personal.length + rollout.filter((m) => m.severity === 'error').length;
      const warnings = result.warnings + rollout.filter((m) => m.severity === 'warning').length;
      const sections = result.corpus.docs.reduce((n, d) => n + d.sections.length, 0);
      process.stdout.write(
        `${result.corpus.docs.length} documents, ${sections} sections in ${result.corpus.routes.size} routes: ${errors} error(s), ${warnings} warning(s)\n`,
      );
      if (errors > 0) process.exitCode = 1;
    });
}

/** Problems of the rollout file; a missing file is an error only when it was named. */
function lintRollout(file: string, routes: string[], named: boolean): Message[] {
  const shown = relative(process.cwd(), file) || file;
  try {
    if (readRolloutFile(file, routes) || !named) return [];
    return [{ file: shown, line: 1, column: 1, severity: 'error', rule: 'rollout', message: 'no such file' }];
  } catch (error) {
    if (!(error instanceof RolloutError)) throw error;
    return error.problems.map((p) => ({ file: shown, line: p.line, column: p.column, severity: 'error', rule: 'rollout', message: p.field ? `${p.field}: ${p.message}` : p.message }));
  }
}
