import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.ts';
import { registerAsk } from './ask.ts';
import { registerBenchRetrieval } from './bench-retrieval.ts';
import { registerCalibrate } from './calibrate.ts';
import { registerIndex } from './index-cmd.ts';
import { registerJobs } from './jobs.ts';
import { registerLint } from './lint.ts';
import { registerDeploy } from './deploy.ts';
import { registerCopies } from './eval-copies.ts';
import { registerEval } from './eval.ts';
import { registerHarvest } from './eval-harvest.ts';
import { registerExtract } from './extract.ts';
import { registerMetrics } from './metrics.ts';
import { registerMigrate } from './migrate.ts';
import { registerPrComment } from './pr-comment.ts';
import { registerProposals } from './proposals.ts';
import { registerRedact } from './redact.ts';
import { registerServe } from './serve.ts';
import { registerWorker } from './worker.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('sop')
  .description('SOP-as-code for ClubOS: SOPs in git, answered locally with calibrated confidence')
  .version(`${version} (Node ${process.versions.node})`, '-V, --version', 'print the version of sop and of Node')
  // `sop --version` is the program's; `sop deploy --version NAME` stays the deploy's own option.
  .enablePositionalOptions()
  .showHelpAfterError()
  .exitOverride();

for (const register of [registerServe, registerWorker, registerMigrate, registerAsk, registerLint, registerIndex, registerCalibrate, registerBenchRetrieval, registerExtract, registerProposals, registerMetrics, registerPrComment, registerDeploy, registerJobs, registerRedact]) register(program);
registerHarvest(registerCopies(registerEval(program)));

// `sop ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sop: ${message}\n`);
  process.exit(error instanceof InputError ? 2 : 1);
}
