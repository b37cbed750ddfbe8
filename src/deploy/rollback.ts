import type { Db } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { findNamedVersion } from './named-version.ts';
import { activate, DEPLOY_LOCK, listDeployments, readActive, setPinned } from './store.ts';

/** A rollback may wait for a running deploy to release the lock. */
const LOCK_WAIT_MS = 300_000;

/**
 * Activates the previous healthy version (the newest one stored before the active one), or the one
 * `named` (a version or an unambiguous prefix), and pins it: deploys are then stored but not
 * activated until `unpinDeployment`. Runs under the deploy lock; returns the version activated.
 */
export async function rollbackDeployment(db: Db, named: string | null, by: string): Promise<string> {
  return db.transaction(
    async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [DEPLOY_LOCK]);
      const [versions, active] = await Promise.all([listDeployments(tx), readActive(tx)]);
      const healthy = versions.filter((v) => v.health === 'passed' && v.version !== active?.version);
      const activeAt = versions.find((v) => v.version === active?.version)?.createdAt;
      const chosen = named ? findNamedVersion(versions, named) : healthy.find((v) => !activeAt || v.createdAt <= activeAt);
      if (!chosen) throw new InputError('no earlier healthy version to roll back to: see sop deploy --list');
      if (chosen.health !== 'passed') throw new InputError(`version ${chosen.version} failed its health check: roll back to a healthy one (sop deploy --list)`);
      await activate(tx, chosen.version, by, true);
      return chosen.version;
    },
    { timeoutMs: LOCK_WAIT_MS },
  );
}

/** Unpins, and activates the newest healthy version; returns it. */
export async function unpinDeployment(db: Db, by: string): Promise<string> {
  return db.transaction(
    async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [DEPLOY_LOCK]);
      const latest = (await listDeployments(tx)).find((v) => v.health === 'passed');
      if (!latest) throw new InputError('no healthy version to activate');
      const active = await readActive(tx);
      if (active?.version === latest.version) await setPinned(tx, false);
      else await activate(tx, latest.version, by, false);
      return latest.version;
    },
    { timeoutMs: LOCK_WAIT_MS },
  );
}
