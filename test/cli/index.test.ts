/**
 * `sop index --out FILE` and `sop ask --index FILE`: an index built once answers exactly as the
 * SOP folder does; a missing or broken index file fails with a message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoDocumentCount, runSop, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-index-');

describe('sop index --out', { timeout: 60_000 }, () => {
  let dir = '';
  let indexFile = '';
  let indexRun: ReturnType<typeof runSop>;

  beforeAll(() => {
    dir = tempDir();
    // A folder that does not exist yet: `sop index` creates it.
    indexFile = join(dir, 'nested', 'index.json');
    indexRun = runSop(['index', '--out', indexFile]);
  }, 60_000);

  it('writes the index file and says what it indexed', () => {
    expect(indexRun.stderr).toBe('');
    expect(indexRun.status).toBe(0);
    const line = /^indexed (\d+) documents, (\d+) units with (\S+) in (\d+) ms -> (.+) \((\d+) KiB\)\n$/.exec(indexRun.stdout);
    expect(line).not.toBeNull();
    expect(Number(line?.[1])).toBe(repoDocumentCount());
    expect(Number(line?.[2])).toBeGreaterThan(Number(line?.[1]));
    expect(line?.[3]).toMatch(/^local-hash-v1/);
    expect(line?.[5]).toBe(indexFile);

    const data = JSON.parse(readFileSync(indexFile, 'utf8')) as { format: string; builtAt: string; docs: unknown[]; routes: { route: string }[] };
    expect(data.format).toBe('sop-knowledge/1');
    expect(Number.isNaN(Date.parse(data.builtAt))).toBe(false);
    expect(data.docs).toHaveLength(repoDocumentCount());
    expect(data.routes.map((r) => r.route).sort()).toEqual(['booking', 'brand', 'emergency', 'tech']);
  });

  it.each([
    ['an in-scope question', 'my screen is frozen'],
    ['an emergency', "there's smoke coming out of the projector"],
    ['a human-only request', 'I want a refund'],
  ])('answers %s from the index exactly as from the SOP folder', (_, question) => {
    const fromIndex = runSop(['ask', '--index', indexFile, '--json', question]);
    const fromSops = runSop(['ask', '--json', question]);
    expect(fromIndex.stderr).toBe('');
    expect(fromIndex.status).toBe(0);
    expect(fromSops.status).toBe(0);
    expect(fromIndex.stdout).toBe(fromSops.stdout);
    expect(JSON.parse(fromIndex.stdout)).toEqual(JSON.parse(fromSops.stdout));
  });
});

describe('sop ask --index with a bad file', { timeout: 60_000 }, () => {
  it('exits 2 naming a missing file and how to build one', () => {
    const missing = join(tempDir(), 'does-not-exist.json');
    const run = runSop(['ask', '--index', missing, 'my screen is frozen']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`sop: index file not found: ${missing} (build one with \`sop index --out ${missing}\`)\n`);
  });

  it('fails on a file that is not JSON', () => {
    const file = join(tempDir(), 'garbage.json');
    writeFileSync(file, 'not an index\n');
    const run = runSop(['ask', '--index', file, 'my screen is frozen']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`sop: ${file} is not an index built by \`sop index\`: `)).toBe(true);
  });

  it('fails on JSON that is not a knowledge file, telling the user to rebuild it', () => {
    const file = join(tempDir(), 'other.json');
    writeFileSync(file, '{"hello":"world"}\n');
    const run = runSop(['ask', '--index', file, 'my screen is frozen']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('sop: unsupported knowledge format undefined: rebuild it with `sop index`\n');
  });
});
