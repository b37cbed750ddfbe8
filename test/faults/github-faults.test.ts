import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../src/answer/index.ts';
import { createJobQueue, createWorker, type JobQueue, type Worker } from '../../src/db/index.ts';
import { createGitHubPrHost, createOctokit } from '../../src/git/index.ts';
import { createExtractionJob } from '../../src/extraction/index.ts';
import { createConversationStore, EXTRACT_JOB, parseEvent } from '../../src/openphone/index.ts';
import { repoKnowledge } from '../answer/knowledge.ts';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';
import { startFakeGitHub, type FakeFault, type FakeGitHub } from '../fakes/github-server.ts';
import { captureLogger } from '../fakes/logger.ts';

// The extraction job as src/main.ts composes it (job queue, worker, extraction job, GitHub PR host
// over the retrying and throttling Octokit), while the fake GitHub fails. The throttling plugin spaces
// write requests a second apart, as GitHub asks: a proposal takes about six seconds.

const PREFIX = '/repos/clubos/sops';
const TODAY = new Date('2026-11-25T12:00:00Z');
const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
const SOLUTION = 'Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.';
const CUSTOMER = '+15551230000';
const LINE = '+15550009999';

/** The SOP the proposal changes, as the fake GitHub repository's main branch holds it (the job reads nothing else). */
const TARGET = 'sops/tech/ball-not-registering.md';

/** A confirmed fix the SOPs do not have yet: one new item for tech/ball-not-registering.md. */
const FIXED = [
  ['incoming', 'hi, the ball is not registering when we hit from the left side of the mat'],
  ['outgoing', SOLUTION],
  ['incoming', 'that worked, thanks!'],
] as const;
const event = ([direction, body]: (typeof FIXED)[number], i: number) => ({
  id: `EV-${i}`,
  type: direction === 'incoming' ? 'message.received' : 'message.delivered',
  data: {
    object: {
      id: `AC-${i}`,
      conversationId: 'CN-faults',
      from: direction === 'incoming' ? CUSTOMER : LINE,
      to: direction === 'incoming' ? LINE : CUSTOMER,
      direction,
      text: body,
      createdAt: new Date(Date.UTC(2026, 10, 20, 18, i)).toISOString(),
    },
  },
});

let knowledge: Knowledge;
let files: Record<string, string>;
beforeAll(async () => {
  knowledge = await repoKnowledge();
  files = { [TARGET]: readFileSync(TARGET, 'utf8') };
});

