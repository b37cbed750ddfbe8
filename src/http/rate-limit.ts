export type RateLimit = {
  /** Requests per second each source may send, on average; 0 turns the limit off. */
  perSecond: number;
  /** Requests a source may send at once above the average (default: one second's worth). */
  burst?: number;
};

/** Why a request was refused: the seconds to send in `Retry-After`, and the message naming the setting. */
export type Refusal = { retryAfter: number; error: string };

/** Takes one request from `source`'s bucket: null when it may go on, else the refusal to answer 429 with. */
export type Limiter = (source: string) => Refusal | null;

/**
 * A token bucket per client address: a source over its rate is refused (429 with `Retry-After`) and
 * loses nothing, since the caller or OpenPhone sends it again. Per replica, in memory: the limit
 * protects each process from one runaway client, not a fleet-wide quota.
 */
export function createRateLimit(options: RateLimit & { name: string; setting: string; now?: () => number; onLimited?: () => void }): Limiter {
  const { perSecond } = options;
  if (!(perSecond > 0)) return () => null;
  const burst = Math.max(1, options.burst ?? perSecond);
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, { tokens: number; at: number }>();
  const error = `too many requests from this source to ${options.name}: over ${perSecond}/s (${options.setting}); retry after the Retry-After seconds`;
  return (source) => {
    const t = now();
    let bucket = buckets.get(source);
    if (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
    } else {
      // Bounded memory: forget the sources whose buckets have refilled (they are as good as new).
      if (buckets.size >= 10_000) for (const [key, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * perSecond >= burst) buckets.delete(key);
      bucket = { tokens: burst, at: t };
      buckets.set(source, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    options.onLimited?.();
    return { retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)), error };
  };
}
