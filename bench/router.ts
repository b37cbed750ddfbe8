// The router's figures for `npm run bench -- router`: its overhead over a bare SOP answer, what shadow
// mode adds to the Assistant's latency, and how evenly sticky buckets split customers.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpAssistant, createRecordedAssistant } from '../src/assistant/index.ts';
import { effectiveRollout, parseRollout, type Mode } from '../src/config/index.ts';
import { percentile } from '../src/evals/index.ts';
import { createPgDb, createPgliteDb, runMigrations, type Db } from '../src/db/index.ts';
import type { Runtime } from '../src/main.ts';
import { createDecisionLog } from '../src/metrics/index.ts';
import { bucketOf, createRouter, type Router } from '../src/router/index.ts';
import { answerSimilarity } from '../src/search/index.ts';

import type { BenchRow } from './report.ts';

const COMMAND = 'npm run bench -- router';
const ASSISTANT_DELAY_MS = 100;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const ms = (x: number) => `${x.toFixed(3)} ms`;

/** The in-scope questions of the eval cases, with their routes. */
function evalQuestions(): { query: string; route: string }[] {
  return readdirSync('evals')
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join('evals', f), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as { query: string; route: string | null })
    .filter((c): c is { query: string; route: string } => c.route !== null);
}

/** A legacy Assistant endpoint in its own process (the real one is remote), answering after a fixed delay. */
function startLegacy(): Promise<{ url: string; child: ChildProcess }> {
  const source = `const s=require('node:http').createServer((q,r)=>{q.resume();q.on('end',()=>setTimeout(()=>r.writeHead(200,{'content-type':'application/json'}).end('{"response":"Thanks for reaching out! Please restart TrackMan from the desktop icon."}'),${ASSISTANT_DELAY_MS}))});s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>process.send(s.address().port));`;
  const child = fork('-e', [source], { execArgv: [] });
  child.on('error', () => {});
  return new Promise((resolve, reject) => {
    child.once('message', (port) => resolve({ url: `http://127.0.0.1:${String(port)}/ask`, child }));
    child.once('exit', (code) => reject(new Error(`legacy assistant exited ${String(code)}`)));
  });
}

/**
 * Where the decisions go: PostgreSQL in a schema of its own, as in production, where the log's writes
 * run in the database's process; PGlite when no server answers, whose writes then run on this thread
 * (between the timed answers, or inside them).
 */
async function decisionStore(runtime: Runtime): Promise<{ db: Db; store: string; drop: () => Promise<void> }> {
  const schema = `bench_router_${Date.now()}`;
  try {
    const db = await createPgDb({ url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema, log: runtime.log });
    return { db, store: 'PostgreSQL', drop: () => db.exec(`DROP SCHEMA ${schema} CASCADE`) };
  } catch {
    return { db: await createPgliteDb(), store: 'PGlite in this process', drop: async () => {} };
  }
}

