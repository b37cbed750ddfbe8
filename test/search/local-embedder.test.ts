import { describe, expect, it } from 'vitest';
import { createLocalEmbedder } from '../../src/search/index.ts';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('local embedder', () => {
  const embedder = createLocalEmbedder();

  it('returns unit vectors of the configured size, the same on every call', async () => {
    const [a, b] = await embedder.embed(['the projector shows no signal', 'the projector shows no signal']);
    expect(a).toHaveLength(1024);
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect([...a!]).toEqual([...b!]);
    expect(embedder.id).toBe('local-hash-v1:1024:1/1/1');
  });

  it('places a typo and a word form near the original, and an unrelated text far away', async () => {
    const [original, typo, form, unrelated] = await embedder.embed([
      'I did not receive my access code',
      'i didnt recieve my acess code',
      'access codes not received',
      'the projector screen is black',
    ]);
    expect(cosine(original!, typo!)).toBeGreaterThan(0.5);
    expect(cosine(original!, form!)).toBeGreaterThan(cosine(original!, unrelated!) + 0.2);
  });

  it('gives an empty text the zero vector instead of NaN', async () => {
    const [empty] = await embedder.embed(['  ']);
    expect([...empty!].every((x) => x === 0)).toBe(true);
  });

  it('honours a smaller size', async () => {
    const small = createLocalEmbedder({ dimensions: 64 });
    const [v] = await small.embed(['ball not registering']);
    expect(v).toHaveLength(64);
    expect(small.id).not.toBe(embedder.id);
  });
});
