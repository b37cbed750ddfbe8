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
  return { method: 'POST' as const, path: '/api/openphone/webhook', headers: { 'content-type': 'application/json', ...signWebhook('openphone', secret, body, new Date()) }, body };
}

function askRequest() {
  n++;
  const body = JSON.stringify({ message: QUESTIONS[n % QUESTIONS.length], route: 'tech', stickyKey: `+1555${String(n % 100_000).padStart(7, '0')}` });
  return { method: 'POST' as const, path: '/api/ask', headers: { 'content-type': 'application/json' }, body };
}

const result = await autocannon({
  url: base,
  connections: 64,
  overallRate: rate,
  duration: seconds,
  timeout: 10,
  // Raw latencies: autocannon's correction assumes 1 ms between a connection's requests at these rates and adds samples that were never sent.
  ignoreCoordinatedOmission: true,
  requests: [{ setupRequest: (kind === 'webhook' ? webhookRequest : kind === 'ask' ? askRequest : () => ({ method: 'GET', path: '/healthz', headers: {} })) as never }],
});
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
