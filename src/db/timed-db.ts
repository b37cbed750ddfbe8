import { timeDependency, type ObserveDependency } from '../dependency-timing.ts';
import type { Db, Queryable } from './types.ts';

const KINDS = new Set(['select', 'insert', 'update', 'delete']);

/**
 * The kind of a statement, for a metric label: `select`, `insert`, `update`, `delete` (a `WITH`
 * by the first write in it), else `other`. Never the SQL text, whose variety has no bound.
 */
export function statementKind(sql: string): string {
  const words = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .trimStart()
    .slice(0, 4096)
    .toLowerCase();
  const first = /^[a-z]+/.exec(words)?.[0] ?? '';
  if (KINDS.has(first)) return first;
  // A WITH that writes anywhere (in a CTE or its main statement) is a write.
  if (first === 'with') return /\b(insert|update|delete)\b/.exec(words)?.[1] ?? 'select';
  return 'other';
}

/**
 * The database with every statement timed as `database` / its kind (`exec` for scripts, `transaction`
 * for a whole transaction, its statements counted too); what it returns and throws is unchanged.
 */
export function withQueryTiming(db: Db, observe: ObserveDependency): Db {
  const timed = (q: Queryable): Queryable => ({
    query: <T>(sql: string, params?: readonly unknown[]) => timeDependency(observe, 'database', statementKind(sql), () => q.query<T>(sql, params)),
    exec: (sql) => timeDependency(observe, 'database', 'exec', () => q.exec(sql)),
  });
  // Members other than these (listen, close, any added later) pass through as they are.
  return {
    ...db,
    ...timed(db),
    transaction: (fn, options) => timeDependency(observe, 'database', 'transaction', () => db.transaction((tx) => fn(timed(tx)), options)),
  };
}
