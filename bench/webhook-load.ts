// A webhook load generator, run as its own process so it does not share the server's event loop.
// Usage: tsx bench/webhook-load.ts <url> <rate per second, 0 = as fast as possible> <seconds> <concurrency> <secret> <id prefix> [warm-up seconds]
// A warm-up (its events under `<id prefix>-warm`) sends at the same rate before the clock starts, so the
// measured seconds do not include this process opening its connections and compiling its send path.
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { signWebhook } from '../src/openphone/index.ts';
import { percentile } from '../src/evals/index.ts';
import { messageEventBody } from './generator.ts';

type Args = [url: string, rate: string, seconds: string, concurrency: string, secret: string, prefix: string, warmup?: string];
const [url, rateArg, secondsArg, concurrencyArg, secret, prefix, warmupArg] = process.argv.slice(2) as Args;
const rate = Number(rateArg);
const concurrency = Number(concurrencyArg);

/** Event `i` of `idPrefix`, signed over exactly the bytes that are sent. */
const signed = (idPrefix: string, i: number) => {
  const body = messageEventBody(idPrefix, i, 'hi, the ball is not registering in bay 2, can you help?');
  return { body, headers: { 'content-type': 'application/json', ...signWebhook('openphone', secret, body, new Date()) } };
};
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

/** One POST over a kept-alive socket (node:http: far less CPU per request than fetch). */
function post(body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

type Phase = { latencies: number[]; statuses: Map<number, number>; errors: number; seconds: number };
type Prepared = { idPrefix: string; seconds: number; total: number; requests: ReturnType<typeof signed>[] };

/** `idPrefix`'s events for `seconds`, built and signed ahead, so the generator spends its measured time sending. */
function prepare(idPrefix: string, seconds: number): Prepared {
  const total = rate > 0 ? Math.round(rate * seconds) : Number.MAX_SAFE_INTEGER;
  return { idPrefix, seconds, total, requests: Array.from({ length: Math.min(total, 100_000) }, (_, i) => signed(idPrefix, i)) };
}

/**
 * Sends `idPrefix`'s events for `seconds`: open loop at `rate` (each request due at its own time, at
 * most `concurrency` in flight; latency counts from when it was due, so a late send is not hidden),
 * or closed loop as fast as possible.
 */
async function phase({ idPrefix, seconds, total, requests }: Prepared): Promise<Phase> {
  const result: Phase = { latencies: [], statuses: new Map(), errors: 0, seconds: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= total || performance.now() >= deadline) return;
      const due = rate > 0 ? started + (i * 1000) / rate : Infinity;
      const wait = due - performance.now();
      if (rate > 0 && wait > 0) await new Promise((r) => setTimeout(r, wait));
      const { body, headers } = requests[i] ?? signed(idPrefix, i);
      const t = Math.min(due, performance.now());
      try {
        const status = await post(body, headers);
        result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
      } catch {
        result.errors++;
      }
      result.latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

const warmupSeconds = Number(warmupArg ?? 0);
const measured = prepare(prefix, Number(secondsArg));
const warmup = warmupSeconds > 0 ? await phase(prepare(`${prefix}-warm`, warmupSeconds)) : null;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const cpuAtStart = process.cpuUsage();
const { latencies, statuses, errors, seconds: elapsed } = await phase(measured);
const cpu = process.cpuUsage(cpuAtStart);
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p: number) => percentile(latencies, p);
const buckets = [1, 2, 5, 10, 20, 30, 40, 50, 75, 100, 250, 1000, Infinity];
const histogram = Object.fromEntries(buckets.map((b, i) => [`<=${b}ms`, latencies.filter((l) => l <= b && (i === 0 || l > buckets[i - 1]!)).length]));
process.stdout.write(
  JSON.stringify({
    histogram,
    generatorLoopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    sent: latencies.length,
    seconds: elapsed,
    generatorCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    perSecond: latencies.length / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    max: pct(1),
    statuses: Object.fromEntries(statuses),
    errors,
    warmup: warmup && { sent: warmup.latencies.length, statuses: Object.fromEntries(warmup.statuses), errors: warmup.errors },
  }),
);
