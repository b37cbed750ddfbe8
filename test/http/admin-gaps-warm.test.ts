import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { GAP_PERIODS, keptGapReports } from '../../src/gaps/index.ts';
import { buildIndex, createLocalEmbedder, unitsOfDocuments } from '../../src/search/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';
import { smallCorpus } from '../search/fixtures.ts';

/** `db`, counting the statements that read the gap texts, and how many are running. */
function counting(db: Db) {
  let reads = 0;
  let running = 0;
  const query: Db['query'] = async (sql, params) => {
    if (!sql.includes('sop_decisions')) return db.query(sql, params);
    reads++;
    running++;
    try {
      return await db.query(sql, params);
    } finally {
      running--;
    }
  };
  return { db: Object.assign(Object.create(db) as Db, { query }), reads: () => reads, running: () => running };
}

async function until(done: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DATABASES)('the Gaps reports kept warm on $name', ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());

  it('computes every period before anyone views the page, and stops with nothing left running', async () => {
    const { db, reads, running } = counting(t.db);
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), createLocalEmbedder());
    const gaps = keptGapReports({ db, version: () => 'v-test', index: () => index, log: captureLogger() });
    gaps.keepWarm(20);
    // Each period's report reads its texts and the period before, nobody asking.
    await until(() => reads() >= GAP_PERIODS.length);
    // A view of a warmed period is the kept report, not a new one.
    const before = reads();
    const kept = gaps.get(GAP_PERIODS[0], undefined);
    expect(reads()).toBe(before);
    await kept.report;
    // Stopping waits for what is being read, so the database can close under nothing.
    await gaps.stop();
    expect(running()).toBe(0);
    const after = reads();
    await new Promise((r) => setTimeout(r, 100));
    expect(reads()).toBe(after);
  });
});
