/**
 * Scale out as it is deployed: two `sop serve --no-worker` replicas and one `sop worker`, separate
 * processes on one PostgreSQL schema. Signed webhooks spread over both replicas, with every tenth
 * event redelivered to the other replica at the same moment, are stored exactly once and filed in
 * the right conversations (texts without OpenPhone's conversationId from both replicas join one);
 * the worker extracts the calls' transcripts; a deploy reaches both replicas.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createPgDb } from '../../src/db/index.ts';
import { signWebhook } from '../../src/openphone/index.ts';
import { SOP_BIN, sopEnv, spawnServe, useTempDirs } from '../cli/run-sop.ts';
import { dropSchema, FROZEN, makeDeployRepo, rolloutWithoutGates, runSopAsync, runtimeEnv } from '../deploy/deploy-repo.ts';
import { captureLogger } from '../fakes/logger.ts';
import { messageEvent, SECRET } from '../http/test-service.ts';
import { callEvent, transcriptEvent } from './openphone-events.ts';

const tempDir = useTempDirs('sop-replicas-');
const url = process.env.TEST_DATABASE_URL;

/** POSTs a signed event to a replica's webhook; the status it answered. */
async function deliver(server: string, event: unknown): Promise<number> {
  const body = JSON.stringify(event);
  const res = await fetch(`${server}/api/openphone/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signWebhook('openphone', SECRET, body, new Date()) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const readyVersion = async (server: string) => ((await (await fetch(`${server}/readyz`)).json()) as { checks: { version: string } }).checks.version;

describe.runIf(url)('two replicas and a worker on one PostgreSQL', () => {
  it('store every event once, file it rightly, extract the transcripts, and both follow a deploy', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const repo = makeDeployRepo(join(dir, 'repo'));
    writeFileSync(repo.rolloutFile, rolloutWithoutGates('tech'));
    repo.commit('tech answered by the SOP module');
    const database = { DATABASE_URL: url!, DATABASE_SCHEMA: `test_replicas_${process.pid}_${Date.now()}` };
    const env: Record<string, string | undefined> = {
      ...runtimeEnv(repo, database),
      LOG_LEVEL: 'info',
      OPENPHONE_WEBHOOK_SECRET: SECRET,
      RATE_LIMIT_WEBHOOK_PER_SECOND: '0',
      PROPOSALS_REPO: repo.dir,
      // Extraction is queued by the transcript itself; the sweep of quiet conversations is not tested here.
      EXTRACTION_QUIET_MINUTES: '1440',
      ADMIN_TOKEN: undefined,
      NODE_ENV: undefined,
    };
    const children: ChildProcess[] = [];
    onTestFinished(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
      await dropSchema(database);
    });

    // The first replica builds and deploys the SOPs on the empty schema; the second finds them.
    const first = await spawnServe({ cwd: repo.dir, env, args: ['--no-worker'] });
    children.push(first.child);
    const second = await spawnServe({ cwd: repo.dir, env, args: ['--no-worker'] });
    children.push(second.child);
    const worker = spawn(process.execPath, [SOP_BIN, 'worker'], { cwd: repo.dir, env: sopEnv(env) });
    let workerOutput = '';
    worker.stdout!.on('data', (c: Buffer) => (workerOutput += c.toString('utf8')));
    worker.stderr!.on('data', (c: Buffer) => (workerOutput += c.toString('utf8')));
    children.push(worker);
    const servers = [first.url, second.url];

    // 300 texts in 20 OpenPhone conversations, 100 texts from 10 numbers without a conversationId,
    // 10 calls with their transcripts; sent 16 at a time, alternating replicas.
    const T0 = Date.now();
    const events: unknown[] = [
      ...Array.from({ length: 300 }, (_, i) =>
        messageEvent({
          id: `EVr-t${i}`,
          messageId: `ACr-t${i}`,
          conversationId: `CNr${i % 20}`,
          customer: `+1555200${String(i % 20).padStart(4, '0')}`,
          text: `text ${i}`,
        }),
      ),
      ...Array.from({ length: 100 }, (_, i) =>
        messageEvent({
          id: `EVr-p${i}`,
          messageId: `ACr-p${i}`,
          conversationId: null,
          customer: `+1555300${String(i % 10).padStart(4, '0')}`,
          text: `by phone ${i}`,
        }),
      ),
      ...Array.from({ length: 10 }, (_, i) => [
        callEvent({
          id: `EVr-c${i}`,
          callId: `CAr${i}`,
          conversationId: `CNrc${i}`,
          customer: `+1555400${String(i).padStart(4, '0')}`,
          at: new Date(T0),
          seconds: 60,
        }),
        transcriptEvent({
          id: `EVr-tr${i}`,
          callId: `CAr${i}`,
          customer: `+1555400${String(i).padStart(4, '0')}`,
          at: new Date(T0),
          lines: [
            ['customer', 'the screen is frozen in bay 2'],
            ['staff', 'I restarted it from here, try now'],
            ['customer', 'works now, thanks'],
          ],
        }),
      ]).flat(),
    ];
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < events.length; i = next++) {
          const sends = [deliver(servers[i % 2]!, events[i])];
          // A redelivery to the other replica at the same moment.
          if (i % 10 === 0) sends.push(deliver(servers[(i + 1) % 2]!, events[i]));
          statuses.push(...(await Promise.all(sends)));
        }
      }),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(events.length + Math.ceil(events.length / 10));

    const db = await createPgDb({ url: url!, schema: database.DATABASE_SCHEMA, log: captureLogger() });
    onTestFinished(() => db.close());
    const one = async <T>(sql: string) => (await db.query<T>(sql)).rows;
    expect(await one('SELECT count(*)::int AS events, count(DISTINCT event_id)::int AS distinct_events FROM webhook_events')).toEqual([
      { events: 420, distinct_events: 420 },
    ]);
    expect(await one('SELECT count(*)::int AS n FROM openphone_conversation_entries')).toEqual([{ n: 420 }]);
    // 20 OpenPhone conversations, 10 by phone number (each number's texts joined, whichever replica took them), 10 calls.
    const sizes = await one<{ kind: string; n: number; entries: number }>(
      `SELECT CASE WHEN c.openphone_conversation_id LIKE 'CNrc%' THEN 'call' WHEN c.openphone_conversation_id IS NULL THEN 'phone' ELSE 'text' END AS kind,
              count(*)::int AS n, sum((SELECT count(*) FROM openphone_conversation_entries e WHERE e.conversation_id = c.id))::int AS entries
       FROM openphone_conversations c GROUP BY 1 ORDER BY 1`,
    );
    expect(sizes).toEqual([
      { kind: 'call', n: 10, entries: 20 },
      { kind: 'phone', n: 10, entries: 100 },
      { kind: 'text', n: 20, entries: 300 },
    ]);

    // The worker, not the replicas, runs the transcripts' extraction.
    const jobs = async () =>
      one<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM jobs WHERE kind = 'extract' GROUP BY state ORDER BY state`);
    for (let i = 0; i < 600 && JSON.stringify(await jobs()) !== JSON.stringify([{ state: 'done', n: 10 }]); i++) await sleep(100);
    expect(await jobs(), workerOutput).toEqual([{ state: 'done', n: 10 }]);

    // A deploy from the repository reaches both replicas (by NOTIFY, or their poll).
    const [v1] = await Promise.all(servers.map(readyVersion));
    expect(await Promise.all(servers.map(readyVersion))).toEqual([v1, v1]);
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);
    repo.commit('a changed sentence');
    const deployed = await runSopAsync(['deploy', '--version', 'v2', '--by', 'test'], { cwd: repo.dir, env });
    expect(deployed.status, deployed.stderr).toBe(0);
    for (let i = 0; i < 100 && (await Promise.all(servers.map(readyVersion))).some((v) => v !== 'v2'); i++) await sleep(100);
    expect(await Promise.all(servers.map(readyVersion))).toEqual(['v2', 'v2']);
  });
});
