import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { seeded } from '../search/index.ts';

/** The entries of a group's mean that a text is scored against when it joins a group. */
const MEAN_ENTRIES = 256;

/** A vector as its non-zero entries: the local embedder's vectors have a few hundred of 1,024. */
export type Sparse = { index: Int32Array; value: Float32Array };

export type ClusterOptions = {
  /**
   * Two groups join while the mean cosine between their members is at least this (average linkage),
   * and a text outside the sample joins the group it is this close to on average.
   */
  threshold: number;
  /** Groups of fewer texts than this, or than this share of all texts, are no topic: their texts stay unclustered. */
  minSize: number;
  minShare: number;
  /** At most this many texts are clustered pairwise (O(n²)); the rest join the groups found. */
  sample: number;
  seed?: number;
  /** How many texts each vector stands for (a text sent many times is clustered once); 1 each when omitted. */
  weights?: ArrayLike<number>;
};

/** Texts scored against the groups between two chances for other work on the thread. */
const ASSIGN_CHUNK = 2_000;

export type Clustering = {
  /** Each text's group (0..groups-1), or -1 when it joined none. */
  labels: Int32Array;
  /** Each group's mean vector (not scaled to unit length: its dot product with a text is their mean cosine). */
  means: Float32Array[];
};

export function toSparse(vector: Float32Array): Sparse {
  let n = 0;
  for (const x of vector) if (x !== 0) n++;
  const index = new Int32Array(n);
  const value = new Float32Array(n);
  let k = 0;
  for (let d = 0; d < vector.length; d++) {
    if (vector[d] !== 0) {
      index[k] = d;
      value[k++] = vector[d]!;
    }
  }
  return { index, value };
}

/**
 * Weighs each dimension by how rare it is among these texts (inverse document frequency) and scales
 * each vector back to unit length: what every message shares ("my", "the", "bay") stops pulling
 * unrelated messages together.
 */
export function weighByRarity(vectors: readonly Sparse[], dimensions: number): Sparse[] {
  const df = new Float64Array(dimensions);
  for (const v of vectors) for (const d of v.index) df[d]!++;
  const idf = df.map((n) => (n > 0 ? Math.log((1 + vectors.length) / n) : 0));
  return vectors.map((v) => {
    const value = v.value.map((x, k) => x * idf[v.index[k]!]!);
    let sum = 0;
    for (const x of value) sum += x * x;
    const norm = Math.sqrt(sum) || 1;
    return { index: v.index, value: value.map((x) => x / norm) };
  });
}

/**
 * Groups texts by topic: average-linkage agglomerative clustering of a sample (nearest-neighbour
 * chain, O(n²) time and memory, stopped at `threshold`), then every other text joins the group whose
 * members it is closest to on average, if that is at least `threshold`. Deterministic for a seed.
 * It yields to other work between its steps and between chunks of texts.
 */
export async function clusterVectors(vectors: readonly Sparse[], dimensions: number, options: ClusterOptions): Promise<Clustering> {
  const n = vectors.length;
  const labels = new Int32Array(n).fill(-1);
  if (n === 0) return { labels, means: [] };
  const weight = (i: number) => options.weights?.[i] ?? 1;
  const sample = sampleOf(n, options.sample, options.seed ?? 1);
  // Sizes are counted within the sample, so the share is too.
  const minSize = Math.max(options.minSize, options.minShare * sample.reduce((sum, i) => sum + weight(i), 0));
  const groups = (
    await averageLinkage(
      sample.map((i) => vectors[i]!),
      sample.map(weight),
      dimensions,
      options.threshold,
    )
  )
    .map((members) => members.map((k) => sample[k]!))
    .filter((members) => members.reduce((sum, i) => sum + weight(i), 0) >= minSize);
  const means = groups.map((members) => {
    const mean = new Float32Array(dimensions);
    const size = members.reduce((sum, i) => sum + weight(i), 0);
    for (const i of members) addInto(mean, vectors[i]!, weight(i) / size);
    return mean;
  });
  groups.forEach((members, g) => {
    for (const i of members) labels[i] = g;
  });
  const inSample = new Set(sample);
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => labels[i] === -1 && !inSample.has(i));
  for (let from = 0; from < rest.length; from += ASSIGN_CHUNK) {
    await yieldToRequests();
    const chunk = rest.slice(from, from + ASSIGN_CHUNK);
    assignToGroups(
      chunk.map((i) => vectors[i]!),
      means,
      options.threshold,
    ).forEach((g, k) => {
      labels[chunk[k]!] = g;
    });
  }
  return { labels, means };
}

