import type { Logger } from '../logger.ts';
import { createPgDb } from './pg-db.ts';
import { createPgliteDb } from './pglite-db.ts';
import type { Db } from './types.ts';

/** PostgreSQL when a URL is given, else PGlite with its data in `dataDir`. */
export function openDb(options: { url?: string; dataDir: string; schema?: string; poolMax?: number; log: Logger }): Promise<Db> {
  return options.url
    ? createPgDb({ url: options.url, schema: options.schema, max: options.poolMax, log: options.log })
    : createPgliteDb({ dataDir: options.dataDir });
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
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|PGlite is closed|Client has encountered a connection error/i.test(error.message)
  );
}
