import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import {
  buildKnowledge,
  calibrateOnCorpus,
  createLlmAnswerer,
  createSopModule,
  deserializeKnowledge,
  parseQuestionList,
  staleCalibration,
  type Answerer,
  type CalibrationModel,
  type Knowledge,
  type SerializedKnowledge,
  type SopModule,
} from './answer/index.ts';
import { readEnv, webhookSecrets, type Env, type EffectiveRollout } from './config/index.ts';
import type { Db, JobHandler, Worker } from './db/index.ts';
import type { LiveVersion } from './deploy/index.ts';
import type { Readiness } from './http/index.ts';
import type { ConversationStore } from './openphone/index.ts';
import type { PrHost } from './git/index.ts';
import { gitRoot } from './git/work-tree.ts';
import type { Assistant } from './assistant/index.ts';
import type { AskReply, AskRequest } from './router/index.ts';
import { openaiOperation, timedFetch, type ObserveDependency } from './dependency-timing.ts';
import { withinMs } from './deadline.ts';
import { InputError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { answerSimilarity, createLocalEmbedder, createOpenAIEmbedder, withEmbedFallback, type Embedder } from './search/index.ts';
import { digestOfSops, loadCorpus, type Corpus } from './sops/index.ts';

/** The real dependencies, built once: the only place that reads `process.env` and makes API clients. */
/** The shortest bearer token production accepts: guessing 16 random characters is out of reach. */
const MIN_TOKEN_CHARS = 16;

/** Reports long work as it advances: `done` of `total` steps of the phase `stage` (a new total starts a new phase). */
export type ProgressListener = (done: number, total: number, stage: string) => void;

export type Runtime = {
  env: Env;
  log: Logger;
  embedder: Embedder;
  openai: OpenAI | null;
  /** The path of the committed calibration for a folder of SOPs: `calibration/model.json` beside it. */
  calibrationPath(sopsDir: string): string;
  /** What a calibration of a folder of SOPs is fitted on besides them: its out-of-scope questions, and the digest of all. */
  calibrationInputs(sopsDir: string, outOfScopeFile?: string): { outOfScopeFile: string; outOfScope: string[]; digest: string };
  /**
   * The knowledge to answer from: built from a folder of SOPs (each text embedded through `embedWith`
   * when given), or loaded from an index file or a deployed version's serialised knowledge.
   * `onProgress` follows a build from SOPs: `done` of `total` steps of the phase `stage`.
   */
  loadKnowledge(options: {
    sopsDir?: string;
    indexFile?: string;
    serialized?: SerializedKnowledge;
    embedWith?: (embedder: Embedder) => Embedder;
    onProgress?: ProgressListener;
  }): Promise<Knowledge>;
  createModule(knowledge: Knowledge, threshold?: number | ((route: string) => number)): SopModule;
  /**
   * The configured database (PostgreSQL for DATABASE_URL, else PGlite under DATA_DIR: the process's
   * own, or the one `sop serve` shares over its socket), migrated. `share`: serve PGlite to other commands.
   */
  openDatabase(options?: { share?: boolean }): Promise<Db>;
  /** `sop serve`: migrations, the SOP index, the HTTP app on `port` and, unless told not to, the worker. */
  startService(options: { port?: number; worker?: boolean }): Promise<Service>;
  /** `sop worker`: the job worker alone, until stopped, classifying against the active deployed version. */
  startWorker(): Promise<{ worker: Worker; version(): string; close(): Promise<void> }>;
  /** `sop extract` and `sop proposals`: the database and where proposals go, for one command. */
  openKnowledgeTools(): Promise<KnowledgeTools>;
  /** The router as a library: what `POST /api/ask` does, for a backend that runs it in process. */
  openRouter(): Promise<RouterHandle>;
  /** The rollout file of a folder of SOPs: ROLLOUT_FILE, else `rollout.yaml` beside the folder. */
  rolloutPath(sopsDir: string): string;
};

export type RouterHandle = {
  ask(request: AskRequest): Promise<AskReply>;
  /** The effective rollout config of the active version, each value with where it comes from. */
  rollout(): EffectiveRollout;
  /** The deployed version answering now. */
  version(): string;
  db: Db;
  close(): Promise<void>;
};

export type KnowledgeTools = {
  db: Db;
  host: PrHost | null;
  /** Runs the extraction of one conversation now (what the `extract` job does). */
  extract(conversationId: string): Promise<void>;
  close(): Promise<void>;
};

export type Service = {
  url: string;
  db: Db;
  /** Resolves true when `/readyz` first answers 200 (the database answers), false when the service closes first. */
  ready(): Promise<boolean>;
  /** The admin pages' sign-in token (`generated` when ADMIN_TOKEN was unset and one was made for this run); null when they are off. */
  admin: { token: string; generated: boolean } | null;
  /**
   * Stops serving: `/readyz` answers 503 at once while requests are still served for `graceMs`
   * (default 0), then no new connection is accepted and requests in flight get `timeoutMs` (default
   * SHUTDOWN_TIMEOUT_MS) before every connection left is closed; the worker finishes or releases its
   * job; then the database is closed.
   */
  close(options?: { graceMs?: number; timeoutMs?: number }): Promise<void>;
};

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** The service's modules, loaded only by the commands that serve: `sop ask` stays small and quick. */
async function serviceModules() {
  const [db, http, openphone, knowledge, privacy, git, assistant, router, deploy] = await Promise.all([
    import('./db/index.ts'),
    import('./http/index.ts'),
    import('./openphone/index.ts'),
    import('./knowledge/index.ts'),
    import('./privacy/index.ts'),
    import('./git/index.ts'),
    import('./assistant/index.ts'),
    import('./router/index.ts'),
    import('./deploy/index.ts'),
  ]);
  return { ...db, ...http, ...openphone, ...knowledge, ...privacy, ...git, ...assistant, ...router, ...deploy };
}
type ServiceModules = Awaited<ReturnType<typeof serviceModules>>;

export function createRuntime(processEnv: Record<string, string | undefined> = process.env): Runtime {
  const env = readEnv(processEnv);
  const log = createLogger(env.LOG_LEVEL);
  /** Where calls to outside systems are reported: the service's metrics once `startService` made them, else nowhere. */
  let dependencySink: ObserveDependency | null = null;
  const observe: ObserveDependency = (call) => dependencySink?.(call);
  const openai = env.OPENAI_API_KEY
    ? new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, timeout: env.OPENAI_TIMEOUT_MS, maxRetries: 2, fetch: timedFetch(observe, 'openai', openaiOperation) })
    : null;
  const local = createLocalEmbedder();
  const embedder = openai ? createOpenAIEmbedder({ client: openai, model: env.OPENAI_EMBEDDING_MODEL }) : local;
  const calibrationPath = (sopsDir: string) => join(dirname(resolve(sopsDir)), 'calibration', 'model.json');

  /** The out-of-scope questions of a folder of SOPs (`calibration/out-of-scope.txt` beside it), and the digest of both. */
  const calibrationInputs: Runtime['calibrationInputs'] = (sopsDir, outOfScopeFile = join(dirname(calibrationPath(sopsDir)), 'out-of-scope.txt')) => {
    const text = existsSync(outOfScopeFile) ? readFileSync(outOfScopeFile, 'utf8') : '';
    return { outOfScopeFile, outOfScope: parseQuestionList(text), digest: digestOfSops(sopsDir, { 'out-of-scope': text }) };
  };

  /** Calibrations fitted in this process, by digest and embedder: a stale one is refitted once, not at every load. */
  const refitted = new Map<string, Promise<CalibrationModel>>();
  /** The committed calibration when it was fitted on these SOPs with this embedder; else one fitted now. */
  const loadCalibration = async (sopsDir: string, corpus: Corpus, with_: Embedder, onProgress?: ProgressListener): Promise<CalibrationModel> => {
    const path = calibrationPath(sopsDir);
    const { outOfScope, digest } = calibrationInputs(sopsDir);
    const model = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CalibrationModel) : null;
    const stale = staleCalibration(model, { digest, embedder: with_.id });
    if (!stale) return model!;
    if (model) log.warn({ path, reason: stale }, 'calibration is stale; refitting in memory (run `sop calibrate` and commit calibration/model.json)');
    if (!corpus.docs.some((d) => d.questions.length > 0)) {
      throw new InputError(`cannot calibrate confidence for ${sopsDir}: no document has typical questions (front matter \`questions\` or a "## Typical questions" list), and ${path} does not exist`);
    }
    const key = `${digest} ${with_.id}`;
    let fit = refitted.get(key);
    if (!fit) {
      const onRefit = onProgress && ((done: number, total: number, stage: string) => onProgress(done, total, `refitting the stale calibration: ${stage}`));
      fit = calibrateOnCorpus(corpus, outOfScope, { embedder: with_, on: `held-out questions of ${sopsDir}`, digest, onProgress: onRefit }).then((report) => report.model);
      fit.catch(() => refitted.delete(key));
      refitted.set(key, fit);
    }
    return fit;
  };

  const buildFrom = async (sopsDir: string, with_: Embedder, onProgress?: ProgressListener): Promise<Knowledge> => {
    // Four steps: reading the SOPs, their calibration, then the index's two (embedding, the classifier).
    onProgress?.(0, 4, 'reading SOPs');
    const corpus = loadCorpus(sopsDir, { strict: false });
    if (corpus.docs.length === 0) throw new InputError(`no SOP documents in ${sopsDir}: add markdown files in route folders (<route>/<topic>.md, see sops/README.md)`);
    onProgress?.(1, 4, `checking the calibration of ${corpus.docs.length} documents`);
    const calibration = await loadCalibration(sopsDir, corpus, with_, onProgress);
    return buildKnowledge(corpus, with_, calibration, { onProgress: onProgress && ((done, _total, stage) => onProgress(2 + done, 4, stage)) });
  };

  const loadKnowledge: Runtime['loadKnowledge'] = async ({ sopsDir = env.SOPS_DIR, indexFile, serialized, embedWith = (e) => e, onProgress }) => {
    let knowledge: Knowledge;
    const data = serialized ?? (indexFile ? readIndexFile(indexFile) : null);
    if (data) {
      knowledge = deserializeKnowledge(data, data.index?.embedder === local.id ? local : embedder);
    } else {
      try {
        knowledge = await buildFrom(sopsDir, embedWith(embedder), onProgress);
      } catch (error) {
        if (embedder === local) throw error;
        log.warn({ err: error instanceof Error ? error.message : String(error), embedder: embedder.id }, 'remote embeddings failed; indexing with the local embedder');
        knowledge = await buildFrom(sopsDir, embedWith(local), onProgress);
      }
    }
    const { index } = knowledge;
    if (index.embedder.id === local.id) return knowledge;
    return { ...knowledge, index: index.withEmbedder(withEmbedFallback(index.embedder, log)) };
  };

  const createModule: Runtime['createModule'] = (knowledge, threshold) => {
    const useLlm = env.SOP_ANSWERER ? env.SOP_ANSWERER === 'llm' : openai !== null;
    let answerer: Answerer | undefined;
    // The router stops waiting for the SOP module after SHADOW_TIMEOUT_MS: the LLM must give up
    // before that, so the extractive answer still arrives in time.
    if (useLlm && openai) answerer = createLlmAnswerer({ client: openai, model: env.OPENAI_ANSWER_MODEL, knowledge: () => knowledge, budgetMs: Math.max(200, env.SHADOW_TIMEOUT_MS - 300) });
    else if (useLlm) log.warn('SOP_ANSWERER=llm needs OPENAI_API_KEY; answering with the extractive answerer');
    return createSopModule({ knowledge, answerer, threshold, log });
  };

  const openDatabase: Runtime['openDatabase'] = async ({ share = false } = {}) => {
    const { openDb, runMigrations, withQueryTiming } = await serviceModules();
    const db = withQueryTiming(await openDb({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolMax: env.DATABASE_POOL_MAX, dataDir: join(env.DATA_DIR, 'pglite'), share, log }), observe);
    const applied = await runMigrations(db, MIGRATIONS_DIR);
    if (applied.length) log.info({ applied }, 'migrations applied');
    return db;
  };

  /**
   * Where proposals go: GitHub pull requests with GITHUB_TOKEN and GITHUB_REPOSITORY, else branches
   * of the local repository that holds the SOPs (or PROPOSALS_REPO). Null when neither is usable.
   */
  const prHost = (m: ServiceModules): { host: PrHost; sopsPath: string } | null => {
    const sops = resolve(env.SOPS_DIR);
    if (env.GITHUB_TOKEN && env.GITHUB_REPOSITORY) {
      const octokit = m.createOctokit({ token: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL, log, observe });
      return { host: m.createGitHubPrHost({ octokit, repository: env.GITHUB_REPOSITORY, base: env.PROPOSALS_BASE }), sopsPath: env.SOPS_DIR.replace(/^\.\//, '') };
    }
    const repo = env.PROPOSALS_REPO ?? gitRoot(dirname(sops));
    if (!repo || !existsSync(join(repo, '.git'))) {
      log.warn({ repo }, 'no git repository for proposals: set PROPOSALS_REPO or GITHUB_TOKEN and GITHUB_REPOSITORY; extraction jobs wait in the queue');
      return null;
    }
    return { host: m.createLocalPrHost({ repo, base: env.PROPOSALS_BASE }), sopsPath: relative(repo, sops).split('\\').join('/') };
  };

  const extraction = (m: ServiceModules, db: Db, knowledge: () => Knowledge, target: { host: PrHost; sopsPath: string }) =>
    m.createExtractionJob({ db, knowledge, host: target.host, sopsPath: target.sopsPath, llm: openai ? m.createLlmExtractor({ client: openai, model: env.OPENAI_ANSWER_MODEL }) : undefined, log });

  /** The job worker: extraction (when proposals have somewhere to go) and the quiet-conversation sweep. */
  const makeWorker = (m: ServiceModules, db: Db, store: ConversationStore, knowledge: () => Knowledge, target = prHost(m)): Worker => {
    const handlers: Record<string, JobHandler> = {};
    if (target) handlers[m.EXTRACT_JOB] = extraction(m, db, knowledge, target);
    return m.createWorker({
      queue: m.createJobQueue({ db }),
      handlers,
      schedules: [{ name: 'quiet-conversations', everyMs: 60_000, run: () => store.enqueueQuiet(new Date()) }, m.dailyMetricsSchedule(db, () => new Date())],
      log,
    });
  };

  const conversationStore = (m: ServiceModules, db: Db) =>
    m.createConversationStore({
      db,
      queue: m.createJobQueue({ db }),
      windowMs: env.CONVERSATION_WINDOW_MINUTES * 60_000,
      quietMs: env.EXTRACTION_QUIET_MINUTES * 60_000,
    });

  const rolloutPath = (sopsDir: string) => {
    if (env.ROLLOUT_FILE) return env.ROLLOUT_FILE;
    const path = join(dirname(resolve(sopsDir)), 'rollout.yaml');
    const shown = relative(process.cwd(), path);
    return shown.startsWith('..') ? path : shown;
  };

  /** The legacy control: ASSISTANT, else the Responses API when a vector store is set, a legacy endpoint when its URL is, else recorded replies. */
  const createAssistant = (m: ServiceModules): Assistant => {
    const kind = env.ASSISTANT ?? (openai && env.ASSISTANT_VECTOR_STORE_ID ? 'responses' : env.ASSISTANT_HTTP_URL ? 'http' : 'recorded');
    if (env.NODE_ENV === 'production' && kind === 'recorded') {
      throw new InputError('the recorded Assistant replays eval cases and cannot answer customers: set ASSISTANT=responses (with ASSISTANT_VECTOR_STORE_ID) or ASSISTANT=http (with ASSISTANT_HTTP_URL) when NODE_ENV=production');
    }
    log.info({ assistant: kind }, 'the Assistant (legacy control)');
    if (kind === 'responses') {
      if (!openai || !env.ASSISTANT_VECTOR_STORE_ID) throw new InputError('ASSISTANT=responses needs OPENAI_API_KEY and ASSISTANT_VECTOR_STORE_ID (the old Assistant\'s vector store)');
      return m.createResponsesAssistant({ client: openai, model: env.ASSISTANT_MODEL, vectorStoreId: env.ASSISTANT_VECTOR_STORE_ID, instructions: env.ASSISTANT_INSTRUCTIONS, timeoutMs: env.ASSISTANT_TIMEOUT_MS });
    }
    if (kind === 'http') {
      if (!env.ASSISTANT_HTTP_URL) throw new InputError('ASSISTANT=http needs ASSISTANT_HTTP_URL (the legacy endpoint to POST questions to)');
      return m.createHttpAssistant({ url: env.ASSISTANT_HTTP_URL, token: env.ASSISTANT_HTTP_TOKEN, timeoutMs: env.ASSISTANT_TIMEOUT_MS, observe });
    }
    return m.createRecordedAssistant({ dir: env.EVALS_DIR });
  };

  /** The first version of a fresh database: the local SOPs, activated even if the smoke eval finds fault. */
  const bootstrap = (m: ServiceModules, db: Db) => async () => {
    const result = await m.runDeploy(runtime, db, {
      sopsDir: env.SOPS_DIR,
      rolloutFile: rolloutPath(env.SOPS_DIR),
      casesPath: env.EVALS_DIR,
      version: null,
      commitMessage: 'built at start: nothing was deployed yet',
      deployedBy: `sop serve on ${hostname()}`,
      keep: env.DEPLOY_KEEP,
      activateUnhealthy: true,
    });
    if (result.reasons.length) log.warn({ version: result.version, reasons: result.reasons }, 'the first version misses its gates; it answers until a deploy replaces it');
    log.info({ version: result.version }, 'no deployment yet: built one from the local SOPs');
    return result.version;
  };

  /** The router over the active deployment, with its decisions logged and escalations posted. */
  const buildRouter = async (m: ServiceModules, db: Db, metrics?: ReturnType<ServiceModules['createMetrics']>) => {
    const assistant = createAssistant(m);
    const live = await m.startLiveVersion({ ports: runtime, db, log, bootstrap: bootstrap(m, db), pollMs: env.DEPLOY_POLL_MS });
    const decisions = m.createDecisionLog({
      db,
      similarity: (a, b) => answerSimilarity(live.current().knowledge.index.embedder, a, b),
      log,
      onWrite: (table, outcome) => metrics?.routerWrites.inc({ table, outcome }),
    });
    const slack = m.createSlackNotifier({ url: env.SLACK_WEBHOOK_URL, log, publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`, observe });
    const router = m.createRouter({
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
  };

  const openRouter: Runtime['openRouter'] = async () => {
    const m = await serviceModules();
    const db = await openDatabase();
    try {
      const built = await buildRouter(m, db);
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
  };

  const startService: Runtime['startService'] = async ({ port = env.PORT, worker: withWorker = true }) => {
    const secrets = webhookSecrets(env);
    if (env.NODE_ENV === 'production' && secrets.length === 0) {
      throw new Error('OPENPHONE_WEBHOOK_SECRET is required when NODE_ENV=production: set the signing secret(s) of the OpenPhone webhook');
    }
    if (env.NODE_ENV === 'production' && !env.ASK_API_TOKEN) {
      throw new Error('ASK_API_TOKEN is required when NODE_ENV=production: the bearer token callers of /api/ask must send');
    }
    if (env.NODE_ENV === 'production' && env.ASK_API_TOKEN!.length < MIN_TOKEN_CHARS) {
      throw new Error(`ASK_API_TOKEN must be at least ${MIN_TOKEN_CHARS} characters when NODE_ENV=production (e.g. \`openssl rand -hex 24\`), got ${env.ASK_API_TOKEN!.length}`);
    }
    const m = await serviceModules();
    // Decisions are logged redacted: the name lexicon loads now, not on the first customer's request.
    m.warmRedaction();
    const db = await openDatabase({ share: true });
    const metrics = m.createMetrics({
      build: buildInfo(processEnv),
      // Read at each scrape: a database that does not answer within a second leaves the last counts.
      jobCounts: () => withinMs(m.createJobQueue({ db }).counts(), 1000),
    });
    dependencySink = (call) => metrics.dependencyDuration.observe({ dependency: call.dependency, operation: call.operation, outcome: call.outcome }, call.seconds);
    let routing: Awaited<ReturnType<typeof buildRouter>>;
    try {
      routing = await buildRouter(m, db, metrics);
    } catch (error) {
      await db.close();
      throw error;
    }
    const store = conversationStore(m, db);
    const webhook = m.createWebhookHandler({
      secrets,
      store,
      now: () => new Date(),
      log,
      onOutcome: (outcome, type) => metrics.webhookEvents.inc({ outcome, type }),
    });
    /** Set when shutdown begins: readiness fails and every response closes its connection. */
    let stopping = false;
    const readiness: Readiness = async () => {
      if (stopping) return { ready: false, checks: { shutdown: 'shutting down: send new requests to another replica' } };
      const checks: Record<string, string> = {};
      try {
        await withinMs(db.query('SELECT 1'), 2000);
        checks.database = 'ok';
      } catch (error) {
        checks.database = `unreachable: ${error instanceof Error ? error.message : String(error)}`;
      }
      const { version, loading, error } = routing.live.status();
      checks.sops = `${routing.live.current().knowledge.docs.size} documents indexed`;
      checks.version = `${version}${loading ? ` (loading ${loading})` : ''}${error ? `; the active version failed to load: ${error}` : ''}`;
      return { ready: checks.database === 'ok', checks };
    };
    const target = prHost(m);
    // Outside production the dashboard is always on: without ADMIN_TOKEN, a token is made for this run.
    const adminToken = env.ADMIN_TOKEN ?? (env.NODE_ENV === 'production' ? undefined : randomBytes(18).toString('base64url'));
    if (!adminToken) log.warn('ADMIN_TOKEN is not set: the admin pages are off');
    const admin = adminToken
      ? m.createAdminRouter({
          token: adminToken,
          db,
          queue: m.createJobQueue({ db }),
          extractJob: m.EXTRACT_JOB,
          rollout: routing.rollout,
          version: () => routing.live.current().version,
          documents: () => [...routing.live.current().knowledge.docs.values()].map((d) => ({ path: d.path, title: d.title })),
          host: target?.host ?? null,
          log,
        })
      : undefined;
    const app = m.createApp({ webhook, readiness, metrics, log, ask: routing.router.ask, rollout: routing.rollout, apiToken: env.ASK_API_TOKEN, admin, closing: () => stopping,
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
    // The worker starts on the next turn of the event loop, after the caller has announced the URL:
    // its first poll (the quiet-conversation sweep, the daily metrics) runs on PGlite in this very
    // thread and would otherwise hold the first health check back.
    const worker = makeWorker(m, db, store, () => routing.live.current().knowledge, target);
    if (withWorker) setImmediate(() => !stopping && worker.start());
    const ready = untilReady(readiness, () => stopping);
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
        await m.drainServer(server, timeoutMs, log);
        await jobDone;
        await routing.close();
        await db.close();
        log.info('shut down');
      },
    };
  };

  const startWorker: Runtime['startWorker'] = async () => {
    if (!env.DATABASE_URL) {
      throw new InputError('sop worker needs DATABASE_URL: with the embedded database the worker runs inside `sop serve`');
    }
    const m = await serviceModules();
    const db = await openDatabase();
    // Extracted knowledge is classified against the deployed version the servers answer with, followed as it changes.
    let live: LiveVersion;
    try {
      live = await m.startLiveVersion({ ports: runtime, db, log, bootstrap: bootstrap(m, db), pollMs: env.DEPLOY_POLL_MS });
    } catch (error) {
      await db.close();
      throw error;
    }
    const worker = makeWorker(m, db, conversationStore(m, db), () => live.current().knowledge);
    worker.start();
    return {
      worker,
      version: () => live.current().version,
      close: async () => {
        await worker.stop();
        await live.close();
        await db.close();
      },
    };
  };

  const openKnowledgeTools: Runtime['openKnowledgeTools'] = async () => {
    const m = await serviceModules();
    const db = await openDatabase();
    const target = prHost(m);
    let knowledge: Knowledge | null = null;
    return {
      db,
      host: target?.host ?? null,
      extract: async (conversationId) => {
        if (!target) throw new InputError('no git repository for proposals: set PROPOSALS_REPO, or GITHUB_TOKEN and GITHUB_REPOSITORY');
        knowledge ??= await loadKnowledge({});
        const loaded = knowledge;
        await extraction(m, db, () => loaded, target)({ id: 0, kind: m.EXTRACT_JOB, key: conversationId, payload: { conversationId }, attempts: 1, maxAttempts: 1 });
      },
      close: () => db.close(),
    };
  };

  const runtime: Runtime = { env, log, embedder, openai, calibrationPath, calibrationInputs, rolloutPath, loadKnowledge, createModule, openDatabase, startService, startWorker, openKnowledgeTools, openRouter };
  return runtime;
}

/** Resolves true once `readiness` first says ready (asked in process, every 250 ms), false if shutdown begins first. */
async function untilReady(readiness: Readiness, stopped: () => boolean): Promise<boolean> {
  while (!stopped()) {
    if ((await readiness().catch(() => null))?.ready) return true;
    await sleep(250, undefined, { ref: false });
  }
  return false;
}

/** The labels of `sop_build_info`: the package's version, Node's, and the commit when it is cheaply known. */
function buildInfo(processEnv: Record<string, string | undefined>): { version: string; node: string; commit?: string } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // an unusual install: the metric still says which Node runs
  }
  let commit = processEnv.SOURCE_COMMIT ?? processEnv.GIT_COMMIT;
  if (!commit && existsSync(join(root, '.git'))) {
    // A checkout: one short `git` call at start. A missing git, or a slow one, leaves the label out.
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    if (head.status === 0 && /^[0-9a-f]{40}$/.test(head.stdout.trim())) commit = head.stdout.trim();
  }
  return { version, node: process.version, ...(commit ? { commit: commit.trim().slice(0, 64) } : {}) };
}

function readIndexFile(file: string): SerializedKnowledge {
  if (!existsSync(file)) throw new InputError(`index file not found: ${file} (build one with \`sop index --out ${file}\`)`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SerializedKnowledge;
  } catch (error) {
    throw new InputError(`${file} is not an index built by \`sop index\`: ${(error as Error).message.slice(0, 80)}`);
  }
}
