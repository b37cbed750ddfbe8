import { isUnavailable } from './open-db.ts';

export type GroupCommitOptions<T, R> = {
  /**
   * Writes `items` in one transaction and returns one result per item, in order. When it throws,
   * nothing of it was committed.
   */
  write(items: T[]): Promise<R[]>;
  /** The most items in one write. */
  maxItems: number;
  /** The most bytes in one write, counted by `bytes`; an item larger than this is written alone. */
  maxBytes: number;
  bytes(item: T): number;
  /** How many writes may be in flight at once (each on its own connection). */
  maxInFlight: number;
};

type Pending<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Group commit: an item submitted while the writes in flight are busy waits for the next write and
 * shares its transaction (and so its WAL flush) with every other item that arrived meanwhile. With
 * nothing in flight an item is written at once, so a quiet service adds no delay. Each item's
 * promise settles only after the transaction holding it committed, and once one commits the next
 * write is sent before its callers go on: the database works while they answer.
 *
 * One bad item never fails the others: when a write of several fails, each of its items is written
 * again on its own, so only the bad one is rejected. A database that cannot be reached fails the
 * whole write at once (retrying item by item would only wait longer for the same answer).
 */
export function createGroupCommit<T, R>(options: GroupCommitOptions<T, R>): (item: T) => Promise<R> {
  const queue: Pending<T, R>[] = [];
  let inFlight = 0;

  const take = (): Pending<T, R>[] => {
    const batch: Pending<T, R>[] = [];
    let bytes = 0;
    while (queue.length && batch.length < options.maxItems) {
      const size = options.bytes(queue[0]!.item);
      if (batch.length && bytes + size > options.maxBytes) break;
      batch.push(queue.shift()!);
      bytes += size;
    }
    return batch;
  };

  /** Writes `batch` and settles its items; `release` frees its turn, at the latest once all are settled. */
  const settle = async (batch: Pending<T, R>[], release: () => void): Promise<void> => {
    let results: R[];
    try {
      results = await options.write(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`a group write returned ${results.length} results for ${batch.length} items`);
    } catch (error) {
      if (batch.length === 1 || isUnavailable(error)) {
        release();
        for (const p of batch) p.reject(error);
        return;
      }
      for (const p of batch) await settle([p], () => {});
      release();
      return;
    }
    // The next batch goes to the database before this one's callers go on, so it is written while they answer.
    release();
    batch.forEach((p, i) => p.resolve(results[i]!));
  };

  const pump = (): void => {
    while (queue.length && inFlight < options.maxInFlight) {
      const batch = take();
      inFlight++;
      void settle(batch, () => {
        inFlight--;
        pump();
      });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