/** Each text's group: the one whose members it is closest to on average, if that is at least `threshold`; else -1. */
export function assignToGroups(vectors: readonly Sparse[], means: readonly Float32Array[], threshold: number): Int32Array {
  if (means.length === 0) return new Int32Array(vectors.length).fill(-1);
  const groups = means.length;
  // Each dimension's groups and weights (the largest entries of each mean): a text meets only the
  // groups that share its dimensions, and the scores are what the full means give to within a few percent.
  const dimensions = means[0]?.length ?? 0;
  const postings: { group: number[]; value: number[] }[] = Array.from({ length: dimensions }, () => ({ group: [], value: [] }));
  means.forEach((mean, g) => {
    const top = toSparse(mean);
    const keep = [...top.index.keys()].sort((a, b) => Math.abs(top.value[b]!) - Math.abs(top.value[a]!)).slice(0, MEAN_ENTRIES);
    for (const k of keep) {
      postings[top.index[k]!]!.group.push(g);
      postings[top.index[k]!]!.value.push(top.value[k]!);
    }
  });
  const scores = new Float64Array(groups);
  return Int32Array.from(vectors, (v) => {
    scores.fill(0);
    for (let k = 0; k < v.index.length; k++) {
      const x = v.value[k]!;
      const { group, value } = postings[v.index[k]!]!;
      for (let j = 0; j < group.length; j++) scores[group[j]!]! += x * value[j]!;
    }
    let best = -1;
    let bestSim = threshold;
    for (let g = 0; g < groups; g++) {
      if (scores[g]! >= bestSim) {
        bestSim = scores[g]!;
        best = g;
      }
    }
    return best;
  });
}

/** `size` distinct indices of 0..n-1 in a seeded order (all of them when n ≤ size), sorted. */
function sampleOf(n: number, size: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= size) return all;
  const random = seeded(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, size).sort((a, b) => a - b);
}

/** The groups of average-linkage clustering stopped where the best mean cosine drops below `threshold`. */
async function averageLinkage(vectors: readonly Sparse[], weights: readonly number[], dimensions: number, threshold: number): Promise<number[][]> {
  const m = vectors.length;
  const sim = similarityMatrix(vectors, dimensions);
  await yieldToRequests();
  const size = Float64Array.from(weights);
  const members: number[][] = Array.from({ length: m }, (_, i) => [i]);
  const active = new Uint8Array(m).fill(1);
  const done: number[][] = [];
  let remaining = m;
  const chain: number[] = [];
  let next = 0;
  while (remaining > 0) {
    if (chain.length === 0) {
      while (!active[next]) next++;
      chain.push(next);
    }
    const top = chain[chain.length - 1]!;
    const previous = chain.length > 1 ? chain[chain.length - 2]! : -1;
    // The nearest active group; the previous link of the chain wins ties, so the chain always ends.
    let nearest = -1;
    let best = Number.NEGATIVE_INFINITY;
    const row = top * m;
    for (let j = 0; j < m; j++) {
      if (j === top || !active[j]) continue;
      const s = sim[row + j]!;
      if (s > best || (s === best && j === previous)) {
        best = s;
        nearest = j;
      }
    }
    if (nearest < 0 || best < threshold) {
      // Average linkage never raises a group's best similarity, so this group is final.
      active[top] = 0;
      remaining--;
      done.push(members[top]!);
      chain.pop();
      continue;
    }
    if (nearest !== previous) {
      chain.push(nearest);
      continue;
    }
    chain.pop();
    chain.pop();
    // Merge `nearest` into `top` (Lance-Williams update of average linkage).
    const a = top;
    const b = nearest;
    const na = size[a]!;
    const nb = size[b]!;
    for (let k = 0; k < m; k++) {
      if (!active[k] || k === a || k === b) continue;
      const s = (na * sim[a * m + k]! + nb * sim[b * m + k]!) / (na + nb);
      sim[a * m + k] = s;
      sim[k * m + a] = s;
    }
    size[a] = na + nb;
    members[a] = members[a]!.concat(members[b]!);
    active[b] = 0;
    remaining--;
  }
  return done;
}

/** All pairwise dot products of unit vectors, through an inverted index of their dimensions. */
function similarityMatrix(vectors: readonly Sparse[], dimensions: number): Float32Array {
  const m = vectors.length;
  const postings: { doc: number[]; value: number[] }[] = Array.from({ length: dimensions }, () => ({ doc: [], value: [] }));
  vectors.forEach((v, i) => {
    for (let k = 0; k < v.index.length; k++) {
      const p = postings[v.index[k]!]!;
      p.doc.push(i);
      p.value.push(v.value[k]!);
    }
  });
  const sim = new Float32Array(m * m);
  for (const { doc, value } of postings) {
    for (let x = 0; x < doc.length; x++) {
      const row = doc[x]! * m;
      const vx = value[x]!;
      for (let y = 0; y < doc.length; y++) sim[row + doc[y]!]! += vx * value[y]!;
    }
  }
  return sim;
}

function addInto(dense: Float32Array, v: Sparse, scale: number): void {
  for (let k = 0; k < v.index.length; k++) dense[v.index[k]!]! += v.value[k]! * scale;
}

export function dotDense(v: Sparse, dense: Float32Array): number {
  let s = 0;
  for (let k = 0; k < v.index.length; k++) s += v.value[k]! * dense[v.index[k]!]!;
  return s;
}
