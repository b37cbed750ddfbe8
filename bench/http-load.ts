// A fixed-rate load of POST /api/ask or of the signed webhook, with autocannon, run as its own process
// so the generator does not share the service's event loop. Prints one JSON line of results.
// Usage: tsx bench/http-load.ts <ask|webhook|healthz> <base url> <rate per second> <seconds> [webhook secret]
import autocannon from 'autocannon';
import { signWebhook } from '../src/openphone/index.ts';
import { messageEventBody } from './generator.ts';

const [kind, base, rateArg, secondsArg, secret = ''] = process.argv.slice(2) as [string, string, string, string, string?];
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const QUESTIONS = ['the trackman screen froze and nothing responds', 'ball not registering in bay 2', 'the projector is blank', 'club data is not showing up'];
let n = 0;
const run = Date.now().toString(36);

/** A message event, unique per request, signed at send time. */
function webhookRequest() {
  n++;
  const body = messageEventBody(`load${run}`, n, QUESTIONS[n % QUESTIONS.length]!);
  return {
    method: 'POST' as const,
    path: '/api/openphone/webhook',
    headers: { 'content-type': 'application/json', ...signWebhook('openphone', secret, body, new Date()) },
    body,
  };
}

function askRequest() {
  n++;
  const body = JSON.stringify({ message: QUESTIONS[n % QUESTIONS.length], route: 'tech', stickyKey: `+1555${String(n % 100_000).padStart(7, '0')}` });
  return { method: 'POST' as const, path: '/api/ask', headers: { 'content-type': 'application/json' }, body };
}

/**
 * One autocannon instance per connection, started 1/CONNECTIONS of a second apart. autocannon lets a
 * rate-limited connection send its whole quota back to back when its one-second tick fires, and the
 * ticks of one instance's connections fire together: a single instance at 1,000/s is a burst of 1,000
 * requests at the start of every second. Staggered instances spread those ticks over the second, so
 * the offered load is the fixed rate at any scale above 1/CONNECTIONS of a second.
 */
const CONNECTIONS = 64;
const makeRequest = (kind === 'webhook' ? webhookRequest : kind === 'ask' ? askRequest : () => ({ method: 'GET', path: '/healthz', headers: {} })) as never;
// autocannon documents aggregateResult, but its published types omit it.
const { aggregateResult } = autocannon as unknown as {
  aggregateResult(results: autocannon.Result[], opts: { url: string; connections: number }): autocannon.Result;
};
const runs = Array.from({ length: CONNECTIONS }, async (_, i) => {
  await new Promise((r) => setTimeout(r, (i * 1000) / CONNECTIONS));
  return autocannon({
    url: base,
    connections: 1,
    // The rate split as evenly as whole numbers allow: 1,000 over 64 is 40 connections at 16/s and 24 at 15/s.
    connectionRate: Math.floor(rate / CONNECTIONS) + (i < rate % CONNECTIONS ? 1 : 0),
    duration: seconds,
    timeout: 10,
    skipAggregateResult: true,
    // Raw latencies: autocannon's correction assumes 1 ms between a connection's requests at these rates and adds samples that were never sent.
    ignoreCoordinatedOmission: true,
    requests: [{ setupRequest: makeRequest }],
  });
});
const result = aggregateResult(await Promise.all(runs), { url: base, connections: CONNECTIONS });
const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, (v as { count: number }).count]));
process.stdout.write(
  `${JSON.stringify({
    kind,
    rate,
    seconds,
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    statuses: codes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
