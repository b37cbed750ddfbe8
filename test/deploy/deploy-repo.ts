/**
 * Shared helpers for the deploy tests: a git repository holding this repository's SOPs, calibration,
 * rollout.yaml and eval cases; the environment of a runtime on PGlite or on a PostgreSQL schema of
 * its own; and the one-sentence change to a SOP that the tests deploy.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';
import { createPgDb, type Db } from '../../src/db/index.ts';
import type { DeployOptions } from '../../src/deploy/index.ts';
import { parseQuestionList } from '../../src/answer/index.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { createNormaliser, unitsOfDocuments } from '../../src/search/index.ts';
import { loadCorpus } from '../../src/sops/index.ts';
import { REPO, SOP_BIN, SOP_TIMEOUT_MS, sopEnv, type SopRun } from '../cli/run-sop.ts';
import { captureLogger } from '../fakes/logger.ts';
import { makeSopsRepo } from '../git/sops-repo.ts';

/** The Reply of `tech/frozen-screen.md`: the sentence every deploy test changes, before and after. */
export const FROZEN = {
  file: 'sops/tech/frozen-screen.md',
  section: 'tech/frozen-screen.md#reply',
  question: 'trackman screen frozen and wont respond',
  before: 'Sorry about that, TrackMan has locked up.',
  after: 'Sorry, the TrackMan software has hung.',
} as const;

/** The distinct texts the index embeds for a folder of SOPs, read through its glossary: what a deploy with an empty cache embeds. */
export function embedTextsOf(sopsDir: string): Set<string> {
  const corpus = loadCorpus(sopsDir, { strict: false });
  const { normalise } = createNormaliser(corpus.glossary);
  return new Set(unitsOfDocuments(corpus.docs).flatMap((u) => u.embedTexts.map(normalise)));
}

/**
 * The texts a deploy embeds when it refits a stale calibration (the SOPs changed since
 * `calibration/model.json`) besides the SOPs' own: its out-of-scope questions not embedded before.
 */
export function refitTextsOf(sopsDir: string, embedded: Set<string>): string[] {
  const { normalise } = createNormaliser(loadCorpus(sopsDir, { strict: false }).glossary);
  const questions = parseQuestionList(readFileSync(join(sopsDir, '..', 'calibration', 'out-of-scope.txt'), 'utf8')).map(normalise);
  return [...new Set(questions)].filter((q) => !embedded.has(q));
}

export type DeployRepo = {
  dir: string;
  sopsDir: string;
  rolloutFile: string;
  evalsDir: string;
  git: (...args: string[]) => string;
  /** Commits everything; returns the new commit. */
  commit(message: string): string;
  /** Replaces `from` with `to` in a file of the repository; throws when `from` is not there. */
  edit(path: string, from: string, to: string): void;
};

/** Makes `dir` a repository like this one (SOPs, calibration, rollout.yaml, evals/), committed on main. */
export function makeDeployRepo(dir: string): DeployRepo {
  mkdirSync(dir, { recursive: true });
  const git = makeSopsRepo(dir);
  writeFileSync(join(dir, 'rollout.yaml'), testRollout());
  cpSync(join(REPO, 'evals'), join(dir, 'evals'), { recursive: true });
  const commit = (message: string) => {
    git('add', '-A');
    git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  commit('rollout and evals');
  return {
    dir,
    sopsDir: join(dir, 'sops'),
    rolloutFile: join(dir, 'rollout.yaml'),
    evalsDir: join(dir, 'evals'),
    git,
    commit,
    edit: (path, from, to) => {
      const file = join(dir, path);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(from)) throw new Error(`${path} does not contain "${from}"`);
      writeFileSync(file, text.replace(from, to));
    },
  };
}

/**
 * This repository's rollout.yaml as the deploy tests use it: out-of-scope false answers are not gated
 * (`max_false_answer_rate: 1`), so whether a test's change passes its gates never hangs on how today's
 * SOPs answer the out-of-scope cases; the gate's own tests cover that rate.
 */
export function testRollout(): string {
  const text = readFileSync(join(REPO, 'rollout.yaml'), 'utf8');
  if (!/max_false_answer_rate: [\d.]+/.test(text)) throw new Error('rollout.yaml has no default max_false_answer_rate');
  return text.replace(/max_false_answer_rate: [\d.]+/, 'max_false_answer_rate: 1');
}

/** `testRollout()` with `route` moved from shadow to rollout at `percentage`. */
export function rolloutWith(route: string, percentage: number, extra = ''): string {
  const text = testRollout();
  const from = `  ${route}:\n    mode: shadow\n`;
  if (!text.includes(from)) throw new Error(`rollout.yaml has no shadow route ${route}`);
  return text.replace(from, `  ${route}:\n    mode: rollout\n    percentage: ${percentage}\n${extra}`);
}

