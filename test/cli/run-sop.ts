/**
 * Shared helpers for the CLI tests: run the real `bin/sop.js` in a child process (no mocks),
 * with an environment that never reaches OpenAI and keeps logs off stderr, plus temp folders.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The repository root: `sop` runs here so `sops/` and `calibration/` are the committed ones. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SOP_BIN = join(REPO, 'bin', 'sop.js');
/**
 * One spawn takes about a second; one whose SOPs changed since calibration/model.json refits it
 * (about 15 s). This leaves room for that on a loaded CI machine.
 */
export const SOP_TIMEOUT_MS = 90_000;

export type SopRun = { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export type RunOptions = {
  /** Working directory; the repository root by default. */
  cwd?: string;
  /** Variables added to (or, with `undefined`, removed from) the test environment. */
  env?: Record<string, string | undefined>;
  /** Text piped to stdin (stdin is a pipe, never a TTY). */
  input?: string;
  timeoutMs?: number;
};

/** Variables that would change what `sop` does: an API key, another SOP folder, another answerer. */
const SCRUBBED = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_EMBEDDING_MODEL', 'OPENAI_ANSWER_MODEL', 'OPENAI_TIMEOUT_MS', 'SOPS_DIR', 'SOP_ANSWERER'];

/** The environment of every run: the parent's minus the OpenAI/SOP settings, logs silenced. */
export function sopEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED) delete env[name];
  env.OPENAI_API_KEY = '';
  env.LOG_LEVEL = 'silent';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Runs `node bin/sop.js ...args` and returns its exit status and output; throws if it could not run or timed out. */
export function runSop(args: readonly string[], options: RunOptions = {}): SopRun {
  const run = spawnSync(process.execPath, [SOP_BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: sopEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? SOP_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`sop ${args.join(' ')} did not complete: ${run.error.message}\nstderr: ${run.stderr ?? ''}`);
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `sop ... --json`-style commands that must succeed, and parses their stdout. */
export function runSopJson<T>(args: readonly string[], options: RunOptions = {}): T {
  const run = runSop(args, options);
  if (run.status !== 0) throw new Error(`sop ${args.join(' ')} exited ${String(run.status)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * A temp-folder factory for one test file: call at module level, get `tempDir()`;
 * every folder it made is removed after the file's tests.
 */
export function useTempDirs(prefix = 'sop-cli-'): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** The JSON log lines in `text` (whole lines only); a line that is not JSON throws, naming it. */
export function logLines(text: string): Record<string, unknown>[] {
  const lines = text.split('\n');
  lines.pop(); // the part after the last newline is a line still being written
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
}

/**
 * Starts `sop serve --port 0` (and `args`) in a child process, as operators run it, and waits for its start line
 * (the JSON line "sop listening on …", at info: LOG_LEVEL is info unless `env` says otherwise).
 * `output()` is everything it has printed on stdout and stderr so far; `stdout()` the first alone.
 */
export async function spawnServe(options: {
  cwd: string;
  env: Record<string, string | undefined>;
  args?: readonly string[];
}): Promise<{ child: ChildProcess; url: string; output(): string; stdout(): string }> {
  const child = spawn(process.execPath, [SOP_BIN, 'serve', '--port', '0', ...(options.args ?? [])], {
    cwd: options.cwd,
    env: sopEnv({ LOG_LEVEL: 'info', ...options.env }),
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString('utf8');
    stdout += c.toString('utf8');
  });
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  let url = '';
  // A first start builds and deploys the SOPs: on a loaded machine that alone can take a minute.
  for (const until = Date.now() + SOP_TIMEOUT_MS; Date.now() < until && !url && child.exitCode === null; ) {
    const started = output
      .split('\n')
      .slice(0, -1)
      .find((l) => l.includes('"msg":"sop listening on '));
    url = started ? String((JSON.parse(started) as { url: string }).url) : '';
    if (!url) await sleep(100);
  }
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`sop serve did not start:\n${output}`);
  }
  return { child, url, output: () => output, stdout: () => stdout };
}

/** Writes `files` (relative path → content) under `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** The route folders of the repository's `sops/`, in the order `sop` lists them. */
export function repoRoutes(): string[] {
  return readdirSync(join(REPO, 'sops'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
}

/** How many SOP documents the repository's `sops/` holds (route folders' markdown minus instructions). */
export function repoDocumentCount(): number {
  return repoRoutes().reduce(
    (n, route) =>
      n +
      readdirSync(join(REPO, 'sops', route), { recursive: true, encoding: 'utf8' }).filter(
        (f) => f.endsWith('.md') && !/(^|\/)(system_instructions|readme)\.md$/i.test(f),
      ).length,
    0,
  );
}
