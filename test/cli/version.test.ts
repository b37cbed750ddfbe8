import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runSop } from './run-sop.ts';

describe('sop --version', () => {
  it("prints the package's version and the Node that runs it, and exits 0", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = runSop([flag]);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${version} (Node ${process.versions.node})\n`);
    }
  });
});
