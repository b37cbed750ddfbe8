import { InputError } from '../errors.ts';
import type { DeploymentSummary } from './store.ts';

/** The stored version `named` names: itself, or the one version it is a prefix of (a short commit). */
export function findNamedVersion(versions: readonly DeploymentSummary[], named: string): DeploymentSummary {
  const matching = versions.filter((v) => v.version === named || v.version.startsWith(named));
  const exact = matching.find((v) => v.version === named);
  if (exact) return exact;
  if (matching.length > 1) throw new InputError(`${named} names ${matching.length} versions (${matching.map((v) => v.version).join(', ')}): give more of it`);
  if (!matching[0]) throw new InputError(`no version ${named}: see sop deploy --list`);
  return matching[0];
}
