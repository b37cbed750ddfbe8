/**
 * `runDeploy`: versions are stored once and activated when healthy; a changed sentence re-embeds
 * only its own text; old versions are pruned but never the active one; a version that misses its
 * gates, or a deploy stopped before it activates, leaves the active version as it was. Two deploys at
 * once, and what a deploy holds while it builds and checks: concurrent-deploy.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/db/index.ts';
import { activate, findDeployment, listDeployments, loadVersion, readActive, runDeploy } from '../../src/deploy/index.ts';
import { createNormaliser, unitsOfDocuments } from '../../src/search/index.ts';
import { loadCorpus } from '../../src/sops/index.ts';
import { useTempDirs } from '../cli/run-sop.ts';
import { DEPLOY_DATABASES, deployOptions, embedTextsOf, FROZEN, openDeployRepo, rolloutMissingGates } from './deploy-repo.ts';

const tempDir = useTempDirs('sop-deploy-');

/** The texts the index embeds for the SOPs of a folder: what a deploy with an empty cache embeds. */
const versions = async (db: Queryable) => (await listDeployments(db)).map((v) => v.version);
const cachedTexts = async (db: Queryable) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM embedding_cache')).rows[0]!.n;

/** A database whose deploy transaction fails at the statement matching `at`, as if the process died there. */
function stoppingAt(db: Db, at: RegExp): Db {
  return {
    ...db,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params?: readonly unknown[]) => {
            if (at.test(sql)) throw new Error('the deploy was stopped here');
            return tx.query<T>(sql, params);
          },
          exec: (sql) => tx.exec(sql),
        }),
      ),
  };
}

