// `npm run bench`: every performance and quality figure of the project, measured side by side in one run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import MiniSearch from 'minisearch';
import { buildKnowledge, calibrateOnCorpus, deserializeKnowledge, serializeKnowledge, type Knowledge } from '../src/answer/index.ts';
import { median, percentile, readCases, runRetrievalBenchmark } from '../src/evals/index.ts';
import { createRuntime, type Service } from '../src/main.ts';
import { createJobQueue, type Db } from '../src/db/index.ts';
import { createConversationStore, parseEvent } from '../src/openphone/index.ts';
import { buildIndex, createSearchIndex, unitsOfDocuments, type Fusion } from '../src/search/index.ts';
import { loadCorpus } from '../src/sops/index.ts';
import { benchAdmin } from './admin.ts';
import { benchDeploy } from './deploy.ts';
import { messageEventBody, runGenerator } from './generator.ts';
import { benchEvals } from './evals.ts';
import { benchExtraction } from './extraction.ts';
import { benchGaps } from './gaps.ts';
import { benchHttpLoad } from './load-test.ts';
import { benchAppends } from './appends.ts';
import { benchRedaction } from './redaction.ts';
import { benchResponsiveness } from './responsiveness.ts';
import { benchRouter } from './router.ts';
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

type Load = {
  sent: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  generatorCpuMs: number;
  /** The generator's own warm-up before its clock started (stored like the rest), when it had one. */
  warmup: { sent: number; statuses: Record<string, number>; errors: number } | null;
};

/** Events a load sent, its warm-up's included (they are stored like the rest). */
const sentWithWarmup = (l: Load): number => l.sent + (l.warmup?.sent ?? 0);

/** The webhook load generator (bench/webhook-load.ts) against a webhook URL. */
function runLoad(url: string, rate: number, seconds: number, concurrency: number, secret: string, prefix: string, warmupSeconds = 0): Promise<Load> {
  return runGenerator<Load>('webhook-load.ts', [url, rate, seconds, concurrency, secret, prefix, warmupSeconds]);
}

/** What `bench/disk-probe.ts` reports: the disk's own fdatasync latency over a run. */
type DiskProbe = { flushes: number; p50: number; p99: number; max: number; over50ms: number };

/** Flushes a small append in the temporary directory every 10 ms for `seconds`, in its own process. */
function probeDisk(seconds: number): Promise<DiskProbe> {
  return runGenerator<DiskProbe>('disk-probe.ts', [tmpdir(), seconds, 10]);
}

/** Single-row INSERTs, `concurrency` at a time, for `seconds`: the physical limit of one write per event. Returns how many. */
async function bareInserts(db: Db, seconds: number, concurrency: number): Promise<number> {
  await db.exec('CREATE TABLE IF NOT EXISTS bench_inserts (id bigserial PRIMARY KEY, payload jsonb NOT NULL)');
  const payload = JSON.stringify({ text: 'hi, the ball is not registering in bay 2, can you help?' });
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await db.query('INSERT INTO bench_inserts (payload) VALUES ($1::jsonb)', [payload]);
        n++;
      }
    }),
  );
  return n;
}

/** PostgreSQL's WAL flushes (fsyncs) and bytes so far, cluster-wide (`pg_stat_wal`, PostgreSQL 14+); null on PGlite. */
async function walCounters(db: Db): Promise<{ syncs: number; bytes: number } | null> {
  if (db.kind !== 'postgres') return null;
  const { rows } = await db.query<{ syncs: number; bytes: number }>('SELECT wal_sync::float8 AS syncs, wal_bytes::float8 AS bytes FROM pg_stat_wal');
  return rows[0] ?? null;
}

