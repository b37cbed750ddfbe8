import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../errors.ts';

export type BaseTree = {
  /** The commit the ref names. */
  commit: string;
  sopsDir: string;
  /** The base's rollout file, or null when the base had none. */
  rolloutFile: string | null;
  remove(): void;
};

function git(args: string[], cwd: string, input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const run = spawnSync('git', args, { cwd, input, maxBuffer: 512 * 1024 * 1024 });
  return { ok: run.status === 0, stdout: run.stdout ?? Buffer.alloc(0), stderr: (run.stderr ?? Buffer.alloc(0)).toString('utf8').trim() };
}

/**
 * Writes the SOPs, the rollout file and the calibration of a git ref into a temp folder (with
 * `git archive`), at the same paths relative to each other as in the work tree, so the base is
 * evaluated exactly as the head is.
 */
export function checkoutBase(ref: string, paths: { sopsDir: string; rolloutFile: string }): BaseTree {
  // Real paths: git reports its top level without symlinks, and relative paths must agree with it.
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  const sops = real(paths.sopsDir);
  const top = git(['rev-parse', '--show-toplevel'], sops);
  if (!top.ok) throw new InputError(`--base needs a git repository: ${paths.sopsDir} is not in one`);
  const root = top.stdout.toString('utf8').trim();
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (!commit.ok) throw new InputError(`unknown base ref "${ref}": fetch it first (e.g. git fetch origin main) or name a branch, tag or commit`);
  const sha = commit.stdout.toString('utf8').trim();
  const within = (path: string) => relative(root, real(path)).split('\\').join('/');
  const sopsPath = within(sops);
  const rolloutPath = within(paths.rolloutFile);
  const calibrationPath = `${sopsPath.includes('/') ? `${sopsPath.slice(0, sopsPath.lastIndexOf('/'))}/` : ''}calibration`;
  const exists = (path: string) => git(['cat-file', '-e', `${sha}:${path}`], root).ok;
  if (!exists(sopsPath)) throw new InputError(`the base ${ref} has no ${sopsPath}: nothing to compare against`);
  const wanted = [sopsPath, rolloutPath, calibrationPath].filter((p, i) => i === 0 || exists(p));

  const dir = mkdtempSync(join(tmpdir(), 'sop-base-'));
  try {
    const archive = git(['archive', '--format=tar', sha, '--', ...wanted], root);
    if (!archive.ok) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`could not unpack ${ref}: ${untar.stderr?.toString('utf8') ?? ''}`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    commit: sha,
    sopsDir: join(dir, sopsPath),
    rolloutFile: wanted.includes(rolloutPath) ? join(dir, rolloutPath) : null,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
