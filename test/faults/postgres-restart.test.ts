/**
 * PostgreSQL failing under a running service. The real service (`sop serve`, without its worker)
 * takes a steady load of signed OpenPhone text events while its database connections are killed
 * three times (pg_terminate_backend on the service's own backends, found by application_name) and
 * the database is made unreachable for about a second (a TCP proxy between the two is closed).
 *
 * The sender's contract: 200 means the event is committed; 503 means redeliver later; nothing else.
 * So every event ends up stored exactly once after the 503s are redelivered, and /readyz reports the
 * outage and recovers by itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createPgDb } from '../../src/db/index.ts';
import { createRuntime } from '../../src/main.ts';
import { signWebhook } from '../../src/openphone/index.ts';
import { startTcpProxy } from '../fakes/tcp-proxy.ts';
import { captureLogger } from '../fakes/logger.ts';
import { SECRET } from '../http/test-service.ts';

const RATE = 300; // events per second
const LOAD_MS = 7000;
const CONCURRENCY = 16;
/** When, after the load starts, the service's connections are killed; the proxy is closed in between. */
const KILLS_AT = [1000, 2200, 5000];
const CUT_AT = 3200;
const CUT_MS = 1000;
/** Events sent this long after the last fault must be acknowledged at once: the pool has recovered. */
const RECOVERED_AFTER_MS = 1000;
/** Beyond the service's own limits (5 s to connect, 10 s per statement): a webhook that hangs longer fails the test. */
const ANSWER_WITHIN_MS = 15_000;

type Delivery = { status: number; retryAfter: string | undefined; outcome: string | undefined; error: string | undefined };
type Sent = { i: number; eventId: string; messageId: string; body: string; at: number; first: Delivery; final: Delivery; redeliveries: number };

/** A `message.received` event; one in four has no conversationId and is filed by phone number, in a transaction. */
function textEvent(prefix: string, i: number): { eventId: string; messageId: string; body: string } {
  const eventId = `${prefix}-EV${i}`;
  const messageId = `${prefix}-AC${i}`;
  const at = new Date().toISOString();
  const byPhone = i % 4 === 3;
  const body = JSON.stringify({
    id: eventId,
    object: 'event',
    apiVersion: 'v3',
    createdAt: at,
    type: 'message.received',
    data: {
      object: {
        id: messageId,
        object: 'message',
        from: `+1555${String(2_000_000 + (i % 20)).slice(1)}`,
        to: ['+15550009999'],
        direction: 'incoming',
        text: 'hi, the ball is not registering in bay 2',
        status: 'received',
        createdAt: at,
        userId: null,
        phoneNumberId: 'PN1',
        ...(byPhone ? {} : { conversationId: `${prefix}-CN${i % 40}` }),
      },
    },
  });
  return { eventId, messageId, body };
}

/** One signed POST over a kept-alive socket (signed now: a redelivery is signed again). */
function post(agent: Agent, url: URL, body: string): Promise<Delivery> {
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...signWebhook('openphone', SECRET, body, new Date()),
  };
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: '/api/openphone/webhook', method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let outcome: string | undefined;
        try {
          outcome = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: string; error?: string }).status;
        } catch {
          outcome = undefined;
        }
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, outcome, error: undefined });
      });
    });
    // A reset socket or a hang is not an answer: recorded as status 0, which the test refuses.
    req.setTimeout(ANSWER_WITHIN_MS, () => req.destroy(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)));
    req.on('error', (error) => resolve({ status: 0, retryAfter: undefined, outcome: undefined, error: error.message }));
    req.end(body);
  });
}

async function readyz(base: string): Promise<number> {
  return (await fetch(`${base}/readyz`)).status;
}

