import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serviceSecrets } from '../config/index.ts';
import { withinMs } from '../deadline.ts';
import { buildInfo } from './build-info.ts';
import type { Wiring } from './core.ts';
import { conversationStore, makeWorker, proposalTarget } from './jobs.ts';
import type { ServiceModules } from './modules.ts';
import { buildRouter, type Routing } from './routing.ts';
import type { Runtime } from './types.ts';

/** `Runtime.startService`: migrations, the active deployment, the HTTP app on `port` and, unless told not to, the worker. */
export async function startService(
  w: Wiring,
  m: ServiceModules,
  processEnv: Record<string, string | undefined>,
  { port = w.core.env.PORT, worker: withWorker = true }: Parameters<Runtime['startService']>[0],
): ReturnType<Runtime['startService']> {
  const { env, log } = w.core;
  const secrets = serviceSecrets(env);
  // Decisions are logged redacted: the name lexicon loads now, not on the first customer's request.
  m.privacy.warmRedaction();
  const db = await w.core.openDatabase({ share: true });
  const metrics = m.http.createMetrics({
    build: buildInfo(processEnv),
    // Read at each scrape: a database that does not answer within a second leaves the last counts.
    jobCounts: () => withinMs(m.db.createJobQueue({ db }).counts(), 1000),
  });
  w.reportDependencies((call) =>
    metrics.dependencyDuration.observe({ dependency: call.dependency, operation: call.operation, outcome: call.outcome }, call.seconds),
  );
  let routing: Routing;
  try {
    routing = await buildRouter(w, m, db, metrics);
  } catch (error) {
    await db.close();
    throw error;
  }
  const store = conversationStore(w, m, db);
  const webhook = m.openphone.createWebhookHandler({
    secrets,
    store,
    now: () => new Date(),
    log,
    onOutcome: (outcome, type) => metrics.webhookEvents.inc({ outcome, type }),
  });
  /** Set when shutdown begins: readiness fails and every response closes its connection. */
  let stopping = false;
  const readiness = m.http.createReadiness({ db, live: routing.live, stopping: () => stopping });
  const target = proposalTarget(w, m);
  // Outside production the dashboard is always on: without ADMIN_TOKEN, a token is made for this run.
  const adminToken = env.ADMIN_TOKEN ?? (env.NODE_ENV === 'production' ? undefined : randomBytes(18).toString('base64url'));
  if (!adminToken) log.warn('ADMIN_TOKEN is not set: the admin pages are off');
  const version = () => routing.live.current().version;
  const index = () => routing.live.current().knowledge.index;
  // The Gaps page's reports, kept computed in the background so a first view shows one at once.
  const gaps = adminToken ? m.gaps.keptGapReports({ db, version, index, log }) : undefined;
  const admin = adminToken
    ? m.http.createAdminRouter({
        token: adminToken,
        db,
        queue: m.db.createJobQueue({ db }),
        extractJob: m.openphone.EXTRACT_JOB,
        rollout: routing.rollout,
        version,
        documents: () => [...routing.live.current().knowledge.docs.values()].map((d) => ({ path: d.path, title: d.title })),
        index,
        host: target?.host ?? null,
        sopsPath: target?.sopsPath ?? 'sops',
        log,
        gaps,
      })
    : undefined;
  const app = m.http.createApp({
    webhook,
    readiness,
    metrics,
    log,
    ask: routing.router.ask,
    rollout: routing.rollout,
    apiToken: env.ASK_API_TOKEN,
    admin,
    closing: () => stopping,
    trustProxy: env.TRUST_PROXY,
    rateLimits: { ask: { perSecond: env.RATE_LIMIT_ASK_PER_SECOND }, webhook: { perSecond: env.RATE_LIMIT_WEBHOOK_PER_SECOND } },
  });
  const server = createServer(app);
  // Idle keep-alive connections outlive a load balancer's (60 s on the common ones), so the balancer
  // closes them first: a request it sends as this server closes one would otherwise fail with a 502.
  server.keepAliveTimeout = env.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject).listen(port, () => resolvePromise());
    });
  } catch (error) {
    await routing.close();
    await db.close();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (gaps && env.GAPS_WARM_MS > 0) gaps.keepWarm(env.GAPS_WARM_MS);
  // The worker starts on the next turn of the event loop, after the caller has announced the URL:
  // its first poll (the quiet-conversation sweep, the daily metrics) runs on PGlite in this very
  // thread and would otherwise hold the first health check back.
  const worker = makeWorker(w, m, db, store, () => routing.live.current().knowledge, target);
  if (withWorker) setImmediate(() => !stopping && worker.start());
  const ready = m.http.untilReady(readiness, () => stopping);
  return {
    url,
    db,
    ready: () => ready,
    admin: adminToken ? { token: adminToken, generated: !env.ADMIN_TOKEN } : null,
    close: async ({ graceMs = 0, timeoutMs = env.SHUTDOWN_TIMEOUT_MS } = {}) => {
      stopping = true;
      log.info({ graceMs, timeoutMs }, 'shutting down: /readyz answers 503');
      const jobDone = worker.stop();
      await sleep(graceMs);
      await m.http.drainServer(server, timeoutMs, log);
      await jobDone;
      await gaps?.stop();
      await routing.close();
      await db.close();
      log.info('shut down');
    },
  };
}
