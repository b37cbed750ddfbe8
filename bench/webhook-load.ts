// A webhook load generator, run as its own process so it does not share the server's event loop.
// Usage: tsx bench/webhook-load.ts <url> <rate per second, 0 = as fast as possible> <seconds> <concurrency> <secret> <id prefix>
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { signWebhook } from '../src/openphone/index.ts';
import { percentile } from '../src/evals/index.ts';
import { messageEventBody } from './generator.ts';

const [url, rateArg, secondsArg, concurrencyArg, secret, prefix] = process.argv.slice(2) as [string, string, string, string, string, string];
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const concurrency = Number(concurrencyArg);
const total = rate > 0 ? Math.round(rate * seconds) : Number.MAX_SAFE_INTEGER;

const latencies: number[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const statuses = new Map<number, number>();
let next = 0;
let errors = 0;

/** Event `i`, signed over exactly the bytes that are sent. */
const signed = (i: number) => {
  const body = messageEventBody(prefix, i, 'hi, the ball is not registering in bay 2, can you help?');
  return { body, headers: { 'content-type': 'application/json', ...signWebhook('openphone', secret, body, new Date()) } };
};
// Requests are built and signed before the clock starts, so the generator spends its time sending.
const prepared = Array.from({ length: Math.min(total, 100_000) }, (_, i) => signed(i));
const cpuAtStart = process.cpuUsage();
const started = performance.now();
const deadline = started + seconds * 1000;

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

/** Latency counts from when the request was due (open loop), so a late send is not hidden. */
async function send(i: number, due: number): Promise<void> {
  const { body, headers } = prepared[i] ?? signed(i);
  const t = Math.min(due, performance.now());
  try {
    const status = await post(body, headers);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  } catch {
    errors++;
  }
  latencies.push(performance.now() - t);
}

// Open loop at `rate` (each request due at its own time, at most `concurrency` in flight), or closed loop.
async function lane(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= total || performance.now() >= deadline) return;
    const due = rate > 0 ? started + (i * 1000) / rate : Infinity;
    const wait = due - performance.now();
    if (rate > 0 && wait > 0) await new Promise((r) => setTimeout(r, wait));
    await send(i, due);
  }
}

await Promise.all(Array.from({ length: concurrency }, lane));
agent.destroy();
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
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
  }),
);
