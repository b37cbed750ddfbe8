import { describe, expect, it } from 'vitest';
import { calibratedEce, FEATURES, fitLogistic, predictConfidence, reliability } from '../../src/answer/index.ts';
import { seeded } from '../../src/search/index.ts';

/** Samples whose true probability of being right is known: p = x0 (the first feature). */
function samples(count: number, seed: number) {
  const rand = seeded(seed);
  return Array.from({ length: count }, () => {
    const p = rand();
    const x = FEATURES.map((_, j) => (j === 0 ? p : rand()));
    return { x, y: (rand() < p ? 1 : 0) as 0 | 1 };
  });
}

describe('reliability', () => {
  it('bins predictions and weighs each bin by its share', () => {
    const { bins, ece } = reliability([
      { p: 0.05, y: 0 },
      { p: 0.95, y: 1 },
      { p: 0.95, y: 0 },
      { p: 0.55, y: 1 },
    ]);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ count: 2, meanConfidence: 0.95, accuracy: 0.5 });
    // |0 - 0.05| * 1/4 + |0.5 - 0.95| * 2/4 + |1 - 0.55| * 1/4
    expect(ece).toBeCloseTo(0.0125 + 0.225 + 0.1125, 10);
  });

  it('counts a confidence of exactly 1 in the top bin', () => {
    expect(reliability([{ p: 1, y: 1 }]).bins[9]!.count).toBe(1);
  });
});

describe('calibratedEce', () => {
  const spread = (count: number) => Array.from({ length: count }, (_, i) => (i + 0.5) / count);

  it('is what a perfectly calibrated confidence shows by chance: large on fifty cases, small on thousands', () => {
    const few = calibratedEce(spread(50));
    const many = calibratedEce(spread(5000));
    expect(few).toBeGreaterThan(0.08);
    expect(many).toBeLessThan(0.02);
    expect(calibratedEce(spread(50))).toBe(few);
  });

  it('is zero when every confidence is certain, and for no cases', () => {
    expect(calibratedEce([0, 1, 1, 0])).toBe(0);
    expect(calibratedEce([])).toBe(0);
  });
});

describe('fitLogistic', () => {
  it('learns the real probability: low error on fresh samples, rising with the informative feature', () => {
    const model = fitLogistic(samples(2000, 1));
    const fresh = samples(2000, 2).map((s) => ({ p: predictConfidence(model, s.x), y: s.y }));
    expect(reliability(fresh).ece).toBeLessThan(0.05);
    const low = predictConfidence(
      model,
      FEATURES.map((_, j) => (j === 0 ? 0.1 : 0.5)),
    );
    const high = predictConfidence(
      model,
      FEATURES.map((_, j) => (j === 0 ? 0.9 : 0.5)),
    );
    expect(low).toBeLessThan(0.25);
    expect(high).toBeGreaterThan(0.75);
    expect(model.positives + model.negatives).toBe(2000);
  });

  it('is deterministic', () => {
    expect(fitLogistic(samples(300, 3))).toEqual(fitLogistic(samples(300, 3)));
  });

  it('refuses to fit on nothing', () => {
    expect(() => fitLogistic([])).toThrow(/no samples/);
  });
});