/** Runs `work` and returns its result with this process's CPU time and the WAL flushes and bytes it caused, per `count(result)` items. */
async function perItem<T>(
  db: Db,
  work: () => Promise<T>,
  count: (result: T) => number,
): Promise<{ result: T; cpuMs: number; wal: { syncs: number; bytes: number } | null }> {
  const wal0 = await walCounters(db);
  const cpu0 = process.cpuUsage();
  const result = await work();
  const cpu = process.cpuUsage(cpu0);
  const wal1 = await walCounters(db);
  const n = Math.max(1, count(result));
  return {
    result,
    cpuMs: (cpu.user + cpu.system) / 1000 / n,
    wal: wal0 && wal1 ? { syncs: (wal1.syncs - wal0.syncs) / n, bytes: (wal1.bytes - wal0.bytes) / n } : null,
  };
}

async function webhookIngestion(): Promise<void> {
  const secret = Buffer.from('a benchmark signing key').toString('base64');
  const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const targets: { name: string; url?: string }[] = [{ name: 'PostgreSQL', url: pgUrl }, { name: 'PGlite' }];
  const out: Record<string, unknown> = {};
  for (const target of targets) {
    const schema = `bench_${Date.now()}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'sop-bench-db-'));
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: '',
      DATABASE_URL: target.url ?? '',
      DATABASE_SCHEMA: target.url ? schema : undefined,
      DATA_DIR: dataDir,
      OPENPHONE_WEBHOOK_SECRET: secret,
      // The generator is one source sending as fast as it can: capacity, not the per-source limit, is measured.
      RATE_LIMIT_WEBHOOK_PER_SECOND: '0',
    };
    let service: Service;
    try {
      service = await createRuntime(env).startService({ port: 0, worker: false });
    } catch (error) {
      rows.push({ figure: `webhook ingestion on ${target.name}`, value: `skipped: ${(error as Error).message.split('\n')[0]}`, command: BENCH });
      rmSync(dataDir, { recursive: true, force: true });
      continue;
    }
    try {
      const url = `${service.url}/api/openphone/webhook`;
      const rate = target.url ? 1000 : 300;
      await runLoad(url, 0, 2, 16, secret, `warm-${schema}`);
      // Three 10-second runs at the fixed rate, each after a second of the same rate that is not timed
      // (the generator's start-up); the median run (by p99) is reported, all three are kept.
      // The service runs in this process: its CPU time per event is this process's, the generator's is its own.
      // Beside each run, the disk's own flush latency: a commit waits for one, and a slow one holds
      // every event of its group commit.
      const runs: (Load & { serviceCpuMs: number; disk: DiskProbe })[] = [];
      for (let r = 0; r < 3; r++) {
        const [run, disk] = await Promise.all([
          perItem(
            service.db,
            () => runLoad(url, rate, 10, 64, secret, `rate${r}-${schema}`, 1),
            // The service's CPU time covers the warm-up too, so it is shared over the warm-up's events as well.
            sentWithWarmup,
          ),
          probeDisk(12),
        ]);
        runs.push({ ...run.result, serviceCpuMs: run.cpuMs, disk });
      }
      const sustained = [...runs].sort((a, b) => a.p99 - b.p99)[1]!;
      const max = await perItem(
        service.db,
        () => runLoad(url, 0, 5, 32, secret, `max-${schema}`),
        (l) => l.sent,
      );
      const insertSeconds = 5;
      const inserts = await perItem(
        service.db,
        () => bareInserts(service.db, insertSeconds, 32),
        (n) => n,
      );
      // The database's own share: the store alone (no HTTP, no signature), 4,000 texts handed over at
      // once, so they go in group commits of up to 200. Its inverse is what one writer can reach.
      const store = createConversationStore({ db: service.db, queue: createJobQueue({ db: service.db }), windowMs: 86_400_000, quietMs: 1_800_000 });
      const direct = Array.from({ length: 4000 }, (_, i) =>
        messageEventBody(`direct-${schema}`, i, 'hi, the ball is not registering in bay 2, can you help?'),
      ).map((body) => parseEvent(JSON.parse(body), null, body));
      const storeStarted = performance.now();
      await Promise.all(direct.map((event) => store.ingest(event)));
      const storeMsPerEvent = (performance.now() - storeStarted) / direct.length;
      const insertsPerSecond = inserts.result / insertSeconds;
      const stored = async (prefix: string) =>
        (await service.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events WHERE event_id LIKE $1', [`${prefix}-%`])).rows[0]!.n;
      const sustainedRows = (await Promise.all(runs.map((_, r) => stored(`rate${r}-${schema}`)))).reduce((a, b) => a + b, 0);
      const maxRows = await stored(`max-${schema}`);
      const acked = (l: Load) => (l.statuses['200'] ?? 0) + (l.warmup?.statuses['200'] ?? 0);
      const failed = (l: Load) => l.errors + (l.warmup?.errors ?? 0);
      rows.push({
        figure: `webhook on ${target.name}, ${rate} events/s for 10 s (median of 3 runs): achieved / p50 / p99`,
        value: `${sustained.perSecond.toFixed(0)}/s / ${ms(sustained.p50)} / ${ms(sustained.p99)} (p99 of the runs: ${runs.map((r) => r.p99.toFixed(0)).join(', ')} ms)`,
        target: target.url ? '>= 1,000/s with p99 < 50 ms' : undefined,
        command: BENCH,
      });
      rows.push({
        figure: `webhook on ${target.name}, ${rate} events/s: the disk's own flush during each run (a 128-byte append and fdatasync every 10 ms): p99 / max`,
        value: runs.map((r) => `${ms(r.disk.p99)} / ${ms(r.disk.max)}`).join('; '),
        reference: `the runs' p99: ${runs.map((r) => ms(r.p99)).join('; ')}`,
        command: BENCH,
      });
      rows.push({
        figure: `webhook on ${target.name}, ${rate} events/s: the service's CPU time per event (median run) / the generator's`,
        value: `${ms(sustained.serviceCpuMs)} / ${ms(sustained.generatorCpuMs)}`,
        command: BENCH,
      });
      rows.push({
        figure: `webhook on ${target.name}: sent / acknowledged / rows stored / errors`,
        value: `${[...runs, max.result].reduce((n, r) => n + sentWithWarmup(r), 0)} / ${[...runs, max.result].reduce((n, r) => n + acked(r), 0)} / ${sustainedRows + maxRows} / ${[...runs, max.result].reduce((n, r) => n + failed(r), 0)}`,
        target: 'no event lost or duplicated',
        command: BENCH,
      });
      rows.push({
        figure: `webhook on ${target.name}, as fast as possible (32 in flight)`,
        value: `${max.result.perSecond.toFixed(0)} events/s, p99 ${ms(max.result.p99)}`,
        reference: `bare single-row INSERTs, 32 at a time: ${insertsPerSecond.toFixed(0)}/s (ratio ${(max.result.perSecond / insertsPerSecond).toFixed(2)})`,
        target: target.url ? 'ratio >= 0.50' : undefined,
        command: BENCH,
      });
      rows.push({
        figure: `webhook on ${target.name}: the store alone, 4,000 texts in group commits of up to 200 (no HTTP): time per event`,
        value: `${ms(storeMsPerEvent)} (${(1000 / storeMsPerEvent).toFixed(0)} events/s)`,
        command: BENCH,
      });
      if (max.wal && inserts.wal) {
        rows.push({
          figure: `webhook on ${target.name}, as fast as possible: WAL flushes / WAL bytes per event`,
          value: `${max.wal.syncs.toFixed(3)} / ${max.wal.bytes.toFixed(0)} B`,
          reference: `bare single-row INSERTs ${inserts.wal.syncs.toFixed(3)} / ${inserts.wal.bytes.toFixed(0)} B`,
          command: BENCH,
        });
      }
      out[target.name] = {
        sustained: runs,
        max: { ...max.result, serviceCpuMs: max.cpuMs, wal: max.wal },
        bareInsertsPerSecond: insertsPerSecond,
        bareInsertWal: inserts.wal,
        storeMsPerEvent,
        storedRows: { sustained: sustainedRows, max: maxRows },
      };
    } finally {
      if (target.url) await service.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  results.webhook = out;
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
  webhook: webhookIngestion,
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
