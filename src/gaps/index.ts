export { buildGapReport, GAP_CLUSTERING, type GapReport, type GapTopic, type GapOptions } from './report.ts';
export { formatGapReport } from './format.ts';
export { clusterVectors, toSparse, weighByRarity, type Clustering, type Sparse } from './cluster.ts';
export { proposeTopicQuestions, MAX_QUESTIONS, type TopicQuestions } from './propose.ts';
