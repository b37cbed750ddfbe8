import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../src/main.ts';
import { createLocalEmbedder } from '../src/search/index.ts';
import { embedTextsOf, refitTextsOf } from './deploy/deploy-repo.ts';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai-server.ts';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const remoteEnv = (url: string) => ({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: url, LOG_LEVEL: 'silent' as const, OPENAI_TIMEOUT_MS: '2000' });

// Cold starts index the SOPs and may refit a calibration a merged SOP made stale: slow on a busy machine.
describe('createRuntime', { timeout: 120_000 }, () => {
  it('runs offline on the local embedder and a calibration when no key is set', async () => {
    const runtime = createRuntime({ LOG_LEVEL: 'silent' });
    expect(runtime.openai).toBeNull();
    const knowledge = await runtime.loadKnowledge({ sopsDir: 'sops' });
    expect(knowledge.index.embedder.id).toBe(createLocalEmbedder().id);
    // The committed calibration, or (when a merged SOP change made it stale) one refitted in memory.
    expect(knowledge.calibration.fitted.on).toMatch(/out-of-scope|held-out questions/);
  });

  it('takes an empty variable, as `.env.example` sets them, for unset', () => {
    expect(createRuntime({ LOG_LEVEL: 'silent', SOP_ANSWERER: '', DATABASE_SCHEMA: '', DATABASE_URL: '', OPENPHONE_WEBHOOK_SECRET: '' }).env).toMatchObject({
      SOP_ANSWERER: undefined,
      DATABASE_SCHEMA: undefined,
      DATABASE_URL: undefined,
    });
  });

  it('names the variable when the environment is invalid', () => {
    expect(() => createRuntime({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: .*\(see \.env\.example\)$/);
  });

  it('indexes with OpenAI embeddings when a key is set, embedding each text once despite refitting the calibration', async () => {
    fake = await startFakeOpenAI();
    const runtime = createRuntime(remoteEnv(fake.url));
    const knowledge = await runtime.loadKnowledge({ sopsDir: 'sops' });
    expect(knowledge.index.embedder.id).toBe('openai:text-embedding-3-small:1536');
    // The committed calibration belongs to the local embedder, so one was fitted for this one.
    expect(knowledge.calibration.fitted.embedder).toBe('openai:text-embedding-3-small:1536');
    const embedded = fake.requests.filter((r) => r.path === '/v1/embeddings').flatMap((r) => (r.body as { input: string[] }).input);
    // The SOPs' texts as the index reads them (through the glossary), and the out-of-scope questions
    // the refit asks; the held-out questions are texts of the index already.
    const texts = embedTextsOf('sops');
    const distinct = new Set([...texts, ...refitTextsOf('sops', texts)]);
    expect(new Set(embedded)).toEqual(distinct);
    // held-out folds reuse cached vectors: at most the full index is embedded again (2x), not once per fold (6x)
    expect(embedded.length).toBeLessThanOrEqual(2 * distinct.size);
  });

  it('falls back to the local path when OpenAI fails while indexing, and still answers', async () => {
    fake = await startFakeOpenAI({ failNext: { status: 500, count: 1000 } });
    const runtime = createRuntime({ ...remoteEnv(fake.url), SOP_ANSWERER: 'extractive' });
    const knowledge = await runtime.loadKnowledge({ sopsDir: 'sops' });
    expect(knowledge.index.embedder.id).toBe(createLocalEmbedder().id);
    const answer = await runtime.createModule(knowledge).processWithContext('the projector says no signal');
    expect(answer.structured.sources[0]?.id).toMatch(/^tech\/projector-no-signal\.md#/);
    expect(answer.confidence).toBeGreaterThan(0.5);
  });

  it('answers from BM25 alone when OpenAI fails after the index was built', async () => {
    fake = await startFakeOpenAI();
    const runtime = createRuntime({ ...remoteEnv(fake.url), SOP_ANSWERER: 'extractive' });
    const knowledge = await runtime.loadKnowledge({ sopsDir: 'sops' });
    fake.failNext(1000, { status: 503 });
    const answer = await runtime.createModule(knowledge).processWithContext('the projector says no signal');
    expect(answer.structured.sources[0]?.id).toMatch(/^tech\/projector-no-signal\.md#/);
    expect(fake.requests.at(-1)?.status).toBe(503);
  });
});
