import { hostname } from 'node:os';
import type { Db } from '../db/index.ts';
import type { Metrics } from '../http/index.ts';
import { answerSimilarity } from '../search/index.ts';
import type { ServiceModules } from './modules.ts';
import type { Wiring } from './core.ts';
import type { RouterHandle } from './types.ts';

/** The first version of a fresh database: the local SOPs, activated even if the smoke eval finds fault. */
export const bootstrap = (w: Wiring, m: ServiceModules, db: Db) => async () => {
  const { env, log } = w.core;
  const result = await m.deploy.runDeploy(w.core, db, {
    sopsDir: env.SOPS_DIR,
    rolloutFile: w.core.rolloutPath(env.SOPS_DIR),
    casesPath: env.EVALS_DIR,
    version: null,
    commitMessage: 'built at start: nothing was deployed yet',
    deployedBy: `sop serve on ${hostname()}`,
    keep: env.DEPLOY_KEEP,
    activateUnhealthy: true,
  });
  if (result.reasons.length)
    log.warn({ version: result.version, reasons: result.reasons }, 'the first version misses its gates; it answers until a deploy replaces it');
  log.info({ version: result.version }, 'no deployment yet: built one from the local SOPs');
  return result.version;
};

/** The active deployment, followed as deploys change it (bootstrapped on a fresh database). */
export const followDeployments = (w: Wiring, m: ServiceModules, db: Db) =>
  m.deploy.startLiveVersion({ ports: w.core, db, log: w.core.log, bootstrap: bootstrap(w, m, db), pollMs: w.core.env.DEPLOY_POLL_MS });

/** The router over the active deployment, with its decisions logged and escalations posted (counted in `metrics` when given). */
export async function buildRouter(w: Wiring, m: ServiceModules, db: Db, metrics?: Metrics) {
  const { env, log } = w.core;
  const assistant = m.assistant.chooseAssistant(env, { openai: w.core.openai, observe: w.observe, log });
  const live = await followDeployments(w, m, db);
  const decisions = m.metrics.createDecisionLog({
    db,
    similarity: (a, b) => answerSimilarity(live.current().knowledge.index.embedder, a, b),
    log,
    onWrite: (table, outcome) => metrics?.routerWrites.inc({ table, outcome }),
  });
  const slack = m.escalation.createSlackNotifier({
    url: env.SLACK_WEBHOOK_URL,
    log,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    observe: w.observe,
  });
  const router = m.router.createRouter({
    answering: () => live.current(),
    assistant,
    rollout: () => live.current().rollout,
    record: decisions.record,
    compare: decisions.compare,
    escalate: (e) => slack.notify(e).then((outcome) => metrics?.escalations.inc({ route: e.route, outcome })),
    sopTimeoutMs: env.SHADOW_TIMEOUT_MS,
    log,
  });
  return {
    router,
    live,
    /** The effective rollout of the active version, each value with its source. */
    rollout: () => live.current().rollout,
    close: async () => {
      await live.close();
      await router.drain();
      await decisions.flush();
    },
  };
}
export type Routing = Awaited<ReturnType<typeof buildRouter>>;

/** `Runtime.openRouter`: the router as a library, on its own database connection. */
export async function openRouter(w: Wiring, m: ServiceModules): Promise<RouterHandle> {
  const db = await w.core.openDatabase();
  try {
    const built = await buildRouter(w, m, db);
    return {
      ask: built.router.ask,
      rollout: built.rollout,
      version: () => built.live.current().version,
      db,
      close: async () => {
        await built.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
