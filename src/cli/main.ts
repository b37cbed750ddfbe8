import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.ts';
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('sop')
  .description('SOP-as-code for ClubOS: SOPs in git, answered locally with calibrated confidence')
  .version(`${version} (Node ${process.versions.node})`, '-V, --version', 'print the version of sop and of Node')
  // `sop --version` is the program's; `sop deploy --version NAME` stays the deploy's own option.
  .enablePositionalOptions()
  .showHelpAfterError()
  .exitOverride();

type Register = (program: Command) => unknown;
/**
 * Each command's module, in the order of the help, loaded only for the command that runs: `sop ask`
 * then loads neither the service, nor the evals, nor the deploys (their dependencies were most of its memory).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve.ts')).registerServe,
  worker: async () => (await import('./worker.ts')).registerWorker,
  migrate: async () => (await import('./migrate.ts')).registerMigrate,
  ask: async () => (await import('./ask.ts')).registerAsk,
  lint: async () => (await import('./lint.ts')).registerLint,
  index: async () => (await import('./index-cmd.ts')).registerIndex,
  calibrate: async () => (await import('./calibrate.ts')).registerCalibrate,
  'bench-retrieval': async () => (await import('./bench-retrieval.ts')).registerBenchRetrieval,
  extract: async () => (await import('./extract.ts')).registerExtract,
  proposals: async () => (await import('./proposals.ts')).registerProposals,
  metrics: async () => (await import('./metrics.ts')).registerMetrics,
  gaps: async () => (await import('./gaps.ts')).registerGaps,
  'pr-comment': async () => (await import('./pr-comment.ts')).registerPrComment,
  deploy: async () => (await import('./deploy.ts')).registerDeploy,
  jobs: async () => (await import('./jobs.ts')).registerJobs,
  redact: async () => (await import('./redact.ts')).registerRedact,
  eval: async () => {
    const [{ registerEval }, { registerCopies }, { registerHarvest }] = await Promise.all([
      import('./eval.ts'),
      import('./eval-copies.ts'),
      import('./eval-harvest.ts'),
    ]);
    return (p) => registerHarvest(registerCopies(registerEval(p)));
  },
};
// The program has no option that takes a value, so the first word that is not an option names the
// command. Help, an unknown command or none at all registers every command, as the help lists them.
const named = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
for (const name of named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS)) (await COMMANDS[name]!())(program);

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
