/**
 * A stale calibration (the SOPs changed since calibration/model.json was fitted) is refitted once and,
 * on the local embedder, kept in the refit folder: the next process loads it instead of refitting.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKnowledgeLoader } from '../../src/answer/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createLocalEmbedder, type Embedder } from '../../src/search/index.ts';
import { HELP_DOCS, OUT_OF_SCOPE } from '../cli/corpus.ts';
import { useTempDirs, writeFiles } from '../cli/run-sop.ts';

const tempDir = useTempDirs('sop-load-knowledge-');
const local = createLocalEmbedder();
const log = createLogger('silent');

/** The local embedder under its own id (or another), counting the texts it embeds. */
function counting(id = local.id): Embedder & { texts: number } {
  const counted = {
    id,
    dimensions: local.dimensions,
    sparse: local.sparse,
    texts: 0,
    embed(texts: string[]) {
      counted.texts += texts.length;
      return local.embed(texts);
    },
  };
  return counted;
}

/** A project of four SOPs with out-of-scope questions and no fitted calibration, and a refit folder. */
function project(): { sops: string; refitDir: string } {
  const root = tempDir();
  writeFiles(root, {
    ...Object.fromEntries(Object.entries(HELP_DOCS).map(([path, text]) => [`sops/${path}`, text])),
    'calibration/out-of-scope.txt': OUT_OF_SCOPE,
  });
  return { sops: join(root, 'sops'), refitDir: join(root, 'data', 'calibration') };
}

/** Loads the project's knowledge as a new process would: a new loader, nothing fitted in memory. */
async function load(sops: string, refitDir: string, embedder: Embedder) {
  const loader = createKnowledgeLoader({ sopsDir: sops, embedder, local, log, refitDir });
  return loader.loadKnowledge({});
}

describe('a refitted calibration kept between processes', { timeout: 60_000 }, () => {
  it('is written by the first load, read by the next, and refitted again once the SOPs change', async () => {
    const { sops, refitDir } = project();
    const first = counting();
    const fitted = (await load(sops, refitDir, first)).calibration;
    expect(fitted.fitted.on).toMatch(/held-out questions/);
    expect(readdirSync(refitDir)).toHaveLength(1);

    const second = counting();
    expect((await load(sops, refitDir, second)).calibration).toEqual(fitted);
    // Only the index's texts: the held-out folds and the out-of-scope questions are not asked again.
    expect(second.texts).toBeGreaterThan(0);
    expect(second.texts).toBeLessThan(first.texts / 2);

    const doc = join(sops, 'help', 'opening-hours.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('6am to midnight every day', '7am to 11pm every day'));
    const third = counting();
    const refitted = (await load(sops, refitDir, third)).calibration;
    expect(refitted.digest).not.toBe(fitted.digest);
    expect(third.texts).toBeGreaterThan(second.texts * 2);
    expect(readdirSync(refitDir)).toHaveLength(2);
  });

  it('refits over a kept file that is not a model, and writes a whole one back', async () => {
    const { sops, refitDir } = project();
    await load(sops, refitDir, counting());
    const [name] = readdirSync(refitDir);
    writeFileSync(join(refitDir, name!), '{"format": "sop-calib');
    const again = counting();
    const { calibration } = await load(sops, refitDir, again);
    expect(calibration.fitted.on).toMatch(/held-out questions/);
    expect(JSON.parse(readFileSync(join(refitDir, name!), 'utf8'))).toEqual(JSON.parse(JSON.stringify(calibration)));
    expect(readdirSync(refitDir)).toEqual([name]);
  });

  it('keeps nothing fitted on a remote embedder, whose vectors another endpoint may not give', async () => {
    const { sops, refitDir } = project();
    await load(sops, refitDir, counting('openai:text-embedding-3-small:1536'));
    expect(() => readdirSync(refitDir)).toThrow(/ENOENT/);
  });
});
