import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWordVectors, parseWordVectors, wordVectors } from '../../src/search/word-vectors.ts';

/** A table in the shipped format from rows of numbers (int8). */
function table(rows: Record<string, number[]>): Buffer {
  const words = Object.keys(rows);
  return encodeWordVectors({ words, dimensions: rows[words[0]!]!.length, values: Int8Array.from(Object.values(rows).flat()), source: 'test' });
}

const cosine = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('word vectors', () => {
  it('give the unit-length mean of the words they know, frequent words weighing least', () => {
    const t = parseWordVectors(table({ the: [127, 0], door: [0, 100], code: [0, -50] }));
    expect(t.dimensions).toBe(2);
    // "the" is the most frequent word (rank 0): it weighs nothing; "door" is a unit vector whatever its scale.
    expect([...t.mean(['the', 'door', 'unknown'])!]).toEqual([0, 1]);
    const mean = t.mean(['the', 'code'])!;
    expect(Math.hypot(...mean)).toBeCloseTo(1, 12);
    expect(t.mean(['nothing', 'known'])).toBeNull();
    expect(t.mean(['the'])).toBeNull();
  });

  it('refuse a damaged file, saying what is wrong', () => {
    const good = table({ a: [1, 2], b: [3, 4] });
    expect(() => parseWordVectors(good.subarray(0, 2))).toThrow(/shorter than its header/);
    expect(() => parseWordVectors(good.subarray(0, good.length - 1))).toThrow(/bytes where the header promises/);
    expect(parseWordVectors(good).id).not.toBe(parseWordVectors(table({ a: [1, 2], b: [3, 5] })).id);
  });

  it('shipped: words of like meaning lie closer than words of other topics', () => {
    const t = wordVectors();
    expect(t.dimensions).toBe(100);
    const v = (word: string) => t.mean([word])!;
    expect(cosine(v('broken'), v('damaged'))).toBeGreaterThan(cosine(v('broken'), v('birthday')));
    expect(cosine(v('refund'), v('reimbursement'))).toBeGreaterThan(cosine(v('refund'), v('projector')));
    expect(cosine(v('projector'), v('screen'))).toBeGreaterThan(cosine(v('projector'), v('refund')));
  });

  it('are written by tools/word-vectors.ts from the source package: lowercase words in its order, the same bytes every time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'word-vectors-'));
    // The package's layout: each vector is its dimensions, then its norm and its index.
    const source = {
      dimensions: 2,
      words: ['the', ',', 'door', 'Paris', 'code'],
      vectors: { the: [0.5, 0.25, 9, 0], ',': [1, 1, 1, 1], door: [-2, 1, 9, 2], Paris: [1, 0, 9, 3], code: [0, 3, 9, 4] },
    };
    writeFileSync(join(dir, 'source.json'), JSON.stringify(source));
    const run = (out: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/word-vectors.ts', join(dir, 'source.json'), join(dir, out)], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(dir, out));
    };
    const bytes = run('a.bin');
    expect(run('b.bin').equals(bytes)).toBe(true);
    const t = parseWordVectors(bytes);
    expect(t.dimensions).toBe(2);
    // "the" ranks first and weighs nothing alone; "door" and "code" are kept, "," and "Paris" are not.
    expect(t.mean(['the'])).toBeNull();
    expect(t.mean([','])).toBeNull();
    expect(t.mean(['Paris'])).toBeNull();
    const door = t.mean(['door'])!;
    expect(door[0]! / door[1]!).toBeCloseTo(-2, 1);
    expect([...t.mean(['code'])!]).toEqual([0, 1]);
  });
});
