import type { Octokit } from '@octokit/rest';
import type { PrHost, Proposal, ProposalRequest } from './types.ts';

type Options = {
  /** An Octokit with the retry and throttling plugins (built in main.ts). */
  octokit: Octokit;
  /** `owner/name`. */
  repository: string;
  base?: string;
};

/**
 * Proposals as GitHub pull requests, written through the Git Data API (blobs, a tree on the base
 * tree, a commit, a ref): no clone. The same key is the same branch `knowledge/<key>` and the same
 * open pull request, whose body is updated when new support arrives. Never merges.
 */
export function createGitHubPrHost(options: Options): PrHost {
  const [owner = '', repo = ''] = options.repository.split('/');
  if (!owner || !repo) throw new Error(`GITHUB_REPOSITORY must be owner/name, got "${options.repository}"`);
  const base = options.base ?? 'main';
  const { octokit } = options;
  const status = (error: unknown) => (error as { status?: number }).status;

  const refSha = async (branch: string): Promise<string | null> => {
    try {
      return (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
    } catch (error) {
      if (status(error) === 404) return null;
      throw error;
    }
  };

  const propose = async (request: ProposalRequest): Promise<Proposal> => {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(request.key)) throw new Error(`invalid proposal key "${request.key}": letters, digits, dot, dash and underscore only`);
    const branch = `knowledge/${request.key}`;
    const baseSha = await refSha(base);
    if (!baseSha) throw new Error(`base branch ${base} not found in ${options.repository}`);
    const existing = await refSha(branch);
    const parent = existing ?? baseSha;
    const parentTree = (await octokit.rest.git.getCommit({ owner, repo, commit_sha: parent })).data.tree.sha;
    const entries = [];
    for (const change of request.changes) {
      const blob = await octokit.rest.git.createBlob({ owner, repo, content: change.content, encoding: 'utf-8' });
      entries.push({ path: change.path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha });
    }
    const tree = (await octokit.rest.git.createTree({ owner, repo, base_tree: parentTree, tree: entries })).data.sha;
    let head = existing;
    let updated = false;
    if (!existing || tree !== parentTree) {
      head = (await octokit.rest.git.createCommit({ owner, repo, message: `${request.title}\n\n${request.body}`, tree, parents: [parent] })).data.sha;
      updated = true;
      if (existing) await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: head, force: false });
      else {
        try {
          await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: head });
        } catch (error) {
          // Created meanwhile (a retried job, another replica): start again on top of it.
          if (status(error) !== 422 || !(await refSha(branch))) throw error;
          return propose(request);
        }
      }
    }
    const open = (await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: 'open' })).data[0];
    let number: number;
    let url: string;
    if (open) {
      await octokit.rest.pulls.update({ owner, repo, pull_number: open.number, title: request.title, body: request.body });
      ({ number, html_url: url } = open);
    } else {
      const created = (await octokit.rest.pulls.create({ owner, repo, title: request.title, body: request.body, head: branch, base })).data;
      ({ number, html_url: url } = created);
    }
    if (request.labels.length) await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: request.labels });
    return { key: request.key, branch, base, head: head!, number, url, updated };
  };

  return {
    kind: 'github',
    readFile: async (path) => {
      try {
        const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref: base });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
        return Buffer.from(data.content, 'base64').toString('utf8');
      } catch (error) {
        if (status(error) === 404) return null;
        throw error;
      }
    },
    propose,
    openIssue: async (request) => {
      const { data } = await octokit.rest.issues.create({ owner, repo, title: request.title, body: request.body, labels: request.labels });
      return { number: data.number, url: data.html_url };
    },
  };
}
