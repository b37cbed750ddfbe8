export { buildGapReport, GAP_CLUSTERING, type GapReport, type GapTopic, type GapOptions } from './report.ts';
export { formatGapReport } from './format.ts';
export { clusterVectors, toSparse, weighByRarity, type Clustering, type Sparse } from './cluster.ts';
export { proposeTopicQuestions, proposeOutOfScope, outOfScopePath, MAX_QUESTIONS, type TopicProposal } from './propose.ts';
export { markTopic, markNotOurs, markNewSop, readMarks, listMarks, GAP_MARKS, type GapMark, type GapMarkKind } from './marks.ts';
export { requestNewSop } from './new-sop.ts';
export { postWeeklyDigest, digestMessage, isoWeek, DIGEST_TOPICS } from './digest.ts';
export { keptGapReports, GAP_PERIODS, type KeptGapReports } from './kept.ts';