describe.each(DEPLOY_DATABASES)('runDeploy on $name', { timeout: 120_000 }, ({ env: databaseEnv }) => {
  const setup = () => openDeployRepo(tempDir(), databaseEnv);

  it('stores and activates v1; the same content again is unchanged; one changed sentence re-embeds only its text', async () => {
    const { repo, runtime, db } = await setup();
    const before = embedTextsOf(repo.sopsDir);
    const units = unitsOfDocuments(loadCorpus(repo.sopsDir, { strict: false }).docs).length;

    const v1 = await runDeploy(runtime, db, deployOptions(repo, 'v1'));
    // An empty cache: every distinct text is embedded once, the calibration is the committed one.
    expect(v1).toEqual({ version: 'v1', outcome: 'activated', sections: units, embedded: before.size, reasons: [], pruned: [] });
    expect(await readActive(db)).toMatchObject({ version: 'v1', pinned: false, activatedBy: 'test' });
    expect(await findDeployment(db, 'v1')).toMatchObject({ health: 'passed', sections: units, embedded: v1.embedded, deployedBy: 'test' });

    expect(await runDeploy(runtime, db, deployOptions(repo, 'v1'))).toEqual({
      version: 'v1',
      outcome: 'unchanged',
      sections: units,
      embedded: 0,
      reasons: [],
      pruned: [],
    });

    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);
    const after = embedTextsOf(repo.sopsDir);
    const changed = [...after].filter((t) => !before.has(t));
    // One sentence of one section: that section's one text, nothing else of the file.
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain(createNormaliser(loadCorpus(repo.sopsDir).glossary).normalise(FROZEN.after));
    await expect(runDeploy(runtime, db, deployOptions(repo, 'v1'))).rejects.toThrow(
      'version v1 is stored already with other content: commit the change, or deploy it under another --version',
    );

    const v2 = await runDeploy(runtime, db, deployOptions(repo, 'v2'));
    // The calibration, stale since the edit, was refitted once by the refused deploy above: this
    // runtime reuses that fit, and embeds only the changed text.
    expect(v2).toEqual({ version: 'v2', outcome: 'activated', sections: units, embedded: changed.length, reasons: [], pruned: [] });
    expect((await readActive(db))?.version).toBe('v2');
    expect(await versions(db)).toEqual(['v2', 'v1']);

    // Each version answers from its own text: v1 is immutable.
    const replyOf = async (version: string) => (await loadVersion(runtime, db, version)).knowledge.index.units.find((u) => u.id === FROZEN.section)!.text;
    expect(await replyOf('v1')).toContain(FROZEN.before);
    expect(await replyOf('v2')).toContain(FROZEN.after);
    expect(await replyOf('v2')).not.toContain(FROZEN.before);

    // Outside git the version is named by its content.
    const local = await runDeploy(runtime, db, deployOptions(repo, null));
    expect(local).toMatchObject({ version: expect.stringMatching(/^local-[0-9a-f]{12}$/), outcome: 'activated', embedded: 0 });
    expect(await runDeploy(runtime, db, deployOptions(repo, null))).toMatchObject({ version: local.version, outcome: 'unchanged' });
  });

  it('keeps the newest `keep` versions and never prunes the active one', async () => {
    const { repo, runtime, db } = await setup();
    // No eval cases: the health check loads each version and passes; pruning is what is tested here.
    const deploy = (version: string, keep: number) => runDeploy(runtime, db, deployOptions(repo, version, { keep, casesPath: null }));
    for (const v of ['v1', 'v2', 'v3']) expect((await deploy(v, 10)).pruned).toEqual([]);
    expect(await deploy('v4', 2)).toMatchObject({ outcome: 'activated', pruned: ['v1', 'v2'] });
    expect(await versions(db)).toEqual(['v4', 'v3']);

    // v3 rolled back to and pinned: the oldest kept, but active, so it stays.
    await db.transaction((tx) => activate(tx, 'v3', 'test', true));
    expect(await deploy('v5', 1)).toMatchObject({ outcome: 'stored-pinned', pruned: ['v4'] });
    expect(await versions(db)).toEqual(['v5', 'v3']);
    expect(await readActive(db)).toMatchObject({ version: 'v3', pinned: true });
    expect((await loadVersion(runtime, db, 'v3')).version).toBe('v3');
  });

  it('a version that misses its gates is stored as failed, not activated, with reasons naming the route', async () => {
    const { repo, runtime, db } = await setup();
    await runDeploy(runtime, db, deployOptions(repo, 'v1'));
    writeFileSync(repo.rolloutFile, rolloutMissingGates('tech', 100));

    const v2 = await runDeploy(runtime, db, deployOptions(repo, 'v2'));
    expect(v2.outcome).toBe('unhealthy');
    expect(v2.reasons).toContainEqual(expect.stringMatching(/^tech: confident-and-correct [\d.]+ is below 1\.00 \(mode raised shadow → rollout \(100%\)\)$/));
    expect(v2.reasons.every((r) => r.startsWith('tech: '))).toBe(true);
    expect(await findDeployment(db, 'v2')).toMatchObject({ health: 'failed', healthReport: { against: 'v1', pass: false, reasons: v2.reasons } });
    expect(await readActive(db)).toMatchObject({ version: 'v1', pinned: false });
    // Deployed again (a re-run of the job), it fails again: it was never activated.
    expect(await runDeploy(runtime, db, deployOptions(repo, 'v2'))).toEqual({ ...v2, embedded: 0 });

    // Activating an unhealthy version is for a fresh database only, never over an active one.
    expect((await runDeploy(runtime, db, deployOptions(repo, 'v3', { activateUnhealthy: true }))).outcome).toBe('unhealthy');
    expect((await readActive(db))?.version).toBe('v1');
  });

  it('a deploy stopped between writing and activating leaves nothing stored and the active version as it was', async () => {
    const { repo, runtime, db } = await setup();
    await runDeploy(runtime, db, deployOptions(repo, 'v1'));
    const cached = await cachedTexts(db);
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);

    const untouched = async () => {
      expect(await versions(db)).toEqual(['v1']);
      expect(await readActive(db)).toMatchObject({ version: 'v1', pinned: false });
      // Even the embedding of the changed text was rolled back with the rest.
      expect(await cachedTexts(db)).toBe(cached);
    };

    // Eval cases that cannot be read: the deploy fails while checking its version, before storing anything.
    const cases = join(repo.dir, 'bad-evals');
    mkdirSync(cases);
    writeFileSync(join(cases, 'tech.jsonl'), '{"id":"a","query":"the screen froze","expected_source":"tech/frozen-screen.md"}\n{"id":"b", not json\n');
    await expect(runDeploy(runtime, db, deployOptions(repo, 'v2', { casesPath: cases }))).rejects.toThrow(`${join(cases, 'tech.jsonl')}:2: not valid JSON`);
    await untouched();

    // Stopped at the activation itself, after the version was written and checked.
    await expect(runDeploy(runtime, stoppingAt(db, /^INSERT INTO deployment_state/), deployOptions(repo, 'v2'))).rejects.toThrow('the deploy was stopped here');
    await untouched();

    // Nothing was left half-done: the same deploy then goes through, and embeds its text (the
    // calibration refitted by the stopped deploys is reused).
    expect(await runDeploy(runtime, db, deployOptions(repo, 'v2'))).toMatchObject({ version: 'v2', outcome: 'activated', embedded: 1 });
  });
});
