import type { Db, Queryable } from '../db/index.ts';
import type { DeployPorts } from './ports.ts';
import { buildVersion, type BuiltVersion } from './build-version.ts';
import { storeEmbeddings } from './embedding-cache.ts';
import { checkCandidate, gateCandidate, type CandidateCheck, type HealthCheck } from './health-check.ts';
import { activate, asStored, DEPLOY_LOCK, findDeployment, insertDeployment, pruneDeployments, readActive } from './store.ts';

export type DeployOptions = {
  sopsDir: string;
  rolloutFile: string;
  /** Eval cases for the smoke run; none (or a missing folder) skips it. */
  casesPath: string | null;
  /** The git commit the SOPs come from; null outside git: `local-<content hash>`. */
  version: string | null;
  commitMessage: string | null;
  deployedBy: string;
  /** Versions kept; older ones are pruned. */
  keep: number;
  /** Activate even when the health check fails: only for the first version of a fresh database. */
  activateUnhealthy?: boolean;
};

export type DeployResult = {
  version: string;
  /** `unchanged`: the same content was stored already and passed its check; one that failed it is `unhealthy` again. */
  outcome: 'activated' | 'stored-pinned' | 'unhealthy' | 'unchanged';
  sections: number;
  embedded: number;
  reasons: string[];
  pruned: string[];
};

/**
 * The activation transaction's statements, the wait for the lock included: others hold that lock only
 * for their own activation (or a rollback), never while they embed or evaluate.
 */
const ACTIVATE_TIMEOUT_MS = 30_000;
/** How many times a deploy is checked again because another version was activated while it was checked. */
const MAX_RECHECKS = 3;

/**
 * `sop deploy`: builds the knowledge of the SOPs (embedding only texts no earlier deploy embedded),
 * checks it as a server would load it against the eval smoke set, gated against the active version,
 * then stores it with the calibration and the parsed rollout config as one immutable version and
 * activates it when healthy and nothing is pinned.
 *
 * Building and checking hold no transaction and no lock (they only read); storing and activating is
 * one short transaction under the deploy lock, which reads again what the verdict rests on. When the
 * active version is no longer the one the candidate was gated against (a deploy or a rollback committed
 * meanwhile), nothing is written: the candidate is gated again against the new active version, outside
 * the lock, and the transaction retried (at most MAX_RECHECKS times, then it throws and stores nothing).
 * So a version is always stored with its verdict against the version it replaces, as if deploys ran
 * one after the other; a deploy killed midway leaves nothing behind, not even its embeddings.
 */
export async function runDeploy(ports: DeployPorts, db: Db, options: DeployOptions): Promise<DeployResult> {
  const built = await buildVersion(ports, db, options);
  const version = options.version ?? `local-${built.contentHash.slice(0, 12)}`;
  let candidate: CandidateCheck | null = null;
  const check = async (): Promise<HealthCheck> => {
    candidate ??= await checkCandidate(ports, version, await asStored(db, built), options.casesPath);
    if ('verdict' in candidate) return candidate.verdict;
    return gateCandidate(ports, db, candidate, (await readActive(db))?.version ?? null);
  };
  // A version stored already is not checked again: the transaction reports it (or refuses other content under its name).
  let verdict = (await findDeployment(db, version)) ? null : await check();
  for (let rechecks = 0; ; rechecks++) {
    const result = await db.transaction((tx) => storeVersion(tx, version, built, verdict, options), { timeoutMs: ACTIVATE_TIMEOUT_MS });
    if (result) return result;
    if (rechecks === MAX_RECHECKS) {
      throw new Error(`another version was activated while ${version} was checked, ${rechecks + 1} times: nothing was stored; deploy again`);
    }
    verdict = await check();
  }
}

/**
 * Under the deploy lock: stores the version with its verdict (and the embeddings it made), activates it
 * when healthy and not pinned, and prunes. Null, with nothing written, when `verdict` was reached against
 * another version than the active one (or there is none, the version having gone since it was seen).
 */
async function storeVersion(
  tx: Queryable,
  version: string,
  built: BuiltVersion,
  verdict: HealthCheck | null,
  options: DeployOptions,
): Promise<DeployResult | null> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [DEPLOY_LOCK]);
  const { contentHash, sections, embedded } = built;
  const existing = await findDeployment(tx, version);
  if (existing) {
    if (existing.contentHash !== contentHash) {
      throw new Error(`version ${version} is stored already with other content: commit the change, or deploy it under another --version`);
    }
    await storeEmbeddings(tx, built.fresh);
    // A re-run of a deploy whose version failed its check fails again: that version was never activated.
    if (existing.health === 'failed') {
      const reasons = existing.healthReport.reasons;
      return { version, outcome: 'unhealthy', sections, embedded, reasons: Array.isArray(reasons) ? reasons.map(String) : [], pruned: [] };
    }
    return { version, outcome: 'unchanged', sections, embedded, reasons: [], pruned: [] };
  }
  const active = await readActive(tx);
  if (!verdict || (verdict.against !== undefined && verdict.against !== (active?.version ?? null))) return null;

  await storeEmbeddings(tx, built.fresh);
  await insertDeployment(tx, {
    version,
    deployedBy: options.deployedBy,
    commitMessage: options.commitMessage,
    contentHash,
    embedder: built.knowledge.index.embedder,
    knowledge: built.knowledge,
    rollout: built.rollout,
    sections,
    embedded,
    health: verdict.pass ? 'passed' : 'failed',
    healthReport: verdict.report,
  });
  let outcome: DeployResult['outcome'] = 'unhealthy';
  if (verdict.pass || (options.activateUnhealthy && !active)) {
    if (active?.pinned) outcome = 'stored-pinned';
    else {
      await activate(tx, version, options.deployedBy, false);
      outcome = 'activated';
    }
  }
  const pruned = await pruneDeployments(tx, options.keep);
  return { version, outcome, sections, embedded, reasons: verdict.reasons, pruned };
}
