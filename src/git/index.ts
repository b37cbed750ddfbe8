export type { FileChange, IssueRequest, LocalReview, PrHost, Proposal, ProposalRequest } from './types.ts';
export { createLocalPrHost } from './local-host.ts';
export { createGitHubPrHost } from './github-host.ts';
export { createOctokit } from './octokit.ts';
export { fenced, inertLine } from './inert.ts';
export { DEFAULT_PR_COMMENT_MARKER, GITHUB_COMMENT_LIMIT, fitCommentBody, upsertPrComment, type PrCommentOptions, type PrCommentResult } from './pr-comment.ts';
export { chooseProposalTarget, type ProposalTarget } from './choose-host.ts';
