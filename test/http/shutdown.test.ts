/**
 * SIGTERM to a running `sop serve` under load, as an orchestrator sends it: /readyz turns 503 at once,
 * requests are still answered through the grace period, no request fails, a stalled upload does not
 * hold the exit past the deadline, and the process exits 0. The clients stand for a load balancer: they
 * send until two readiness checks in a row (every 250 ms) have failed, as balancers are set to.
 */
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, spawnServe, useTempDirs } from '../cli/run-sop.ts';

const tempDir = useTempDirs('sop-shutdown-');
const GRACE_MS = 1500;
const TIMEOUT_MS = 2000;

type Outcome = { at: number; status?: number; error?: string };

describe('SIGTERM to a service under load', { timeout: 120_000 }, () => {
  let child: ChildProcess;
  let url = '';

  beforeAll(async () => {
    ({ child, url } = await spawnServe({
      cwd: REPO,
      env: { DATA_DIR: join(tempDir(), 'data'), SHUTDOWN_GRACE_MS: String(GRACE_MS), SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) },
    }));
  }, 90_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('drains: readiness fails first, accepted requests all succeed, exit 0 within the deadline', async () => {
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: performance.now() })));
    let routed = true;
    const outcomes: Outcome[] = [];
    const ask = async () => {
      while (routed) {
        const at = performance.now();
        try {
          const res = await fetch(`${url}/api/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ message: 'the projector shows no signal', stickyKey: 'shutdown-test' }),
          });
          await res.arrayBuffer();
          outcomes.push({ at, status: res.status });
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause;
          outcomes.push({ at, error: cause?.code ?? String(error) });
        }
      }
    };
    let failedChecks = 0;
    let removedAt = 0;
    const balancer = (async () => {
      while (routed) {
        await sleep(250);
        const ok = await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        failedChecks = ok ? 0 : failedChecks + 1;
        if (failedChecks >= 2) [routed, removedAt] = [false, performance.now()];
      }
    })();
    const clients = Array.from({ length: 8 }, ask);
    // An upload that stops halfway: only the deadline ends it.
    const stalled = connect(Number(new URL(url).port), '127.0.0.1');
    const stalledClosed = new Promise<number>((resolve) => stalled.once('close', () => resolve(performance.now())));
    stalled.on('error', () => {});
    stalled.write('POST /api/openphone/webhook HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"id":');
    await sleep(500);

    const signalled = performance.now();
    child.kill('SIGTERM');
    await sleep(100);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks.shutdown).toMatch(/shutting down/);

    const { code, at: exitedAt } = await exited;
    await Promise.all([...clients, balancer]);
    const failed = outcomes.filter((o) => o.status !== 200).length;
    console.log(
      `SIGTERM under load: ${outcomes.length} requests, ${outcomes.filter((o) => o.at > signalled).length} after the signal, ${failed} failed; exit ${code} ${Math.round(exitedAt - signalled)} ms after the signal`,
    );

    expect(code).toBe(0);
    // The grace period was served, and the stalled upload held the exit no longer than the deadline.
    expect(exitedAt - signalled).toBeGreaterThanOrEqual(GRACE_MS);
    expect(exitedAt - signalled).toBeLessThan(GRACE_MS + TIMEOUT_MS + 5000);
    expect(await stalledClosed).toBeLessThanOrEqual(exitedAt + 1000);
    // Served after the signal until the balancer took the replica out, and not one failure.
    const afterSignal = outcomes.filter((o) => o.at > signalled + 100);
    expect(removedAt - signalled).toBeLessThan(GRACE_MS);
    expect(afterSignal.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(20);
  });
});
