import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normaliseQuestion } from '../../src/text/index.ts';
import { parseSinceDate, registerHarvest, runHarvest } from '../../src/cli/eval-harvest.ts';
import { InputError } from '../../src/errors.ts';
import { formatCasesJsonl, harvestCases, harvestSkip } from '../../src/evals/harvest.ts';
import { createLocalPrHost } from '../../src/git/index.ts';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';
import { makeSopsRepo } from '../git/sops-repo.ts';
import { createLocalEmbedder } from '../../src/search/index.ts';

type Seed = {
  id: string;
  at: string;
  query: string;
  assistant?: string | null;
  verdict?: 'better' | 'same' | 'worse' | null;
  /** With `worse`: the SOP that should have answered, or `none`. */
  source?: string;
  sources?: { id: string; title: string; score: number }[];
  confidence?: number | null;
  route?: string | null;
  /** The threshold of the comparison's logged decision; no decision is logged without it. */
  threshold?: number;
};

const FROZEN = [
  { id: 'tech/frozen-screen.md#reply', title: 'Frozen screen', score: 0.82 },
  { id: 'tech/ball-tracking.md#reply', title: 'Ball tracking', score: 0.41 },
];
const SINCE = new Date('2026-05-01T00:00:00Z');
const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${n.toString(16).padStart(12, '0')}`;
const noExisting = { existing: new Set<string>() };
const FIXTURE_SOP = `---
title: Frozen screen
owner: test
last_reviewed: 2026-11-01
tags: [tech, frozen]
questions:
  - Is the TrackMan screen frozen?
  - The picture stopped moving
---

# Frozen screen

## Reply

