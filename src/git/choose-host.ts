import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Env } from '../config/index.ts';
import type { ObserveDependency } from '../dependency-timing.ts';
import type { Logger } from '../logger.ts';
import { createGitHubPrHost } from './github-host.ts';
import { createLocalPrHost } from './local-host.ts';
import { createOctokit } from './octokit.ts';
import type { PrHost } from './types.ts';
import { gitRoot } from './work-tree.ts';

type HostSettings = Pick<Env, 'SOPS_DIR' | 'GITHUB_TOKEN' | 'GITHUB_REPOSITORY' | 'GITHUB_API_URL' | 'PROPOSALS_BASE' | 'PROPOSALS_REPO'>;

/** Where proposals go, and the SOP folder's path inside that repository. */
export type ProposalTarget = { host: PrHost; sopsPath: string };

/**
 * Where proposals go: GitHub pull requests with GITHUB_TOKEN and GITHUB_REPOSITORY, else branches of
 * the local repository that holds the SOPs (or PROPOSALS_REPO). Null, with a warning, when neither is usable.
 */
export function chooseProposalTarget(env: HostSettings, deps: { log: Logger; observe: ObserveDependency }): ProposalTarget | null {
  const { log } = deps;
  const sops = resolve(env.SOPS_DIR);
  if (env.GITHUB_TOKEN && env.GITHUB_REPOSITORY) {
    const octokit = createOctokit({ token: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL, log, observe: deps.observe });
    return { host: createGitHubPrHost({ octokit, repository: env.GITHUB_REPOSITORY, base: env.PROPOSALS_BASE }), sopsPath: env.SOPS_DIR.replace(/^\.\//, '') };
  }
  const repo = env.PROPOSALS_REPO ?? gitRoot(dirname(sops));
  if (!repo || !existsSync(join(repo, '.git'))) {
    log.warn({ repo }, 'no git repository for proposals: set PROPOSALS_REPO or GITHUB_TOKEN and GITHUB_REPOSITORY; extraction jobs wait in the queue');
    return null;
  }
  return { host: createLocalPrHost({ repo, base: env.PROPOSALS_BASE }), sopsPath: relative(repo, sops).split('\\').join('/') };
}
