import type { Knowledge } from '../answer/index.ts';
import { effectiveRollout, type EffectiveRollout } from '../config/index.ts';
import type { Queryable } from '../db/index.ts';
import type { DeployPorts } from './ports.ts';
import { loadDeployment, type StoredContent } from './store.ts';

/** What a server answers from, loaded from a stored version exactly as a replica does. */
export type LoadedVersion = { version: string; knowledge: Knowledge; rollout: EffectiveRollout };

export async function loadVersion(ports: DeployPorts, db: Queryable, version: string): Promise<LoadedVersion> {
  const stored = await loadDeployment(db, version);
  if (!stored) throw new Error(`deployment ${version} does not exist`);
  return loadVersionContent(ports, version, stored);
}

/** Loads the content of a version, stored or only built (`sop deploy --diff`), as a server loads it. */
export async function loadVersionContent(ports: DeployPorts, version: string, content: StoredContent): Promise<LoadedVersion> {
  const knowledge = { ...(await ports.loadKnowledge({ serialized: content.knowledge })), version };
  const routes = [...knowledge.routes.keys()];
  const source = content.rollout ? { file: 'rollout.yaml', version, config: content.rollout } : null;
  return { version, knowledge, rollout: effectiveRollout(source, ports.env, routes) };
}