Press Alt+F4 and open TrackMan again.
`;

describe.each(DATABASES)('harvesting shadow comparisons on $name', ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(() => truncateAll(t.db));

  const seed = async (...rows: Seed[]) => {
    for (const r of rows) {
      const confidence = r.confidence === undefined ? 0.8 : r.confidence;
      let decision: string | null = null;
      if (r.threshold !== undefined) {
        const {
          rows: [d],
        } = await t.db.query<{ id: string }>(
          `INSERT INTO sop_decisions (created_at, route, mode, answered_by, reason, percentage, threshold, latency_ms, sop_confidence, config_version)
           VALUES ($1, 'tech', 'shadow', 'assistant', 'shadow', 0, $2, 40, $3, 'v1') RETURNING id`,
          [r.at, r.threshold, confidence],
        );
        decision = d!.id;
      }
      await t.db.query(
        `INSERT INTO sop_shadow_comparisons
           (id, created_at, route, query, assistant_response, sop_response, sop_confidence, sop_sources, verdict, verdict_source, decision_id)
         VALUES ($1, $2, $3, $4, $5, 'the SOP reply', $6, $7::jsonb, $8, $9, $10)`,
        [
          r.id,
          r.at,
          r.route === undefined ? 'tech' : r.route,
          r.query,
          r.assistant === undefined ? 'Restart the PC.' : r.assistant,
          confidence,
          JSON.stringify(r.sources ?? FROZEN),
          r.verdict ?? null,
          r.source ?? null,
          decision,
        ],
      );
    }
  };

  it("labels a case with the first source's document only when a reviewer said better or same", async () => {
    await seed(
      { id: uuid(1), at: '2026-05-02T10:00:00Z', query: 'screen stuck on loading', verdict: 'better' },
      {
        id: uuid(2),
        at: '2026-05-02T11:00:00Z',
        query: 'ball not showing up on the screen',
        verdict: 'same',
        route: null,
        sources: [{ id: 'tech/ball-tracking.md', title: 'Ball tracking', score: 0.7 }],
      },
      { id: uuid(3), at: '2026-05-02T12:00:00Z', query: 'can I bring my dog', verdict: 'worse' },
      { id: uuid(4), at: '2026-05-02T13:00:00Z', query: 'projector is off', verdict: null },
    );
    const result = await harvestCases(t.db, { since: SINCE, ...noExisting });
    expect(result).toEqual({
      cases: [
        {
          id: 'harvest-00000001',
          route: 'tech',
          query: 'screen stuck on loading',
          assistant_response: 'Restart the PC.',
          provenance: 'recorded',
          expected_source: 'tech/frozen-screen.md',
          tags: ['harvested', 'verdict_better'],
        },
        {
          id: 'harvest-00000002',
          route: null,
          query: 'ball not showing up on the screen',
          assistant_response: 'Restart the PC.',
          provenance: 'recorded',
          expected_source: 'tech/ball-tracking.md',
          tags: ['harvested', 'verdict_same'],
        },
      ],
      training: [],
      needsLabel: 2,
      skipped: { duplicate: 0, noAssistant: 0 },
    });
  });

  it('labels a worse answer with the SOP the reviewer named, or as uncovered when they said none', async () => {
    await seed(
      { id: uuid(31), at: '2026-05-02T10:00:00Z', query: 'the side tvs are black', verdict: 'worse', source: 'tech/side-tvs.md' },
      { id: uuid(32), at: '2026-05-02T11:00:00Z', query: 'do you sell gift cards', verdict: 'worse', source: 'none', confidence: 0.2 },
      { id: uuid(33), at: '2026-05-02T12:00:00Z', query: 'ball flies left', verdict: 'worse' },
    );
    const result = await harvestCases(t.db, { since: SINCE, ...noExisting });
    expect(result.cases.map((c) => [c.query, c.expected_source, c.tags])).toEqual([
      ['the side tvs are black', 'tech/side-tvs.md', ['harvested', 'verdict_worse']],
      ['do you sell gift cards', null, ['harvested', 'verdict_worse', 'uncovered']],
    ]);
    expect(result.needsLabel).toBe(1);
  });

  it('sends each labelled text to training or to the eval cases by its wording, never both', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `the screen in bay ${i} froze`);
    await seed(...texts.map((query, i) => ({ id: uuid(100 + i), at: `2026-05-02T10:${String(i).padStart(2, '0')}:00Z`, query, verdict: 'better' as const })));
    await seed({ id: uuid(200), at: '2026-05-02T11:00:00Z', query: 'do you sell gift cards', verdict: 'worse', source: 'none' });
    const half = await harvestCases(t.db, { since: SINCE, ...noExisting, trainShare: 0.5 });
    const tested = half.cases.map((c) => c.query);
    const trained = half.training.map((x) => x.text);
    expect(tested.length + trained.length).toBe(41);
    expect(tested.filter((q) => trained.includes(q))).toEqual([]);
    // A fair share each way, and the same split every time.
    expect(trained.length).toBeGreaterThan(10);
    expect(tested.length).toBeGreaterThan(10);
    expect(await harvestCases(t.db, { since: SINCE, ...noExisting, trainShare: 0.5 })).toEqual(half);

    const all = await harvestCases(t.db, { since: SINCE, ...noExisting, trainShare: 1 });
    expect(all.cases).toEqual([]);
    expect(all.training.find((x) => x.text === 'do you sell gift cards')).toEqual({
      id: 'harvest-000000c8',
      route: 'tech',
      text: 'do you sell gift cards',
      doc: null,
      verdict: 'worse',
    });
    expect(all.training.find((x) => x.text === texts[0])).toMatchObject({ doc: 'tech/frozen-screen.md', verdict: 'better' });
    await expect(harvestCases(t.db, { since: SINCE, ...noExisting, trainShare: 1.5 })).rejects.toThrow(
      'the training share must be a number from 0 to 1, got 1.5',
    );
  });

  it('trains on a text bound for the eval cases when it is a near copy of a SOP question', async () => {
    await seed(
      { id: uuid(41), at: '2026-05-02T10:00:00Z', query: 'the trackman screen is frozen', verdict: 'better' },
      { id: uuid(42), at: '2026-05-02T11:00:00Z', query: 'can i get a refund for a late start', verdict: 'worse', source: 'booking/refunds.md' },
    );
    const nearCopies = { questions: [{ doc: 'tech/frozen-screen.md', question: 'The TrackMan screen is frozen' }], embedder: createLocalEmbedder() };
    const result = await harvestCases(t.db, { since: SINCE, ...noExisting, trainShare: 0, nearCopies });
    expect(result.cases.map((c) => c.query)).toEqual(['can i get a refund for a late start']);
    expect(result.training.map((x) => [x.text, x.doc])).toEqual([['the trackman screen is frozen', 'tech/frozen-screen.md']]);
  });

  it.each([
    ['declined (confidence below the threshold)', { confidence: 0.31 }],
    ['without a confidence (the module failed)', { confidence: null }],
    ['without sources', { sources: [] }],
  ])('does not take a verdict on an answer %s as a label', async (_, row) => {
    await seed({ id: uuid(5), at: '2026-05-03T09:00:00Z', query: 'my clubs are in the bay, can someone open it', verdict: 'better', ...row });
    expect(await harvestCases(t.db, { since: SINCE, ...noExisting })).toEqual({
      cases: [],
      training: [],
      needsLabel: 1,
      skipped: { duplicate: 0, noAssistant: 0 },
    });
  });

  it('judges an answer by the threshold in force for its decision, and the built-in one without a decision', async () => {
    await seed(
      { id: uuid(51), at: '2026-05-03T09:00:00Z', query: 'screen stuck on loading', verdict: 'better', confidence: 0.65, threshold: 0.6 },
      { id: uuid(52), at: '2026-05-03T09:05:00Z', query: 'the picture stopped moving', verdict: 'better', confidence: 0.65, threshold: 0.8 },
      { id: uuid(53), at: '2026-05-03T09:10:00Z', query: 'trackman is not responding', verdict: 'same', confidence: 0.65 }, // 0.75 applies
      { id: uuid(54), at: '2026-05-03T09:15:00Z', query: 'the sim is frozen again', verdict: 'same', confidence: 0.8 },
    );
    const result = await harvestCases(t.db, { since: SINCE, ...noExisting });
    expect(result.cases.map((c) => [c.id, c.expected_source])).toEqual([
      ['harvest-00000033', 'tech/frozen-screen.md'],
      ['harvest-00000036', 'tech/frozen-screen.md'],
    ]);
    expect(result.needsLabel).toBe(2);
  });

  it('skips comparisons without an Assistant reply', async () => {
    await seed(
      { id: uuid(6), at: '2026-05-03T09:00:00Z', query: 'screen frozen', verdict: 'better', assistant: null },
      { id: uuid(7), at: '2026-05-03T09:05:00Z', query: 'screen frozen again', verdict: 'better', assistant: '   ' },
    );
    expect(await harvestCases(t.db, { since: SINCE, ...noExisting })).toEqual({
      cases: [],
      training: [],
      needsLabel: 0,
      skipped: { duplicate: 0, noAssistant: 2 },
    });
  });

  it('skips questions the suite has, and repeats within the batch, keeping the oldest labelled one', async () => {
    await seed(
      { id: uuid(8), at: '2026-05-04T08:00:00Z', query: 'Is the bay FROZEN?!', verdict: 'better' }, // in the suite already
      { id: uuid(9), at: '2026-05-04T08:30:00Z', query: 'where do I park', verdict: null }, // labelled later in the batch
      {
        id: uuid(10),
        at: '2026-05-04T09:00:00Z',
        query: 'Where do I park?',
        verdict: 'same',
        sources: [{ id: 'booking/parking.md#reply', title: 'Parking', score: 0.9 }],
      },
      { id: uuid(11), at: '2026-05-04T09:30:00Z', query: 'where do i PARK', verdict: 'better', sources: FROZEN },
      { id: uuid(12), at: '2026-05-04T10:00:00Z', query: 'wifi password?', verdict: null },
      { id: uuid(13), at: '2026-05-04T10:30:00Z', query: 'WiFi password', verdict: 'worse' },
      { id: uuid(14), at: '2026-05-04T11:00:00Z', query: 'the sim restarted by itself', verdict: 'better' }, // its id is in the suite
    );
    const result = await harvestCases(t.db, {
      since: SINCE,
      existing: new Set([normaliseQuestion('is the bay frozen')]),
      existingIds: new Set(['harvest-0000000e']),
    });
    expect(result.cases.map((c) => [c.id, c.query, c.expected_source])).toEqual([['harvest-0000000a', 'Where do I park?', 'booking/parking.md']]);
    // The suite's question and id, the unlabelled and the later labelled "park", and the second "wifi".
    expect(result.skipped).toEqual({ duplicate: 5, noAssistant: 0 });
    expect(result.needsLabel).toBe(1);
  });

  it('redacts the query and the reply again, with the names found in the query', async () => {
    await seed({
      id: uuid(15),
      at: '2026-05-05T20:00:00Z',
      query: 'hi this is Sam, the screen froze in bay 3, call me on 555-123-4567',
      assistant: 'Press Alt+F4, Sam.',
      verdict: 'better',
    });
    const [found] = (await harvestCases(t.db, { since: SINCE, ...noExisting })).cases;
    expect(found).toMatchObject({ query: 'hi this is [name], the screen froze in bay 3, call me on [phone]', assistant_response: 'Press Alt+F4, [name].' });
  });

  it('takes comparisons logged from the start of --since on, with the same ids every time', async () => {
    await seed(
      { id: uuid(16), at: '2026-04-30T23:59:59Z', query: 'too early', verdict: 'better' },
      { id: uuid(17), at: '2026-05-01T00:00:00Z', query: 'just in time', verdict: 'better' },
    );
    const first = await harvestCases(t.db, { since: SINCE, ...noExisting });
    const again = await harvestCases(t.db, { since: SINCE, ...noExisting });
    expect(first.cases.map((c) => c.id)).toEqual(['harvest-00000011']);
    expect(again).toEqual(first);
  });

  describe('runHarvest into a file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sop-harvest-'));
      return () => rmSync(dir, { recursive: true, force: true });
    });

    it('appends new cases after the last line, deduplicated against every file in the folder, and adds nothing the second time', async () => {
      const evals = join(dir, 'evals');
      mkdirSync(evals);
      writeFileSync(
        join(evals, 'tech.jsonl'),
        `${JSON.stringify({ id: 'tech-001', route: 'tech', query: 'Screen frozen!', expected_source: 'tech/frozen-screen.md' })}\n`,
      );
      const earlier = JSON.stringify({ id: 'harvest-99999999', route: 'tech', query: 'old one', expected_source: 'tech/frozen-screen.md' });
      writeFileSync(join(evals, 'harvested.jsonl'), earlier); // no final newline
      await seed(
        { id: uuid(18), at: '2026-05-02T10:00:00Z', query: 'screen frozen', verdict: 'better' },
        { id: uuid(19), at: '2026-05-02T11:00:00Z', query: 'trackman wont start', verdict: 'same' },
        { id: uuid(20), at: '2026-05-02T12:00:00Z', query: 'how much is an hour', verdict: null },
      );
      const out = join(evals, 'harvested.jsonl');

      const run = await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(run.message).toBe(`1 case written to ${out} (1 comparison needs a reviewer's verdict, 1 duplicate skipped)`);
      const lines = readFileSync(out, 'utf8').split('\n');
      expect(lines).toEqual([earlier, expect.stringContaining('"id":"harvest-00000013"'), '']);
      expect(JSON.parse(lines[1]!)).toEqual({
        id: 'harvest-00000013',
        route: 'tech',
        query: 'trackman wont start',
        assistant_response: 'Restart the PC.',
        provenance: 'recorded',
        expected_source: 'tech/frozen-screen.md',
        tags: ['harvested', 'verdict_same'],
      });

      const again = await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(again.message).toBe(`0 cases written to ${out} (1 comparison needs a reviewer's verdict, 2 duplicates skipped)`);
      expect(readFileSync(out, 'utf8')).toBe(`${lines.join('\n')}`);
    });

    it('creates the file and its folder, and leaves no file when there is nothing to write', async () => {
      const out = join(dir, 'new', 'cases.jsonl');
      await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(existsSync(out)).toBe(false);
      await seed({ id: uuid(21), at: '2026-05-02T10:00:00Z', query: 'screen frozen', verdict: 'better' });
      const run = await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(readFileSync(out, 'utf8')).toBe(formatCasesJsonl(run.cases));
      expect(run.cases).toHaveLength(1);
    });

    it("adds the training share to the SOPs' questions and the out-of-scope texts, and the rest to the cases", async () => {
      const sops = join(dir, 'sops');
      mkdirSync(join(sops, 'tech'), { recursive: true });
      writeFileSync(join(sops, 'tech', 'frozen-screen.md'), FIXTURE_SOP);
      const outOfScope = join(dir, 'out-of-scope.txt');
      writeFileSync(outOfScope, '# texts no SOP answers\ncan I bring my dog\n');
      await seed(
        { id: uuid(51), at: '2026-05-02T10:00:00Z', query: 'the golf screen froze up on us', verdict: 'better' },
        { id: uuid(52), at: '2026-05-02T10:30:00Z', query: 'do you sell gift cards', verdict: 'worse', source: 'none' },
        { id: uuid(53), at: '2026-05-02T11:00:00Z', query: 'Is the TrackMan screen frozen?', verdict: 'better' }, // a question of the SOP already
        { id: uuid(54), at: '2026-05-02T11:30:00Z', query: 'Can I bring my dog', verdict: 'worse', source: 'none' }, // an out-of-scope text already
      );
      const out = join(dir, 'evals', 'harvested.jsonl');
      const run = await runHarvest({ db: t.db, since: '2026-05-01', out, training: { sops, outOfScope, share: 1 } });
      expect(run.message).toBe(
        `0 cases written to ${out}, 1 question added to tech/frozen-screen.md, 1 out-of-scope text added to ${outOfScope} (refit with sop calibrate) (0 comparisons need a reviewer's verdict, 2 duplicates skipped)`,
      );
      expect(existsSync(out)).toBe(false);
      expect(readFileSync(join(sops, 'tech', 'frozen-screen.md'), 'utf8')).toBe(
        FIXTURE_SOP.replace('  - The picture stopped moving\n', '  - The picture stopped moving\n  - the golf screen froze up on us\n'),
      );
      expect(readFileSync(outOfScope, 'utf8')).toBe('# texts no SOP answers\ncan I bring my dog\ndo you sell gift cards\n');
      // Known now on the training side, so a second run adds them nowhere.
      const again = await runHarvest({ db: t.db, since: '2026-05-01', out, training: { sops, outOfScope, share: 0 } });
      expect(again.message).toBe(`0 cases written to ${out} (0 comparisons need a reviewer's verdict, 4 duplicates skipped)`);
    });

    it('stops at a line of the suite that is not JSON, naming the file and line', async () => {
      writeFileSync(join(dir, 'booking.jsonl'), '{"id":"booking-001","query":"hours?"}\n{oops\n');
      await expect(runHarvest({ db: t.db, since: '2026-05-01', out: join(dir, 'harvested.jsonl') })).rejects.toThrow(
        `${join(dir, 'booking.jsonl')}:2: not valid JSON`,
      );
    });
  });

  describe('runHarvest --pr with the local host', () => {
    let repo: string;
    let git: (...args: string[]) => string;
    const BASE_CASE = JSON.stringify({ id: 'harvest-99999999', route: 'tech', query: 'only on the base branch', expected_source: 'tech/frozen-screen.md' });
    beforeEach(() => {
      repo = mkdtempSync(join(tmpdir(), 'sop-harvest-repo-'));
      git = makeSopsRepo(repo);
      mkdirSync(join(repo, 'evals'));
      writeFileSync(
        join(repo, 'evals', 'tech.jsonl'),
        `${JSON.stringify({ id: 'tech-001', query: 'screen frozen', expected_source: 'tech/frozen-screen.md' })}\n`,
      );
      writeFileSync(join(repo, 'evals', 'harvested.jsonl'), `${BASE_CASE}\n`);
      git('add', '.');
      git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'evals');
      return () => rmSync(repo, { recursive: true, force: true });
    });

    it('proposes the new lines on a branch, leaves the work tree alone, and is idempotent', async () => {
      // The work tree lacks the base branch's harvested file: its case must still count as known.
      rmSync(join(repo, 'evals', 'harvested.jsonl'));
      const status = git('status', '--porcelain');
      await seed(
        { id: uuid(22), at: '2026-05-02T10:00:00Z', query: 'Screen frozen.', verdict: 'better' },
        { id: uuid(23), at: '2026-05-02T10:30:00Z', query: 'Only on the base branch', verdict: 'better' },
        { id: uuid(24), at: '2026-05-02T11:00:00Z', query: 'trackman wont start', verdict: 'same' },
        { id: uuid(25), at: '2026-05-02T12:00:00Z', query: 'ball not registering', verdict: 'better' },
      );
      const host = createLocalPrHost({ repo });
      const out = join(repo, 'evals', 'harvested.jsonl');

      const run = await runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host } });
      expect(run.message).toBe(
        "2 cases proposed in branch knowledge/evals-harvest-2026-05-01 (evals/harvested.jsonl) (0 comparisons need a reviewer's verdict, 2 duplicates skipped)",
      );
      expect(git('show', 'knowledge/evals-harvest-2026-05-01:evals/harvested.jsonl').split('\n')).toEqual([
        BASE_CASE,
        ...formatCasesJsonl(run.cases).trimEnd().split('\n'),
      ]);
      expect(run.cases.map((c) => c.id)).toEqual(['harvest-00000018', 'harvest-00000019']);
      expect(git('log', '-1', '--format=%s', 'knowledge/evals-harvest-2026-05-01')).toBe('evals: 2 cases harvested from shadow comparisons since 2026-05-01');
      expect(git('log', '-1', '--format=%b', 'knowledge/evals-harvest-2026-05-01')).toContain(
        '| harvest-00000019 | tech | tech/frozen-screen.md | better | ball not registering |',
      );
      expect(git('diff', '--name-only', 'main...knowledge/evals-harvest-2026-05-01')).toBe('evals/harvested.jsonl');
      expect(git('status', '--porcelain')).toBe(status);
      expect(existsSync(out)).toBe(false);

      const again = await runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host } });
      expect(again.proposal).toEqual({ ...run.proposal, updated: false });
      expect(again.message).toContain('2 cases already proposed, unchanged, in branch knowledge/evals-harvest-2026-05-01');
    });

    it("proposes training texts as edits of the base branch's SOP and out-of-scope texts", async () => {
      const own = mkdtempSync(join(tmpdir(), 'sop-harvest-own-'));
      try {
        const run = (...args: string[]) => execFileSync('git', args, { cwd: own, encoding: 'utf8' }).trim();
        run('init', '-q', '-b', 'main');
        mkdirSync(join(own, 'sops', 'tech'), { recursive: true });
        mkdirSync(join(own, 'calibration'));
        mkdirSync(join(own, 'evals'));
        writeFileSync(join(own, 'sops', 'tech', 'frozen-screen.md'), FIXTURE_SOP);
        writeFileSync(join(own, 'calibration', 'out-of-scope.txt'), 'can I bring my dog\n');
        run('add', '.');
        run('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'sops');
        await seed(
          { id: uuid(61), at: '2026-05-02T10:00:00Z', query: 'golf screen froze up on us', verdict: 'worse', source: 'tech/frozen-screen.md' },
          { id: uuid(62), at: '2026-05-02T10:30:00Z', query: 'do you sell gift cards', verdict: 'worse', source: 'none' },
          { id: uuid(63), at: '2026-05-02T11:00:00Z', query: 'the putting green is wet', verdict: 'worse', source: 'tech/gone-since.md' },
        );
        const training = { sops: join(own, 'sops'), outOfScope: join(own, 'calibration', 'out-of-scope.txt'), share: 1 };
        const result = await runHarvest({
          db: t.db,
          since: '2026-05-01',
          out: join(own, 'evals', 'harvested.jsonl'),
          training,
          pr: { host: createLocalPrHost({ repo: own }) },
        });
        expect(result.message).toBe(
          "1 SOP question and 1 out-of-scope text proposed in branch knowledge/evals-harvest-2026-05-01 (sops/tech/frozen-screen.md, calibration/out-of-scope.txt) (0 comparisons need a reviewer's verdict, 0 duplicates skipped, 1 text whose SOP no longer exists)",
        );
        const branch = 'knowledge/evals-harvest-2026-05-01';
        expect(run('show', `${branch}:sops/tech/frozen-screen.md`)).toContain('  - The picture stopped moving\n  - golf screen froze up on us\n---');
        expect(run('show', `${branch}:calibration/out-of-scope.txt`)).toBe('can I bring my dog\ndo you sell gift cards');
        expect(run('log', '-1', '--format=%b', branch)).toContain('| harvest-0000003d | tech | tech/frozen-screen.md | worse | golf screen froze up on us |');
        expect(run('status', '--porcelain')).toBe('');
        expect(readFileSync(join(own, 'sops', 'tech', 'frozen-screen.md'), 'utf8')).toBe(FIXTURE_SOP);
      } finally {
        rmSync(own, { recursive: true, force: true });
      }
    });

    it('opens nothing when there is nothing new, and needs a host', async () => {
      const host = createLocalPrHost({ repo });
      const out = join(repo, 'evals', 'harvested.jsonl');
      const run = await runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host } });
      expect(run).toMatchObject({
        proposal: null,
        message: "0 cases harvested, nothing to propose (0 comparisons need a reviewer's verdict, 0 duplicates skipped)",
      });
      expect(git('branch', '--list', 'knowledge/*')).toBe('');
      await expect(runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host: null } })).rejects.toThrow(
        '--pr needs somewhere to propose: set PROPOSALS_REPO',
      );
    });
  });
});

