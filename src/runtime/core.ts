import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { chooseAnswerer, createKnowledgeLoader, createSopModule } from '../answer/index.ts';
import { readEnv } from '../config/index.ts';
import { openaiOperation, timedFetch, type ObserveDependency } from '../dependency-timing.ts';
import { createLogger } from '../logger.ts';
import { createLocalEmbedder, createOpenAIEmbedder } from '../search/index.ts';
import type { Core } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The core of a runtime, and where its calls to outside systems are reported once a service has metrics. */
export type Wiring = { core: Core; observe: ObserveDependency; reportDependencies(sink: ObserveDependency): void };

/** Reads the environment once and makes the clients: OpenAI (when keyed), the embedders, the knowledge loader, the database. */
export function createCore(processEnv: Record<string, string | undefined>): Wiring {
  const env = readEnv(processEnv);
  const log = createLogger(env.LOG_LEVEL);
  let sink: ObserveDependency | null = null;
  const observe: ObserveDependency = (call) => sink?.(call);
  const openai = env.OPENAI_API_KEY
    ? new OpenAI({
        apiKey: env.OPENAI_API_KEY,
        baseURL: env.OPENAI_BASE_URL,
        timeout: env.OPENAI_TIMEOUT_MS,
        maxRetries: 2,
        fetch: timedFetch(observe, 'openai', openaiOperation),
      })
    : null;
  const local = createLocalEmbedder();
  const embedder = openai ? createOpenAIEmbedder({ client: openai, model: env.OPENAI_EMBEDDING_MODEL }) : local;
  const loader = createKnowledgeLoader({ sopsDir: env.SOPS_DIR, embedder, local, log, refitDir: join(env.DATA_DIR, 'calibration') });

  const core: Core = {
    env,
    log,
    embedder,
    openai,
    ...loader,
    createModule: (knowledge, threshold) => {
      const answerer = chooseAnswerer({
        setting: env.SOP_ANSWERER,
        client: openai,
        model: env.OPENAI_ANSWER_MODEL,
        sopTimeoutMs: env.SHADOW_TIMEOUT_MS,
        knowledge: () => knowledge,
        log,
      });
      return createSopModule({ knowledge, answerer, threshold, log });
    },
    openDatabase: async ({ share = false } = {}) => {
      const { openDb, runMigrations, withQueryTiming } = await import('../db/index.ts');
      const opened = await openDb({
        url: env.DATABASE_URL,
        schema: env.DATABASE_SCHEMA,
        poolMax: env.DATABASE_POOL_MAX,
        dataDir: join(env.DATA_DIR, 'pglite'),
        share,
        log,
      });
      const db = withQueryTiming(opened, observe);
      const applied = await runMigrations(db, MIGRATIONS_DIR);
      if (applied.length) log.info({ applied }, 'migrations applied');
      return db;
    },
    rolloutPath: (sopsDir) => {
      if (env.ROLLOUT_FILE) return env.ROLLOUT_FILE;
      const path = join(dirname(resolve(sopsDir)), 'rollout.yaml');
      const shown = relative(process.cwd(), path);
      return shown.startsWith('..') ? path : shown;
    },
  };
  return { core, observe, reportDependencies: (to) => (sink = to) };
}