export async function benchRouter(runtime: Runtime): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const knowledge = await runtime.loadKnowledge({ sopsDir: 'sops' });
  const module = runtime.createModule(knowledge);
  const routes = [...knowledge.routes.keys()];
  const repo = parseRollout(readFileSync('rollout.yaml', 'utf8'), 'rollout.yaml', routes);
  /** The repository's rollout file with every route set to one mode, percentage and threshold. */
  const allRoutes = (mode: Mode, percentage: number, threshold: number) =>
    effectiveRollout(
      { ...repo, config: { ...repo.config, routes: {}, defaults: { ...repo.config.defaults, mode, percentage, confidence_threshold: threshold } } },
      {},
      routes,
    );
  const { db, store, drop } = await decisionStore(runtime);
  await runMigrations(db, 'migrations');
  const decisions = createDecisionLog({ db, similarity: (a, b) => answerSimilarity(knowledge.index.embedder, a, b), log: runtime.log });
  const router = (rollout: ReturnType<typeof allRoutes>, assistant: Parameters<typeof createRouter>[0]['assistant']): Router =>
    createRouter({
      answering: () => ({ module, knowledge }),
      assistant,
      rollout: () => rollout,
      record: decisions.record,
      compare: decisions.compare,
      escalate: () => {},
      sopTimeoutMs: 2000,
      log: runtime.log,
    });
  const questions = evalQuestions();
  const results: Record<string, unknown> = {};

  // 1. Overhead: every route in rollout at 100% with threshold 0, so the SOP module answers each question;
  // the bare module and the router answer the same questions alternately, decisions logged as in production.
  const sopRouter = router(allRoutes('rollout', 100, 0), createRecordedAssistant({ dir: 'evals' }));
  const bare: number[] = [];
  const routed: number[] = [];
  for (let round = 0; round < 6; round++) {
    for (const [i, q] of questions.entries()) {
      const key = `+1555${i}`;
      const order = (round + i) % 2 === 0;
      for (const side of order ? ['bare', 'router'] : ['router', 'bare']) {
        const t = performance.now();
        if (side === 'bare') await module.processWithContext(q.query, q.route);
        else await sopRouter.ask({ message: q.query, route: q.route, stickyKey: key });
        (side === 'bare' ? bare : routed).push(performance.now() - t);
      }
    }
    await decisions.flush();
  }
  const warm = questions.length * 2;
  const b = sorted(bare.slice(warm));
  const r = sorted(routed.slice(warm));
  // Paired: what the router added to the same question in the same round (a pause can land on either side).
  const added = sorted(routed.slice(warm).map((t, i) => t - bare[warm + i]!));
  rows.push({
    figure: `router overhead over a bare SOP answer (${questions.length} distinct eval questions, each timed in ${r.length / questions.length} rounds after one of warm-up, decisions logged to ${store}, paired by question): p50 / p99`,
    value: `${ms(percentile(added, 0.5))} / ${ms(percentile(added, 0.99))}`,
    reference: `bare answer p50 ${ms(percentile(b, 0.5))}, p99 ${ms(percentile(b, 0.99))}; routed p50 ${ms(percentile(r, 0.5))}, p99 ${ms(percentile(r, 0.99))}`,
    target: 'p99 overhead < 1 ms',
    command: COMMAND,
  });
  results.overhead = {
    added: { p50: percentile(added, 0.5), p99: percentile(added, 0.99) },
    bare: { p50: percentile(b, 0.5), p99: percentile(b, 0.99) },
    routed: { p50: percentile(r, 0.5), p99: percentile(r, 0.99) },
  };

  // 2. Shadow: the Assistant answers after a fixed delay from another process; the reply's latency through
  // the router in shadow mode against the adapter's own latency, alternately on the same questions.
  const legacy = await startLegacy();
  try {
    const assistant = createHttpAssistant({ url: legacy.url, timeoutMs: 5000 });
    const shadowRouter = router(allRoutes('shadow', 0, 0.75), assistant);
    const alone: number[] = [];
    const shadow: number[] = [];
    // Emergencies escalate without the Assistant: they are not part of what shadow mode delays.
    const sample = questions.filter((q, i) => i % 2 === 0 && !knowledge.routes.get(q.route)?.alwaysEscalate).slice(0, 100);
    for (const [i, q] of [...sample.slice(0, 10), ...sample].entries()) {
      for (const side of i % 2 === 0 ? ['alone', 'shadow'] : ['shadow', 'alone']) {
        const t = performance.now();
        if (side === 'alone') await assistant.ask({ message: q.query, route: q.route });
        // No route from the caller: the router finds it by keywords before deciding (the harder case).
        else await shadowRouter.ask({ message: q.query, stickyKey: `k${i}` });
        if (i >= 10) (side === 'alone' ? alone : shadow).push(performance.now() - t);
      }
    }
    await decisions.flush();
    const a = sorted(alone);
    const s = sorted(shadow);
    const compared = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sop_shadow_comparisons')).rows[0]!.n;
    rows.push({
      figure: `shadow mode reply latency / Assistant adapter latency (${ASSISTANT_DELAY_MS} ms Assistant, ${s.length} questions, no route given): median / p95`,
      value: `${(percentile(s, 0.5) / percentile(a, 0.5)).toFixed(3)} / ${(percentile(s, 0.95) / percentile(a, 0.95)).toFixed(3)}`,
      reference: `adapter alone p50 ${ms(percentile(a, 0.5))}; through the router in shadow p50 ${ms(percentile(s, 0.5))}; ${compared} comparisons stored`,
      target: '<= 1.05',
      command: COMMAND,
    });
    results.shadow = {
      assistantDelayMs: ASSISTANT_DELAY_MS,
      alone: { p50: percentile(a, 0.5), p95: percentile(a, 0.95) },
      shadow: { p50: percentile(s, 0.5), p95: percentile(s, 0.95) },
      comparisons: compared,
    };
  } finally {
    legacy.child.kill();
    await drop();
    await db.close();
  }

  // 3. Sticky buckets: the share of 100,000 random phone numbers in the SOP share at every percentage.
  const buckets = Array.from({ length: 100_000 }, () => bucketOf('tech', `+1${(randomBytes(5).readUIntBE(0, 5) % 9_000_000_000) + 1_000_000_000}`));
  const counts = new Array<number>(101).fill(0);
  for (const bucket of buckets) counts[bucket]!++;
  let within = 0;
  let worst = 0;
  for (let p = 1; p <= 100; p++) {
    within += counts[p]!;
    worst = Math.max(worst, Math.abs((within / buckets.length) * 100 - p));
  }
  rows.push({
    figure: 'sticky buckets over 100,000 random keys: largest gap between a percentage and its share',
    value: `${worst.toFixed(3)} points`,
    target: '<= 0.5 points at every p from 1 to 100',
    command: COMMAND,
  });
  results.buckets = { keys: buckets.length, worstGapPoints: worst };
  return { rows, results };
}
