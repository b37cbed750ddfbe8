export { runDeploy, type DeployOptions, type DeployResult } from './deploy.ts';
export { loadVersion, type LoadedVersion } from './load-version.ts';
export { startLiveVersion, type LiveVersion, type Answering } from './live.ts';
export {
  activate,
  listDeployments,
  readActive,
  setPinned,
  findDeployment,
  DEPLOY_CHANNEL,
  DEPLOY_LOCK,
  type DeploymentSummary,
  type ActiveState,
} from './store.ts';
export { withDatabaseEmbeddings } from './embedding-cache.ts';
export { rollbackDeployment, unpinDeployment } from './rollback.ts';
export { diffDeploy, type DeployDiff, type DiffOptions, type EvalComparison, type Figure, type RouteFigures } from './diff-deploy.ts';
export { formatDeployDiff } from './format-diff.ts';
export type { FileChange, SectionChange, FieldChange } from './diff-sops.ts';
export type { RolloutChange } from './diff-rollout.ts';
export type { DeployPorts } from './ports.ts';
