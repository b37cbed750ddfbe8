import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../src/answer/index.ts';
import { createJobQueue, createWorker } from '../../src/db/index.ts';
import { createLocalPrHost } from '../../src/git/index.ts';
import { createExtractionJob } from '../../src/extraction/index.ts';
import { createConversationStore, EXTRACT_JOB, parseEvent } from '../../src/openphone/index.ts';
import { lintSops } from '../../src/sops/index.ts';
import { repoKnowledge } from '../answer/knowledge.ts';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';
import { makeSopsRepo } from '../git/sops-repo.ts';

const CUSTOMER = '+15551230000';
const LINE = '+15550009999';
let n = 0;
const text = (direction: 'incoming' | 'outgoing', body: string, conversationId = 'CN-x') => {
  n++;
  return {
    id: `EV-${n}`,
    type: direction === 'incoming' ? 'message.received' : 'message.delivered',
    data: {
      object: {
        id: `AC-${n}`,
        conversationId,
        from: direction === 'incoming' ? CUSTOMER : LINE,
        to: direction === 'incoming' ? LINE : CUSTOMER,
        direction,
        text: body,
        createdAt: new Date(Date.UTC(2026, 10, 20, 18, n)).toISOString(),
      },
    },
  };
};

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await repoKnowledge();
});

