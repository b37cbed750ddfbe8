import type { SopModule } from '../answer/index.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { DeployPorts } from './ports.ts';
import { loadVersion, type LoadedVersion } from './load-version.ts';
import { DEPLOY_CHANNEL, readActive } from './store.ts';

export type Answering = LoadedVersion & { module: SopModule };

export type LiveVersion = {
  /** What answers now; one object, so a request that read it is answered wholly by one version. */
  current(): Answering;
  status(): { version: string; loading: string | null; error: string | null };
  close(): Promise<void>;
};

type Options = {
  ports: DeployPorts;
  db: Db;
  log: Logger;
  /** Makes and activates a version when none is active (a fresh machine); returns it. */
  bootstrap: () => Promise<string>;
  pollMs?: number;
};

/**
 * The active deployment of this replica. It follows the database: a NOTIFY (PostgreSQL) or the poll
 * (every `pollMs`, and the only way on PGlite) sees a new active version, which is loaded in the
 * background and then swapped in at once; until then, and if it fails to load, the old one answers.
 */
export async function startLiveVersion(options: Options): Promise<LiveVersion> {
  const { ports, db, log } = options;
  const activeVersion = (await readActive(db))?.version ?? (await options.bootstrap());
  const load = async (version: string): Promise<Answering> => {
    const loaded = await loadVersion(ports, db, version);
    return { ...loaded, module: ports.createModule(loaded.knowledge) };
  };
  let current = await load(activeVersion);
  let loading: string | null = null;
  let error: string | null = null;
  let closed = false;
  let busy = false;
  let again = false;

  const follow = async () => {
    if (closed) return;
    // A notice that arrives while a version loads may name a newer one: look again once it is in.
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const active = await readActive(db);
      if (!active || active.version === current.version) {
        error = null;
        return;
      }
      loading = active.version;
      const next = await load(active.version);
      if (closed) return;
      log.info({ from: current.version, to: next.version }, 'switched to the active deployment');
      current = next;
      error = null;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // Once per problem, not at every poll.
      if (message !== error) log.warn({ version: loading, err: message }, 'could not load the active deployment; the previous one keeps answering');
      error = message;
    } finally {
      loading = null;
      busy = false;
      if (again) {
        again = false;
        void follow();
      }
    }
  };
  const unlisten = await db
    .listen(DEPLOY_CHANNEL, () => void follow())
    .catch((e: unknown) => {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'LISTEN failed; following deployments by polling');
      return async () => {};
    });
  const timer = setInterval(() => void follow(), options.pollMs ?? 2000).unref();

  return {
    current: () => current,
    status: () => ({ version: current.version, loading, error }),
    close: async () => {
      closed = true;
      clearInterval(timer);
      await unlisten();
    },
  };
}
