import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO, sopEnv } from '../cli/run-sop.ts';

it("answers through the package's library entry, as a backend would import it", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sop-lib-'));
  try {
    const script = `
      import { openRouter } from 'sop';
      const sop = await openRouter();
      const reply = await sop.ask({ message: 'the trackman screen is frozen', stickyKey: '+15550001111', route: 'tech' });
      await sop.close();
      const after = (await import('sop')).createRuntime;
      console.log(JSON.stringify({ answeredBy: reply.answeredBy, reason: reply.decision.reason, version: sop.version(), runtime: typeof after }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO,
      env: sopEnv({ DATA_DIR: dataDir }),
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    // evals/ has no recording of this question: the confident SOP answer stands in for the Assistant.
    expect(out).toMatchObject({ answeredBy: 'sop', reason: 'assistant_unavailable', runtime: 'function' });
    expect(out.version).toMatch(/^local-[0-9a-f]{12}$/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
