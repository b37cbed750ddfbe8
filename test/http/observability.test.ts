/**
 * What /metrics tells an operator about the service and the systems it calls: the build it runs, the
 * job queue by state, and the latency of every outside dependency, measured on real calls. The
 * service is the one `sop serve` runs (createRuntime → startService) over PGlite, with the real
 * OpenAI, Slack and HTTP-Assistant clients pointed at local servers that speak their APIs; GitHub
 * through the real Octokit against the fake GitHub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue, createPgliteDb, runMigrations, statementKind } from '../../src/db/index.ts';
import { timeDependency, type DependencyCall, type ObserveDependency } from '../../src/dependency-timing.ts';
import { createOctokit } from '../../src/git/index.ts';
import { createMetrics } from '../../src/http/index.ts';
import { createRuntime, type Service } from '../../src/main.ts';
import { captureLogger } from '../fakes/logger.ts';
import { startFakeGitHub } from '../fakes/github-server.ts';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../fakes/openai-server.ts';
import { startSlackReceiver } from '../fakes/slack-server.ts';

type Sample = { labels: Record<string, string>; value: number };

/** The samples of one metric in a Prometheus text exposition. */
function samples(text: string, name: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const m = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
      return { labels, value: Number(m[2]) };
    });
}

/** The count and sum of `sop_dependency_duration_seconds` for one dependency and operation. */
function timing(text: string, labels: Record<string, string>): { count: number; sum: number } {
  const match = (s: Sample) => Object.entries(labels).every(([k, v]) => s.labels[k] === v);
  const total = (suffix: string) =>
    samples(text, `sop_dependency_duration_seconds_${suffix}`)
      .filter(match)
      .reduce((n, s) => n + s.value, 0);
  return { count: total('count'), sum: total('sum') };
}

