import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { readRolloutFile, RolloutError } from '../config/index.ts';
import { createRuntime } from '../main.ts';
import { formatMessage, lintPersonalData, lintSops, type Message } from '../sops/index.ts';
import { jsonOption, writeJson } from './options.ts';

/** `sop lint [dir]`: compiler-style messages for the SOPs and rollout.yaml; exit 1 on errors, 0 on warnings only. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check SOP files (front matter, ids, empty sections, placeholders, links, review dates, personal data, raw HTML) and rollout.yaml')
    .argument('[dir]', 'folder of SOPs', 'sops')
    .option('--rollout <file>', 'rollout config to check (default: ROLLOUT_FILE, else rollout.yaml in the folder above the SOPs)')
    .addOption(jsonOption('the findings (file, line, column, severity, rule, message) and a summary'))
    .action((dir: string, options: { rollout?: string; json?: boolean }) => {
      const result = lintSops(dir, new Date());
      const personal = lintPersonalData(
        dir,
        result.corpus.docs.map((d) => d.path),
      );
      const messages = [...result.messages, ...personal].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
      const rollout = lintRollout(options.rollout ?? createRuntime().rolloutPath(dir), [...result.corpus.routes.keys()], options.rollout !== undefined);
      const summary = {
        documents: result.corpus.docs.length,
        sections: result.corpus.docs.reduce((n, d) => n + d.sections.length, 0),
        routes: result.corpus.routes.size,
        errors: result.errors + personal.length + rollout.filter((m) => m.severity === 'error').length,
        warnings: result.warnings + rollout.filter((m) => m.severity === 'warning').length,
      };
      if (options.json) {
        // Each file as the text output names it (joined to the SOP folder), so editors and CI annotations find it.
        writeJson({ findings: [...messages.map((m) => finding(m, dir)), ...rollout.map((m) => finding(m))], summary });
      } else {
        for (const m of messages) process.stdout.write(`${formatMessage(m, dir)}\n`);
        for (const m of rollout) process.stdout.write(`${formatMessage(m)}\n`);
        process.stdout.write(
          `${summary.documents} documents, ${summary.sections} sections in ${summary.routes} routes: ${summary.errors} error(s), ${summary.warnings} warning(s)\n`,
        );
      }
      if (summary.errors > 0) process.exitCode = 1;
    });
}

/** One finding of `sop lint --json`: the fields named here whatever else a rule's message carries. */
function finding(m: Message, root = ''): { file: string; line: number; column: number; severity: Message['severity']; rule: string; message: string } {
  return { file: root ? join(root, m.file) : m.file, line: m.line, column: m.column, severity: m.severity, rule: m.rule, message: m.message };
}

/** Problems of the rollout file; a missing file is an error only when it was named. */
function lintRollout(file: string, routes: string[], named: boolean): Message[] {
  const shown = relative(process.cwd(), file) || file;
  try {
    if (readRolloutFile(file, routes) || !named) return [];
    return [{ file: shown, line: 1, column: 1, severity: 'error', rule: 'rollout', message: 'no such file' }];
  } catch (error) {
    if (!(error instanceof RolloutError)) throw error;
    return error.problems.map((p) => ({
      file: shown,
      line: p.line,
      column: p.column,
      severity: 'error',
      rule: 'rollout',
      message: p.field ? `${p.field}: ${p.message}` : p.message,
    }));
  }
}
