// `npm run bench -- http`: /api/ask and the webhook under a fixed-rate load for a minute each, on
// PostgreSQL, beside GET /healthz at the same rate (the HTTP floor of this machine). The service is
// `sop serve` in a process of its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '../src/main.ts';
import { runAskLoad, runGenerator } from './generator.ts';
import type { BenchRow } from './report.ts';
import { startServeProcess } from './serve-process.ts';

const COMMAND = 'npm run bench -- http';
const RATE = 1000;
/** BENCH_LOAD_SECONDS shortens the runs (60 s each by default, as the figures in the README). */
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const WARM_UP_SECONDS = 3;

type Load = {
  kind: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
};

export async function benchHttpLoad(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const secret = Buffer.from('a load-test signing key').toString('base64');
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-http-'));
  const rolloutFile = join(dir, 'rollout.yaml');
  // The SOP path: tech in rollout for every customer.
  writeFileSync(rolloutFile, readFileSync('rollout.yaml', 'utf8').replace('  tech:\n    mode: shadow', '  tech:\n    mode: rollout\n    percentage: 100'));
  const schema = `bench_http_${Date.now()}`;
  const env = {
    ...process.env,
    LOG_LEVEL: 'warn',
    OPENAI_API_KEY: '',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    DATABASE_SCHEMA: schema,
    DATA_DIR: dir,
    ROLLOUT_FILE: rolloutFile,
    OPENPHONE_WEBHOOK_SECRET: secret,
  };
  // The service in a process of its own, as `npm start` runs it; the bench reads the database beside it.
  const service = await startServeProcess(env);
  const db = await createRuntime({ ...env, LOG_LEVEL: 'silent' }).openDatabase();
  const results: Record<string, unknown> = {};
  try {
    const load = (kind: 'ask' | 'webhook' | 'healthz', seconds: number) => runGenerator<Load>('http-load.ts', [kind, service.url, RATE, seconds, secret]);
    const storedEvents = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events')).rows[0]!.n;
    const floor = await load('healthz', Math.min(SECONDS, 15));
    // A few seconds at the rate first, not counted: the figures are the steady state, after the JIT has compiled the path.
    await load('ask', WARM_UP_SECONDS);
    const ask = await load('ask', SECONDS);
    // The service's own CPU time, from its /metrics, over a run the generator paces.
    const cpuBefore = await service.cpuMs();
    const askPaced = await runAskLoad(service.url, RATE, Math.min(SECONDS, 20));
    const askCpuMs = ((await service.cpuMs()) - cpuBefore) / Math.max(1, askPaced.sent);
    await load('webhook', WARM_UP_SECONDS);
    const storedBefore = await storedEvents();
    const webhook = await load('webhook', SECONDS);
    const stored = (await storedEvents()) - storedBefore;
    const { rows: answered } = await db.query<{ answered_by: string; n: number }>(
      'SELECT answered_by, count(*)::int AS n FROM sop_decisions GROUP BY answered_by',
    );
    const bySide = Object.fromEntries(answered.map((r) => [r.answered_by, r.n]));
    // autocannon counts whole milliseconds, rounded down: 0 is under 1 ms.
    const ms = (v: number) => (v === 0 ? '< 1 ms' : `${v} ms`);
    const line = (l: Load) =>
      `${l.perSecond.toFixed(0)}/s for ${SECONDS} s, p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)}; ${l.non2xx} non-2xx, ${l.errors} errors, ${l.timeouts} timeouts`;
    rows.push({
      figure: `POST /api/ask at ${RATE}/s, PostgreSQL, tech in rollout (autocannon, 64 staggered connections, after ${WARM_UP_SECONDS} s of warm-up)`,
      value: line(ask),
      reference: `GET /healthz at the same rate: p50 ${ms(floor.p50)}, p99 ${ms(floor.p99)}; answered by ${JSON.stringify(bySide)}`,
      target: '>= 1,000/s with p99 < 20 ms on the SOP path',
      command: COMMAND,
    });
    rows.push({
      figure: `POST /api/ask at ${RATE}/s evenly paced (each request on its own schedule, 64 sockets)`,
      value: `${askPaced.sent} sent in ${Math.min(SECONDS, 20)} s, p50 ${askPaced.p50.toFixed(1)} ms, p99 ${askPaced.p99.toFixed(1)} ms; ${askPaced.sent - (askPaced.statuses['200'] ?? 0)} not 200, ${askPaced.errors} errors${askPaced.errors ? ` ${JSON.stringify(askPaced.errorKinds)}` : ''}`,
      reference: 'the same load without autocannon: every request sent at its own time, latencies to the microsecond',
      target: 'p99 < 20 ms',
      command: COMMAND,
    });
    rows.push({
      figure: `the service's CPU time per POST /api/ask at ${RATE}/s evenly paced (its process's user and system time over the run)`,
      value: `${askCpuMs.toFixed(3)} ms`,
      command: COMMAND,
    });
    rows.push({
      figure: `signed webhook events at ${RATE}/s, PostgreSQL (autocannon, 64 staggered connections, after ${WARM_UP_SECONDS} s of warm-up)`,
      value: line(webhook),
      reference: `acknowledged ${webhook.statuses['200'] ?? 0}, rows stored ${stored}`,
      target: '>= 1,000 events/s; every acknowledged event stored once',
      command: COMMAND,
    });
    Object.assign(results, { seconds: SECONDS, rate: RATE, floor, ask, askPaced, askCpuMs, webhook, webhookRowsStored: stored, askAnsweredBy: bySide });
  } finally {
    await service.close();
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, results };
}
