export type { FileChange, LocalReview, PrHost, Proposal, ProposalRequest } from './types.ts';
export { createLocalPrHost } from './local-host.ts';
export { createGitHubPrHost } from './github-host.ts';
export { createOctokit } from './octokit.ts';
