// `npm run bench`: every performance and quality figure of the project, measured side by side in one run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import MiniSearch from 'minisearch';
import { buildKnowledge, calibrateOnCorpus, deserializeKnowledge, serializeKnowledge, type Knowledge } from '../src/answer/index.ts';
import { median, percentile, readCases, runRetrievalBenchmark } from '../src/evals/index.ts';
import { createRuntime } from '../src/main.ts';
import { buildIndex, createSearchIndex, unitsOfDocuments, type Fusion } from '../src/search/index.ts';
import { loadCorpus } from '../src/sops/index.ts';
import { benchAdmin } from './admin.ts';
import { benchDeploy } from './deploy.ts';
import { benchEvals } from './evals.ts';
import { benchExtraction } from './extraction.ts';
import { benchGaps } from './gaps.ts';
import { benchHttpLoad } from './load-test.ts';
import { benchAppends } from './appends.ts';
import { benchRedaction } from './redaction.ts';
import { benchResponsiveness } from './responsiveness.ts';
import { benchRouter } from './router.ts';
import { benchWebhook } from './webhook.ts';
import { writeSyntheticCorpus } from './synthetic-corpus.ts';

import { renderTable, withTable, type BenchReport, type BenchRow as Row } from './report.ts';
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const runtime = createRuntime({ ...process.env, LOG_LEVEL: 'silent', OPENAI_API_KEY: '' });
const BENCH = 'npm run bench';

const ms = (x: number) => `${x.toFixed(3)} ms`;

async function timeAll(queries: string[], fn: (q: string) => unknown | Promise<unknown>, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t = performance.now();
      await fn(q);
      times.push(performance.now() - t);
    }
  }
  return times.sort((a, b) => a - b);
}

async function retrievalQuality(): Promise<void> {
  const root = join('..', 'shared', 'benchmarks', 'banking77');
  if (!existsSync(root)) {
    rows.push({ figure: 'banking77 retrieval', value: 'skipped: ../shared/benchmarks/banking77 not found', command: BENCH });
    return;
  }
  const corpus = loadCorpus(join(root, 'docs'), { strict: false });
  const cases = readCases(join(root, 'cases.jsonl'));
  const fit = await calibrateOnCorpus(corpus, [], { embedder: runtime.embedder, on: 'banking77 docs held-out questions', digest: 'banking77' });
  const calibration = fit.model;
  const full = await buildIndex(unitsOfDocuments(corpus.docs), runtime.embedder, { fusion: calibration.fusion });
  // Each ranking alone and the fusion shipped, on the same index (one classifier, one set of vectors).
  const variants: [string, Fusion][] = [
    ['BM25 alone', { bm25: 1, dense: 0, classifier: 0 }],
    ['hashed n-gram vectors alone', { bm25: 0, dense: 1, classifier: 0 }],
    ['classifier alone', { bm25: 0, dense: 0, classifier: 1 }],
    ['BM25 + vectors (0.4 / 0.6, the fusion before the classifier)', { bm25: 0.4, dense: 0.6, classifier: 0 }],
    ['fused (shipped)', calibration.fusion],
  ];
  const out: Record<string, unknown> = {};
  const reports: Record<string, Awaited<ReturnType<typeof runRetrievalBenchmark>>> = {};
  for (const [name, fusion] of variants) {
    const knowledge: Knowledge = {
      index: createSearchIndex({ ...full, fusion }),
      docs: new Map(corpus.docs.map((d) => [d.path, d])),
      routes: corpus.routes,
      calibration,
    };
    reports[name] = await runRetrievalBenchmark(knowledge, cases, 0.5);
    out[name] = reports[name];
  }
  const bm25 = reports['BM25 alone']!;
  const figures = (r: typeof bm25) => `${r.hit1.toFixed(3)} / ${r.hit3.toFixed(3)} / ${r.mrr.toFixed(3)}`;
  for (const [name, fusion] of variants) {
    const report = reports[name]!;
    const shipped = fusion === calibration.fusion;
    rows.push({
      figure: `banking77 ${name}: hit@1 / hit@3 / MRR`,
      value: figures(report),
      reference: name === 'BM25 alone' ? undefined : `BM25 alone ${figures(bm25)} (this run)`,
      target: shipped ? 'hit@1 >= 0.80 (aim 0.85, published 10-shot sentence encoders)' : undefined,
      command: `sop bench-retrieval --docs ${root}/docs --cases ${root}/cases.jsonl`,
    });
    if (shipped) rows.push({ figure: 'banking77 confidence calibration (ECE vs hit@1)', value: report.ece.toFixed(3), command: BENCH });
  }
  rows.push({
    figure: 'banking77 fusion weights fitted on held-out questions (BM25 / vectors / classifier)',
    value: `${calibration.fusion.bm25} / ${calibration.fusion.dense} / ${calibration.fusion.classifier}`,
    command: BENCH,
  });
  results.banking77 = out;
}

