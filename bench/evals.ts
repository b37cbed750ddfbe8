// `npm run bench -- evals`: how long `sop eval` takes on 1,000 cases, alone and as a gate against a base.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../src/evals/index.ts';
import type { BenchRow } from './report.ts';

/** The eval cases repeated (with new ids) up to `n`, written to a temp file. */
function thousandCases(n: number): { file: string; dir: string } {
  const cases = readCases('evals');
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-evals-'));
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ ...cases[i % cases.length]!, id: `bench-${i}` }));
  const file = join(dir, 'cases.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, dir };
}

function timed(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['bin/sop.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPENAI_API_KEY: '', LOG_LEVEL: 'silent' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`sop ${args.join(' ')} exited ${String(run.status)}: ${run.stderr}`);
  return (performance.now() - started) / 1000;
}

export function benchEvals(): { rows: BenchRow[]; results: Record<string, unknown> } {
  const n = 1000;
  const { file, dir } = thousandCases(n);
  try {
    const alone = timed(['eval', '--cases', file, '--json']);
    const gate = timed(['eval', '--cases', file, '--json', '--gate', '--base', 'HEAD']);
    return {
      rows: [
        {
          figure: `sop eval on ${n} cases, whole command`,
          value: `${alone.toFixed(1)} s (${(n / alone).toFixed(0)} cases/s)`,
          target: '< 20 s',
          command: `sop eval --cases <${n} cases>`,
        },
        {
          figure: `sop eval --gate --base HEAD on ${n} cases (base and head)`,
          value: `${gate.toFixed(1)} s (ratio ${(gate / alone).toFixed(2)} to one tree)`,
          target: '< 2 × one tree',
          command: `sop eval --gate --base HEAD --cases <${n} cases>`,
        },
      ],
      results: { cases: n, seconds: alone, gateSeconds: gate },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
