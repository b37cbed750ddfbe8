import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder, withEmbedFallback } from '../../src/search/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((sum, x) => sum + x * x, 0));
const embeddingCalls = (fake: FakeOpenAI) => fake.requests.filter((r) => r.path === '/v1/embeddings');

describe('the fake OpenAI server through the real SDK', () => {
  let fake: FakeOpenAI;
  beforeEach(async () => void (fake = await startFakeOpenAI()));
  afterEach(() => fake.close());

  it('answers the same vector as base64 (the SDK default) and as floats', async () => {
    const client = new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
    const input = ['the screen is frozen', 'my door code does not work'];
    const base64 = await client.embeddings.create({ model: 'm', input, dimensions: 32 });
    const floats = await client.embeddings.create({ model: 'm', input, dimensions: 32, encoding_format: 'float' });
    expect(fake.requests.map((r) => (r.body as { encoding_format: string }).encoding_format)).toEqual(['base64', 'float']);
    input.forEach((text, i) => {
      const expected = Float32Array.from(fakeEmbedding(text, 32));
      expect(base64.data[i]!.embedding).toEqual(Array.from(expected));
      expect(floats.data[i]!.embedding).toEqual(fakeEmbedding(text, 32));
    });
  });
});

describe('createOpenAIEmbedder', () => {
  let fake: FakeOpenAI;
  beforeEach(async () => void (fake = await startFakeOpenAI({ reverseEmbeddings: true })));
  afterEach(() => fake.close());

  const embedderFor = (clientOptions: { maxRetries?: number; timeout?: number } = {}, dimensions = 64) =>
    createOpenAIEmbedder({
      client: new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 0, ...clientOptions }),
      model: 'text-embedding-3-small',
      dimensions,
    });

  it('returns unit vectors of the configured dimension, and names the model and dimensions in the request', async () => {
    const embedder = embedderFor();
    const vectors = await embedder.embed(['ball not registering', 'no sound in the bay', 'wifi password']);
    expect(embedder.id).toBe('openai:text-embedding-3-small:64');
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(64);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const [call] = embeddingCalls(fake);
    expect(call?.body).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 64,
      input: ['ball not registering', 'no sound in the bay', 'wifi password'],
    });
  });

  it('keeps the order of the texts although the server answers them reversed', async () => {
    const embedder = embedderFor();
    const texts = ['projector shows no signal', 'running late for my booking', 'can I bring my own clubs', 'fire alarm going off'];
    const batch = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      expect(batch[i]).toEqual(alone);
      const direction = Float32Array.from(fakeEmbedding(text, 64));
      const cosine = batch[i]!.reduce((sum, x, j) => sum + x * direction[j]!, 0) / norm(direction);
      expect(cosine).toBeCloseTo(1, 5);
    }
    expect(new Set(batch.map((v) => v.join(','))).size).toBe(texts.length);
  });

  it('splits more than 256 texts into batches and keeps the overall order', async () => {
    const embedder = embedderFor({}, 16);
    const texts = Array.from({ length: 300 }, (_, i) => `question number ${i} about bay ${i * 7}`);
    const vectors = await embedder.embed(texts);
    expect(embeddingCalls(fake).map((r) => (r.body as { input: string[] }).input.length)).toEqual([256, 44]);
    expect(vectors).toHaveLength(300);
    const [last] = await embedder.embed([texts[299]!]);
    expect(vectors[299]).toEqual(last);
  });

  it('rejects when the API answers 500', async () => {
    fake.failNext(1, { status: 500 });
    await expect(embedderFor().embed(['frozen screen'])).rejects.toThrow(/500/);
    expect(embeddingCalls(fake).map((r) => r.status)).toEqual([500]);
  });

  it('retries a 429 after its retry-after and then succeeds', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 0 });
    const vectors = await embedderFor({ maxRetries: 1 }).embed(['frozen screen']);
    expect(vectors[0]).toHaveLength(64);
    expect(embeddingCalls(fake).map((r) => r.status)).toEqual([429, 200]);
  });

  it('rejects when the API is slower than the client timeout', async () => {
    fake.delay(2000);
    await expect(embedderFor({ timeout: 100 }).embed(['frozen screen'])).rejects.toThrow(/timed out/i);
  });

  it('withEmbedFallback answers zero vectors and logs a warning when the API fails', async () => {
    const log = captureLogger();
    const embedder = withEmbedFallback(embedderFor(), log);
    fake.failNext(1, { status: 500 });
    const vectors = await embedder.embed(['frozen screen', 'no sound']);
    expect(vectors).toHaveLength(2);
    for (const v of vectors) expect(Array.from(v)).toEqual(new Array(64).fill(0));
    expect(log.warnings()).toHaveLength(1);
    expect(log.warnings()[0]?.args[0]).toMatchObject({ embedder: 'openai:text-embedding-3-small:64', err: expect.stringMatching(/500/) });

    const recovered = await embedder.embed(['frozen screen']);
    expect(norm(recovered[0]!)).toBeCloseTo(1, 5);
    expect(log.warnings()).toHaveLength(1);
  });
});