describe('the metrics of a running service', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-observability-'));
    dirs.push(dir);
    return dir;
  };
  let openai: FakeOpenAI;
  let slack: Awaited<ReturnType<typeof startSlackReceiver>>;
  let assistant: Server;
  let assistantCalls = 0;
  let service: Service;
  let metrics = '';

  beforeAll(async () => {
    openai = await startFakeOpenAI({
      chat: (body: ChatRequest) =>
        JSON.stringify({
          response: 'Press input on the remote and pick HDMI 2.',
          steps: [],
          used_sources: [(JSON.parse(body.messages[1]!.content) as { sop_sections: { id: string }[] }).sop_sections[0]!.id],
          needs_human: false,
          reason: '',
        }),
    });
    slack = await startSlackReceiver([{ status: 200 }]);
    assistant = createServer((req, res) => {
      assistantCalls++;
      req
        .resume()
        .on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ response: 'Restart the simulator, please.' })));
    });
    await new Promise<void>((resolve) => assistant.listen(0, '127.0.0.1', resolve));
    const dataDir = tempDir();
    // A first start deploys the local SOPs with the local embedder; the second, with OpenAI, answers
    // from that version, so no index is embedded at start and OpenAI is called only to answer.
    const first = await createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, PROPOSALS_REPO: tempDir() }).startService({ port: 0, worker: false });
    await first.close();
    service = await createRuntime({
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      PROPOSALS_REPO: tempDir(),
      SOURCE_COMMIT: '0123456789abcdef0123456789abcdef01234567',
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: openai.url,
      SOP_ANSWERER: 'llm',
      ASSISTANT: 'http',
      ASSISTANT_HTTP_URL: `http://127.0.0.1:${(assistant.address() as AddressInfo).port}/ask`,
      SLACK_WEBHOOK_URL: slack.url,
    }).startService({ port: 0, worker: false });

    // A job of a kind no handler takes stays queued; two done, as the worker leaves them.
    const queue = createJobQueue({ db: service.db });
    await queue.enqueue('observability-test', {});
    for (const key of ['a', 'b']) {
      await queue.enqueue('observability-done', {}, { key });
      const [job] = await queue.claim(['observability-done'], 'test-worker');
      await queue.complete(job!.id, 'test-worker');
    }
    const ask = (message: string) =>
      fetch(`${service.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message, stickyKey: 'observability' }),
      });
    expect((await ask('the projector shows no signal in bay 3')).status).toBe(200);
    expect((await ask('there is smoke and a fire in bay 2')).status).toBe(200);
    // The escalation is posted off the reply path.
    for (let i = 0; i < 100 && slack.received.length < 1; i++) await sleep(50);
    metrics = await (await fetch(`${service.url}/metrics`)).text();
  }, 150_000);

  afterAll(async () => {
    await service?.close();
    await openai?.close();
    await slack?.close();
    await new Promise((resolve) => assistant?.close(resolve));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('says which build runs: sop_build_info{version, node, commit} 1', () => {
    expect(samples(metrics, 'sop_build_info')).toEqual([
      { labels: { version: '0.1.0', node: process.version, commit: '0123456789abcdef0123456789abcdef01234567' }, value: 1 },
    ]);
  });

  it('counts the jobs by state at each scrape', async () => {
    const jobs = Object.fromEntries(samples(metrics, 'sop_jobs').map((s) => [s.labels.state, s.value]));
    expect(jobs).toEqual({ queued: 1, running: 0, done: 2, dead: 0 });
    await createJobQueue({ db: service.db }).enqueue('observability-test', {});
    const again = await (await fetch(`${service.url}/metrics`)).text();
    expect(samples(again, 'sop_jobs').find((s) => s.labels.state === 'queued')?.value).toBe(2);
  });

  it('times the database by statement kind, never by SQL text', () => {
    const kinds = new Set(
      samples(metrics, 'sop_dependency_duration_seconds_count')
        .filter((s) => s.labels.dependency === 'database')
        .map((s) => s.labels.operation),
    );
    expect([...kinds].every((k) => ['select', 'insert', 'update', 'delete', 'other', 'exec', 'transaction'].includes(k!))).toBe(true);
    // The job inserts, the readiness and job-count selects, the claim's update.
    for (const operation of ['select', 'insert', 'update']) {
      const { count, sum } = timing(metrics, { dependency: 'database', operation, outcome: 'ok' });
      expect(count, operation).toBeGreaterThan(0);
      expect(sum / count, operation).toBeLessThan(5);
    }
  });

  it('times OpenAI, the legacy Assistant and Slack on the calls the two questions made', () => {
    const chats = openai.requests.filter((r) => r.path === '/v1/chat/completions').length;
    expect(chats).toBeGreaterThan(0);
    expect(timing(metrics, { dependency: 'openai', operation: 'chat.completions', outcome: 'ok' }).count).toBe(chats);
    expect(assistantCalls).toBeGreaterThan(0);
    expect(timing(metrics, { dependency: 'assistant', operation: 'ask', outcome: 'ok' }).count).toBe(assistantCalls);
    expect(slack.received).toHaveLength(1);
    expect(timing(metrics, { dependency: 'slack', operation: 'post_message', outcome: 'ok' }).count).toBe(1);
    for (const dependency of ['openai', 'assistant', 'slack']) {
      const { count, sum } = timing(metrics, { dependency });
      // Local servers: well under a second each, and more than nothing.
      expect(sum / count, dependency).toBeGreaterThan(0);
      expect(sum / count, dependency).toBeLessThan(1);
    }
  });

  it('reports a failed call as outcome="error"', async () => {
    // One try fails; the client's retry succeeds.
    openai.failNext(1, { status: 500 });
    await fetch(`${service.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'the projector shows no signal in bay 4', stickyKey: 'observability' }),
    });
    for (let i = 0; i < 100 && timing(await (await fetch(`${service.url}/metrics`)).text(), { dependency: 'openai', outcome: 'error' }).count < 1; i++)
      await sleep(50);
    expect(timing(await (await fetch(`${service.url}/metrics`)).text(), { dependency: 'openai', operation: 'chat.completions', outcome: 'error' }).count).toBe(
      1,
    );
  });
});

