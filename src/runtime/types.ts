import type OpenAI from 'openai';
import type { KnowledgeLoader, Knowledge, SopModule } from '../answer/index.ts';
import type { EffectiveRollout, Env } from '../config/index.ts';
import type { Db, Worker } from '../db/index.ts';
import type { PrHost } from '../git/index.ts';
import type { Logger } from '../logger.ts';
import type { AskReply, AskRequest } from '../router/index.ts';
import type { Embedder } from '../search/index.ts';

/** The real dependencies, built once by `createRuntime`: the only reader of `process.env` and maker of API clients. */
export type Runtime = KnowledgeLoader & {
  env: Env;
  log: Logger;
  embedder: Embedder;
  openai: OpenAI | null;
  createModule(knowledge: Knowledge, threshold?: number | ((route: string) => number)): SopModule;
  /**
   * The configured database (PostgreSQL for DATABASE_URL, else PGlite under DATA_DIR: the process's
   * own, or the one `sop serve` shares over its socket), migrated. `share`: serve PGlite to other commands.
   */
  openDatabase(options?: { share?: boolean }): Promise<Db>;
  /** The rollout file of a folder of SOPs: ROLLOUT_FILE, else `rollout.yaml` beside the folder. */
  rolloutPath(sopsDir: string): string;
  /** `sop serve`: migrations, the SOP index, the HTTP app on `port` and, unless told not to, the worker. */
  startService(options: { port?: number; worker?: boolean }): Promise<Service>;
  /** `sop worker`: the job worker alone, until stopped, classifying against the active deployed version. */
  startWorker(): Promise<{ worker: Worker; version(): string; close(): Promise<void> }>;
  /** `sop extract` and `sop proposals`: the database and where proposals go, for one command. */
  openKnowledgeTools(): Promise<KnowledgeTools>;
  /** The router as a library: what `POST /api/ask` does, for a backend that runs it in process. */
  openRouter(): Promise<RouterHandle>;
};

/** What every part of the runtime is built from: `Runtime` without the commands that serve. */
export type Core = Omit<Runtime, 'startService' | 'startWorker' | 'openKnowledgeTools' | 'openRouter'>;

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
  /** The SOP folder's path in the proposals' repository (`sops`). */
  sopsPath: string;
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
