import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Service } from '../../src/main.ts';
import { runSopJson, useTempDirs } from '../cli/run-sop.ts';
import { startSlackReceiver } from '../fakes/slack-server.ts';

const LEGACY_ANSWER = 'Thanks for reaching out! You can cancel from the link in your booking confirmation email.';

/** The old Assistant behind a legacy HTTP endpoint, answering after a short delay. */
async function startLegacyAssistant() {
  const requests: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push(JSON.parse(body));
      setTimeout(
        () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ response: LEGACY_ANSWER, usage: { model: 'gpt-4o-mini', input_tokens: 800, output_tokens: 60 } })),
        30,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ask`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const tempDir = useTempDirs('sop-ask-');

const DATABASES = [
  { name: 'pglite', env: () => ({ DATA_DIR: tempDir() }) },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: 'postgres', env: () => ({ DATABASE_URL: process.env.TEST_DATABASE_URL!, DATABASE_SCHEMA: `test_${randomBytes(6).toString('hex')}` }) }]
    : []),
];

describe.each(DATABASES)('POST /api/ask through the service on $name', ({ name, env: databaseEnv }) => {
  let service: Service;
  let legacy: Awaited<ReturnType<typeof startLegacyAssistant>>;
  let slack: Awaited<ReturnType<typeof startSlackReceiver>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    legacy = await startLegacyAssistant();
    slack = await startSlackReceiver();
    const rolloutFile = join(tempDir(), 'rollout.yaml');
    writeFileSync(rolloutFile, readFileSync('rollout.yaml', 'utf8').replace('  tech:\n    mode: shadow', '  tech:\n    mode: rollout\n    percentage: 100'));
    env = {
      LOG_LEVEL: 'silent',
      ...databaseEnv(),
      ROLLOUT_FILE: rolloutFile,
      ASSISTANT: 'http',
      ASSISTANT_HTTP_URL: legacy.url,
      SLACK_WEBHOOK_URL: slack.url,
      PUBLIC_URL: 'https://sop.example.com',
    };
    service = await createRuntime(env).startService({ port: 0, worker: false });
    return async () => {
      await service.close();
      await legacy.close();
      await slack.close();
    };
  });

  const ask = async (body: unknown) => {
    const res = await fetch(`${service.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const rows = async (sql: string, params: unknown[], atLeast = 1) => {
    for (let i = 0; i < 100; i++) {
      const { rows } = await service.db.query<Record<string, any>>(sql, params);
      if (rows.length >= atLeast) return rows;
      await sleep(20);
    }
    throw new Error(`no rows for ${sql}`);
  };

  it('shadow: answers with the Assistant and stores both answers, redacted, with their similarity', async () => {
    const { status, body } = await ask({
      message: 'how do i cancel my booking? call me on 555-867-5309',
      route: 'booking',
      stickyKey: '+15551234567',
      context: { conversationId: 'CN1' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      response: LEGACY_ANSWER,
      answeredBy: 'assistant',
      structured: null,
      decision: { route: 'booking', mode: 'shadow', reason: 'shadow' },
    });
    expect(legacy.requests.at(-1)).toMatchObject({ message: 'how do i cancel my booking? call me on 555-867-5309', route: 'booking' });

    const [comparison] = await rows('SELECT * FROM sop_shadow_comparisons WHERE decision_id = $1', [body.decision.id]);
    expect(comparison).toMatchObject({
      route: 'booking',
      assistant_response: LEGACY_ANSWER,
      query: 'how do i cancel my booking? call me on [phone]',
      sop_error: null,
    });
    expect(comparison!.sop_response).toMatch(/cancel/i);
    expect(comparison!.sop_confidence).toBeGreaterThan(0);
    expect(comparison!.sop_confidence).toBeLessThan(1);
    expect(comparison!.similarity).toBeGreaterThan(0);
    expect(comparison!.similarity).toBeLessThan(1);
    expect(comparison!.sop_sources[0].id).toMatch(/^booking\//);
    expect(comparison!.assistant_latency_ms).toBeGreaterThanOrEqual(30);

    const [decision] = await rows('SELECT * FROM sop_decisions WHERE id = $1', [body.decision.id]);
    expect(decision).toMatchObject({
      route: 'booking',
      mode: 'shadow',
      answered_by: 'assistant',
      reason: 'shadow',
      assistant_tokens: 860,
      conversation_id: 'CN1',
      fallback: false,
      escalated: false,
    });
    expect(Number(decision!.assistant_cost_usd)).toBeCloseTo((800 * 0.15 + 60 * 0.6) / 1e6, 6);
  });

  it('rollout at 100%: a confident SOP answer, with its structure and the bucket', async () => {
    const { body } = await ask({ message: 'trackman screen frozen and wont respond', route: 'tech', stickyKey: '+15550000001' });
    expect(body).toMatchObject({ answeredBy: 'sop', decision: { route: 'tech', mode: 'rollout', reason: 'confident', percentage: 100 } });
    expect(body.structured.sources[0].id).toBe('tech/frozen-screen.md#reply');
    expect(body.decision.bucket).toBeGreaterThanOrEqual(1);
    const [decision] = await rows('SELECT answered_by, bucket FROM sop_decisions WHERE id = $1', [body.decision.id]);
    expect(decision).toEqual({ answered_by: 'sop', bucket: body.decision.bucket });
  });

  it('an emergency escalates, posts to Slack and is counted', async () => {
    const before = slack.received.length;
    const { body } = await ask({ message: 'there is smoke coming out of the projector', stickyKey: '+15550000002', context: { conversationId: 'CN-9' } });
    expect(body).toMatchObject({ answeredBy: 'escalation', decision: { route: 'emergency', reason: 'human_required', escalated: true } });
    for (let i = 0; i < 100 && slack.received.length === before; i++) await sleep(20);
    const posted = JSON.parse(slack.received.at(-1)!.body) as { text: string };
    expect(posted.text).toContain('emergency');
    expect(JSON.stringify(posted)).toContain('https://sop.example.com/admin/conversations/CN-9');
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain('sop_escalations_total{route="emergency",outcome="posted"} 1');
    expect(metrics).toContain('sop_router_decisions_total{route="emergency",answered_by="escalation",reason="human_required"} 1');
  });

  it('refuses a request without a stickyKey, naming the field', async () => {
    const { status, body } = await ask({ message: 'hello' });
    expect(status).toBe(400);
    expect(body.error).toMatch(/^stickyKey: required/);
    expect((await ask('not an object')).status).toBe(400);
  });

  it('shows the effective rollout with the source of every value', async () => {
    const rollout = (await (await fetch(`${service.url}/api/rollout`)).json()) as Record<string, any>;
    const tech = rollout.routes.find((r: { route: string }) => r.route === 'tech');
    // The file as deployed: the version built at start from the local SOPs.
    expect(tech.mode).toMatchObject({ value: 'rollout', from: 'file', ref: `rollout.yaml@${rollout.version} routes.tech.mode` });
    expect(rollout.version).toMatch(/^local-[0-9a-f]{12}$/);
    expect(rollout.killSwitch).toMatchObject({ value: false, from: 'default' });
  });

  // PGlite is held by the running service; test/cli/metrics.test.ts runs the command on it.
  it.skipIf(name === 'pglite')('sop metrics aggregates the decisions of the day from another process', { timeout: 60_000 }, async () => {
    await rows('SELECT id FROM sop_decisions', [], 3);
    const summary = runSopJson<{ overall: { total: number } }>(['metrics', '--json', '--days', '1'], { env });
    expect(summary.overall.total).toBeGreaterThanOrEqual(3);
  });
});

describe('the API token', () => {
  it('refuses /api/ask without the bearer token when ASK_API_TOKEN is set', async () => {
    const service = await createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: tempDir(), ASK_API_TOKEN: 'a-long-random-token' }).startService({
      port: 0,
      worker: false,
    });
    try {
      const body = JSON.stringify({ message: 'how do i cancel my booking', stickyKey: 'k' });
      const without = await fetch(`${service.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(without.status).toBe(401);
      const wrong = await fetch(`${service.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
        body,
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${service.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer a-long-random-token' },
        body,
      });
      expect(right.status).toBe(200);
      // No recording of this question and no other Assistant: a confident SOP answer stands in.
      expect(((await right.json()) as { answeredBy: string }).answeredBy).toBe('sop');
    } finally {
      await service.close();
    }
  });

  it('refuses to start in production with an ASK_API_TOKEN under 16 characters', async () => {
    const secret = Buffer.from('a production signing key').toString('base64');
    const runtime = createRuntime({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: tempDir(), OPENPHONE_WEBHOOK_SECRET: secret, ASK_API_TOKEN: 'x' });
    await expect(runtime.startService({ port: 0, worker: false })).rejects.toThrow(
      'ASK_API_TOKEN must be at least 16 characters when NODE_ENV=production (e.g. `openssl rand -hex 24`), got 1',
    );
  });

  it('refuses to answer customers from recordings in production', async () => {
    const secret = Buffer.from('a production signing key').toString('base64');
    const runtime = createRuntime({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: tempDir(),
      OPENPHONE_WEBHOOK_SECRET: secret,
      ASK_API_TOKEN: 'a-long-random-token',
    });
    await expect(runtime.startService({ port: 0, worker: false })).rejects.toThrow(
      /^the recorded Assistant replays eval cases and cannot answer customers: set ASSISTANT=responses/,
    );
  });
});
