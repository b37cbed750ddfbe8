import { afterEach, describe, expect, it } from 'vitest';
import type { Escalation } from '../../src/router/index.ts';
import { createSlackNotifier } from '../../src/escalation/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { startSlackReceiver as startReceiver } from '../fakes/slack-server.ts';

const PUBLIC_URL = 'https://sop.example.com/';
const escalation: Escalation = {
  route: 'emergency',
  reason: 'human_required',
  message: 'Smoke coming from bay 3 projector!! call me on (555) 123-4567 or mail jo.bloggs@example.com asap',
  conversationId: 'CN 42/a',
  decisionId: '6f1c2d1e-0000-4000-8000-000000000001',
};

let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const logText = (log: ReturnType<typeof captureLogger>) => JSON.stringify(log.entries);

describe('Slack notifier', () => {
  it('posts the route, reason, redacted summary and conversation link, and logs no customer text', async () => {
    receiver = await startReceiver([{ status: 200 }]);
    const log = captureLogger();
    const slack = createSlackNotifier({ url: receiver.url, log, publicUrl: PUBLIC_URL });

    expect(await slack.notify(escalation)).toBe('posted');

    expect(receiver.received).toHaveLength(1);
    const { body, contentType } = receiver.received[0]!;
    expect(contentType).toBe('application/json');
    expect(body).not.toMatch(/555|123-4567|jo\.bloggs|example\.com asap/);
    expect(JSON.parse(body)).toEqual({
      text: 'Escalation: emergency (human_required)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Escalation: emergency (human_required)' } },
        { type: 'section', text: { type: 'mrkdwn', text: '>Smoke coming from bay 3 projector!! call me on [phone] or mail [email] asap' } },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: `<https://sop.example.com/admin/conversations/CN%2042%2Fa|Open the conversation> · decision ${escalation.decisionId}` },
          ],
        },
      ],
    });
    expect(log.entries).toEqual([
      {
        level: 'info',
        args: [{ route: 'emergency', reason: 'human_required', decisionId: escalation.decisionId, status: 200, attempt: 1 }, 'escalation posted to Slack'],
      },
    ]);
    expect(logText(log)).not.toMatch(/Smoke|555|bloggs|secret/);
  });

  it('names the decision when there is no conversation, truncates long messages on a word, and escapes Slack markup', async () => {
    receiver = await startReceiver([{ status: 200 }]);
    const slack = createSlackNotifier({ url: receiver.url, log: captureLogger(), publicUrl: PUBLIC_URL });
    const long = `<!channel> the screen & the ball tracker are both dead ${'and nothing works '.repeat(30)}`;

    expect(await slack.notify({ route: 'tech', reason: 'low_confidence', message: long, decisionId: 'd-1' })).toBe('posted');

    const [, section, context] = JSON.parse(receiver.received[0]!.body).blocks;
    const summary: string = section.text.text;
    expect(summary.startsWith('>&lt;!channel&gt; the screen &amp; the ball tracker')).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
    const kept = summary.slice(1, -1).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const whole = long.trim();
    // A whole-word prefix of the message, under 300 characters with the ellipsis, not cut short.
    expect(whole.startsWith(kept)).toBe(true);
    expect(whole[kept.length]).toBe(' ');
    expect(kept.length).toBeLessThan(300);
    expect(kept.length).toBeGreaterThan(280);
    expect(context.elements[0].text).toBe('Decision d-1 (no conversation)');
  });

  it('retries a 500 and posts on the second request', async () => {
    receiver = await startReceiver([{ status: 500, body: 'internal_error' }, { status: 200 }]);
    const log = captureLogger();
    const slack = createSlackNotifier({ url: receiver.url, log, publicUrl: PUBLIC_URL });

    expect(await slack.notify(escalation)).toBe('posted');

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(190);
    expect(log.warnings()).toEqual([]);
  });

  it('waits out a 429 retry-after before trying again', async () => {
    receiver = await startReceiver([{ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }, { status: 200 }]);
    const slack = createSlackNotifier({ url: receiver.url, log: captureLogger(), publicUrl: PUBLIC_URL });

    expect(await slack.notify(escalation)).toBe('posted');

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('gives up on a 400 after one request and logs what Slack said', async () => {
    receiver = await startReceiver([{ status: 400, body: 'invalid_payload' }]);
    const log = captureLogger();
    const slack = createSlackNotifier({ url: receiver.url, log, publicUrl: PUBLIC_URL });

    expect(await slack.notify(escalation)).toBe('failed');

    expect(receiver.received).toHaveLength(1);
    expect(log.warnings()).toEqual([
      {
        level: 'warn',
        args: [
          { route: 'emergency', reason: 'human_required', decisionId: escalation.decisionId, status: 400, attempt: 1, error: 'invalid_payload' },
          'Slack refused the escalation',
        ],
      },
    ]);
  });

  it('fails after `attempts` timeouts against a receiver that never answers', async () => {
    receiver = await startReceiver(['hang']);
    const log = captureLogger();
    const slack = createSlackNotifier({ url: receiver.url, log, publicUrl: PUBLIC_URL, timeoutMs: 100, attempts: 3 });
    const started = Date.now();

    expect(await slack.notify(escalation)).toBe('failed');

    const elapsed = Date.now() - started;
    expect(receiver.received).toHaveLength(3);
    // Three 100 ms timeouts and back-offs of 200 and 400 ms: 900 ms, with room for a slow machine.
    expect(elapsed).toBeGreaterThanOrEqual(880);
    expect(elapsed).toBeLessThan(2_500);
    expect(log.warnings()).toEqual([
      {
        level: 'warn',
        args: [
          { route: 'emergency', reason: 'human_required', decisionId: escalation.decisionId, status: 0, attempt: 3, error: 'timeout' },
          'escalation not posted to Slack',
        ],
      },
    ]);
  });

  it('fails on a refused connection without putting the webhook URL in the log', async () => {
    receiver = await startReceiver([{ status: 200 }]);
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const log = captureLogger();
    const slack = createSlackNotifier({ url, log, publicUrl: PUBLIC_URL, attempts: 2 });

    expect(await slack.notify(escalation)).toBe('failed');

    expect(log.warnings()).toHaveLength(1);
    expect(log.warnings()[0]!.args[0]).toMatchObject({ status: 0, attempt: 2, error: 'ECONNREFUSED' });
    expect(logText(log)).not.toContain('secret');
  });

  it('without a URL answers unconfigured and warns once per notifier, with no state shared between notifiers', async () => {
    const log = captureLogger();
    const first = createSlackNotifier({ log, publicUrl: PUBLIC_URL });
    const second = createSlackNotifier({ log, publicUrl: PUBLIC_URL });
    const warning = { level: 'warn', args: ['SLACK_WEBHOOK_URL unset: escalations are counted but not posted'] };

    expect(await first.notify(escalation)).toBe('unconfigured');
    expect(await first.notify(escalation)).toBe('unconfigured');
    expect(log.entries).toEqual([warning]);
    expect(await second.notify(escalation)).toBe('unconfigured');
    expect(log.entries).toEqual([warning, warning]);
  });

  it('refuses a URL that does not parse, without repeating it', () => {
    expect(() => createSlackNotifier({ url: 'hooks.slack.com/services/T0/B0/secret', log: captureLogger(), publicUrl: PUBLIC_URL })).toThrow(
      /^SLACK_WEBHOOK_URL is not a valid URL: copy it from the Slack app's "Incoming Webhooks" page$/,
    );
  });

  it('redacts a reason that quotes the customer', async () => {
    receiver = await startReceiver([{ status: 200 }]);
    const log = captureLogger();
    const slack = createSlackNotifier({ url: receiver.url, log, publicUrl: PUBLIC_URL });
    expect(await slack.notify({ ...escalation, reason: 'the customer asked to be called on 555-867-5309' })).toBe('posted');
    expect(receiver.received[0]!.body).not.toContain('867-5309');
    expect(receiver.received[0]!.body).toContain('[phone]');
    expect(logText(log)).not.toContain('867-5309');
  });
});
