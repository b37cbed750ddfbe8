import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../db/index.ts';
import { withinMs } from '../deadline.ts';
import type { LiveVersion } from '../deploy/index.ts';
import type { Readiness } from './app.ts';

/**
 * `/readyz`: ready while the database answers within 2 s and shutdown has not begun. The checks also
 * say how many documents the active version indexes, and which version is loading or failed to load.
 */
export function createReadiness(options: { db: Queryable; live: Pick<LiveVersion, 'current' | 'status'>; stopping: () => boolean }): Readiness {
  const { db, live } = options;
  return async () => {
    if (options.stopping()) return { ready: false, checks: { shutdown: 'shutting down: send new requests to another replica' } };
    const checks: Record<string, string> = {};
    try {
      await withinMs(db.query('SELECT 1'), 2000);
      checks.database = 'ok';
    } catch (error) {
      checks.database = `unreachable: ${error instanceof Error ? error.message : String(error)}`;
    }
    const { version, loading, error } = live.status();
    checks.sops = `${live.current().knowledge.docs.size} documents indexed`;
    checks.version = `${version}${loading ? ` (loading ${loading})` : ''}${error ? `; the active version failed to load: ${error}` : ''}`;
    return { ready: checks.database === 'ok', checks };
  };
}

/** Resolves true once `readiness` first says ready (asked in process, every 250 ms), false if shutdown begins first. */
export async function untilReady(readiness: Readiness, stopped: () => boolean): Promise<boolean> {
  while (!stopped()) {
    if ((await readiness().catch(() => null))?.ready) return true;
    await sleep(250, undefined, { ref: false });
  }
  return false;
}
