/**
 * `sop calibrate` on a temp copy of a small corpus: it writes `<tmp>/calibration/model.json`
 * beside the SOP folder (never the repository's) and prints the reliability with its ECE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationModel } from '../../src/answer/index.ts';
import { FEATURES } from '../../src/answer/calibration.ts';
import { HELP_DOCS, OUT_OF_SCOPE, OUT_OF_SCOPE_COUNT } from './corpus.ts';
import { REPO, runSop, runSopJson, useTempDirs, writeFiles } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-calibrate-');

/** `<tmp>/sops/help/*.md` and an out-of-scope list at `<tmp>/<oosName>`. */
function project(oosPath: string): { root: string; sops: string } {
  const root = tempDir();
  writeFiles(root, { ...Object.fromEntries(Object.entries(HELP_DOCS).map(([p, c]) => [`sops/${p}`, c])), [oosPath]: OUT_OF_SCOPE });
  return { root, sops: join(root, 'sops') };
}

function expectFiniteModel(model: CalibrationModel): void {
  expect(model.features).toEqual([...FEATURES, ...model.routes.map((r) => `route:${r}`)]);
  expect(model.weights).toHaveLength(model.features.length);
  expect(model.mean).toHaveLength(model.features.length);
  expect(model.std).toHaveLength(model.features.length);
  for (const w of [...model.weights, model.bias, ...model.mean, ...model.std]) expect(Number.isFinite(w)).toBe(true);
  for (const s of model.std) expect(s).toBeGreaterThan(0);
  expect(model.weights.some((w) => w !== 0)).toBe(true);
}

