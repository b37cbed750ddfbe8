import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The labels of `sop_build_info`: the package's version, Node's, and the commit when it is cheaply known. */
export function buildInfo(processEnv: Record<string, string | undefined>): { version: string; node: string; commit?: string } {
  const root = fileURLToPath(new URL('../..', import.meta.url));
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
