import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { InputError } from '../answer/index.ts';
import { createRuntime } from '../main.ts';
import { formatAnswer } from './ask.ts';

/** `sop start` (npm start): an interactive prompt on a terminal; help when there is none. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('ask questions interactively (the HTTP service will take this command over)')
    .option('--sops <dir>', 'folder of SOPs')
    .action(async (opts: { sops?: string }) => {
      if (!process.stdin.isTTY) {
        process.stdout.write(program.helpInformation());
        return;
      }
      const runtime = createRuntime();
      const knowledge = await runtime.loadKnowledge({ sopsDir: opts.sops });
      const module = runtime.createModule(knowledge);
      process.stdout.write(`${knowledge.docs.size} SOPs in ${knowledge.routes.size} routes loaded. Type a customer message (empty line or Ctrl-D to quit).\n`);
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        for (;;) {
          const line = await rl.question('> ').catch(() => '');
          if (!line.trim()) break;
          try {
            process.stdout.write(`${formatAnswer(await module.processWithContext(line))}\n`);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            process.stdout.write(`${error.message}\n`);
          }
        }
      } finally {
        rl.close();
      }
    });
}
