// A webhook load generator, run as its own process so it does not share the server's event loop.
// Usage: tsx bench/webhook-load.ts <url> <rate per second, 0 = as fast as possible> <seconds> <concurrency> <secret> <id prefix>
import { signWebhook } from '../src/openphone/index.ts';

const [url, rateArg, secondsArg, concurrencyArg, secret, prefix] = process.argv.slice(2) as [string, string, string, string, string, string];
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const concurrency = Number(concurrencyArg);
const total = rate > 0 ? Math.round(rate * seconds) : Number.MAX_SAFE_INTEGER;

function event(i: number): string {
  const at = new Date().toISOString();
  return JSON.stringify({
    id: `${prefix}-${i}`,
    object: 'event',
    createdAt: at,
    type: 'message.received',
    data: {
      object: {
        id: `${prefix}-AC${i}`,
        object: 'message',
        conversationId: `${prefix}-CN${i % 500}`,
        from: `+1555${String(1_000_000 + (i % 500)).slice(1)}`,
        to: ['+15550009999'],
        direction: 'incoming',
        text: 'hi, the ball is not registering in bay 2, can you help?',
        createdAt: at,
      },
    },
  });
}

const latencies: number[] = [];
const statuses = new Map<number, number>();
let next = 0;
let errors = 0;
const started = performance.now();
const deadline = started + seconds * 1000;

// Requests are built and signed before the clock starts, so the generator spends its time sending.
const prepared = Array.from({ length: Math.min(total, 100_000) }, (_, i) => {
  const body = event(i);
  return { body, headers: { 'content-type': 'application/json', ...signWebhook('openphone', secret, body, new Date()) } };
});

async function send(i: number): Promise<void> {
  const { body, headers } = prepared[i] ?? { body: event(i), headers: { 'content-type': 'application/json', ...signWebhook('openphone', secret, event(i), new Date()) } };
  const t = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', headers, body });
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
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
    if (rate > 0) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await send(i);
  }
}

await Promise.all(Array.from({ length: concurrency }, lane));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
process.stdout.write(
  JSON.stringify({ sent: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), max: pct(1), statuses: Object.fromEntries(statuses), errors }),
);
