/**
 * No secret, phone number or message text in the logs: `sop serve` runs as operators run it (a child
 * process, debug level, every secret set), gets signed and forged webhooks, malformed JSON, questions
 * with names and numbers, an escalation that Slack first refuses, extraction into a proposal, and
 * sign-ins with the right and a wrong token. Then its whole output is searched for each of them.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/openphone/index.ts';
import { spawnServe, useTempDirs } from '../cli/run-sop.ts';
import { makeDeployRepo, rolloutWith } from '../deploy/deploy-repo.ts';
import { startSlackReceiver } from '../fakes/slack-server.ts';
import { signInAdmin } from '../http/admin-client.ts';

const tempDir = useTempDirs('sop-log-scan-');

const SECRETS = {
  OPENPHONE_WEBHOOK_SECRET: Buffer.from('log scan webhook signing key').toString('base64'),
  ASK_API_TOKEN: 'ask-token-Zq81vLw0pX',
  ADMIN_TOKEN: 'admin-token-Hk37sNe9uYt2',
};
const WRONG_TOKEN = 'guessed-token-Rb55mQ0o';
/** What a customer wrote: none of it may reach the log. */
const CUSTOMER = { name: 'Priyanka', phone: '+15558675309', phoneWritten: '(555) 867-5309', email: 'priyanka.k@example.com', marker: 'zebracornish' };

