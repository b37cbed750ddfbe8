import { basename, dirname } from 'node:path';
import type { Logger } from '../logger.ts';
import { createPgDb } from './pg-db.ts';
import { createPgliteDb } from './pglite-db.ts';
import { findSharedSocket } from './pglite-lock.ts';
import type { Db } from './types.ts';

/**
 * A socket client waits its turn on the shared PGlite session, which the service (or a deploy)
 * may hold for a whole transaction: it waits up to a minute, then gets an error, never hangs.
 */
const SOCKET_WAIT_MS = 60_000;

/**
 * PostgreSQL when a URL is given; else PGlite with its data in `dataDir`, or, when another process
 * holds that folder and shares it (`sop serve`), that process's database over its Unix socket.
 * `share` makes this process share it in turn.
 */
export async function openDb(options: { url?: string; dataDir: string; schema?: string; poolMax?: number; share?: boolean; log: Logger }): Promise<Db> {
  if (options.url) return createPgDb({ url: options.url, schema: options.schema, max: options.poolMax, log: options.log });
  const socket = await findSharedSocket(options.dataDir);
  if (socket) {
    // One connection: the session serves one statement at a time whatever the pool size.
    const url = `postgresql://postgres@localhost:${basename(socket).replace(/^\.s\.PGSQL\./, '')}/postgres?host=${encodeURIComponent(dirname(socket))}`;
    return createPgDb({ url, max: 1, statementTimeoutMs: SOCKET_WAIT_MS, connectTimeoutMs: SOCKET_WAIT_MS, log: options.log });
  }
  return createPgliteDb({ dataDir: options.dataDir, share: options.share, log: options.log });
}

// Connection failures, administrator shutdown, too many connections, and a statement timeout (the
// server's, or the client's when the server does not answer at all).
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '57014']);

/** True when an error means the database cannot be reached now (the caller should retry later). */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code ?? '';
  return (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|PGlite is closed|Client has encountered a connection error/i.test(
      error.message,
    )
  );
}