type EvalGroup = {
  cases: number;
  hit1: number | null;
  confidentCorrect: number | null;
  precision: number | null;
  falseAnswerRate: number | null;
  ece: number | null;
  eceIfCalibrated: number | null;
  clarified: number | null;
  resolvedInTwo: number | null;
  secondTurnWrong: number;
};

async function sopQuality(): Promise<void> {
  const { outOfScope } = runtime.calibrationInputs('sops');
  const report = await calibrateOnCorpus(loadCorpus('sops', { strict: false }), outOfScope, { embedder: runtime.embedder, on: 'bench', digest: 'bench' });
  const { rankings } = report;
  rows.push({
    figure: 'SOPs: held-out typical questions hit@1, fused',
    value: report.heldOutHit1.toFixed(3),
    reference: `BM25 alone ${rankings.bm25.toFixed(3)}, vectors alone ${rankings.dense.toFixed(3)}, classifier alone ${rankings.classifier.toFixed(3)} (this run)`,
    command: 'sop calibrate',
  });
  const { general, variants } = report.sectionChoice;
  rows.push({
    figure: "SOPs: held-out questions answered from the right section when their document came first (variants' questions / general questions)",
    value: `${(variants.right / (variants.asked || 1)).toFixed(3)} of ${variants.asked} / ${(general.right / (general.asked || 1)).toFixed(3)} of ${general.asked}`,
    command: 'sop calibrate',
  });
  const byRoute = Object.entries(report.crossValidated.byRoute).map(([route, v]) => `${route} ${v.ece.toFixed(3)}`);
  rows.push({
    figure: 'SOP calibration: out-of-fold ECE per route of the top answer',
    value: byRoute.join(', '),
    target: '<= 0.05 per route',
    command: 'sop calibrate',
  });
  // The committed eval suite, as `sop eval` measures it at the thresholds of rollout.yaml.
  const run = spawnSync(process.execPath, ['bin/sop.js', 'eval', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, OPENAI_API_KEY: '', LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`sop eval exited ${String(run.status)}: ${run.stderr}`);
  const { head } = JSON.parse(run.stdout) as { head: { groups: Record<string, EvalGroup>; overall: EvalGroup } };
  const f = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  for (const [route, m] of [...Object.entries(head.groups), ['overall', head.overall] as const]) {
    const oos = route === 'out-of-scope';
    rows.push({
      figure: oos
        ? `sop eval out-of-scope (${m.cases} cases): false-answer rate`
        : `sop eval ${route} (${m.cases} cases): hit@1 / confident-and-correct / precision / ECE`,
      value: oos ? f(m.falseAnswerRate) : `${f(m.hit1)} / ${f(m.confidentCorrect)} / ${f(m.precision)} / ${f(m.ece)}`,
      target: oos ? '<= 0.05' : 'confident-and-correct >= 0.80, precision >= 0.95, ECE <= 0.05',
      ...(oos ? {} : { reference: `ECE a perfectly calibrated confidence shows on these ${m.cases} cases: ${f(m.eceIfCalibrated)} (median of 501 draws)` }),
      command: 'sop eval',
    });
  }
  const o = head.overall;
  rows.push({
    figure: 'sop eval: asked which of two SOPs / resolved within two turns (cases with a scripted reply) / confident wrong at the reply',
    value: `${f(o.clarified)} / ${f(o.resolvedInTwo)} / ${o.secondTurnWrong}`,
    reference: `confident and correct at the first turn alone ${f(o.confidentCorrect)} (this run)`,
    command: 'sop eval',
  });
  results.sops = {
    heldOutHit1: report.heldOutHit1,
    rankings,
    calibrationEceByRoute: report.crossValidated.byRoute,
    eval: head.groups,
    evalOverall: head.overall,
  };
}

async function speed(): Promise<void> {
  const { dir, queries } = writeSyntheticCorpus('sops', 10_000);
  try {
    const corpus = loadCorpus(dir, { strict: false });
    const calibration = (
      await calibrateOnCorpus({ ...corpus, docs: corpus.docs.slice(0, 200) }, [], { embedder: runtime.embedder, on: 'bench', folds: 2, digest: 'bench' })
    ).model;
    const t = performance.now();
    const knowledge = await buildKnowledge(corpus, runtime.embedder, calibration);
    const buildMs = performance.now() - t;
    const module = runtime.createModule(knowledge);
    const sections = corpus.docs.reduce((n, d) => n + d.sections.length, 0);
    const bare = new MiniSearch({ fields: ['title', 'text'] });
    bare.addAll(knowledge.index.units.map((u, id) => ({ id, title: u.title, text: u.text })));
    await timeAll(queries.slice(0, 100), (q) => module.processWithContext(q), 1);
    await timeAll(queries.slice(0, 100), (q) => bare.search(q), 1);
    // Interleave the two in rounds so both see the same machine state.
    const answer: number[] = [];
    const mini: number[] = [];
    for (let r = 0; r < 3; r++) {
      answer.push(...(await timeAll(queries, (q) => module.processWithContext(q), 1)));
      mini.push(...(await timeAll(queries, (q) => bare.search(q), 1)));
    }
    answer.sort((a, b) => a - b);
    mini.sort((a, b) => a - b);
    const a50 = percentile(answer, 0.5),
      a99 = percentile(answer, 0.99),
      m50 = percentile(mini, 0.5),
      m99 = percentile(mini, 0.99);
    rows.push({
      figure: `answer latency, synthetic ${sections} sections (${knowledge.index.units.length} units): p50 / p99`,
      value: `${ms(a50)} / ${ms(a99)}`,
      reference: `bare minisearch query ${ms(m50)} / ${ms(m99)}`,
      target: 'p99 < 10 ms',
      command: BENCH,
    });
    rows.push({
      figure: 'answer path / bare minisearch: p50 ratio, p99 ratio',
      value: `${(a50 / m50).toFixed(2)} / ${(a99 / m99).toFixed(2)}`,
      command: BENCH,
    });
    rows.push({ figure: `index build, synthetic ${sections} sections`, value: `${(buildMs / 1000).toFixed(2)} s`, command: BENCH });
    results.speed = {
      sections,
      units: knowledge.index.units.length,
      queries: answer.length,
      answerMs: { p50: a50, p99: a99 },
      minisearchMs: { p50: m50, p99: m99 },
      buildMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loading(): Promise<void> {
  let t = performance.now();
  const knowledge = await runtime.loadKnowledge({ sopsDir: 'sops' });
  const buildMs = performance.now() - t;
  const json = JSON.stringify(serializeKnowledge(knowledge, new Date()));
  const loads: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    deserializeKnowledge(JSON.parse(json), runtime.embedder);
    loads.push(performance.now() - t);
  }
  rows.push({
    figure: `load this repository's index (${(json.length / 1024).toFixed(0)} KiB JSON): median`,
    value: ms(median(loads)),
    reference: `build from sops/ ${ms(buildMs)}`,
    target: '< 1 s',
    command: 'sop index --out .data/index.json',
  });
  results.load = { bytes: json.length, loadMs: median(loads), buildMs };
}

function memory(): void {
  const peaks: number[] = [];
  for (let i = 0; i < 3; i++) {
    // As `npx sop` runs it: the file itself, so its first line's Node options apply, with the Node of this run.
    const run = spawnSync('bin/sop.js', ['ask', 'the ball is not registering on the screen'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`,
        NODE_OPTIONS: '--import ./bench/report-rss.js',
        OPENAI_API_KEY: '',
      },
    });
    const kb = Number(/max-rss-kb (\d+)/.exec(run.stderr)?.[1]);
    if (run.status !== 0 || !kb) throw new Error(`sop ask failed while measuring memory: ${run.stderr}`);
    peaks.push(kb / 1024);
  }
  rows.push({
    figure: 'peak RSS of `sop ask` on this repository: median of 3',
    value: `${median(peaks).toFixed(0)} MB`,
    target: '< 200 MB',
    command: 'NODE_OPTIONS="--import ./bench/report-rss.js" npx sop ask "..."',
  });
  results.memory = { peakRssMb: peaks };
}

/** A part measured in a module of its own: its rows join the report, its results go under `key`. */
async function collect(
  key: string,
  part: Promise<{ rows: Row[]; results: Record<string, unknown> }> | { rows: Row[]; results: Record<string, unknown> },
): Promise<void> {
  const out = await part;
  rows.push(...out.rows);
  results[key] = out.results;
}

// `npm run bench -- speed memory` runs only the named parts.
const parts: Record<string, () => unknown> = {
  retrieval: retrievalQuality,
  sops: sopQuality,
  speed,
  load: loading,
  memory,
  router: () => collect('router', benchRouter(runtime)),
  evals: () => collect('evals', benchEvals()),
  deploy: () => collect('deploy', benchDeploy()),
  webhook: () => collect('webhook', benchWebhook()),
  admin: () => collect('admin', benchAdmin()),
  redaction: () => collect('redaction', benchRedaction()),
  responsiveness: () => collect('responsiveness', benchResponsiveness()),
  appends: () => collect('appends', benchAppends()),
  http: () => collect('http', benchHttpLoad()),
  gaps: () => collect('gaps', benchGaps(runtime)),
  extraction: () => collect('extraction', benchExtraction()),
};
const only = process.argv.slice(2);
for (const unknown of only.filter((name) => !(name in parts))) throw new Error(`unknown bench part ${unknown}: choose from ${Object.keys(parts).join(', ')}`);
for (const [name, run] of Object.entries(parts)) if (only.length === 0 || only.includes(name)) await run();

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  date: new Date().toISOString(),
};
const width = Math.max(...rows.map((r) => r.figure.length));
process.stdout.write(`sop benchmarks · node ${machine.node} · ${machine.cpus} cores · ${machine.cpu}\n\n`);
for (const r of rows) {
  process.stdout.write(
    `${r.figure.padEnd(width)}  ${r.value}${r.reference ? `   (vs ${r.reference})` : ''}${r.target ? `   target ${r.target}` : ''}\n${''.padEnd(width)}  $ ${r.command}\n`,
  );
}
const report: BenchReport = { machine, rows, results };
if (only.length === 0) {
  // A full run is the one the README quotes: its file is committed, and the README's table is made from it.
  writeFileSync('bench/results.json', `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync('README.md', withTable(readFileSync('README.md', 'utf8'), renderTable(report)));
  process.stdout.write('\nwrote bench/results.json and the README table from it: commit both\n');
} else {
  writeFileSync('bench/results.partial.json', `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nwrote bench/results.partial.json (${only.join(', ')} only; the README quotes full runs)\n`);
}
