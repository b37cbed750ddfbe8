import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackNotifier } from '../../src/escalation/index.ts';
import { isoWeek, postWeeklyDigest } from '../../src/gaps/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';
import { startSlackReceiver } from '../fakes/slack-server.ts';

const NOW = new Date('2026-12-02T09:00:00Z');
const LOCKER = [
  'can i rent a locker for my clubs',
  'can i rent a locker for my clubs?',
  'Can I rent a locker for my clubs pls',
  'can i rent a locker for my clubs thx',
];

describe('isoWeek', () => {
  it('numbers weeks from Monday, the first holding the year’s first Thursday', () => {
    expect(isoWeek(new Date('2026-12-02T09:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2026-11-30T00:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2026-11-29T23:59:59Z'))).toBe('2026-W48');
    expect(isoWeek(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2025-12-29T12:00:00Z'))).toBe('2026-W01');
  });
});

describe.each(DATABASES)('the weekly gap digest on $name', ({ open }) => {
  let t: TestDb;
  let slack: Awaited<ReturnType<typeof startSlackReceiver>>;
  beforeAll(async () => {
    t = await open();
    slack = await startSlackReceiver([{ status: 500 }, { status: 200 }]);
  });
  afterAll(async () => {
    await slack.close();
    await t.drop();
  });

  const notifier = () => createSlackNotifier({ url: slack.url, log: captureLogger(), publicUrl: 'https://sop.example/', attempts: 1 });
  const digest = () => postWeeklyDigest({ db: t.db, post: (m) => notifier().post(m, 'gap digest'), publicUrl: 'https://sop.example/', now: NOW });

  it('posts nothing while no topic is new or growing', async () => {
    expect(await digest()).toEqual({ week: '2026-W49', outcome: 'nothing-new' });
    expect(slack.received).toHaveLength(0);
  });

  it("posts the week's new topics once, with a link to the page, and tries again after a failed post", async () => {
    for (const [i, text] of LOCKER.entries()) {
      await t.db.query(
        `INSERT INTO sop_decisions (created_at, route, mode, answered_by, reason, percentage, threshold, sop_confidence, latency_ms, config_version, message)
         VALUES ($1, 'booking', 'rollout', 'assistant', 'low_confidence', 100, 0.75, 0.3, 5, 'test', $2)`,
        [new Date(NOW.getTime() - (i + 1) * 3_600_000).toISOString(), text],
      );
    }
    // The first post fails (500): the week is released, so the next run posts.
    expect(await digest()).toEqual({ week: '2026-W49', outcome: 'failed' });
    expect(await digest()).toEqual({ week: '2026-W49', outcome: 'posted' });
    expect(await digest()).toEqual({ week: '2026-W49', outcome: 'already-posted' });
    expect(slack.received).toHaveLength(2);
    const posted = JSON.parse(slack.received[1]!.body) as { text: string; blocks: { text?: { text: string }; elements?: { text: string }[] }[] };
    expect(posted.text).toBe('Gaps this week: 1 new or growing topic');
    expect(posted.blocks[1]!.text!.text).toMatch(/^1\. \*[a-z ·]*locker[a-z ·]*\* \(new\): 4 texts from 4 customers, 100\.0% of booking\n>can i rent a locker/);
    expect(posted.blocks[2]!.elements![0]!.text).toBe(
      '4 texts answered below threshold or judged worse in 7 days · <https://sop.example/admin/gaps?days=7|Open the Gaps page>',
    );
    const { rows } = await t.db.query<{ week: string; topics: { id: string; texts: number }[] }>('SELECT week, topics FROM gap_digests');
    expect(rows).toEqual([{ week: '2026-W49', topics: [{ id: expect.stringContaining('locker'), texts: 4 }] }]);
  });
});
