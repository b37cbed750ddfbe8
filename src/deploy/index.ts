export { runDeploy, loadVersion, type DeployOptions, type DeployResult, type LoadedVersion } from './deploy.ts';
export { startLiveVersion, type LiveVersion, type Answering } from './live.ts';
export { activate, listDeployments, readActive, setPinned, findDeployment, DEPLOY_CHANNEL, DEPLOY_LOCK, type DeploymentSummary, type ActiveState } from './store.ts';
export { withDatabaseEmbeddings } from './embedding-cache.ts';
export { rollbackDeployment, unpinDeployment } from './rollback.ts';
