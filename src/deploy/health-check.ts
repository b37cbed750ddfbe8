import type { Queryable } from '../db/index.ts';
import { checkGate, type EvalCase } from '../evals/index.ts';
import type { VersionContent } from './build-version.ts';
import { evaluateVersion, readDeployCases, type EvaluatedVersion } from './evaluate-version.ts';
import { loadVersion, loadVersionContent, type LoadedVersion } from './load-version.ts';
import type { DeployPorts } from './ports.ts';

/** The verdict a version is stored with, and the report kept beside it. */
export type HealthCheck = {
  pass: boolean;
  reasons: string[];
  report: Record<string, unknown>;
  /** The active version the candidate was gated against (null: none was active); absent when the verdict does not depend on it. */
  against?: string | null;
};

/** The candidate checked on its own: a verdict already (it does not load, no cases, the cases fail on it), or its figures to gate. */
export type CandidateCheck = { verdict: HealthCheck } | { head: EvaluatedVersion; cases: EvalCase[] };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const failed = (reason: string): HealthCheck => ({ pass: false, reasons: [reason], report: { reasons: [reason] } });

/**
 * Loads a built version as a replica loads the stored one and runs the eval cases on it. A version that
 * cannot load, or that the cases cannot run on, fails; eval cases that cannot be read throw.
 */
export async function checkCandidate(ports: DeployPorts, version: string, content: VersionContent, casesPath: string | null): Promise<CandidateCheck> {
  let candidate: LoadedVersion;
  try {
    candidate = await loadVersionContent(ports, version, content);
  } catch (error) {
    return { verdict: failed(`the version does not load: ${messageOf(error)}`) };
  }
  const cases = readDeployCases(casesPath);
  if (cases.length === 0) return { verdict: { pass: true, reasons: [], report: { note: 'no eval cases: loaded, not evaluated' } } };
  try {
    return { head: await evaluateVersion(ports, candidate, cases, true), cases };
  } catch (error) {
    return { verdict: failed(`the eval cases do not run on it: ${messageOf(error)}`) };
  }
}

/**
 * Gates the candidate's figures against `activeVersion` (run on the same cases), like a pull request
 * against its base. An active version that no longer loads (another embedder, a damaged row) must not
 * block its replacement: the candidate is then checked without a base.
 */
export async function gateCandidate(
  ports: DeployPorts,
  db: Queryable,
  candidate: { head: EvaluatedVersion; cases: EvalCase[] },
  activeVersion: string | null,
): Promise<HealthCheck> {
  const { head, cases } = candidate;
  let base: EvaluatedVersion | null = null;
  let baseNote: string | null = null;
  if (activeVersion) {
    try {
      base = await evaluateVersion(ports, await loadVersion(ports, db, activeVersion), cases, false);
    } catch (error) {
      baseNote = `the active version ${activeVersion} does not load (${messageOf(error)}): checked without a base`;
    }
  }
  const gate = checkGate(head, base);
  const reasons = gate.routes.flatMap((r) => r.reasons);
  const { overall } = head.report;
  return {
    pass: gate.pass,
    reasons,
    report: {
      against: base ? activeVersion : null,
      ...(baseNote ? { note: baseNote } : {}),
      cases: cases.length,
      pass: gate.pass,
      reasons,
      overall: {
        hit1: overall.hit1,
        confidentCorrect: overall.confidentCorrect,
        precision: overall.precision,
        falseAnswerRate: overall.falseAnswerRate,
        p95Ms: overall.latencyMs.p95,
      },
    },
    against: activeVersion,
  };
}
