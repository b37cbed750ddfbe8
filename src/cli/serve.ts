import type { Command } from 'commander';
import { createRuntime, type Runtime, type Service } from '../main.ts';
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
      announce(runtime, service, opts.worker);
      // SIGTERM (an orchestrator, `docker stop`) gets the grace period, so the load balancer sees
      // /readyz fail before new connections are refused; SIGINT (Ctrl-C at a terminal) does not wait.
      const signal = await untilSignal();
      await service.close({ graceMs: signal === 'SIGTERM' ? runtime.env.SHUTDOWN_GRACE_MS : 0 });
    });
}

/**
 * The start-up lines, JSON like every other: "listening" once /healthz answers (with where the admin
 * pages are), "ready" once /readyz does. A token generated for this run is logged once, here only.
 */
function announce(runtime: Runtime, service: Service, worker: boolean): void {
  const { log, env } = runtime;
  const store = env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${env.DATA_DIR}/pglite`;
  const admin = service.admin ? `${service.url}/admin` : null;
  const where = admin
    ? `admin dashboard at ${admin}${service.admin?.generated ? ' (token for this run in the next line)' : ' (sign in with ADMIN_TOKEN)'}`
    : 'admin pages off (set ADMIN_TOKEN)';
  log.info({ url: service.url, store, worker, admin }, `sop listening on ${service.url} (${store}${worker ? ', worker running' : ''}); ${where}`);
  if (service.admin?.generated)
    log.info({ adminToken: service.admin.token, admin }, 'admin token generated for this run (adminToken): set ADMIN_TOKEN to choose your own');
  void service.ready().then((ready) => {
    if (ready) log.info({ url: service.url }, `sop ready: ${service.url}/readyz answers 200`);
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
