// What appending to a long conversation costs, for `npm run bench -- appends`: 1,000 signed texts of
// about 1.5 KB join one conversation (half of them without OpenPhone's conversationId, filed by phone
// number), on the embedded database and on PostgreSQL; the first 100 against the last 100.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../src/evals/index.ts';
import { createRuntime } from '../src/main.ts';
import { deliver, messageEvent, SECRET } from '../test/http/test-service.ts';
import type { BenchRow } from './report.ts';

const COMMAND = 'npm run bench -- appends';
const MESSAGES = 1_000;
const TEXT = 'the ball is not registering in bay 2 again, we tried wiping the sensor and restarting. '.repeat(17);

async function measure(env: Record<string, string>): Promise<{ first: number; last: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sop-bench-appends-'));
  const service = await createRuntime({
    ...process.env,
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: '',
    DATA_DIR: dataDir,
    OPENPHONE_WEBHOOK_SECRET: SECRET,
    ...env,
  }).startService({ port: 0, worker: false });
  try {
    const times: number[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const event = messageEvent({ id: `EV-append-${i}`, messageId: `AC-append-${i}`, conversationId: i % 2 === 0 ? 'CN-long' : null, text: `${i}: ${TEXT}` });
      const t = performance.now();
      const res = await deliver(service.url, event);
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`message ${i} was answered ${res.status}`);
    }
    return { first: median(times.slice(0, 100)), last: median(times.slice(-100)) };
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchAppends(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const databases: [string, Record<string, string>][] = [
    ['PGlite', { DATABASE_URL: '' }],
    ['PostgreSQL', { DATABASE_URL: pgUrl, DATABASE_SCHEMA: `bench_appends_${Date.now()}` }],
  ];
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {};
  for (const [name, env] of databases) {
    const { first, last } = await measure(env);
    results[name] = { firstMedianMs: Number(first.toFixed(2)), lastMedianMs: Number(last.toFixed(2)), ratio: Number((last / first).toFixed(2)) };
    rows.push({
      figure: `${name}: a signed text joining a conversation, messages 1-100 / 901-1,000 (median)`,
      value: `${first.toFixed(1)} ms / ${last.toFixed(1)} ms (x${(last / first).toFixed(2)})`,
      target: 'the same cost at the 1,000th as at the first',
      command: COMMAND,
    });
  }
  return { rows, results };
}
