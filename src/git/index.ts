export type { FileChange, PrHost, Proposal, ProposalRequest } from './types.ts';
export { createLocalPrHost } from './local-host.ts';
