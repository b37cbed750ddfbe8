import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/db/index.ts';

/** A write that records each batch and answers when `drain()` lets it, failing on any item in `bad`. */
function recorder(bad: string[] = [], error: () => Error = () => new Error('bad item')) {
  const batches: string[][] = [];
  const waiting: (() => void)[] = [];
  const write = async (items: string[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => waiting.push(resolve));
    if (items.some((i) => bad.includes(i))) throw error();
    return items.map((i) => i.toUpperCase());
  };
  /** Lets every write in flight answer, until none is left. */
  const drain = async () => {
    for (let i = 0; i < 1000 && (waiting.length || i < 3); i++) {
      waiting.splice(0).forEach((r) => r());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, write, drain };
}

describe('group commit', () => {
  it('writes the first item at once and everything that arrived meanwhile together, in order', async () => {
    const r = recorder();
    const submit = createGroupCommit({ write: r.write, maxItems: 100, maxBytes: 1e6, bytes: (s) => s.length, maxInFlight: 1 });
    const results = Promise.all(['a', 'b', 'c', 'd'].map(submit));
    await r.drain();
    expect(await results).toEqual(['A', 'B', 'C', 'D']);
    expect(r.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('sends the next write before the callers of the one that committed go on, so it is written while they answer', async () => {
    const r = recorder();
    const submit = createGroupCommit({ write: r.write, maxItems: 100, maxBytes: 1e6, bytes: (s) => s.length, maxInFlight: 1 });
    const seen: string[] = [];
    const results = Promise.all(['a', 'b', 'c'].map((item) => submit(item).then((v) => seen.push(`${v} with ${r.batches.length} writes sent`))));
    await r.drain();
    await results;
    expect(seen).toEqual(['A with 2 writes sent', 'B with 2 writes sent', 'C with 2 writes sent']);
  });

  it("writes a failed write's items one at a time before the next write, so maxInFlight holds", async () => {
    const r = recorder(['bad']);
    let inFlight = 0;
    let most = 0;
    let later: Promise<string> | undefined;
    const submit = createGroupCommit<string, string>({
      write: async (items) => {
        most = Math.max(most, ++inFlight);
        // An item that arrives while the write holding the bad one is in flight.
        if (items.length > 1 && items.includes('bad')) later = submit('later');
        try {
          return await r.write(items);
        } finally {
          inFlight--;
        }
      },
      maxItems: 100,
      maxBytes: 1e6,
      bytes: () => 1,
      maxInFlight: 1,
    });
    const first = Promise.allSettled(['a', 'b', 'bad'].map(submit));
    await r.drain();
    await first;
    expect(await later).toBe('LATER');
    expect(r.batches).toEqual([['a'], ['b', 'bad'], ['b'], ['bad'], ['later']]);
    expect(most).toBe(1);
  });

  it('caps a write by items and by bytes, and writes an oversized item alone', async () => {
    const r = recorder();
    const submit = createGroupCommit({ write: r.write, maxItems: 2, maxBytes: 5, bytes: (s) => s.length, maxInFlight: 1 });
    const results = Promise.all(['first', 'a', 'b', 'c', 'dd', 'eeeeeeee', 'f'].map(submit));
    await r.drain();
    await results;
    expect(r.batches).toEqual([['first'], ['a', 'b'], ['c', 'dd'], ['eeeeeeee'], ['f']]);
  });

  it('keeps at most maxInFlight writes going at once', async () => {
    const r = recorder();
    const submit = createGroupCommit({ write: r.write, maxItems: 100, maxBytes: 1e6, bytes: () => 1, maxInFlight: 2 });
    const results = Promise.all(['a', 'b', 'c', 'd'].map(submit));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([['a'], ['b']]);
    await r.drain();
    await results;
    expect(r.batches).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('writes each item of a failed write again on its own, so only the bad one is rejected', async () => {
    const r = recorder(['bad']);
    const submit = createGroupCommit({ write: r.write, maxItems: 100, maxBytes: 1e6, bytes: () => 1, maxInFlight: 1 });
    const results = Promise.allSettled(['a', 'b', 'bad', 'c'].map(submit));
    await r.drain();
    expect((await results).map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['A', 'B', 'bad item', 'C']);
    expect(r.batches).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });

  it('fails a whole write at once when the database cannot be reached', async () => {
    const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const r = recorder(['a', 'b', 'c'], unreachable);
    const submit = createGroupCommit({ write: r.write, maxItems: 100, maxBytes: 1e6, bytes: () => 1, maxInFlight: 1 });
    const results = Promise.allSettled(['a', 'b', 'c'].map(submit));
    await r.drain();
    expect((await results).every((s) => s.status === 'rejected' && (s.reason as { code?: string }).code === 'ECONNREFUSED')).toBe(true);
    expect(r.batches).toEqual([['a'], ['b', 'c']]);
  });
});
