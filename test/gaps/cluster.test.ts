import { describe, expect, it } from 'vitest';
import { clusterVectors, toSparse, weighByRarity, type Sparse } from '../../src/gaps/index.ts';

const D = 8;
/** A unit vector with the given entries. */
function unit(entries: Record<number, number>): Sparse {
  const v = new Float32Array(D);
  for (const [d, x] of Object.entries(entries)) v[Number(d)] = x;
  const norm = Math.hypot(...v);
  return toSparse(v.map((x) => x / norm));
}
const options = { threshold: 0.5, minSize: 2, minShare: 0, sample: 100 };

describe('clusterVectors', () => {
  it('joins texts while their mean cosine stays above the threshold, and leaves loners out', async () => {
    const vectors = [unit({ 0: 1 }), unit({ 0: 1, 1: 0.2 }), unit({ 0: 1, 2: 0.3 }), unit({ 4: 1 }), unit({ 4: 1, 5: 0.1 }), unit({ 7: 1 })];
    const { labels, means } = await clusterVectors(vectors, D, options);
    expect(means).toHaveLength(2);
    expect(labels[0]).toBe(labels[1]);
    expect(labels[0]).toBe(labels[2]);
    expect(labels[3]).toBe(labels[4]);
    expect(labels[0]).not.toBe(labels[3]);
    expect(labels[5]).toBe(-1);
  });

  it('stops where average linkage drops below the threshold: two halves of a chain stay apart', async () => {
    // a–b and c–d are close, b–c somewhat; the four together average well below 0.5.
    const vectors = [unit({ 0: 1 }), unit({ 0: 1, 1: 0.6 }), unit({ 2: 1, 1: 0.6 }), unit({ 2: 1 })];
    const { labels } = await clusterVectors(vectors, D, options);
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).toBe(labels[3]);
    expect(labels[1]).not.toBe(labels[2]);
  });

  it('counts a text by its weight: one text sent three times is a topic; sent once it is not', async () => {
    const vectors = [unit({ 0: 1 }), unit({ 3: 1 })];
    expect([...(await clusterVectors(vectors, D, { ...options, minSize: 3, weights: [3, 1] })).labels]).toEqual([0, -1]);
    expect([...(await clusterVectors(vectors, D, { ...options, minSize: 3 })).labels]).toEqual([-1, -1]);
  });

  it('drops groups below a share of all texts', async () => {
    const vectors = [unit({ 0: 1 }), unit({ 0: 1 }), unit({ 3: 1 }), unit({ 3: 1 }), unit({ 3: 1 }), unit({ 3: 1 }), unit({ 3: 1 }), unit({ 3: 1 })];
    expect([...(await clusterVectors(vectors, D, { ...options, minShare: 0.3 })).labels]).toEqual([-1, -1, 0, 0, 0, 0, 0, 0]);
  });

  it('clusters a sample and lets the other texts join the groups found, the same for the same seed', async () => {
    const vectors = Array.from({ length: 300 }, (_, i) => unit(i % 3 === 0 ? { 0: 1, 1: (i % 7) / 10 } : i % 3 === 1 ? { 3: 1, 4: (i % 5) / 10 } : { 6: 1 }));
    const a = await clusterVectors(vectors, D, { ...options, sample: 30, seed: 5 });
    const b = await clusterVectors(vectors, D, { ...options, sample: 30, seed: 5 });
    expect([...a.labels]).toEqual([...b.labels]);
    expect(a.means).toHaveLength(3);
    // Every text is in the group of its kind, sampled or not.
    for (let i = 0; i < 300; i++) expect(a.labels[i]).toBe(a.labels[i % 3]);
  });

  it('returns nothing for nothing', async () => {
    expect(await clusterVectors([], D, options)).toEqual({ labels: new Int32Array(0), means: [] });
  });
});

describe('weighByRarity', () => {
  it('weighs down what every text shares and keeps vectors at unit length', () => {
    const [a, b] = weighByRarity([unit({ 0: 1, 1: 1 }), unit({ 0: 1, 2: 1 })], D);
    // Dimension 0 is in both texts: its weight log(3/2) is below dimension 1's log(3/1).
    expect(a!.value[0]!).toBeLessThan(a!.value[1]!);
    expect(Math.hypot(...a!.value)).toBeCloseTo(1, 5);
    expect(Math.hypot(...b!.value)).toBeCloseTo(1, 5);
  });
});
