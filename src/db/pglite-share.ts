import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.ts';
import { clearSocketRecord, writeSocketRecord } from './pglite-lock.ts';
import { createSocketSession } from './pglite-session.ts';

/** The socket's name: what `pg` (and psql) look for in the folder given as `host`. */
export const SOCKET_PORT = 5432;
const SOCKET_NAME = `.s.PGSQL.${SOCKET_PORT}`;
/** The longest Unix socket path Linux and macOS accept (sun_path), less a margin. */
const MAX_SOCKET_PATH = 100;
/**
 * A client silent this long is disconnected, and its open transaction rolled back: the service's
 * own queries wait while a socket client's transaction is open. As long as a deploy may take.
 */
const IDLE_TIMEOUT_MS = 300_000;

export type SharedSocket = { path: string; close(): Promise<void> };

/**
 * Serves the PGlite of `dataDir` over the PostgreSQL wire protocol on a Unix socket private to this
 * user (a 0700 folder `socket/` in `dataDir`, the socket 0600; never TCP), and records its path beside
 * the lock, so other `sop` commands use this process's database instead of being refused.
 */
export async function shareOverSocket(
  pglite: PGlite,
  options: { dataDir: string; onNotification: (channel: string, payload: string) => void; log?: Logger },
): Promise<SharedSocket> {
  const { dir, temporary } = socketDir(options.dataDir);
  const path = join(dir, SOCKET_NAME);
  rmSync(path, { force: true }); // left by a process that died: this one holds the lock now
  const session = createSocketSession(pglite, options.onNotification);
  const server = new PGLiteSocketServer({ db: session.db as PGlite, path, maxConnections: 100, idleTimeout: IDLE_TIMEOUT_MS });
  server.addEventListener('error', (event) => options.log?.warn({ err: String((event as CustomEvent<unknown>).detail) }, 'database socket error'));
  await server.start();
  chmodSync(path, 0o600);
  // A client that went away while its first message ran leaves the session held with nobody to end it.
  const watchdog = setInterval(() => {
    if (session.busy() && server.getStats().activeConnections === 0) void session.abort();
  }, 1000).unref();
  writeSocketRecord(options.dataDir, path);
  options.log?.info({ socket: path }, 'sharing the embedded database with sop commands over a Unix socket');
  return {
    path,
    close: async () => {
      clearInterval(watchdog);
      clearSocketRecord(options.dataDir);
      await server.stop();
      await session.abort();
      rmSync(temporary ? dir : path, { recursive: true, force: true });
    },
  };
}

/** `dataDir/socket`, or a private temporary folder when that path is too long for a socket. */
function socketDir(dataDir: string): { dir: string; temporary: boolean } {
  const dir = join(resolve(dataDir), 'socket');
  if (Buffer.byteLength(join(dir, SOCKET_NAME)) > MAX_SOCKET_PATH) return { dir: mkdtempSync(join(tmpdir(), 'sop-pglite-')), temporary: true };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return { dir, temporary: false };
}
