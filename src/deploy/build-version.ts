import { createHash } from 'node:crypto';
import { serializeKnowledge, type SerializedKnowledge } from '../answer/index.ts';
import { readRolloutFile, type RolloutFile } from '../config/index.ts';
import type { Queryable } from '../db/index.ts';
import type { DeployPorts } from './ports.ts';
import { withDatabaseEmbeddings, type CountingEmbedder, type FreshEmbeddings } from './embedding-cache.ts';

/** The content of a version, as a deploy stores it and `sop deploy --diff` compares it. */
export type VersionContent = { knowledge: SerializedKnowledge; rollout: RolloutFile | null };

export type BuiltVersion = VersionContent & {
  /** Names a `local-` version and tells a re-run from another content under the same name. */
  contentHash: string;
  sections: number;
  /** Texts embedded by the model, not read back from the cache. */
  embedded: number;
  /** Those texts' vectors: a deploy adds them to the cache when it stores the version (a diff never). */
  fresh: FreshEmbeddings[];
};

type Options = { sopsDir: string; rolloutFile: string };

/**
 * Builds what a deploy of a folder of SOPs stores: the knowledge (texts embedded through the
 * database's cache, which is only read), the parsed rollout.yaml, and the hash of that content.
 */
export async function buildVersion(ports: DeployPorts, db: Queryable, options: Options): Promise<BuiltVersion> {
  // One per embedder tried: a remote model that fails midway is replaced by the local one, whose count is the version's.
  const counters: CountingEmbedder[] = [];
  const knowledge = await ports.loadKnowledge({
    sopsDir: options.sopsDir,
    embedWith: (e) => {
      const counter = withDatabaseEmbeddings(e, db);
      counters.push(counter);
      return counter;
    },
  });
  const routes = [...knowledge.routes.keys()];
  const rollout: RolloutFile | null = readRolloutFile(options.rolloutFile, routes)?.config ?? null;
  const serialized = serializeKnowledge(knowledge, new Date());
  const contentHash = createHash('sha256')
    .update(
      JSON.stringify({ docs: serialized.docs, routes: serialized.routes, calibration: serialized.calibration, rollout, embedder: serialized.index.embedder }),
    )
    .digest('hex');
  const embedded = counters.at(-1)?.embedded ?? 0;
  return { knowledge: serialized, rollout, contentHash, sections: knowledge.index.units.length, embedded, fresh: counters.map((c) => c.fresh()) };
}
