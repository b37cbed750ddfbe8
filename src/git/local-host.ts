import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileChange, LocalReview, PrHost, Proposal, ProposalRequest } from './types.ts';

type Options = {
  /** The repository (a work tree or a bare repository). */
  repo: string;
  base?: string;
  author?: { name: string; email: string };
  now?: () => Date;
};

const ZERO = '0000000000000000000000000000000000000000';

/**
 * Proposals as branches of a local git repository, written with plumbing commands (hash-object,
 * a private index file, write-tree, commit-tree, update-ref) so the work tree and index are never
 * touched. Reviewers run `git diff main...knowledge/<key>` and merge or delete the branch.
 */
export function createLocalPrHost(options: Options): PrHost & { review: LocalReview } {
  const base = options.base ?? 'main';
  const author = options.author ?? { name: 'sop knowledge', email: 'sop-knowledge@localhost' };
  const now = options.now ?? (() => new Date());

  const git = (args: string[], o: { input?: string; env?: Record<string, string> } = {}) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile('git', args, { cwd: options.repo, env: { ...process.env, ...o.env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args[0]} failed: ${stderr.trim() || error.message}`));
        else resolve(stdout.trim());
      });
      if (o.input !== undefined) child.stdin?.end(o.input);
    });
  const revParse = (ref: string) => git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => null);

  return {
    kind: 'local',
    // The blob exactly as stored (the helper's trim would drop its final newline).
    readFile: (path) =>
      new Promise((resolve) => {
        execFile('git', ['cat-file', 'blob', `${base}:${path}`], { cwd: options.repo, maxBuffer: 64 << 20 }, (error, stdout) => resolve(error ? null : stdout));
      }),
    propose: (request) => commit(request),
    review: {
      diff: (branch) => git(['diff', `${base}...${branch}`]),
      merge: async (branch, message) => {
        if (!(await revParse(`refs/heads/${branch}`))) throw new Error(`no branch ${branch}: it was merged or rejected already`);
        const current = await git(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
        const stamp = `${Math.floor(now().getTime() / 1000)} +0000`;
        const env = {
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_AUTHOR_DATE: stamp,
          GIT_COMMITTER_NAME: author.name,
          GIT_COMMITTER_EMAIL: author.email,
          GIT_COMMITTER_DATE: stamp,
        };
        if (current === base) {
          // The reviewer has the base checked out: a real merge, so the work tree follows (git refuses over local edits).
          await git(['merge', '--no-ff', '-m', message, branch], { env });
        } else {
          const baseHead = (await revParse(base))!;
          const tree = (await git(['merge-tree', '--write-tree', base, branch])).split('\n')[0]!;
          const merged = await git(['commit-tree', tree, '-p', baseHead, '-p', branch, '-m', message], { env });
          await git(['update-ref', `refs/heads/${base}`, merged, baseHead]);
        }
        await git(['branch', '-D', branch]);
        return (await revParse(base))!;
      },
      reject: async (branch) => {
        await git(['branch', '-D', branch]);
      },
    },
  };

  async function commit(request: ProposalRequest): Promise<Proposal> {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(request.key)) throw new Error(`invalid proposal key "${request.key}": letters, digits, dot, dash and underscore only`);
    const branch = `knowledge/${request.key}`;
    const baseHead = await revParse(base);
    if (!baseHead) throw new Error(`base branch ${base} not found in ${options.repo}`);
    const existing = await revParse(`refs/heads/${branch}`);
    const parent = existing ?? baseHead;
    const tree = await treeWith(parent, request.changes);
    const parentTree = await git(['rev-parse', `${parent}^{tree}`]);
    const proposal = { key: request.key, branch, base, number: null, url: null };
    if (existing && tree === parentTree) return { ...proposal, head: existing, updated: false };
    const stamp = `${Math.floor(now().getTime() / 1000)} +0000`;
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: stamp,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
      GIT_COMMITTER_DATE: stamp,
    };
    const head = await git(['commit-tree', tree, '-p', parent, '-F', '-'], { input: `${request.title}\n\n${request.body}\n`, env });
    // Compare-and-swap: a concurrent writer of the same branch makes this fail instead of losing a commit.
    await git(['update-ref', `refs/heads/${branch}`, head, existing ?? ZERO]);
    return { ...proposal, head, updated: true };
  }

  /** The tree of `parent` with the changes applied, built in a private index file. */
  async function treeWith(parent: string, changes: FileChange[]): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'sop-index-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      await git(['read-tree', parent], { env });
      for (const change of changes) {
        if (change.path.startsWith('/') || change.path.split('/').includes('..'))
          throw new Error(`invalid path ${change.path}: use a path inside the repository`);
        const blob = await git(['hash-object', '-w', '--stdin'], { input: change.content });
        await git(['update-index', '--add', '--cacheinfo', `100644,${blob},${change.path}`], { env });
      }
      return await git(['write-tree'], { env });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
