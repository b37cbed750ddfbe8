/** `sop migrate` on a fresh PGlite folder: every migration in `migrations/` applied, as text or as JSON. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runSop, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-migrate-');

describe('sop migrate', { timeout: 120_000 }, () => {
  it('lists the applied migrations, oldest first, with --json', () => {
    const env = { DATA_DIR: tempDir() };
    const files = readdirSync(join(REPO, 'migrations'))
      .filter((f) => /^\d+_.*\.sql$/.test(f))
      .sort();
    const run = runSop(['migrate', '--json'], { env });
    expect(run.status).toBe(0);
    const { migrations } = JSON.parse(run.stdout) as { migrations: { version: string; name: string }[] };
    expect(migrations.map((m) => m.name)).toEqual(files);
    expect(migrations.map((m) => m.version)).toEqual(files.map((f) => f.split('_')[0]));
    expect(runSop(['migrate'], { env }).stdout).toBe(`${files.length} migration(s) applied: ${files.join(', ')}\n`);
  });
});
