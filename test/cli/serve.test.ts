/**
 * `sop serve`'s start-up, as an operator (or a log shipper) sees it: JSON lines only; "listening" when
 * /healthz answers, "ready" once /readyz does; a token made for this run shown in one line, once.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin } from '../http/admin-client.ts';
import { logLines, REPO, spawnServe, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-serve-');

describe('sop serve start-up lines', { timeout: 180_000 }, () => {
  let child: ChildProcess;
  let url = '';
  let output: () => string = () => '';
  let stdout: () => string = () => '';

  beforeAll(async () => {
    const dataDir = join(tempDir(), 'data');
    ({ child, url, output, stdout } = await spawnServe({
      cwd: REPO,
      env: { LOG_LEVEL: 'debug', DATA_DIR: dataDir, ADMIN_TOKEN: undefined, NODE_ENV: undefined, PROPOSALS_REPO: tempDir() },
    }));
    for (let i = 0; i < 100 && !output().includes('"msg":"sop ready'); i++) await sleep(100);
  }, 150_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }, 20_000);

  const lines = () => logLines(output());

  it('writes JSON lines only, on stdout and stderr alike', () => {
    expect(() => logLines(stdout())).not.toThrow();
    expect(lines().length).toBeGreaterThan(3);
    expect(lines().every((l) => typeof l.level === 'number' && typeof l.msg === 'string')).toBe(true);
  });

  it('says where it listens and where the admin pages are; /healthz answers from then on, and "ready" follows /readyz', async () => {
    const all = lines();
    const at = all.findIndex((l) => String(l.msg).startsWith('sop listening on '));
    expect(all[at]).toMatchObject({
      level: 30,
      url,
      admin: `${url}/admin`,
      worker: true,
      msg: expect.stringMatching(
        new RegExp(`^sop listening on ${url} \\(PGlite in .+, worker running\\); admin dashboard at ${url}/admin \\(token for this run in the next line\\)$`),
      ),
    });
    expect((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
    for (let i = 0; i < 100 && !lines().some((l) => String(l.msg).startsWith('sop ready')); i++) await sleep(100);
    expect(lines().findIndex((l) => String(l.msg).startsWith('sop ready'))).toBeGreaterThan(at);
  });

  it('shows the token made for this run in one info line, which signs in, and never again', async () => {
    const tokenLines = lines().filter((l) => typeof l.adminToken === 'string');
    expect(tokenLines).toEqual([
      expect.objectContaining({ level: 30, msg: expect.stringContaining('set ADMIN_TOKEN'), adminToken: expect.stringMatching(/^[\w-]{24}$/) }),
    ]);
    const token = tokenLines[0]!.adminToken as string;
    expect((await signInAdmin(url, token)).status).toBe(303);
    expect((await signInAdmin(url, `${token}x`)).status).toBe(401);
    await sleep(200);
    expect(output().split(token).length - 1).toBe(1);
  });
});
