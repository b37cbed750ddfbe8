export { extractOffline, extractFromTurns, toTurns, type ExtractedItem, type Extraction, type Turn } from './extract-offline.ts';
export { createLlmExtractor } from './extract-llm.ts';
export { classifyItem, type Classification } from './classify.ts';
export { createExtractionJob, type ExtractionOptions } from './extract-job.ts';
export {
  redactedTurns,
  listConversations,
  readConversation,
  listExtracted,
  countExtracted,
  ITEM_STATUSES,
  type ConversationSummary,
  type ConversationDetail,
  type ExtractedRow,
} from './conversations.ts';
export { listProposals, findProposal, localReview, reviewProposal, type ProposalRow } from './proposals.ts';
