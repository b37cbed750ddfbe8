import type { Queryable } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { SearchIndex } from '../search/index.ts';
import { buildGapReport, type GapReport } from './report.ts';

/** How long a computed report is shown before it is computed again (behind the one shown). */
export const GAPS_TTL_MS = 10 * 60_000;

/** The periods the Gaps page offers, and the ones kept warm. */
export const GAP_PERIODS = [7, 30, 90] as const;

export type KeptReport = { at: Date; report: Promise<GapReport> };

export type KeptGapReports = {
  /** The report of a period and route: a kept one when fresh or being refreshed, else a new one. */
  get(days: number, route: string | undefined): KeptReport;
  /** Computes every period's report every `everyMs`, so a first view finds one ready. */
  keepWarm(everyMs: number): void;
  /** Stops warming and waits for every report being computed, so the database closes under none. */
  stop(): Promise<void>;
};

/**
 * A month of traffic takes seconds to group: a report is kept for GAPS_TTL_MS per period, route and
 * served version, and an older one is shown (with its time) while a fresh one is computed.
 */
export function keptGapReports(options: { db: Queryable; version: () => string; index: () => SearchIndex; log: Logger; now?: () => Date }): KeptGapReports {
  const now = options.now ?? (() => new Date());
  const kept = new Map<string, KeptReport & { refreshing: boolean }>();
  /** Reports being computed, a view's or the warmer's: shutdown waits for them. */
  const computing = new Set<Promise<unknown>>();
  const get = (days: number, route: string | undefined): KeptReport => {
    const version = options.version();
    const key = `${days}|${route ?? ''}|${version}`;
    const cached = kept.get(key);
    if (cached && (cached.refreshing || now().getTime() - cached.at.getTime() < GAPS_TTL_MS)) return cached;
    const entry = { at: now(), report: buildGapReport({ db: options.db, to: now(), days, route, index: options.index() }), refreshing: false };
    const settled: Promise<unknown> = entry.report.then(
      () => computing.delete(settled),
      () => computing.delete(settled),
    );
    computing.add(settled);
    if (!cached) {
      // Reports of a version no longer served are dropped; a failed one is computed again next time.
      for (const k of kept.keys()) if (!k.endsWith(`|${version}`)) kept.delete(k);
      kept.set(key, entry);
      entry.report.catch(() => kept.delete(key));
      return entry;
    }
    cached.refreshing = true;
    entry.report.then(
      () => kept.set(key, entry),
      () => {
        cached.refreshing = false;
      },
    );
    return cached;
  };

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<void> | undefined;
  // One period after another: a fresh report is a lookup, a stale one is refreshed behind the kept
  // one, and a new version's is computed before anyone asks.
  const warm = async () => {
    for (const days of GAP_PERIODS) {
      if (stopped) return;
      try {
        await get(days, undefined).report;
      } catch (error) {
        options.log.debug({ err: error, days }, 'gap report not computed in the background');
      }
    }
  };
  return {
    get,
    keepWarm(everyMs) {
      if (timer || stopped) return;
      timer = setInterval(() => {
        if (round || stopped) return;
        round = warm().finally(() => {
          round = undefined;
        });
      }, everyMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
      await Promise.all(computing);
    },
  };
}