/**
 * `route` in rollout at 100% with threshold 0, so the SOP module sends every answer of the route, and
 * gates lowered so that any version passes its health check (the version a server builds at start
 * included, and any version can be rolled back to); test/deploy/deploy.test.ts covers failing gates.
 */
export function rolloutWithoutGates(route: string): string {
  const text = rolloutWith(route, 100, '    confidence_threshold: 0\n').replace(
    / {4}min_confident_correct: [\d.]+.*\n {4}min_precision: [\d.]+.*\n {4}max_false_answer_rate: [\d.]+.*\n/,
    '    min_confident_correct: 0\n    min_precision: 0\n    max_false_answer_rate: 1\n',
  );
  if (!text.includes('    min_confident_correct: 0\n')) throw new Error("rollout.yaml's default gates changed shape: lower them here again");
  return text;
}

/**
 * The rollout.yaml of this repository with `route` in rollout at `percentage` and a gate no SOPs meet
 * (every case answered confidently and rightly), so the change fails its gates whatever today's SOPs score.
 */
export function rolloutMissingGates(route: string, percentage: number): string {
  return rolloutWith(route, percentage, '    gates:\n      min_confident_correct: 1\n');
}

/** Where a test's runtime keeps its data: a folder of its own, and PGlite there or a PostgreSQL schema of its own. */
export type TestDatabase = { name: 'pglite' | 'postgres'; env(dir: string): Record<string, string> };

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const DEPLOY_DATABASES: TestDatabase[] = [
  { name: 'pglite', env: (dir) => ({ DATA_DIR: join(dir, 'data') }) },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'postgres' as const,
          // A data folder of its own too: a calibration refitted by one test is kept there, and must not serve another.
          env: (dir: string) => ({
            DATA_DIR: join(dir, 'data'),
            DATABASE_URL: process.env.TEST_DATABASE_URL!,
            DATABASE_SCHEMA: `test_${randomBytes(6).toString('hex')}`,
          }),
        },
      ]
    : []),
];

/** The environment of a runtime deploying `repo` into a database. */
export function runtimeEnv(repo: DeployRepo, database: Record<string, string>): Record<string, string> {
  return { LOG_LEVEL: 'silent', SOPS_DIR: repo.sopsDir, EVALS_DIR: repo.evalsDir, ...database };
}

/**
 * A repository like this one (under `dir`) and a migrated database of its own, for one test: the
 * database is closed, and its schema dropped, when the test finishes.
 */
export async function openDeployRepo(
  dir: string,
  database: TestDatabase['env'],
): Promise<{ repo: DeployRepo; runtime: Runtime; db: Db; env: Record<string, string> }> {
  const repo = makeDeployRepo(join(dir, 'repo'));
  const env = runtimeEnv(repo, database(dir));
  const runtime = createRuntime(env);
  const db = await runtime.openDatabase();
  onTestFinished(async () => {
    await db.close();
    await dropSchema(env);
  });
  return { repo, runtime, db, env };
}

/** Drops the PostgreSQL schema of an environment (nothing to do for PGlite: its folder is removed). */
export async function dropSchema(env: Record<string, string>): Promise<void> {
  if (!env.DATABASE_URL || !env.DATABASE_SCHEMA) return;
  const db = await createPgDb({ url: env.DATABASE_URL, log: captureLogger() });
  try {
    await db.exec(`DROP SCHEMA IF EXISTS ${env.DATABASE_SCHEMA} CASCADE`);
  } finally {
    await db.close();
  }
}

/** What `sop deploy` passes to runDeploy for `repo`, under an explicit version name. */
export function deployOptions(repo: DeployRepo, version: string | null, overrides: Partial<DeployOptions> = {}): DeployOptions {
  return {
    sopsDir: repo.sopsDir,
    rolloutFile: repo.rolloutFile,
    casesPath: repo.evalsDir,
    version,
    commitMessage: null,
    deployedBy: 'test',
    keep: 10,
    ...overrides,
  };
}

/**
 * Runs `node bin/sop.js ...args` without blocking the event loop (a server in this process keeps
 * answering meanwhile). `env` adds to (or, with undefined, removes from) the test environment.
 */
export async function runSopAsync(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<SopRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SOP_BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: sopEnv(options.env),
      timeout: SOP_TIMEOUT_MS,
      encoding: 'utf8',
    });
    return { status: 0, signal: null, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; signal?: NodeJS.Signals | null; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw new Error(`sop ${args.join(' ')} did not complete: ${e.message}`);
    return { status: e.code, signal: e.signal ?? null, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