/** Polls /readyz until it answers `status`; returns how long that took, or null at the deadline. */
async function waitForReadyz(base: string, status: number, withinMs: number): Promise<number | null> {
  const start = performance.now();
  while (performance.now() - start < withinMs) {
    if ((await readyz(base)) === status) return performance.now() - start;
    await sleep(25);
  }
  return null;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('the service while PostgreSQL drops its connections', () => {
  it('answers only 200 or 503 under load, stores every event exactly once after redelivery, and reports and recovers readiness', {
    timeout: 60_000,
  }, async () => {
    const started = performance.now();
    const target = new URL(process.env.TEST_DATABASE_URL!);
    const schema = `fault_${randomBytes(6).toString('hex')}`;
    // Tags the service's connections, so only they are killed (other test files share the server).
    const app = `sop_${schema}`;
    const admin = await createPgDb({ url: target.toString(), log: captureLogger(), max: 2 });
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const dataDir = mkdtempSync(join(tmpdir(), 'sop-faults-'));
    // Undone last first: the service before the proxy before the schema.
    const cleanups: (() => unknown)[] = [
      () => admin.close(),
      () => admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
      () => rmSync(dataDir, { recursive: true, force: true }),
      () => proxy.stop(),
    ];
    onTestFinished(async () => {
      const failures: unknown[] = [];
      for (const undo of cleanups.reverse())
        await Promise.resolve()
          .then(undo)
          .catch((error: unknown) => failures.push(error));
      if (failures.length) throw failures[0];
    });
    const viaProxy = new URL(target);
    viaProxy.port = String(proxy.port);
    viaProxy.searchParams.set('application_name', app);

    const service = await createRuntime({
      LOG_LEVEL: 'silent',
      DATABASE_URL: viaProxy.toString(),
      DATABASE_SCHEMA: schema,
      OPENPHONE_WEBHOOK_SECRET: SECRET,
      DATA_DIR: dataDir,
      PROPOSALS_REPO: dataDir,
    }).startService({ port: 0, worker: false });
    cleanups.push(() => service.close());
    const startupMs = performance.now() - started;
    expect(await readyz(service.url)).toBe(200);

    const url = new URL(service.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    cleanups.push(() => agent.destroy());
    const prefix = randomBytes(4).toString('hex');
    const sent: Sent[] = [];

    // Open loop at RATE: each event due at its own time, at most CONCURRENCY in flight.
    const loadStart = performance.now();
    const total = Math.round((RATE * LOAD_MS) / 1000);
    let next = 0;
    const lane = async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const wait = loadStart + (i * 1000) / RATE - performance.now();
        if (wait > 0) await sleep(wait);
        const event = textEvent(prefix, i);
        const at = performance.now() - loadStart;
        const first = await post(agent, url, event.body);
        sent.push({ i, ...event, at, first, final: first, redeliveries: 0 });
      }
    };
    const load = Promise.all(Array.from({ length: CONCURRENCY }, lane));

    // The faults, on the load's clock.
    const faults: { at: number; kind: 'kill' | 'cut'; killed?: number; until?: number }[] = [];
    const readiness: { unreadyAfterMs: number | null; readyAgainAfterMs: number | null; whileCut: number[] } = {
      unreadyAfterMs: null,
      readyAgainAfterMs: null,
      whileCut: [],
    };
    const kill = async () => {
      const at = performance.now() - loadStart;
      const { rows } = await admin.query<{ n: number }>(
        'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()',
        [app],
      );
      faults.push({ at, kind: 'kill', killed: rows[0]!.n });
    };
    const cut = async () => {
      const at = performance.now() - loadStart;
      await proxy.stop();
      readiness.unreadyAfterMs = await waitForReadyz(service.url, 503, CUT_MS);
      const remaining = at + CUT_MS - (performance.now() - loadStart);
      if (remaining > 0) await sleep(remaining);
      // Still unreachable at the end of the cut: the 503 was not a passing blip.
      readiness.whileCut.push(await readyz(service.url));
      await proxy.start();
      faults.push({ at, kind: 'cut', until: performance.now() - loadStart });
      readiness.readyAgainAfterMs = await waitForReadyz(service.url, 200, 10_000);
    };
    const schedule = [...KILLS_AT.map((t) => ({ t, run: kill })), { t: CUT_AT, run: cut }].sort((a, b) => a.t - b.t);
    for (const { t, run } of schedule) {
      const wait = loadStart + t - performance.now();
      if (wait > 0) await sleep(wait);
      await run();
    }
    await load;
    const loadMs = performance.now() - loadStart;

    // Redeliver every refused event (same id and body, signed again) until it is acknowledged.
    const redeliverStart = performance.now();
    let pending = sent.filter((s) => s.first.status === 503);
    let rounds = 0;
    while (pending.length > 0 && performance.now() - redeliverStart < 20_000) {
      rounds++;
      let k = 0;
      const queue = pending;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let s = queue[k++]; s; s = queue[k++]) {
            s.redeliveries++;
            s.final = await post(agent, url, s.body);
          }
        }),
      );
      pending = pending.filter((s) => s.final.status === 503);
      if (pending.length > 0) await sleep(100);
    }

    const { rows: events } = await admin.query<{ event_id: string; n: number }>(
      `SELECT event_id, count(*)::int AS n FROM ${schema}.webhook_events GROUP BY event_id`,
    );
    const { rows: messages } = await admin.query<{ id: string; n: number }>(
      `SELECT entry->>'id' AS id, count(*)::int AS n FROM ${schema}.openphone_conversation_entries GROUP BY 1`,
    );
    const storedTimes = new Map(events.map((r) => [r.event_id, r.n]));
    const appendedTimes = new Map(messages.map((r) => [r.id, r.n]));

    const refused = sent.filter((s) => s.first.status === 503);
    const figures = {
      sent: sent.length,
      acknowledgedFirstTime: sent.filter((s) => s.first.status === 200).length,
      refused503ThenRedelivered: refused.length,
      redeliveries: refused.reduce((n, s) => n + s.redeliveries, 0),
      redeliveryRounds: rounds,
      redeliveredAnsweredDuplicate: refused.filter((s) => s.final.outcome === 'duplicate').length,
      stored: events.length,
      storedTwice: events.filter((r) => r.n > 1).length,
      messagesAppended: messages.reduce((n, r) => n + r.n, 0),
      firstStatuses: countBy(sent.map((s) => s.first.status)),
      // The refusals around each fault (sent from 200 ms before it to 500 ms after it ended).
      refusedByFault: faults.map(
        (f) => `${f.kind}@${Math.round(f.at)}ms: ${refused.filter((s) => s.at >= f.at - 200 && s.at <= (f.until ?? f.at) + 500).length}`,
      ),
      faults,
      readiness,
      startupMs: Math.round(startupMs),
      loadMs: Math.round(loadMs),
      redeliverMs: Math.round(performance.now() - redeliverStart),
    };
    console.log(`postgres-restart: ${JSON.stringify(figures)}`);
    const summary = `figures: ${JSON.stringify({ ...figures, faults: undefined })}`;

    expect(sent.length, summary).toBe(total);
    // Every kill found the service's connections, and the cut made the service refuse some events.
    expect(
      faults.filter((f) => f.kind === 'kill').map((f) => f.killed! > 0),
      JSON.stringify(faults),
    ).toEqual([true, true, true]);
    expect(refused.length, summary).toBeGreaterThan(0);

    // Only 200 (committed) or 503 with Retry-After (redeliver); no 500, no reset connection.
    const unexpected = sent.filter((s) => s.first.status !== 200 && !(s.first.status === 503 && /^[1-9]\d*$/.test(s.first.retryAfter ?? '')));
    expect(
      unexpected.map((s) => ({ event: s.eventId, at: Math.round(s.at), ...s.first })),
      summary,
    ).toEqual([]);
    // A fresh event acknowledged the first time was stored by that delivery.
    expect(
      sent.filter((s) => s.first.status === 200 && s.first.outcome !== 'stored').map((s) => s.eventId),
      summary,
    ).toEqual([]);
    // Every refused event was accepted on redelivery (stored now, or a duplicate of a commit whose answer was lost).
    expect(
      refused.filter((s) => s.final.status !== 200 || !['stored', 'duplicate'].includes(s.final.outcome ?? '')).map((s) => ({ event: s.eventId, ...s.final })),
      summary,
    ).toEqual([]);

    // Exactly once: each event one row, each message appended to its conversation once, nothing else.
    expect(
      sent.filter((s) => storedTimes.get(s.eventId) !== 1).map((s) => [s.eventId, storedTimes.get(s.eventId) ?? 0]),
      summary,
    ).toEqual([]);
    expect(
      sent.filter((s) => appendedTimes.get(s.messageId) !== 1).map((s) => [s.messageId, appendedTimes.get(s.messageId) ?? 0]),
      summary,
    ).toEqual([]);
    expect(events.length, summary).toBe(sent.length);
    expect(figures.messagesAppended, summary).toBe(sent.length);

    // The pool recovers from each kill: events sent well after the last fault were all taken at once.
    const lastFault = Math.max(...faults.map((f) => f.until ?? f.at));
    const late = sent.filter((s) => s.at > lastFault + RECOVERED_AFTER_MS);
    expect(late.length, summary).toBeGreaterThan(50);
    expect(
      late.filter((s) => s.first.status !== 200).map((s) => ({ event: s.eventId, at: Math.round(s.at), status: s.first.status })),
      summary,
    ).toEqual([]);

    // Readiness: 503 while the database is unreachable, 200 again by itself, no restart.
    expect(readiness.unreadyAfterMs, summary).not.toBeNull();
    expect(readiness.whileCut, summary).toEqual([503]);
    expect(readiness.readyAgainAfterMs, summary).not.toBeNull();
    expect(await readyz(service.url)).toBe(200);
  });
});

function countBy(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
