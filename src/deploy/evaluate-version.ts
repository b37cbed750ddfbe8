import { existsSync } from 'node:fs';
import type { EffectiveRollout } from '../config/index.ts';
import { readCases, runEval, type EvalCase, type EvalReport } from '../evals/index.ts';
import type { DeployPorts } from './ports.ts';
import type { LoadedVersion } from './load-version.ts';

/** A version's eval report, with the rollout config its thresholds came from (what `checkGate` takes). */
export type EvaluatedVersion = { report: EvalReport; rollout: EffectiveRollout };

/** The eval cases a deploy checks versions on; none when the path is unset or missing. */
export function readDeployCases(casesPath: string | null): EvalCase[] {
  return casesPath && existsSync(casesPath) ? readCases(casesPath) : [];
}

/**
 * Runs the eval cases on a version as loaded by a server. `strict`: every expected source must exist
 * in it (the candidate); false for the version it is compared with, which may lack a new document.
 */
export async function evaluateVersion(
  ports: DeployPorts,
  version: LoadedVersion,
  cases: EvalCase[],
  strict: boolean,
  onProgress?: (done: number, total: number) => void,
): Promise<EvaluatedVersion> {
  const report = await runEval({
    knowledge: version.knowledge,
    module: ports.createModule(version.knowledge),
    cases,
    rollout: version.rollout,
    strictSources: strict,
    onProgress,
  });
  return { report, rollout: version.rollout };
}
