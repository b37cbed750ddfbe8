// A load generator for POST /api/ask, run as its own process: an open loop at a fixed rate that
// records every status and the deployed version named in each answer.
// Usage: tsx bench/ask-load.ts <url> <rate per second> <seconds>
import { Agent, request } from 'node:http';
import { percentile } from '../src/evals/index.ts';

const [url, rateArg, secondsArg] = process.argv.slice(2) as [string, string, string];
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const total = Math.round(rate * seconds);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const target = new URL(url);
const statuses: Record<string, number> = {};
const versions: Record<string, number> = {};
const firstSeen: Record<string, number> = {};
const latencies: number[] = [];
let errors = 0;
const errorKinds: Record<string, number> = {};
const started = performance.now();

/** Latency counts from when the request was due, so a late send is not hidden. */
function ask(i: number): Promise<void> {
  const body = JSON.stringify({
    message: 'the trackman screen froze and nothing responds',
    route: 'tech',
    stickyKey: `+1555${String(i % 1000).padStart(7, '0')}`,
  });
  const t = started + (i * 1000) / rate;
  return new Promise((resolve) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: '/api/ask',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => {
          latencies.push(performance.now() - t);
          statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
          try {
            const version = (JSON.parse(text) as { structured?: { version?: string } | null }).structured?.version ?? 'none';
            versions[version] = (versions[version] ?? 0) + 1;
            firstSeen[version] ??= performance.now() - started;
          } catch {
            errors++;
            errorKinds['answer not JSON'] = (errorKinds['answer not JSON'] ?? 0) + 1;
          }
          resolve();
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      errors++;
      const kind = error.code ?? error.message;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
}

const inFlight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const wait = started + (i * 1000) / rate - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inFlight.push(ask(i));
}
await Promise.all(inFlight);
latencies.sort((a, b) => a - b);
const pct = (p: number) => percentile(latencies, p);
process.stdout.write(JSON.stringify({ sent: total, statuses, errors, errorKinds, versions, firstSeenMs: firstSeen, p50: pct(0.5), p99: pct(0.99) }));
agent.destroy();
