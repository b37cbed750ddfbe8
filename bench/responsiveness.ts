// How the service answers while it works on a long call, for `npm run bench -- responsiveness`: a
// signed transcript of 3,000 lines is stored, extracted by the worker, and read on the dashboard,
// while /healthz is asked every 10 ms. Redaction gives the event loop back every few milliseconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../src/evals/index.ts';
import { createRuntime } from '../src/main.ts';
import { signInAdmin } from '../test/http/admin-client.ts';
import { deliver, SECRET } from '../test/http/test-service.ts';
import type { BenchRow } from './report.ts';

const COMMAND = 'npm run bench -- responsiveness';
const LINES = 3_000;
const TOKEN = 'a-benchmark-admin-token-0123456789';
const CUSTOMER = '+15551230000';
const LINE = '+15550009999';

/** A long support call: a customer who gives a name, a number and a code, and staff who answer. */
function transcript(): unknown {
  const at = new Date().toISOString();
  const dialogue = Array.from({ length: LINES }, (_, i) =>
    i % 2 === 0
      ? {
          identifier: CUSTOMER,
          content: `hi this is Dana ${i}, the screen in bay ${i % 7} froze again, call me back on 902-555-${String(1000 + (i % 9000)).padStart(4, '0')}, door code ${4000 + (i % 999)}`,
        }
      : { identifier: LINE, content: `thanks Dana, close TrackMan with Alt+F4 and open it again from the desktop (step ${i})` },
  );
  return { id: 'EV-long-call', object: 'event', createdAt: at, type: 'call.transcript.completed', data: { object: { callId: 'CA-long', dialogue } } };
}

/** Asks /healthz every 10 ms until `until` settles; returns each answer's latency in ms. */
async function pollHealth(url: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const t = performance.now();
    const res = await fetch(`${url}/healthz`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    await sleep(10);
  }
  return latencies;
}

export async function benchResponsiveness(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sop-bench-busy-'));
  const service = await createRuntime({
    ...process.env,
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: '',
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: TOKEN,
    OPENPHONE_WEBHOOK_SECRET: SECRET,
  }).startService({ port: 0, worker: true });
  try {
    const started = performance.now();
    const work = (async () => {
      const stored = await deliver(service.url, transcript());
      if (stored.status !== 200) throw new Error(`the transcript was answered ${stored.status}`);
      for (;;) {
        const { rows } = await service.db.query<{ state: string }>("SELECT state FROM jobs WHERE kind = 'extract' ORDER BY id DESC LIMIT 1");
        if (rows[0] && rows[0].state !== 'queued' && rows[0].state !== 'running') return rows[0].state;
        await sleep(50);
      }
    })();
    const duringExtraction = await pollHealth(service.url, work);
    const state = await work;
    const extractionMs = performance.now() - started;

    const { cookie } = await signInAdmin(service.url, TOKEN, 'bench');
    const { rows } = await service.db.query<{ id: string }>('SELECT id FROM openphone_conversations LIMIT 1');
    const views = (async () => {
      for (let i = 0; i < 3; i++) {
        for (const path of [`/admin/conversations/${rows[0]!.id}`, '/admin/conversations']) {
          const res = await fetch(`${service.url}${path}`, { headers: { cookie: cookie ?? '' } });
          if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
          await res.arrayBuffer();
        }
      }
    })();
    const duringViews = await pollHealth(service.url, views);
    await views;

    const all = [...duringExtraction, ...duringViews];
    const figure = (xs: number[]) =>
      `p99 ${percentile(
        [...xs].sort((a, b) => a - b),
        0.99,
      ).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} asks)`;
    return {
      rows: [
        {
          figure: `/healthz while a ${LINES.toLocaleString('en')}-line transcript is stored and extracted (extraction: ${state}, ${(extractionMs / 1000).toFixed(1)} s)`,
          value: figure(duringExtraction),
          target: 'p99 under 50 ms',
          command: COMMAND,
        },
        {
          figure: '/healthz while that conversation is shown on the dashboard, three times with the list',
          value: figure(duringViews),
          target: 'p99 under 50 ms',
          command: COMMAND,
        },
      ],
      results: {
        extractionState: state,
        extractionMs: Math.round(extractionMs),
        healthzP99Ms: Number(percentile(all, 99).toFixed(1)),
        healthzMaxMs: Number(Math.max(...all).toFixed(1)),
        asks: all.length,
      },
    };
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
