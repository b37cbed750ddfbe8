import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../logger.ts';
import { lockDataDir } from './pglite-lock.ts';
import { shareOverSocket, type SharedSocket } from './pglite-share.ts';
import type { Db, Queryable } from './types.ts';

/**
 * Embedded PostgreSQL (PGlite): the default when no DATABASE_URL is set, so the service runs on a
 * fresh machine. One process only: a lock file in `dataDir` refuses a second one, which would
 * otherwise overwrite the first one's committed rows. With `share` (`sop serve`) the process also
 * serves it on a Unix socket beside the lock, which other commands connect to (see `openDb`).
 * `dataDir` undefined keeps everything in memory.
 */
export async function createPgliteDb(options: { dataDir?: string; share?: boolean; log?: Logger } = {}): Promise<Db> {
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(options.dataDir);
  } catch (error) {
    unlock();
    throw error;
  }
  // Notifications sent by socket clients reach their own output, not PGlite's listeners: handed on here.
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let shared: SharedSocket | null = null;
  if (options.share && options.dataDir) {
    try {
      shared = await shareOverSocket(pglite, {
        dataDir: options.dataDir,
        onNotification: (channel, payload) => listeners.get(channel)?.forEach((cb) => queueMicrotask(() => cb(payload))),
        log: options.log,
      });
    } catch (error) {
      // The service runs without it: other commands are then refused, with the error naming the fix.
      options.log?.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'could not share the embedded database over a socket; other sop commands cannot use it meanwhile',
      );
    }
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const result = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    exec: async (sql) => {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    listen: async (channel, onMessage) => {
      const unsubscribe = await pglite.listen(channel, onMessage);
      const forChannel = listeners.get(channel) ?? new Set();
      listeners.set(channel, forChannel.add(onMessage));
      return async () => {
        forChannel.delete(onMessage);
        if (!pglite.closed) await unsubscribe();
      };
    },
    close: async () => {
      // Socket clients first: an open transaction of theirs is rolled back, and the socket file goes.
      await shared?.close();
      await pglite.close();
      unlock();
    },
  };
}