describe('GitHub timing (Octokit with the service histogram)', () => {
  it('times each request by its route template, not its URL', async () => {
    const gh = await startFakeGitHub({ owner: 'clubos', name: 'sops', files: { 'sops/tech/projector.md': '# Projector\n' } });
    try {
      const metrics = createMetrics();
      const observe: ObserveDependency = (c) =>
        metrics.dependencyDuration.observe({ dependency: c.dependency, operation: c.operation, outcome: c.outcome }, c.seconds);
      const octokit = createOctokit({ token: 'test-token', baseUrl: gh.url, log: captureLogger(), retryBaseMs: 10, retries: 0, observe });
      await octokit.rest.repos.getContent({ owner: 'clubos', repo: 'sops', path: 'sops/tech/projector.md' });
      await expect(octokit.rest.repos.getContent({ owner: 'clubos', repo: 'sops', path: 'sops/tech/missing.md' })).rejects.toThrow();
      const text = await metrics.registry.metrics();
      expect(timing(text, { dependency: 'github', operation: 'GET /repos/{owner}/{repo}/contents/{path}', outcome: 'ok' }).count).toBe(1);
      expect(timing(text, { dependency: 'github', operation: 'GET /repos/{owner}/{repo}/contents/{path}', outcome: 'error' }).count).toBe(1);
      expect(text).not.toContain('projector.md');
    } finally {
      await gh.close();
    }
  });
});

describe('sop_jobs while the database is down', () => {
  it('keeps the last counts, and the scrape succeeds', async () => {
    const db = await createPgliteDb();
    await runMigrations(db, fileURLToPath(new URL('../../migrations', import.meta.url)));
    const queue = createJobQueue({ db });
    await queue.enqueue('observability-test', {});
    const metrics = createMetrics({ jobCounts: () => queue.counts() });
    expect(samples(await metrics.registry.metrics(), 'sop_jobs').find((s) => s.labels.state === 'queued')?.value).toBe(1);
    await db.close();
    await expect(queue.counts()).rejects.toThrow();
    expect(samples(await metrics.registry.metrics(), 'sop_jobs').find((s) => s.labels.state === 'queued')?.value).toBe(1);
  });
});

describe('statementKind', () => {
  it.each([
    ['SELECT 1', 'select'],
    ['  -- why\n  insert INTO jobs VALUES (1)', 'insert'],
    ['/* note */ UPDATE jobs SET state = $1', 'update'],
    ['DELETE FROM jobs', 'delete'],
    ['WITH due AS (SELECT id FROM jobs) UPDATE jobs SET state = $1 FROM due', 'update'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'select'],
    ['CREATE TABLE t (id int)', 'other'],
    ['', 'other'],
  ])('%j is %s', (sql, kind) => {
    expect(statementKind(sql)).toBe(kind);
  });
});

// The shape capabilities report in: a call that throws is still reported, as an error.
describe('timeDependency', () => {
  it('reports ok, error (thrown) and error (judged failed), passing values and errors through', async () => {
    const calls: DependencyCall[] = [];
    const observe: ObserveDependency = (c) => calls.push(c);
    expect(await timeDependency(observe, 'slack', 'post_message', async () => 7)).toBe(7);
    await expect(timeDependency(observe, 'slack', 'post_message', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(
      await timeDependency(
        observe,
        'slack',
        'post_message',
        async () => 503,
        (status) => status >= 400,
      ),
    ).toBe(503);
    expect(calls.map((c) => c.outcome)).toEqual(['ok', 'error', 'error']);
    // A broken sink does not fail the call it measures.
    expect(
      await timeDependency(
        () => {
          throw new Error('sink');
        },
        'slack',
        'post_message',
        async () => 'ok',
      ),
    ).toBe('ok');
  });
});