describe('--since', () => {
  it('is the start of the day in UTC', () => {
    expect(parseSinceDate('2026-05-01')).toEqual(new Date('2026-05-01T00:00:00Z'));
  });

  it.each(['2026-02-30', '2026/05/01', '05-01-2026', '2026-5-1', 'yesterday', ''])('refuses "%s" with the expected format', (value) => {
    expect(() => parseSinceDate(value)).toThrow(new InputError(`--since expects a date as YYYY-MM-DD (e.g. 2026-05-01), got "${value}"`));
  });

  it('is required and checked by the command before anything is opened', async () => {
    const errors: string[] = [];
    const program = new Command('sop').exitOverride().configureOutput({ writeErr: (s) => void errors.push(s), writeOut: () => {} });
    registerHarvest(program.command('eval').exitOverride());
    await expect(program.parseAsync(['eval', 'harvest', '--since', '2026/05/01'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    await expect(program.parseAsync(['eval', 'harvest'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    expect(errors).toEqual([
      `error: option '--since <date>' argument '2026/05/01' is invalid. --since expects a date as YYYY-MM-DD (e.g. 2026-05-01), got "2026/05/01"\n`,
      `error: required option '--since <date>' not specified\n`,
    ]);
  });
});

describe('harvestSkip', () => {
  const judged = {
    assistantResponse: 'Close TrackMan and open it again.',
    sopConfidence: 0.9,
    sopSources: [{ id: 'tech/frozen-screen.md#reply' }],
    verdict: 'better',
    verdictSource: null,
    threshold: 0.75,
  };
  it('says why a reviewed comparison gives no label, and nothing when it gives one', () => {
    expect(harvestSkip(judged)).toBeNull();
    expect(harvestSkip({ ...judged, verdict: 'worse', verdictSource: 'tech/wifi.md' })).toBeNull();
    expect(harvestSkip({ ...judged, verdict: 'worse', verdictSource: 'none' })).toBeNull();
    expect(harvestSkip({ ...judged, assistantResponse: '  ' })).toBe('no_assistant');
    expect(harvestSkip({ ...judged, verdict: 'worse' })).toBe('no_source');
    expect(harvestSkip({ ...judged, sopConfidence: 0.6 })).toBe('below_threshold');
    expect(harvestSkip({ ...judged, sopSources: [] })).toBe('no_source');
    expect(harvestSkip({ ...judged, verdict: null })).toBe('no_verdict');
  });
});
