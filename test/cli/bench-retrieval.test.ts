/**
 * `sop bench-retrieval --docs DIR --cases FILE` on a small temp corpus: the JSON and text reports,
 * out-of-scope cases, and cases files that must be refused (exit 2, `file:line` and field on stderr).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RetrievalReport } from '../../src/evals/index.ts';
import { casesJsonl, HELP_CASES, HELP_DOCS } from './corpus.ts';
import { runSop, useTempDirs, writeFiles } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-bench-');

/** A fresh `<tmp>/docs/help/*.md`; the docs sit one level down so `<tmp>/calibration/` is ours (and absent). */
function corpus(): { root: string; docs: string } {
  const root = tempDir();
  const docs = join(root, 'docs');
  writeFiles(docs, HELP_DOCS);
  return { root, docs };
}

function casesFile(root: string, name: string, text: string): string {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
}

const inUnit = (x: number) => {
  expect(Number.isFinite(x)).toBe(true);
  expect(x).toBeGreaterThanOrEqual(0);
  expect(x).toBeLessThanOrEqual(1);
};

describe('sop bench-retrieval', { timeout: 60_000 }, () => {
  let docs = '';
  let cases = '';
  let inScopeOnly = '';

  beforeAll(() => {
    const c = corpus();
    docs = c.docs;
    cases = casesFile(c.root, 'cases.jsonl', casesJsonl(HELP_CASES));
    inScopeOnly = casesFile(c.root, 'in-scope.jsonl', casesJsonl(HELP_CASES.filter((h) => h.expected_source !== null)));
  }, 60_000);

  it('--json reports hit@1, hit@3 and MRR in 0..1 with counts matching the cases file', () => {
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', cases, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as RetrievalReport;
    expect(report.cases).toBe(5);
    expect(report.inScope).toBe(4);
    expect(report.outOfScope).toBe(1);
    for (const x of [report.hit1, report.hit3, report.mrr, report.ece]) inUnit(x);
    expect(report.hit1).toBeLessThanOrEqual(report.hit3);
    expect(report.mrr).toBeGreaterThanOrEqual(report.hit1);
    // The queries are worded like the documents' own questions: every one is found first.
    expect(report.hit1).toBe(1);
    expect(report.hit3).toBe(1);
    expect(report.mrr).toBe(1);
    // No rollout file beside the docs: the config's default threshold.
    expect(report.threshold).toBe(0.75);
    expect(report.bins).toHaveLength(10);
    expect(report.bins.reduce((n, b) => n + b.count, 0)).toBe(5);
    for (const p of [report.latencyMs.p50, report.latencyMs.p95, report.latencyMs.p99]) expect(p).toBeGreaterThanOrEqual(0);
  });

  it('counts an `expected_source: null` case as out of scope, with a numeric false-answer rate', () => {
    const report = JSON.parse(runSop(['bench-retrieval', '--docs', docs, '--cases', cases, '--json']).stdout) as RetrievalReport;
    expect(report.outOfScope).toBe(1);
    expect(typeof report.falseAnswerRate).toBe('number');
    inUnit(report.falseAnswerRate ?? Number.NaN);
    // One out-of-scope case: it was either answered or declined.
    expect([0, 1]).toContain(report.falseAnswerRate);
  });

  it('reports a null false-answer rate when there are no out-of-scope cases', () => {
    const report = JSON.parse(runSop(['bench-retrieval', '--docs', docs, '--cases', inScopeOnly, '--json']).stdout) as RetrievalReport;
    expect(report.cases).toBe(4);
    expect(report.outOfScope).toBe(0);
    expect(report.falseAnswerRate).toBeNull();
  });

  it('prints a readable report without --json', () => {
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', cases, '--threshold', '0.7']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^5 cases \(4 in scope, 1 out of scope\) over 4 documents, local-hash-v1\S*$/);
    expect(lines[1]).toBe('hit@1 1.000   hit@3 1.000   MRR 1.000');
    expect(lines[2]).toMatch(/^false-answer rate at confidence >= 0\.7: [01]\.000$/);
    expect(lines[3]).toMatch(/^latency per query p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms$/);
    expect(lines[4]).toBe('calibration of confidence against hit@1:');
    expect(run.stdout).toMatch(/^ {2}expected calibration error \d\.\d{3}$/m);
  });

  it('says n/a for the false-answer rate in text when nothing is out of scope', () => {
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', inScopeOnly]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('false-answer rate at confidence >= 0.75: n/a (no out-of-scope cases)\n');
  });
});

