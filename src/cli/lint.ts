import type { Command } from 'commander';
import { formatMessage, lintSops } from '../sops/index.ts';

/** `sop lint [dir]`: compiler-style messages; exit 1 on errors, 0 on warnings only. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check SOP files: front matter, ids, empty sections, placeholders, links, review dates')
    .argument('[dir]', 'folder of SOPs', 'sops')
    .action((dir: string) => {
      const result = lintSops(dir, new Date());
      for (const m of result.messages) process.stdout.write(`${formatMessage(m, dir)}\n`);
      const sections = result.corpus.docs.reduce((n, d) => n + d.sections.length, 0);
      process.stdout.write(
        `${result.corpus.docs.length} documents, ${sections} sections in ${result.corpus.routes.size} routes: ${result.errors} error(s), ${result.warnings} warning(s)\n`,
      );
      if (result.errors > 0) process.exitCode = 1;
    });
}