describe.each(DATABASES)('extraction job on $name with the local PR host', ({ open }) => {
  let t: TestDb;
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await truncateAll(t.db);
    repo = mkdtempSync(join(tmpdir(), 'sop-extract-repo-'));
    makeSopsRepo(repo);
    return () => rmSync(repo, { recursive: true, force: true });
  });

  const run = async (events: unknown[], llm?: Parameters<typeof createExtractionJob>[0]['llm']) => {
    const queue = createJobQueue({ db: t.db });
    const store = createConversationStore({ db: t.db, queue, windowMs: 86_400_000, quietMs: 0 });
    for (const e of events) await store.ingest(parseEvent(e, null));
    await store.enqueueQuiet(new Date(Date.UTC(2026, 10, 21)));
    const host = createLocalPrHost({ repo, now: () => new Date('2026-11-25T12:00:00Z') });
    const worker = createWorker({
      queue,
      handlers: {
        [EXTRACT_JOB]: createExtractionJob({
          db: t.db,
          knowledge: () => knowledge,
          host,
          log: captureLogger(),
          now: () => new Date('2026-11-25T12:00:00Z'),
          llm,
        }),
      },
      log: captureLogger(),
    });
    return worker.drain();
  };

  it('turns a confirmed fix into a redacted entry on a branch that passes lint, and records it', async () => {
    const ran = await run([
      text('incoming', 'hi this is Dana, the ball is not registering when we hit from the left side of the mat, call me on 555-867-5309'),
      text('outgoing', 'Sorry Dana! Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.'),
      text('incoming', 'that worked, thanks!'),
    ]);
    expect(ran).toBe(1);
    const { rows } = await t.db.query<{ status: string; route: string; problem: string; proposal_key: string; sop_section: string }>(
      'SELECT status, route, problem, proposal_key, sop_section FROM extracted_knowledge',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'proposed', route: 'tech', sop_section: 'tech/ball-not-registering.md#steps' });
    expect(rows[0]!.problem).not.toContain('555-867-5309');
    const branch = `knowledge/${rows[0]!.proposal_key}`;
    expect(git('diff', '--name-only', `main...${branch}`)).toBe('sops/tech/ball-not-registering.md');
    const diff = git('diff', `main...${branch}`);
    expect(diff).toContain('+Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.');
    expect(diff).not.toMatch(/Dana|867-5309/);
    // The branch's SOPs lint clean.
    const checkout = mkdtempSync(join(tmpdir(), 'sop-extract-lint-'));
    try {
      git('worktree', 'add', '-q', checkout, branch);
      expect(lintSops(join(checkout, 'sops'), new Date()).errors).toBe(0);
    } finally {
      git('worktree', 'remove', '--force', checkout);
    }
    expect((await t.db.query('SELECT processed FROM openphone_conversations')).rows).toEqual([{ processed: true }]);
    const proposals = await t.db.query<{ key: string; host: string; path: string; conversation_ids: string[] }>(
      'SELECT key, host, path, conversation_ids FROM proposals',
    );
    expect(proposals.rows).toEqual([
      { key: rows[0]!.proposal_key, host: 'local', path: 'sops/tech/ball-not-registering.md', conversation_ids: [expect.any(String)] },
    ]);
  });

  it('records what the SOPs already say as a duplicate, and opens nothing', async () => {
    await run([
      text('incoming', 'the projector screen is black', 'CN-dup'),
      text('outgoing', 'Press the power button on the projector remote and wait a minute for it to warm up.', 'CN-dup'),
      text('incoming', 'perfect, it works now', 'CN-dup'),
    ]);
    expect((await t.db.query('SELECT status, sop_section FROM extracted_knowledge')).rows).toEqual([
      { status: 'duplicate', sop_section: 'tech/projector-no-signal.md#steps' },
    ]);
    expect(git('branch', '--list', 'knowledge/*')).toBe('');
  });

  it('records what staff did in an emergency for a human, and proposes nothing', async () => {
    await run([
      text('incoming', 'there is water pouring through the ceiling onto the hitting mat and the floor is flooding', 'CN-urgent'),
      text(
        'outgoing',
        'Turn the stopcock under the kitchenette sink clockwise as far as it goes, then set the two blue tubs from the cupboard under the drip.',
        'CN-urgent',
      ),
      text('incoming', 'ok we are out, thanks', 'CN-urgent'),
    ]);
    const { rows } = await t.db.query<{ route: string; status: string; proposal_key: string | null; metadata: { reason: string } }>(
      'SELECT route, status, proposal_key, metadata FROM extracted_knowledge',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ route: 'emergency', proposal_key: null });
    expect(rows[0]!.status).not.toBe('proposed');
    expect(rows[0]!.metadata.reason).toMatch(/not proposed: emergency SOPs hand over to staff and are changed by hand$/);
    expect(git('branch', '--list', 'knowledge/*')).toBe('');
  });

  it('counts a second conversation about the same problem as support for the same proposal', async () => {
    await run([
      text('incoming', 'ball not registering from the left side of the mat', 'CN-a'),
      text('outgoing', 'Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.', 'CN-a'),
      text('incoming', 'that did it thanks', 'CN-a'),
      text('incoming', 'hey the ball keeps not registering on the left side of the mat??', 'CN-b'),
      text('outgoing', 'Please wipe the sensor lens with the microfibre cloth from the drawer.', 'CN-b'),
      text('incoming', 'works now, cheers', 'CN-b'),
    ]);
    const { rows } = await t.db.query<{ key: string; conversation_ids: string[] }>('SELECT key, conversation_ids FROM proposals');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.conversation_ids).toHaveLength(2);
    expect(git('for-each-ref', '--format=%(refname:short)', 'refs/heads/knowledge/')).toBe(`knowledge/${rows[0]!.key}`);
    expect(git('rev-list', '--count', `main..knowledge/${rows[0]!.key}`)).toBe('1');
    expect((await t.db.query('SELECT count(*)::int AS n FROM extracted_knowledge WHERE proposal_key = $1', [rows[0]!.key])).rows).toEqual([{ n: 2 }]);
  });

  it("writes a new SOP titled by the situation, with each supporting customer's wording as a question and staff's steps", async () => {
    await run([
      text('incoming', 'hey the putts are going way left even tho i hit them straight', 'CN-n1'),
      text('outgoing', 'Tap the flag icon top right and pick Align, then point the putter at the middle of the screen and press Enter.', 'CN-n1'),
      text('incoming', 'ahh there it is, rolling true now', 'CN-n1'),
    ]);
    // A second customer, a day later: their conversation supports the proposal the first one opened.
    await run([
      text('incoming', 'the putts are going left even though i hit them dead straight', 'CN-n2'),
      text('outgoing', 'Tap the flag icon and pick Align, then point your putter at the screen and press Enter.', 'CN-n2'),
      text('incoming', 'sweet, all good', 'CN-n2'),
    ]);
    const { rows } = await t.db.query<{ key: string; path: string; conversation_ids: string[] }>('SELECT key, path, conversation_ids FROM proposals');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.conversation_ids).toHaveLength(2);
    const file = git('show', `knowledge/${rows[0]!.key}:${rows[0]!.path}`);
    expect(git('ls-tree', '--name-only', 'main', rows[0]!.path)).toBe('');
    expect(file).toContain('title: Putts going way left\n');
    expect(file).toContain(
      'questions:\n  - the putts are going way left even tho i hit them straight\n  - the putts are going left even though i hit them dead straight\n',
    );
    expect(file).toContain('## Steps\n\n1. Tap the flag icon top right and pick Align.\n2. Point the putter at the middle of the screen and press Enter.');
  });

  it('proposes the edit of the sentence a confirmed fix contradicts, labelled a contradiction with both versions, and keeps the item a contradiction', async () => {
    await run([
      text('incoming', 'I need to cancel my booking for tomorrow', 'CN-c'),
      text('outgoing', 'No problem, you can cancel yourself from the Manage booking link up to 48 hours before the start.', 'CN-c'),
      text('incoming', 'done, thanks!', 'CN-c'),
    ]);
    const { rows: items } = await t.db.query<{ status: string; proposal_key: string | null; metadata: { sopText: string; itemText: string } }>(
      'SELECT status, proposal_key, metadata FROM extracted_knowledge',
    );
    expect(items).toEqual([
      {
        status: 'contradiction',
        proposal_key: expect.stringMatching(/^booking-contradiction-[0-9a-f]{12}$/),
        metadata: expect.objectContaining({ sopText: '24 hours', itemText: '48 hours' }),
      },
    ]);
    const key = items[0]!.proposal_key!;
    const { rows } = await t.db.query<{ title: string; path: string }>('SELECT title, path FROM proposals WHERE key = $1', [key]);
    expect(rows).toEqual([
      { title: 'contradiction(booking): booking/cancel-a-booking.md says 24 hours, staff said 48 hours', path: 'sops/booking/cancel-a-booking.md' },
    ]);
    const diff = git('diff', '-U0', `main...knowledge/${key}`);
    const changed = diff.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    // Only the body lines giving the figure change, and only the figure in them; the questions keep theirs.
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed.filter((l) => l.startsWith('+'))) expect(line).toContain('48 hours');
    expect(changed.filter((l) => l.startsWith('-')).map((l) => l.slice(1).replaceAll('24 hours', '48 hours'))).toEqual(
      changed.filter((l) => l.startsWith('+')).map((l) => l.slice(1)),
    );
    expect(git('show', `knowledge/${key}:sops/booking/cancel-a-booking.md`)).toContain('  - is there a fee if I cancel less than 24 hours before');
    const body = git('log', '-1', '--format=%B', `knowledge/${key}`);
    expect(body).toContain('A contradiction for a human to settle');
  });

  it('keeps why a conversation yielded nothing, and clears it once one yields something', async () => {
    await run([text('incoming', 'can you help me?', 'CN-e'), text('outgoing', 'Sure, one moment.', 'CN-e')]);
    const why = async () => (await t.db.query<{ why: string | null }>(`SELECT metadata->>'extraction' AS why FROM openphone_conversations`)).rows;
    expect(await why()).toEqual([{ why: 'no staff text gives an instruction (press, check, try, …): staff only asked, greeted or answered' }]);
    await run([
      text('outgoing', 'Press the power button on the projector remote and wait a minute for it to warm up.', 'CN-e'),
      text('incoming', 'perfect, it works now', 'CN-e'),
    ]);
    expect(await why()).toEqual([{ why: null }]);
  });

  it('never opens a second proposal for the same knowledge: a retried job changes nothing', async () => {
    const events = [
      text('incoming', 'ball not registering from the left side', 'CN-r'),
      text('outgoing', 'Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.', 'CN-r'),
      text('incoming', 'that did it thanks', 'CN-r'),
    ];
    await run(events);
    const head = git('rev-parse', `refs/heads/knowledge/${(await t.db.query<{ key: string }>('SELECT key FROM proposals')).rows[0]!.key}`);
    await t.db.query('UPDATE openphone_conversations SET processed = false');
    await run([]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM proposals')).rows).toEqual([{ n: 1 }]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM extracted_knowledge')).rows).toEqual([{ n: 1 }]);
    expect(git('for-each-ref', '--format=%(objectname)', 'refs/heads/knowledge/')).toBe(head);
  });

  it('blocks a proposal whose text still looks personal after redaction, records why, and opens nothing', async () => {
    // An extractor that writes a phone number into the problem (an LLM can put one back together).
    const llm = {
      extract: async () => ({
        items: [
          {
            problem: 'ball not registering from the left, call back on 902 555 0142',
            questions: ['ball not registering from the left'],
            solution: 'Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.',
            steps: [],
            confidence: 0.9,
            evidence: 'customer: ball not registering',
          },
        ],
        why: null,
      }),
    };
    await run(
      [
        text('incoming', 'ball not registering from the left side', 'CN-p'),
        text('outgoing', 'Wipe the sensor lens.', 'CN-p'),
        text('incoming', 'that did it thanks', 'CN-p'),
      ],
      llm,
    );
    const { rows } = await t.db.query<{ status: string; proposal_key: string | null; metadata: { reason: string } }>(
      'SELECT status, proposal_key, metadata FROM extracted_knowledge',
    );
    expect(rows).toEqual([
      {
        status: 'blocked',
        proposal_key: null,
        metadata: {
          reason: expect.stringMatching(/^not proposed: the title holds what looks like a phone number; .*the problem holds what looks like a phone number/),
        },
      },
    ]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM proposals')).rows).toEqual([{ n: 0 }]);
    expect(git('branch', '--list', 'knowledge/*')).toBe('');
  });
});