describe('the logs of a running service', { timeout: 180_000 }, () => {
  let child: ChildProcess;
  let output: () => string = () => '';
  let url = '';
  let slack: Awaited<ReturnType<typeof startSlackReceiver>>;

  beforeAll(async () => {
    const dir = tempDir();
    const repo = makeDeployRepo(join(dir, 'repo'));
    writeFileSync(repo.rolloutFile, rolloutWith('tech', 100));
    repo.commit('tech in rollout');
    // Slack fails once, so its retry is logged too.
    slack = await startSlackReceiver([{ status: 500, body: 'internal_error' }, { status: 200 }]);
    ({ child, url, output } = await spawnServe({
      cwd: repo.dir,
      env: {
        ...SECRETS,
        LOG_LEVEL: 'debug',
        DATA_DIR: join(dir, 'data'),
        SOPS_DIR: repo.sopsDir,
        EVALS_DIR: repo.evalsDir,
        SLACK_WEBHOOK_URL: slack.url,
        PUBLIC_URL: 'https://sop.example.com',
      },
    }));
    await exercise();
  }, 150_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));
    await slack?.close();
  }, 20_000);

  const webhook = (body: string, secret = SECRETS.OPENPHONE_WEBHOOK_SECRET) =>
    fetch(`${url}/api/openphone/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook('openphone', secret, body, new Date()) },
      body,
    });
  const ask = (message: string, token = SECRETS.ASK_API_TOKEN) =>
    fetch(`${url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message, stickyKey: CUSTOMER.phone, context: { conversationId: 'CN-log-scan' } }),
    });

  async function exercise() {
    const text = `hi this is ${CUSTOMER.name}, the ${CUSTOMER.marker} projector in bay 3 shows no signal. call me on ${CUSTOMER.phoneWritten} or ${CUSTOMER.email}`;
    const at = new Date().toISOString();
    const message = (id: string, direction: 'incoming' | 'outgoing', body: string) => ({
      id: `EV-${id}`,
      object: 'event',
      apiVersion: 'v3',
      createdAt: at,
      type: direction === 'incoming' ? 'message.received' : 'message.delivered',
      data: {
        object: {
          id: `AC-${id}`,
          object: 'message',
          from: direction === 'incoming' ? CUSTOMER.phone : '+15550009999',
          to: [direction === 'incoming' ? '+15550009999' : CUSTOMER.phone],
          direction,
          text: body,
          status: 'delivered',
          createdAt: at,
          conversationId: 'CN-log-scan',
          phoneNumberId: 'PN1',
          userId: 'US1',
        },
      },
    });
    expect((await webhook(JSON.stringify(message('1', 'incoming', text)))).status).toBe(200);
    expect(
      (
        await webhook(
          JSON.stringify(message('2', 'outgoing', `Thanks ${CUSTOMER.name}! Switch the ${CUSTOMER.marker} projector input to HDMI 2 with the remote.`)),
        )
      ).status,
    ).toBe(200);
    const transcript = {
      id: 'EV-3',
      object: 'event',
      apiVersion: 'v3',
      createdAt: at,
      type: 'call.transcript.completed',
      data: {
        object: {
          id: 'TR-1',
          object: 'callTranscript',
          callId: 'CA-1',
          status: 'completed',
          createdAt: at,
          dialogue: [
            { identifier: CUSTOMER.phone, userId: null, content: `it's ${CUSTOMER.name} again, the ${CUSTOMER.marker} screen is blank`, start: 0, end: 3 },
            { identifier: '+15550009999', userId: 'US1', content: `Press input on the remote and pick HDMI 2, ${CUSTOMER.name}.`, start: 3, end: 6 },
          ],
        },
      },
    };
    await webhook(JSON.stringify(transcript));
    expect((await webhook(JSON.stringify(message('4', 'incoming', text)), Buffer.from('a key someone guessed').toString('base64'))).status).toBe(401);
    expect((await webhook(`{"text": "call me ${CUSTOMER.phoneWritten} ${CUSTOMER.marker}`)).status).toBe(400);
    expect((await ask(text)).status).toBe(200);
    expect((await ask(`there is smoke and a fire in bay 2, ${CUSTOMER.marker}, call ${CUSTOMER.phoneWritten}`)).status).toBe(200);
    expect((await ask(text, WRONG_TOKEN)).status).toBe(401);
    expect((await signInAdmin(url, WRONG_TOKEN)).status).toBe(401);
    expect((await signInAdmin(url, SECRETS.ADMIN_TOKEN, 'Ana')).status).toBe(303);
    // The escalation reaches Slack (after one retry) and the extraction job runs.
    for (let i = 0; i < 100 && slack.received.length < 2; i++) await sleep(100);
    expect(slack.received).toHaveLength(2);
    for (let i = 0; i < 100 && !output().includes('conversation extracted'); i++) await sleep(100);
  }

  it('exercised the paths that log: webhooks, answers, escalation retries, extraction, sign-in', () => {
    for (const line of [
      '"msg":"webhook event"',
      '"msg":"webhook rejected"',
      '"msg":"webhook payload rejected"',
      '"msg":"answered"',
      '"msg":"retrying the Slack webhook"',
      '"msg":"escalation posted to Slack"',
      '"msg":"conversation extracted"',
      '"msg":"admin signed in"',
      'admin sign-in refused',
    ]) {
      expect(output()).toContain(line);
    }
  });

  it("ties every line about a request to its id: the caller's X-Request-Id, else a new one, in the response too", async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.ASK_API_TOKEN}` };
    const body = JSON.stringify({ message: 'the projector shows no signal', stickyKey: 'trace-test' });
    const traced = await fetch(`${url}/api/ask`, { method: 'POST', headers: { ...headers, 'x-request-id': 'trace-7f3a.1' }, body });
    expect(traced.headers.get('x-request-id')).toBe('trace-7f3a.1');
    // An id that could forge log lines is replaced, never echoed.
    const hostile = await fetch(`${url}/api/ask`, { method: 'POST', headers: { ...headers, 'x-request-id': 'x" "msg":"forged' }, body });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unauthorized = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'trace-401' }, body });
    expect(unauthorized.status).toBe(401);
    await sleep(200);
    const lines = (id: string) =>
      output()
        .split('\n')
        .filter((l) => l.includes(`"requestId":"${id}"`))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines('trace-7f3a.1').map((l) => l.msg)).toEqual(expect.arrayContaining(['answered', 'request']));
    expect(lines('trace-7f3a.1').find((l) => l.msg === 'request')).toMatchObject({ method: 'POST', route: '/api/ask', status: 200 });
    expect(lines('trace-401')).toEqual([expect.objectContaining({ msg: 'request', status: 401 })]);
    expect(output()).not.toContain('forged');
    // The webhook, served outside Express, is traced the same way.
    const delivered = await fetch(`${url}/api/openphone/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-webhook-1' },
      body: '{',
    });
    expect(delivered.headers.get('x-request-id')).toBe('trace-webhook-1');
    await sleep(200);
    expect(lines('trace-webhook-1').map((l) => l.msg)).toEqual(expect.arrayContaining(['webhook rejected', 'request']));
    expect(lines('trace-webhook-1').find((l) => l.msg === 'request')).toMatchObject({ method: 'POST', route: '/api/openphone/webhook', status: 401 });
    // Admin pages are labelled with their full path.
    expect(output()).toMatch(/"msg":"request".*"route":"\/admin\/login"|"route":"\/admin\/login".*"msg":"request"/);
  });

  it('carries the id of the request that escalated to the escalation, posted after the reply', () => {
    const all = output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const posted = all.find((l) => l.msg === 'escalation posted to Slack');
    const answered = all.find((l) => l.msg === 'answered' && l.decision === posted?.decisionId);
    expect(answered?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(posted?.requestId).toBe(answered?.requestId);
  });

  it.each([
    ['the webhook secret', SECRETS.OPENPHONE_WEBHOOK_SECRET],
    ['the API token', SECRETS.ASK_API_TOKEN],
    ['the admin token', SECRETS.ADMIN_TOKEN],
    ['a guessed token', WRONG_TOKEN],
    ["the Slack webhook's secret path", '/services/T000/B000/secret'],
    ["the customer's number (E.164)", CUSTOMER.phone],
    ["the customer's number as written", '867-5309'],
    ["the customer's email", CUSTOMER.email],
    ["the customer's name", CUSTOMER.name],
    ['words of the message', CUSTOMER.marker],
  ])('holds no trace of %s', (_what, secret) => {
    expect(
      output().includes(secret)
        ? output()
            .split('\n')
            .filter((l) => l.includes(secret))
        : [],
    ).toEqual([]);
  });
});