describe("sop bench-retrieval: the threshold is the effective rollout config's", { timeout: 60_000 }, () => {
  /** A rollout file with the defaults of the repository's and `routes` (YAML lines under `routes:`). */
  const rollout = (routes: string) =>
    [
      'defaults:',
      '  mode: shadow',
      '  percentage: 0',
      '  confidence_threshold: 0.75',
      '  gates: { min_confident_correct: 0.8, min_precision: 0.95, max_false_answer_rate: 0.05, max_p95_latency_ms: 1000, max_regression_points: 2 }',
      'routes:',
      routes,
      'costs: { baseline_monthly_usd: 750, per_million_tokens: {}, file_search_per_1k_calls: 0 }',
      '',
    ].join('\n');
  const bench = (docs: string, cases: string, env: Record<string, string | undefined> = {}) =>
    runSop(['bench-retrieval', '--docs', docs, '--cases', cases, '--json'], { env: { ROLLOUT_FILE: undefined, ...env } });

  it("scores at the docs' route threshold in the rollout file beside them, or at SOP_CONFIDENCE_THRESHOLD", () => {
    const { root, docs } = corpus();
    writeFileSync(join(root, 'rollout.yaml'), rollout('  help: { mode: shadow, confidence_threshold: 0.6 }'));
    const cases = casesFile(root, 'cases.jsonl', casesJsonl(HELP_CASES));
    expect((JSON.parse(bench(docs, cases).stdout) as RetrievalReport).threshold).toBe(0.6);
    expect((JSON.parse(bench(docs, cases, { SOP_CONFIDENCE_THRESHOLD: '0.9' }).stdout) as RetrievalReport).threshold).toBe(0.9);
  });

  it('asks for --threshold when the routes answer at different thresholds', () => {
    const { root, docs } = corpus();
    writeFiles(docs, { 'more/opening-hours.md': HELP_DOCS['help/opening-hours.md'].replace('Opening hours', 'Hours') });
    const file = join(root, 'rollout.yaml');
    writeFileSync(file, rollout('  help: { mode: shadow, confidence_threshold: 0.6 }'));
    const cases = casesFile(root, 'cases.jsonl', casesJsonl(HELP_CASES));
    const run = bench(docs, cases);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `sop: the routes answer at different confidence thresholds in ${file} (help 0.6, more 0.75): pass --threshold to score every case at one\n`,
    );
    const given = runSop(['bench-retrieval', '--docs', docs, '--cases', cases, '--json', '--threshold', '0.7']);
    expect(given.status).toBe(0);
    expect((JSON.parse(given.stdout) as RetrievalReport).threshold).toBe(0.7);
  });
});

describe('sop bench-retrieval: refused cases files (exit 2)', { timeout: 60_000 }, () => {
  let root = '';
  let docs = '';
  beforeAll(() => {
    ({ root, docs } = corpus());
  }, 60_000);

  const good = JSON.stringify({ id: 'a', query: 'where do i park', expected_source: 'help/parking.md' });

  it('names file:line on a line that is not JSON', () => {
    const file = casesFile(root, 'bad-json.jsonl', `${good}\n{"id": "b", "query": \n`);
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', file, '--json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^sop: ${escapeRegExp(file)}:2: not valid JSON \\(.+\\)\\n$`));
  });

  it('names file:line and the field when `query` is missing (blank lines still counted)', () => {
    const file = casesFile(root, 'no-query.jsonl', `${good}\n\n${JSON.stringify({ id: 'b', expected_source: 'help/parking.md' })}\n`);
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', file, '--json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`sop: ${file}:3: field query: `)).toBe(true);
  });

  it('names the field when `query` is blank', () => {
    const file = casesFile(root, 'blank-query.jsonl', `${JSON.stringify({ id: 'a', query: '   ', expected_source: null })}\n`);
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', file]);
    expect(run.status).toBe(2);
    expect(run.stderr.startsWith(`sop: ${file}:1: field query: `)).toBe(true);
  });

  it('names the field when `expected_source` is left out (null must be explicit)', () => {
    const file = casesFile(root, 'no-source.jsonl', `${JSON.stringify({ id: 'a', query: 'where do i park' })}\n`);
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', file]);
    expect(run.status).toBe(2);
    expect(run.stderr.startsWith(`sop: ${file}:1: field expected_source: `)).toBe(true);
  });

  it('refuses an expected_source that is not a document of the corpus', () => {
    const file = casesFile(
      root,
      'unknown-doc.jsonl',
      `${good}\n${JSON.stringify({ id: 'ghost', query: 'where do i park', expected_source: 'help/valet.md' })}\n`,
    );
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', file, '--json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('sop: case ghost: expected_source help/valet.md is not a document of the corpus\n');
  });

  it('refuses a cases file that does not exist', () => {
    const file = join(root, 'missing.jsonl');
    const run = runSop(['bench-retrieval', '--docs', docs, '--cases', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`sop: cases not found: ${file} (a JSONL file, or a folder of them such as evals/)\n`);
  });

  it('requires --docs and --cases', () => {
    const run = runSop(['bench-retrieval', '--docs', docs]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("error: required option '--cases <file>' not specified");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