describe.each(DATABASES)('the extraction job on $name while GitHub fails', { timeout: 40_000 }, ({ open }) => {
  let t: TestDb;
  let gh: FakeGitHub;
  let queue: JobQueue;
  let worker: Worker;
  let log: ReturnType<typeof captureLogger>;

  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await truncateAll(t.db);
    gh = await startFakeGitHub({ owner: 'clubos', name: 'sops', files });
    log = captureLogger();
    // As main.ts builds them, with tiny back-offs: 10 ms for Octokit's retries, 10 ms for the queue's.
    queue = createJobQueue({ db: t.db, baseBackoffMs: 10 });
    const host = createGitHubPrHost({ octokit: createOctokit({ token: 'test-token', baseUrl: gh.url, log, retryBaseMs: 10 }), repository: 'clubos/sops' });
    const extract = createExtractionJob({ db: t.db, knowledge: () => knowledge, host, sopsPath: 'sops', now: () => TODAY, log });
    worker = createWorker({ queue, handlers: { [EXTRACT_JOB]: extract }, log, pollMs: 10 });
  });
  afterEach(async () => {
    await worker.stop();
    await gh.close();
  });

  /** Stores the conversation and queues its extraction, as the conversation store does; returns its id. */
  const queueExtraction = async (maxAttempts?: number): Promise<string> => {
    const store = createConversationStore({ db: t.db, queue, windowMs: 86_400_000, quietMs: 0 });
    for (const [i, e] of FIXED.entries()) await store.ingest(parseEvent(event(e, i + 1), null));
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM openphone_conversations');
    expect(rows).toHaveLength(1);
    await queue.enqueue(EXTRACT_JOB, { conversationId: rows[0]!.id }, { key: rows[0]!.id, maxAttempts });
    return rows[0]!.id;
  };

  /** Runs the worker until no job is queued or running; returns how long that took. */
  const runJobs = async (limitMs = 30_000): Promise<number> => {
    const started = performance.now();
    worker.start();
    for (;;) {
      const counts = await queue.counts();
      if (counts.queued + counts.running === 0) break;
      if (performance.now() - started > limitMs) throw new Error(`jobs still pending after ${limitMs} ms: ${JSON.stringify(counts)}`);
      await sleep(20);
    }
    await worker.stop();
    return performance.now() - started;
  };

  /** Every request the fake answered, in order: method, path (shas and the proposal key elided) and status. */
  const calls = () =>
    gh.requests.map(
      (r) =>
        `${r.method} ${decodeURIComponent(r.path)
          .replace(PREFIX, '')
          .replace(/[0-9a-f]{40}/g, '<sha>')
          .replace(/knowledge\/[\w.-]+/, 'knowledge/<key>')} ${r.status}`,
    );
  /** Milliseconds between consecutive requests to one endpoint. */
  const gaps = (method: string, path: RegExp) => {
    const at = gh.requests.filter((r) => r.method === method && path.test(r.path)).map((r) => r.at);
    return at.slice(1).map((x, i) => x - at[i]!);
  };
  const proposals = async () =>
    (await t.db.query<{ key: string; host: string; number: number; url: string; branch: string }>('SELECT key, host, number, url, branch FROM proposals')).rows;
  const processed = async () => (await t.db.query<{ processed: boolean }>('SELECT processed FROM openphone_conversations')).rows[0]?.processed;
  const failures = () => log.entries.filter((e) => e.args[1] === 'job failed').map((e) => [e.level, (e.args[0] as { outcome: string }).outcome]);

  it('opens the proposal exactly once while GitHub answers 500, 502, 403 (secondary limit) and 429 (retry-after: 1) in turn', async () => {
    gh.fail(
      { status: 500, method: 'GET', path: /\/contents\// },
      { status: 502, method: 'POST', path: /\/git\/commits$/ },
      { status: 403, method: 'POST', path: /\/pulls$/, headers: { 'retry-after': '1' }, message: SECONDARY },
      { status: 429, method: 'POST', path: /\/labels$/, headers: { 'retry-after': '1' }, message: SECONDARY },
    );
    const conversationId = await queueExtraction();
    await runJobs();

    // Each failed request was retried once, in place; nothing else was sent twice.
    expect(calls()).toEqual([
      `GET /contents/${TARGET} 500`,
      `GET /contents/${TARGET} 200`,
      'GET /git/ref/heads/main 200',
      'GET /git/ref/heads/knowledge/<key> 404',
      'GET /git/commits/<sha> 200',
      'POST /git/blobs 201',
      'POST /git/trees 201',
      'POST /git/commits 502',
      'POST /git/commits 201',
      'POST /git/refs 201',
      'GET /pulls 200',
      'POST /pulls 403',
      'POST /pulls 201',
      'POST /issues/1/labels 429',
      'POST /issues/1/labels 200',
    ]);
    // The secondary rate limit was waited out for its retry-after before the pull request was asked again.
    expect(gaps('POST', /\/pulls$/)[0]).toBeGreaterThanOrEqual(1000);
    expect(
      log
        .warnings()
        .filter((w) => w.args[1] === 'GitHub rate limit')
        .map((w) => (w.args[0] as { kind: string }).kind),
    ).toContain('secondary');

    // One pull request, one proposal, one job run: the job did not fail, so nothing was redone.
    const [proposal, ...more] = await proposals();
    expect(more).toEqual([]);
    expect(proposal).toEqual({
      key: expect.stringMatching(/^tech-[0-9a-f]{12}$/),
      host: 'github',
      number: 1,
      url: 'https://github.example/clubos/sops/pull/1',
      branch: `knowledge/${proposal!.key}`,
    });
    expect(gh.pulls).toEqual([
      {
        number: 1,
        title: expect.stringMatching(/^knowledge\(tech\): /),
        body: expect.stringContaining(['**Solution**:', '```text', SOLUTION, '```', ''].join('\n')),
        head: `knowledge/${proposal!.key}`,
        base: 'main',
        state: 'open',
        labels: ['knowledge', 'tech'],
      },
    ]);
    expect(gh.git('cat-file', 'blob', `knowledge/${proposal!.key}:${TARGET}`)).toContain(SOLUTION);
    expect(await queue.list()).toEqual([expect.objectContaining({ kind: EXTRACT_JOB, key: conversationId, state: 'done', attempts: 1, lastError: null })]);
    expect(failures()).toEqual([]);
    expect((await t.db.query('SELECT status, proposal_key FROM extracted_knowledge')).rows).toEqual([{ status: 'proposed', proposal_key: proposal!.key }]);
    expect(await processed()).toBe(true);
  });

  it('opens no second pull request when the answer to the one that opened it is lost (502 after the write)', async () => {
    gh.fail({ status: 502, method: 'POST', path: /\/pulls$/, after: true });
    await queueExtraction();
    await runJobs();

    expect(calls()).toEqual([
      // Attempt 1: the pull request is opened but the answer is a 502; Octokit's retry is refused.
      `GET /contents/${TARGET} 200`,
      'GET /git/ref/heads/main 200',
      'GET /git/ref/heads/knowledge/<key> 404',
      'GET /git/commits/<sha> 200',
      'POST /git/blobs 201',
      'POST /git/trees 201',
      'POST /git/commits 201',
      'POST /git/refs 201',
      'GET /pulls 200',
      'POST /pulls 502',
      'POST /pulls 422',
      // Attempt 2, after the queue's back-off: the branch already holds the change, the open pull request is updated.
      `GET /contents/${TARGET} 200`,
      'GET /git/ref/heads/main 200',
      'GET /git/ref/heads/knowledge/<key> 200',
      'GET /git/commits/<sha> 200',
      'POST /git/blobs 201',
      'POST /git/trees 201',
      'GET /pulls 200',
      'PATCH /pulls/1 200',
      'POST /issues/1/labels 200',
    ]);
    const [proposal, ...more] = await proposals();
    expect(more).toEqual([]);
    expect(proposal).toMatchObject({ number: 1, url: 'https://github.example/clubos/sops/pull/1' });
    expect(gh.pulls.map((p) => [p.number, p.head, p.labels])).toEqual([[1, `knowledge/${proposal!.key}`, ['knowledge', 'tech']]]);
    // One commit on the branch: the retried job wrote nothing twice.
    expect(gh.git('rev-list', '--count', `main..knowledge/${proposal!.key}`)).toBe('1');
    expect(await queue.list()).toEqual([expect.objectContaining({ state: 'done', attempts: 2, lastError: 'A pull request already exists' })]);
    expect(failures()).toEqual([['warn', 'retry']]);
    expect(await processed()).toBe(true);
  });

  // GitHub's guidance: wait `retry-after` before asking again, and keep on being limited and you may be
  // banned. createOctokit promises exactly that: rate limits waited out, at most `retries` (3) times.
  it.each([
    ['403', 403],
    ['429', 429],
  ])('waits retry-after before each of at most 3 retries when GitHub keeps answering %s (secondary rate limit)', async (_name, status) => {
    gh.fail(
      ...Array.from({ length: 40 }, (): FakeFault => ({ status, method: 'GET', path: /\/contents\//, headers: { 'retry-after': '1' }, message: SECONDARY })),
    );
    await queueExtraction(1);
    const took = await runJobs();

    const [job] = await queue.list();
    expect(job).toMatchObject({ state: 'dead', attempts: 1, maxAttempts: 1, lastError: SECONDARY });
    expect(gh.pulls).toEqual([]);
    expect(gh.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const contents = gh.requests.filter((r) => r.path.includes('/contents/')).map((r) => r.status);
    expect.soft(contents, `requests to GitHub for one read in ${Math.round(took)} ms`).toEqual([status, status, status, status]);
    expect
      .soft(
        gaps('GET', /\/contents\//).every((ms) => ms >= 1000),
        `ms between the retries: ${gaps('GET', /\/contents\//).join(', ')}`,
      )
      .toBe(true);
  });

  it.each([
    ['500 (every retry too)', { status: 500, message: 'Server Error' }, 4],
    ['401 (a revoked token; not retried)', { status: 401, message: 'Bad credentials' }, 1],
  ])(
    'gives up after the job attempts when GitHub keeps answering %s: the job is dead, with the last error, where `sop jobs` looks',
    async (_name, fault, requestsPerAttempt) => {
      gh.fail(...Array.from({ length: 100 }, () => fault));
      const conversationId = await queueExtraction();
      const took = await runJobs();

      expect(await createJobQueue({ db: t.db }).list({ state: 'dead' })).toEqual([
        expect.objectContaining({
          kind: EXTRACT_JOB,
          key: conversationId,
          state: 'dead',
          attempts: 5,
          maxAttempts: 5,
          lastError: fault.message,
          finishedAt: expect.any(Date),
        }),
      ]);
      expect(await queue.counts()).toEqual({ queued: 0, running: 0, done: 0, dead: 1 });
      expect(failures()).toEqual([
        ['warn', 'retry'],
        ['warn', 'retry'],
        ['warn', 'retry'],
        ['warn', 'retry'],
        ['error', 'dead'],
      ]);
      // Every attempt stopped at its first GitHub call (reading the SOP to change), retried by Octokit only on a 5xx.
      expect(new Set(calls())).toEqual(new Set([`GET /contents/${TARGET} ${fault.status}`]));
      expect(gh.requests).toHaveLength(5 * requestsPerAttempt);
      expect(took).toBeLessThan(5000);
      // Nothing was proposed or recorded, and the conversation waits for an operator's retry.
      expect(gh.pulls).toEqual([]);
      expect(await proposals()).toEqual([]);
      expect((await t.db.query('SELECT count(*)::int AS n FROM extracted_knowledge')).rows).toEqual([{ n: 0 }]);
      expect(await processed()).toBe(false);
    },
  );
});
