import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sop-pglite-lock-'));
  dirs.push(d);
  return d;
};

describe('PGlite data folder', () => {
  it('refuses a second process on the same folder, and frees it on close', async () => {
    const dir = dataDir();
    const first = await createPgliteDb({ dataDir: dir });
    // Another live process holds the lock: this test's parent stands in for it.
    writeFileSync(join(dir, 'sop.lock'), String(process.ppid));
    await expect(createPgliteDb({ dataDir: dir })).rejects.toThrow(`the embedded database in ${dir} is in use by process ${process.ppid}`);
    writeFileSync(join(dir, 'sop.lock'), String(process.pid));
    await first.close();
    const again = await createPgliteDb({ dataDir: dir });
    await again.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'sop.lock'), '999999');
    const db = await createPgliteDb({ dataDir: dir });
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
  });
});
