import type { Command } from 'commander';
import { createRuntime } from '../main.ts';
import { untilSignal } from './serve.ts';

/** `sop worker`: the job worker alone, for a deployment that runs it apart from the HTTP replicas. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the job worker without the HTTP service')
    .action(async () => {
      const runtime = createRuntime();
      const { worker, version, close } = await runtime.startWorker();
      process.stdout.write(`worker ${worker.id} running, classifying against version ${version()}\n`);
      await untilSignal();
      await close();
    });
}
