/** Something SQL can be sent to: the database, or one transaction on it. */
export type Queryable = {
  /** One statement with `$1`-style parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
};

/** The one database interface all code uses: PostgreSQL through `pg`, or embedded PGlite. Same SQL on both. */
export type Db = Queryable & {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Each
   * statement has the database's time limit unless `timeoutMs` gives this transaction its own (a
   * migration, a deploy waiting for another's lock).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
  /** Calls `onMessage` with the payload of every NOTIFY on `channel` until the returned function is called. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};