describe('sop calibrate', { timeout: 60_000 }, () => {
  let root = '';
  let sops = '';
  let oos = '';
  let run: ReturnType<typeof runSop>;
  const repoModel = readFileSync(join(REPO, 'calibration', 'model.json'), 'utf8');

  beforeAll(() => {
    ({ root, sops } = project('out-of-scope.txt'));
    oos = join(root, 'out-of-scope.txt');
    run = runSop(['calibrate', '--sops', sops, '--out-of-scope', oos]);
  }, 60_000);

  it('writes <tmp>/calibration/model.json with finite weights', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = join(root, 'calibration', 'model.json');
    expect(existsSync(out)).toBe(true);
    const model = JSON.parse(readFileSync(out, 'utf8')) as CalibrationModel;
    expectFiniteModel(model);
    // 4 documents x 4 typical questions held out and 3 of each document's questions asked without
    // it, each asked across every route and kept to its own; the out-of-scope questions (comments
    // skipped) asked across every route and kept to each of the one route.
    expect(model.routes).toEqual(['help']);
    expect(model.fitted.positives + model.fitted.negatives).toBe(2 * 16 + 2 * 4 * 3 + 2 * OUT_OF_SCOPE_COUNT);
    expect(model.fitted.negatives).toBeGreaterThanOrEqual(2 * 4 * 3 + 2 * OUT_OF_SCOPE_COUNT);
    expect(model.fitted.embedder).toMatch(/^local-hash-v1/);
    // Paths relative to the folder holding the SOPs: the same file in every checkout.
    expect(model.fitted.on).toBe(`5-fold held-out questions of sops + ${OUT_OF_SCOPE_COUNT} out-of-scope (out-of-scope.txt)`);
    expect(model.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Number.isFinite(model.fitted.ece)).toBe(true);
    expect(Number.isFinite(model.fitted.brier)).toBe(true);
  });

  it('prints the fit, the reliability tables with an expected calibration error, and where it wrote', () => {
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^held-out questions hit@1: BM25 [01]\.\d{3}, vectors [01]\.\d{3}, classifier [01]\.\d{3}, fused [01]\.\d{3}$/);
    expect(lines[1]).toMatch(
      /^section choice, when the document came first: general questions answered from the general answer \d+ of \d+ \([01]\.\d{3}\), variants' questions from their variant \d+ of \d+ \([01]\.\d{3}\)$/,
    );
    expect(lines[2]).toMatch(/^fused score = [\d.]+ × BM25 \+ [\d.]+ × vectors \+ [\d.]+ × classifier \(each relative to the query's best document\)$/);
    expect(lines[3]).toMatch(/^confidence fitted on (\d+) right and (\d+) wrong or out-of-scope answers$/);
    const ece = run.stdout.match(/^ {2}expected calibration error (\d\.\d{3})$/gm) ?? [];
    expect(ece).toHaveLength(2); // on its own samples, and cross-validated
    for (const line of ece) {
      const value = Number(line.trim().split(' ').at(-1));
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(run.stdout).toContain('reliability of the fitted model on its own samples:\n  bin       count   conf.  accuracy\n');
    expect(run.stdout).toContain('reliability out of fold (5-fold cross-validation, the honest figure):\n');
    expect(lines.at(-1)).toBe(`wrote ${join(root, 'calibration', 'model.json')}`);
  });

  it('leaves the repository calibration alone', () => {
    expect(readFileSync(join(REPO, 'calibration', 'model.json'), 'utf8')).toBe(repoModel);
  });
});

describe('sop calibrate: the out-of-scope list', { timeout: 60_000 }, () => {
  it('defaults to calibration/out-of-scope.txt beside the SOP folder', () => {
    const { root, sops } = project('calibration/out-of-scope.txt');
    const run = runSop(['calibrate', '--sops', sops]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const model = JSON.parse(readFileSync(join(root, 'calibration', 'model.json'), 'utf8')) as CalibrationModel;
    expectFiniteModel(model);
    expect(model.fitted.on).toContain(`${OUT_OF_SCOPE_COUNT} out-of-scope (calibration/out-of-scope.txt)`);
  });

  it('fails with a message naming a missing list, writing nothing', () => {
    const { root, sops } = project('elsewhere.txt');
    const missing = join(root, 'no-such-list.txt');
    const run = runSop(['calibrate', '--sops', sops, '--out-of-scope', missing]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`sop: out-of-scope questions not found: ${missing} (one question per line; pass --out-of-scope FILE)\n`);
    expect(existsSync(join(root, 'calibration', 'model.json'))).toBe(false);
  });
});

describe('sop calibrate --json', { timeout: 120_000 }, () => {
  type Bin = { from: number; to: number; count: number; meanConfidence: number; accuracy: number };
  type Figures = {
    rankings: Record<'bm25' | 'dense' | 'classifier' | 'fused', number>;
    sectionChoice: Record<'general' | 'variants', { asked: number; right: number }>;
    fusion: Record<'bm25' | 'dense' | 'classifier', number>;
    fitted: { on: string; embedder: string; positives: number; negatives: number };
    pair: { samples: number; positives: number; crossValidatedEce: number };
    reliability: { ece: number; bins: Bin[] };
    crossValidated: { ece: number; brier: number; bins: Bin[]; byRoute: Record<string, { samples: number; ece: number }> };
    modelFile: string;
  };

  it('prints the figures of the text output as one JSON document, and still writes the model', () => {
    const { root, sops } = project('out-of-scope.txt');
    const figures = runSopJson<Figures>(['calibrate', '--sops', sops, '--out-of-scope', join(root, 'out-of-scope.txt'), '--json']);
    expect(Object.keys(figures)).toEqual(['rankings', 'sectionChoice', 'fusion', 'fitted', 'pair', 'reliability', 'crossValidated', 'modelFile']);
    expect(figures.modelFile).toBe(join(root, 'calibration', 'model.json'));
    const model = JSON.parse(readFileSync(figures.modelFile, 'utf8')) as CalibrationModel;
    expect(figures.fusion).toEqual(model.fusion);
    expect(figures.fitted).toEqual({
      on: model.fitted.on,
      embedder: model.fitted.embedder,
      positives: model.fitted.positives,
      negatives: model.fitted.negatives,
    });
    for (const hit1 of Object.values(figures.rankings)) expect(hit1).toBeGreaterThanOrEqual(0);
    expect(Object.keys(figures.rankings).sort()).toEqual(['bm25', 'classifier', 'dense', 'fused']);
    expect(figures.sectionChoice.general.asked).toBeGreaterThan(0);
    for (const table of [figures.reliability, figures.crossValidated]) {
      expect(table.bins).toHaveLength(10);
      expect(table.bins[0]).toEqual({ from: 0, to: 0.1, count: expect.any(Number), meanConfidence: expect.any(Number), accuracy: expect.any(Number) });
      expect(table.ece).toBeGreaterThanOrEqual(0);
      expect(table.ece).toBeLessThanOrEqual(1);
    }
    // Every sample lands in one bin of the table on its own samples.
    expect(figures.reliability.bins.reduce((n, b) => n + b.count, 0)).toBe(model.fitted.positives + model.fitted.negatives);
    expect(Object.keys(figures.crossValidated.byRoute)).toContain('help');
    expect(figures.pair.samples).toBeGreaterThan(0);
  });
});
