import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSop } from './run-sop.ts';

const TEXT = 'hi this is Sam, call me on 902-555-0142\nmy card 4111 1111 1111 1111 was declined\n';

describe('sop redact', { timeout: 60_000 }, () => {
  it('prints the text on stdin redacted, byte for byte otherwise', () => {
    expect(runSop(['redact'], { input: TEXT })).toMatchObject({
      status: 0,
      stderr: '',
      stdout: 'hi this is [name], call me on [phone]\nmy card [card] was declined\n',
    });
  });

  it('with --lines --json, one object per line: the text, the count per kind, and each placeholder with its offset', () => {
    const run = runSop(['redact', '--lines', '--json'], { input: TEXT });
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        text: 'hi this is [name], call me on [phone]',
        found: { phone: 1, email: 0, card: 0, code: 0, address: 0, plate: 0, dob: 0, id: 0, name: 1 },
        removed: [
          { kind: 'name', at: 11 },
          { kind: 'phone', at: 30 },
        ],
      },
      {
        text: 'my card [card] was declined',
        found: { phone: 0, email: 0, card: 1, code: 0, address: 0, plate: 0, dob: 0, id: 0, name: 0 },
        removed: [{ kind: 'card', at: 8 }],
      },
    ]);
  });

  it('with --check, measures the leak rate per kind on a labelled file, and names a bad line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-redact-'));
    try {
      const file = join(dir, 'cases.jsonl');
      writeFileSync(
        file,
        `${JSON.stringify({
          text: 'this is Dana, door code 4829',
          items: [
            { kind: 'name', text: 'Dana' },
            { kind: 'code', text: '4829' },
          ],
          keep: ['door code'],
        })}\n`,
      );
      const run = runSop(['redact', '--check', file, '--json'], {});
      expect(run.status).toBe(0);
      const [report] = JSON.parse(run.stdout) as { byKind: Record<string, { items: number; leaked: number }>; keep: { strings: number; lost: number } }[];
      expect(report!.byKind.name).toEqual({ items: 1, leaked: 0, rate: 0 });
      expect(report!.byKind.code).toEqual({ items: 1, leaked: 0, rate: 0 });
      expect(report!.keep).toMatchObject({ strings: 1, lost: 0 });
      writeFileSync(file, '{"text": "hi", "items": [{"kind": "tattoo", "text": "hi"}]}\n');
      expect(runSop(['redact', '--check', file], {})).toMatchObject({ status: 2, stderr: expect.stringContaining('cases.jsonl:1: unknown kind "tattoo"') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
