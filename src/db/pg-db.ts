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
  statementTimeoutMs?: number;
  log: Logger;
};

/** PostgreSQL through a `pg` pool: the production store, shared by any number of replicas. */
export async function createPgDb(options: PgDbOptions): Promise<Db> {
  const { schema } = options;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    // A locked or hung server answers within this, so a webhook gets 503 (retry) instead of hanging.
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // A connection the server drops while idle (restart, pg_terminate_backend) must not kill the process.
  pool.on('error', (error) => options.log.warn({ err: error.message }, 'idle PostgreSQL connection closed'));
  if (schema) {
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (error) {
      // Another replica created it at the same moment (a catalog race IF NOT EXISTS does not cover).
      if ((error as { code?: string }).code !== '23505') throw error;
    }
  }
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    exec: async (sql) => {
      await client.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    transaction: async (fn) => {
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
        const result = await fn(wrap(client));
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
    listen: async (channel, onMessage) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name "${channel}"`);
      const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000 });
      client.on('error', (error) => options.log.warn({ err: error.message, channel }, 'LISTEN connection lost; polling still runs'));
      client.on('notification', (n) => {
        if (n.channel === channel) onMessage(n.payload ?? '');
      });
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.end().catch(() => {});
      };
    },
    close: () => pool.end(),
  };
}
