// The disk's own flush latency while a benchmark runs: what a commit cannot be faster than.
// Usage: tsx bench/disk-probe.ts <directory> <seconds> <interval ms>
// Every interval it appends 128 bytes to a file in <directory> and waits for fdatasync, as
// PostgreSQL does for each WAL flush; it prints the flushes' p50, p99 and max, and how many took
// longer than 50 ms. Its own process, blocking calls: nothing else shares its event loop.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '../src/evals/index.ts';

const [directory, secondsArg, intervalArg] = process.argv.slice(2) as [string, string, string];
const interval = Number(intervalArg);
const folder = mkdtempSync(join(directory, 'sop-disk-probe-'));
const fd = openSync(join(folder, 'probe'), 'a');
const record = Buffer.alloc(128, 'x');
const sleep = new Int32Array(new SharedArrayBuffer(4));
const flushes: number[] = [];
const end = performance.now() + Number(secondsArg) * 1000;
try {
  for (let due = performance.now(); due < end; due += interval) {
    const wait = due - performance.now();
    if (wait > 0) Atomics.wait(sleep, 0, 0, wait);
    const t = performance.now();
    writeSync(fd, record);
    fdatasyncSync(fd);
    flushes.push(performance.now() - t);
  }
} finally {
  closeSync(fd);
  rmSync(folder, { recursive: true, force: true });
}
flushes.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    flushes: flushes.length,
    p50: percentile(flushes, 0.5),
    p99: percentile(flushes, 0.99),
    max: percentile(flushes, 1),
    over50ms: flushes.filter((f) => f > 50).length,
  }),
);
