import type { Knowledge, SerializedKnowledge, SopModule } from '../answer/index.ts';
import type { RolloutOverrides } from '../config/index.ts';
import type { Embedder } from '../search/index.ts';

/**
 * What deploying needs from the service around it, and nothing more: how to build or load an index,
 * how to answer from one, and the environment's rollout overrides. The runtime of `src/main.ts`
 * is one; a test can pass its own.
 */
export type DeployPorts = {
  /** The environment's overrides of rollout.yaml (a kill switch, a threshold), as the router applies them. */
  env: RolloutOverrides;
  loadKnowledge(options: { sopsDir?: string; serialized?: SerializedKnowledge; embedWith?: (embedder: Embedder) => Embedder }): Promise<Knowledge>;
  createModule(knowledge: Knowledge): SopModule;
};
