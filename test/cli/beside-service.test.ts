/**
 * `sop` commands beside a running `sop serve` on the embedded database (PGlite): they use the
 * service's database through the Unix socket it shares, instead of being refused. Real processes:
 * `sop serve` as `npm start` runs it, each command a process of its own.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDeployRepo, runSopAsync, runtimeEnv } from '../deploy/deploy-repo.ts';
import { spawnServe, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-beside-');
const children: ChildProcess[] = [];
afterAll(() => children.filter((c) => c.exitCode === null && c.signalCode === null).forEach((c) => c.kill('SIGKILL')));

/** The version `/readyz` reports; null while it is not ready. */
async function readyVersion(url: string): Promise<string | null> {
  const res = await fetch(`${url}/readyz`).catch(() => null);
  if (!res?.ok) return null;
  return ((await res.json()) as { checks: { version: string } }).checks.version;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms (last: ${JSON.stringify(value)})`);
    await sleep(200);
  }
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('sop commands beside a running sop serve on PGlite', () => {
  it("read and write the service's database through its socket, one at a time; SIGTERM removes the socket", { timeout: 400_000 }, async () => {
    const dir = tempDir();
    const repo = makeDeployRepo(join(dir, 'repo'));
    const dataDir = join(dir, 'data', 'pglite');
    const env = { ...runtimeEnv(repo, { DATA_DIR: join(dir, 'data') }), SHUTDOWN_GRACE_MS: '0', DEPLOY_POLL_MS: '60000' };
    const serveEnv = { ...env, LOG_LEVEL: 'info' }; // the start line is a log line
    const service = await spawnServe({ cwd: repo.dir, env: serveEnv });
    children.push(service.child);
    const v1 = await until(
      'the service is ready',
      () => readyVersion(service.url),
      (v) => v !== null,
      120_000,
    );
    expect(v1).toMatch(/^local-[0-9a-f]{12}$/);

    // The socket: private to this user, recorded beside the lock with the service's pid.
    const socket = join(dataDir, 'socket', '.s.PGSQL.5432');
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dataDir, 'sop.socket'), 'utf8'))).toEqual({ pid: service.child.pid, path: socket });

    // Two at once: they take turns on the one session, and both finish.
    const run = (...args: string[]) => runSopAsync(args, { cwd: repo.dir, env });
    const [jobs, list] = await Promise.all([run('jobs'), run('deploy', '--list')]);
    expect(jobs).toMatchObject({ status: 0, stderr: '', stdout: '0 queued, 0 running, 0 done, 0 dead\n' });
    expect(list).toMatchObject({ status: 0, stderr: '' });
    expect(list.stdout).toContain(v1);
    const proposals = await run('proposals', 'list');
    expect(proposals).toMatchObject({
      status: 0,
      stderr: '',
      stdout: 'no proposals yet: they appear when conversations are extracted (`sop extract --pending`)\n',
    });
    expect(await run('extract', '--pending')).toMatchObject({ status: 0, stderr: '', stdout: '0 conversation(s) extracted: no knowledge found\n' });
    const metrics = await run('metrics');
    expect(metrics).toMatchObject({ status: 0, stderr: '' });
    expect(metrics.stdout).toMatch(/^no decisions in the last \d+ day\(s\): they are recorded for every POST \/api\/ask the service answers\n$/);

    // A write: a deploy through the socket. Its NOTIFY reaches the service at once (polling is set to a minute).
    const deploy = await run('deploy', '--version', 'beside-v2', '--by', 'test');
    expect(deploy).toMatchObject({ status: 0, stderr: '' });
    expect(deploy.stdout).toMatch(/^deployed beside-v2 \(\d+ sections, \d+ texts? embedded anew\); health check passed/);
    await until(
      'the service answers from the version deployed beside it',
      () => readyVersion(service.url),
      (v) => v === 'beside-v2',
      15_000,
    );
    const after = await run('deploy', '--list');
    expect(after.stdout).toMatch(/beside-v2.*active/);

    // SIGTERM: the service drains, closes the socket and exits 0, leaving no socket, record or lock.
    service.child.kill('SIGTERM');
    expect(await exitOf(service.child)).toEqual({ code: 0, signal: null });
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(dataDir, 'sop.socket'))).toBe(false);
    expect(existsSync(join(dataDir, 'sop.lock'))).toBe(false);

    // A service killed outright leaves its lock, record and socket behind: the next start takes them over.
    const crashed = await spawnServe({ cwd: repo.dir, env: serveEnv });
    children.push(crashed.child);
    await until(
      'the second service is ready',
      () => readyVersion(crashed.url),
      (v) => v !== null,
      120_000,
    );
    crashed.child.kill('SIGKILL');
    await exitOf(crashed.child);
    expect(statSync(socket).isSocket()).toBe(true);
    const again = await spawnServe({ cwd: repo.dir, env: serveEnv });
    children.push(again.child);
    expect(
      await until(
        'the service started after the crash is ready',
        () => readyVersion(again.url),
        (v) => v !== null,
        120_000,
      ),
    ).toBe('beside-v2');
    expect(JSON.parse(readFileSync(join(dataDir, 'sop.socket'), 'utf8'))).toEqual({ pid: again.child.pid, path: socket });
    expect(await run('jobs')).toMatchObject({ status: 0, stderr: '', stdout: '0 queued, 0 running, 0 done, 0 dead\n' });
    again.child.kill('SIGTERM');
    expect(await exitOf(again.child)).toEqual({ code: 0, signal: null });
    expect(existsSync(socket)).toBe(false);
  });
});
