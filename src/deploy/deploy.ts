import type { Knowledge, SerializedKnowledge } from '../answer/index.ts';
import { effectiveRollout, type EffectiveRollout, type RolloutFile } from '../config/index.ts';
import type { Db, Queryable } from '../db/index.ts';
import { checkGate, type GateResult } from '../evals/index.ts';
import type { DeployPorts } from './ports.ts';
import { buildVersion } from './build-version.ts';
import { evaluateVersion, readDeployCases, type EvaluatedVersion } from './evaluate-version.ts';
import { activate, DEPLOY_LOCK, findDeployment, insertDeployment, loadDeployment, pruneDeployments, readActive } from './store.ts';

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

/** What a server answers from, loaded from a stored version exactly as a replica does. */
export type LoadedVersion = { version: string; knowledge: Knowledge; rollout: EffectiveRollout };

export async function loadVersion(ports: DeployPorts, db: Queryable, version: string): Promise<LoadedVersion> {
  const stored = await loadDeployment(db, version);
  if (!stored) throw new Error(`deployment ${version} does not exist`);
  return loadVersionContent(ports, version, stored);
}

/** Loads the content of a version, stored or only built (`sop deploy --diff`), as a server loads it. */
export async function loadVersionContent(ports: DeployPorts, version: string, content: { knowledge: SerializedKnowledge; rollout: RolloutFile | null }): Promise<LoadedVersion> {
  const knowledge = { ...(await ports.loadKnowledge({ serialized: content.knowledge })), version };
  const routes = [...knowledge.routes.keys()];
  const source = content.rollout ? { file: 'rollout.yaml', version, config: content.rollout } : null;
  return { version, knowledge, rollout: effectiveRollout(source, ports.env, routes) };
}

/** A deploy embeds, stores and checks a whole corpus, and may wait for another deploy's lock first. */
const DEPLOY_TIMEOUT_MS = 300_000;

/**
 * `sop deploy`: builds the knowledge of the SOPs (embedding only texts no earlier deploy embedded),
 * stores it with the calibration and the parsed rollout config as one immutable version, checks it
 * as a server would load it against the eval smoke set, and activates it when healthy and nothing is
 * pinned. One transaction under an advisory lock: two deploys run one after the other, and a deploy
 * killed midway leaves nothing behind and the active version untouched.
 */
export async function runDeploy(ports: DeployPorts, db: Db, options: DeployOptions): Promise<DeployResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEPLOY_LOCK]);
    const { knowledge: serialized, rollout, contentHash, sections, embedded } = await buildVersion(ports, tx, options);
    const active = await readActive(tx);
    const version = options.version ?? `local-${contentHash.slice(0, 12)}`;

    const existing = await findDeployment(tx, version);
    if (existing) {
      if (existing.contentHash !== contentHash) throw new Error(`version ${version} is stored already with other content: commit the change, or deploy it under another --version`);
      // A re-run of a deploy whose version failed its check fails again: that version was never activated.
      if (existing.health === 'failed') {
        const reasons = existing.healthReport.reasons;
        return { version, outcome: 'unhealthy', sections, embedded, reasons: Array.isArray(reasons) ? reasons.map(String) : [], pruned: [] };
      }
      return { version, outcome: 'unchanged', sections, embedded, reasons: [], pruned: [] };
    }

    await insertDeployment(tx, {
      version,
      deployedBy: options.deployedBy,
      commitMessage: options.commitMessage,
      contentHash,
      embedder: serialized.index.embedder,
      knowledge: serialized,
      rollout,
      sections,
      embedded,
      health: 'failed',
      healthReport: {},
    });
    const health = await healthCheck(ports, tx, version, active?.version ?? null, options.casesPath);
    await tx.query('UPDATE deployments SET health = $2, health_report = $3 WHERE version = $1', [version, health.pass ? 'passed' : 'failed', JSON.stringify(health.report)]);
    let outcome: DeployResult['outcome'] = 'unhealthy';
    if (health.pass || (options.activateUnhealthy && !active)) {
      if (active?.pinned) outcome = 'stored-pinned';
      else {
        await activate(tx, version, options.deployedBy, false);
        outcome = 'activated';
      }
    }
    const pruned = await pruneDeployments(tx, options.keep);
    return { version, outcome, sections, embedded, reasons: health.reasons, pruned };
  }, { timeoutMs: DEPLOY_TIMEOUT_MS });
}

/**
 * Loads the stored version as a replica would and runs the eval cases on it, gated against the active
 * version like a pull request against its base. A version that cannot load fails.
 */
async function healthCheck(ports: DeployPorts, db: Queryable, version: string, activeVersion: string | null, casesPath: string | null): Promise<{ pass: boolean; reasons: string[]; report: Record<string, unknown> }> {
  let candidate: LoadedVersion;
  try {
    candidate = await loadVersion(ports, db, version);
  } catch (error) {
    const reason = `the version does not load: ${error instanceof Error ? error.message : String(error)}`;
    return { pass: false, reasons: [reason], report: { reasons: [reason] } };
  }
  const cases = readDeployCases(casesPath);
  if (cases.length === 0) return { pass: true, reasons: [], report: { note: 'no eval cases: loaded, not evaluated' } };
  let head: EvaluatedVersion;
  try {
    head = await evaluateVersion(ports, candidate, cases, true);
  } catch (error) {
    const reason = `the eval cases do not run on it: ${error instanceof Error ? error.message : String(error)}`;
    return { pass: false, reasons: [reason], report: { reasons: [reason] } };
  }
  // An active version that no longer loads (another embedder, a damaged row) must not block its replacement.
  let base: EvaluatedVersion | null = null;
  let baseNote: string | null = null;
  if (activeVersion) {
    try {
      base = await evaluateVersion(ports, await loadVersion(ports, db, activeVersion), cases, false);
    } catch (error) {
      baseNote = `the active version ${activeVersion} does not load (${error instanceof Error ? error.message : String(error)}): checked without a base`;
    }
  }
  const gate: GateResult = checkGate(head, base);
  const reasons = gate.routes.flatMap((r) => r.reasons);
  const { overall } = head.report;
  return {
    pass: gate.pass,
    reasons,
    report: { against: base ? activeVersion : null, ...(baseNote ? { note: baseNote } : {}), cases: cases.length, pass: gate.pass, reasons, overall: { hit1: overall.hit1, confidentCorrect: overall.confidentCorrect, precision: overall.precision, falseAnswerRate: overall.falseAnswerRate, p95Ms: overall.latencyMs.p95 } },
  };
}
