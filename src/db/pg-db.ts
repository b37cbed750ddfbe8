import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { Db, Queryable } from './types.ts';

// int8 (counts, bigserial ids) as numbers: ours stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export type PgDbOptions = {
  url: string;
  /** A schema to work in (created if missing): tests and side-by-side runs keep apart this way. */
  schema?: string;
  max?: number;
  /** The server's limit on a statement (5 s); the client gives up one second later. */
  statementTimeoutMs?: number;
  /** How long a new connection may take (3 s). */
  connectTimeoutMs?: number;
  log: Logger;
};

/** How long the client waits beyond the server's own limit before it gives a statement up. */
const CLIENT_GRACE_MS = 1000;

/** The `application_name` of the LISTEN connection, by which an operator (or a test) finds it in `pg_stat_activity`. */
export const LISTEN_APPLICATION = 'sop-listen';

/** PostgreSQL through a `pg` pool: the production store, shared by any number of replicas. */
export async function createPgDb(options: PgDbOptions): Promise<Db> {
  const { schema } = options;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const statementTimeoutMs = options.statementTimeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    // A locked or hung server answers within this, so a webhook gets 503 (retry) instead of hanging;
    // a server that drops packets never answers at all, so the client stops waiting a second later.
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + CLIENT_GRACE_MS,
    keepAlive: true,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // A connection the server drops while idle (restart, pg_terminate_backend) must not kill the process.
  pool.on('error', (error) => options.log.warn({ err: error.message }, 'idle PostgreSQL connection closed'));
  // And one that is checked out: between the pool's listener and a caller's, a server's "terminating
  // connection" must never be an uncaught 'error' event that ends the process. The pool's listener
  // (idle) or the failing query (checked out) reports it; this one only keeps the event handled.
  pool.on('connect', (client) => client.on('error', () => {}));
  if (schema) {
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (error) {
      // Another replica created it at the same moment (a catalog race IF NOT EXISTS does not cover).
      if ((error as { code?: string }).code !== '23505') throw error;
    }
  }
  /** Statements on `client`, with the client's own time limit `queryTimeoutMs` when given (0: none). */
  const wrap = (client: pg.Pool | pg.PoolClient, queryTimeoutMs?: number): Queryable => {
    const config = (text: string, values?: readonly unknown[]): pg.QueryConfig => ({
      text,
      values: values as unknown[] | undefined,
      ...(queryTimeoutMs !== undefined ? { query_timeout: queryTimeoutMs } : {}),
    });
    return {
      query: async <T>(sql: string, params?: readonly unknown[]) => {
        const result = await client.query(config(sql, params));
        return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
      },
      exec: async (sql) => {
        await client.query(config(sql));
      },
    };
  };
  return {
    kind: 'postgres',
    ...wrap(pool),
    transaction: async (fn, { timeoutMs } = {}) => {
      const client = await pool.connect();
      let broken = false;
      // While checked out, the pool does not listen to the client: a connection dropped between two
      // statements would otherwise be an unhandled 'error' event that kills the process.
      const onError = (error: Error) => {
        broken = true;
        options.log.warn({ err: error.message }, 'PostgreSQL connection lost during a transaction');
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const queryTimeoutMs = timeoutMs === undefined ? undefined : timeoutMs === 0 ? 0 : timeoutMs + CLIENT_GRACE_MS;
        if (timeoutMs !== undefined) await client.query(`SET LOCAL statement_timeout = ${Math.max(0, Math.floor(timeoutMs))}`);
        const result = await fn(wrap(client, queryTimeoutMs));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    // A connection of its own: LISTEN lasts as long as the session, which a pooled client does not own.
    // When the server drops it (restart, failover, pg_terminate_backend) it is opened again with a
    // growing pause, and `onMessage('')` then says a notification may have been missed meanwhile.
    listen: async (channel, onMessage) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name "${channel}"`);
      let client: pg.Client | null = null;
      let stopped = false;
      let retry: NodeJS.Timeout | null = null;
      const open = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000, application_name: LISTEN_APPLICATION });
        let lost = false;
        const reopen = (reason: string) => {
          if (lost || stopped) return;
          lost = true;
          options.log.warn({ err: reason, channel }, 'LISTEN connection lost; opening it again (polling runs meanwhile)');
          void c.end().catch(() => {});
          schedule(1);
        };
        c.on('error', (error) => reopen(error.message));
        c.on('end', () => reopen('the connection ended'));
        c.on('notification', (n) => {
          if (n.channel === channel) onMessage(n.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
        } catch (error) {
          lost = true; // the caller retries; this connection's own events must not schedule a second try
          void c.end().catch(() => {});
          throw error;
        }
        if (stopped) {
          lost = true;
          await c.end().catch(() => {});
          return;
        }
        client = c;
      };
      const schedule = (attempt: number) => {
        if (retry || stopped) return;
        const delayMs = Math.min(30_000, 500 * 2 ** (attempt - 1));
        retry = setTimeout(() => {
          retry = null;
          if (stopped) return;
          open().then(
            () => {
              if (stopped) return;
              options.log.info({ channel, attempt }, 'LISTEN connection open again');
              onMessage('');
            },
            (error: unknown) => {
              options.log.warn(
                { err: error instanceof Error ? error.message : String(error), channel, attempt },
                'LISTEN connection could not be opened again; retrying',
              );
              schedule(attempt + 1);
            },
          );
        }, delayMs);
        retry.unref();
      };
      await open();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        await (client as pg.Client | null)?.end().catch(() => {});
      };
    },
    close: () => pool.end(),
  };
}
