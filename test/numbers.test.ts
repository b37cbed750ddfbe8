import { describe, expect, it } from 'vitest';
import { roundTo } from '../src/numbers.ts';
import { seeded } from '../src/search/index.ts';

describe('roundTo', () => {
  it.each([
    [2 / 3, 2, 0.67],
    [2 / 3, 3, 0.667],
    [2 / 3, 6, 0.666667],
    [0.0005, 3, 0.001],
    [12.5, 0, 13],
    // Half up, towards +∞, as Math.round does.
    [-2.5, 0, -2],
    [0.9, 2, 0.9],
  ])('rounds %d to %d places: %d', (x, decimals, expected) => {
    expect(roundTo(x, decimals)).toBe(expected);
  });

  it('gives, bit for bit, what the `Math.round(x * 1000) / 1000` style helpers it replaced gave', () => {
    const random = seeded(20);
    const differing: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Confidences, latencies in ms, signed weights: the ranges the replaced helpers saw.
      const x = i % 3 === 0 ? random() : i % 3 === 1 ? random() * 5000 : (random() - 0.5) * 40;
      const same = roundTo(x, 2) === Math.round(x * 100) / 100 && roundTo(x, 3) === Math.round(x * 1000) / 1000 && roundTo(x, 6) === Math.round(x * 1e6) / 1e6;
      if (!same) differing.push(x);
    }
    expect(differing).toEqual([]);
  });
});
