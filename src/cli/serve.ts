import type { Command } from 'commander';
import { createRuntime } from '../main.ts';
import { parseWholeNumber } from './options.ts';

/** `sop serve` (npm start): the HTTP service, with the job worker unless `--no-worker`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP service (webhook, health, metrics) and the job worker')
    .option('--port <port>', 'port to listen on (default PORT or 3000; 0 picks a free one)', parseWholeNumber(0))
    .option('--no-worker', 'do not run the job worker in this process')
    .action(async (opts: { port?: number; worker: boolean }) => {
      const runtime = createRuntime();
      const service = await runtime.startService({ port: opts.port, worker: opts.worker });
      const store = runtime.env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${runtime.env.DATA_DIR}/pglite`;
      process.stdout.write(`sop listening on ${service.url} (${store}${opts.worker ? ', worker running' : ''})\n`);
      if (service.admin?.generated) process.stdout.write(`admin dashboard: ${service.url}/admin (token for this run: ${service.admin.token}; set ADMIN_TOKEN to choose one)\n`);
      else if (service.admin) process.stdout.write(`admin dashboard: ${service.url}/admin (sign in with ADMIN_TOKEN)\n`);
      // SIGTERM (an orchestrator, `docker stop`) gets the grace period, so the load balancer sees
      // /readyz fail before new connections are refused; SIGINT (Ctrl-C at a terminal) does not wait.
      const signal = await untilSignal();
      await service.close({ graceMs: signal === 'SIGTERM' ? runtime.env.SHUTDOWN_GRACE_MS : 0 });
    });
}

/** Resolves with the signal on SIGINT or SIGTERM, so open work can finish before the process exits. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
