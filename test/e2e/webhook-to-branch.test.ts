import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, type Service } from '../../src/main.ts';
import { lintSops } from '../../src/sops/index.ts';
import { makeSopsRepo } from '../git/sops-repo.ts';
import { deliver, SECRET } from '../http/test-service.ts';

const CUSTOMER = '+15551230000';
const LINE = '+15550009999';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a support call becomes a proposal branch', { timeout: 60_000 }, () => {
  it('signed call and transcript -> stored once -> extraction job -> redacted fix on a branch that lints', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'sop-e2e-repo-'));
    const data = mkdtempSync(join(tmpdir(), 'sop-e2e-data-'));
    dirs.push(repo, data);
    const git = makeSopsRepo(repo);

    const service: Service = await createRuntime({
      LOG_LEVEL: 'silent',
      DATA_DIR: data,
      SOPS_DIR: join(repo, 'sops'),
      OPENPHONE_WEBHOOK_SECRET: SECRET,
    }).startService({ port: 0, worker: true });
    try {
      const at = new Date().toISOString();
      const call = {
        id: 'EV-call',
        object: 'event',
        createdAt: at,
        type: 'call.completed',
        data: {
          object: {
            id: 'CA-e2e',
            conversationId: 'CN-e2e',
            from: CUSTOMER,
            to: LINE,
            direction: 'incoming',
            status: 'completed',
            duration: 120,
            completedAt: at,
          },
        },
      };
      const transcript = {
        id: 'EV-transcript',
        object: 'event',
        createdAt: at,
        type: 'call.transcript.completed',
        data: {
          object: {
            callId: 'CA-e2e',
            dialogue: [
              {
                identifier: CUSTOMER,
                content: "Hi, this is Jordan Miles. The ball isn't registering when we hit from the left side of the mat. My number is 555-201-7788.",
              },
              { identifier: LINE, content: 'Sorry Jordan! Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.' },
              { identifier: CUSTOMER, content: 'That worked, thanks!' },
            ],
          },
        },
      };
      expect((await deliver(service.url, call)).body.status).toBe('stored');
      expect((await deliver(service.url, transcript)).body.status).toBe('stored');
      expect((await deliver(service.url, transcript)).body.status).toBe('duplicate');

      // The job commits the branch first and records the item after: wait for the record.
      let rows: { status: string }[] = [];
      for (let i = 0; i < 80 && !rows.length; i++) {
        await new Promise((r) => setTimeout(r, 250));
        rows = (await service.db.query<{ status: string }>('SELECT status FROM extracted_knowledge')).rows;
      }
      expect(rows).toEqual([{ status: 'proposed' }]);
      const branches = git('for-each-ref', '--format=%(refname:short)', 'refs/heads/knowledge/');
      expect(branches).toMatch(/^knowledge\/tech-[0-9a-f]{12}$/);
      expect(git('diff', '--name-only', `main...${branches}`)).toBe('sops/tech/ball-not-registering.md');
      const diff = git('diff', `main...${branches}`);
      expect(diff).toContain('+Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.');
      expect(diff).not.toMatch(/Jordan|Miles|201-7788/);
      const checkout = join(data, 'checkout');
      git('worktree', 'add', '-q', checkout, branches);
      expect(lintSops(join(checkout, 'sops'), new Date()).errors).toBe(0);
      git('worktree', 'remove', '--force', checkout);
    } finally {
      await service.close();
    }
  });
});
