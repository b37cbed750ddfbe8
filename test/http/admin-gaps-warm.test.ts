import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveRollout } from '../../src/config/index.ts';
import { createJobQueue, type Db } from '../../src/db/index.ts';
import { createAdminRouter } from '../../src/http/index.ts';
import { buildIndex, createLocalEmbedder, unitsOfDocuments } from '../../src/search/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';
import { smallCorpus } from '../search/fixtures.ts';

/** `db`, counting the statements that read the gap texts. */
function counting(db: Db): { db: Db; reads: () => number } {
  let reads = 0;
  const query: Db['query'] = (sql, params) => {
    if (sql.includes('sop_decisions')) reads++;
    return db.query(sql, params);
  };
  return { db: Object.assign(Object.create(db) as Db, { query }), reads: () => reads };
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

  it('computes every period before anyone views the page', async () => {
    const { db, reads } = counting(t.db);
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), createLocalEmbedder());
    let stopping = false;
    createAdminRouter({
      token: 'a-test-admin-token-0123456789',
      db,
      queue: createJobQueue({ db }),
      extractJob: 'extract',
      rollout: () => effectiveRollout(null, {}, ['booking', 'tech']),
      version: () => 'v-test',
      documents: () => [],
      index: () => index,
      host: null,
      sopsPath: 'sops',
      log: captureLogger(),
      warmGaps: { everyMs: 20, stopping: () => stopping },
    });
    // Each period's report reads its texts and the period before: three periods, nobody asking.
    await until(() => reads() >= 3);
    expect(reads()).toBeGreaterThanOrEqual(3);
    stopping = true;
  });
});
