import type { Logger } from '../../src/logger.ts';

export type LogEntry = { level: 'info' | 'warn' | 'error' | 'debug'; args: unknown[] };

/** A Logger that keeps every call, for asserting on what was logged. */
export function captureLogger(): Logger & { entries: LogEntry[]; warnings(): LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (...args: unknown[]) =>
      void entries.push({ level, args });
  return {
    entries,
    warnings: () => entries.filter((e) => e.level === 'warn'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
  };
}
