/**
 * The progress bar: drawn in place on a terminal and erased at the end, nothing at all on a pipe.
 * A PassThrough with `isTTY` set stands in for a terminal; the CLI runs have stderr piped, as in CI.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progress } from '../../src/cli/progress.ts';
import { HELP_DOCS, OUT_OF_SCOPE } from './corpus.ts';
import { runSop, useTempDirs, writeFiles } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-progress-');

/** A stream that says it is a terminal (or not) and keeps what was written to it. */
function fakeStream(isTTY: boolean, columns?: number): { stream: PassThrough & { isTTY: boolean; columns?: number }; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns });
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { stream, written: () => chunks.join('') };
}

/** The frames of a `\r`-redrawn line, without the padding that erases a longer one before it. */
const frames = (text: string) =>
  text
    .split('\r')
    .map((f) => f.trimEnd())
    .filter(Boolean);

describe('progress', () => {
  it('redraws one line with \\r on a terminal and erases it when done', async () => {
    const { stream, written } = fakeStream(true);
    const p = progress('calibrating', 4, { stream, intervalMs: 0 });
    p.tick();
    p.tick('asking questions');
    p.tick();
    p.tick();
    p.done();
    await new Promise((resolve) => setImmediate(resolve));
    const out = written();
    expect(out).not.toContain('\n');
    expect(frames(out)).toEqual([
      'calibrating [------------------------] 0/4',
      'calibrating [######------------------] 1/4',
      'calibrating [############------------] 2/4 asking questions',
      'calibrating [##################------] 3/4 asking questions',
      'calibrating [########################] 4/4 asking questions',
    ]);
    // The last write blanks the longest line and returns to column 0, so what follows starts clean.
    const longest = 'calibrating [############------------] 2/4 asking questions'.length;
    expect(out.endsWith(`\r${' '.repeat(longest)}\r`)).toBe(true);
  });

  it('starts a new phase when update() brings a new total, and ignores calls after done()', async () => {
    const { stream, written } = fakeStream(true);
    const p = progress('indexing', 0, { stream, intervalMs: 0 });
    p.update(0, 2, 'embedding');
    p.update(1, 2, 'training');
    p.update(10, 100, 'asking');
    p.done();
    p.tick();
    p.update(5, 5);
    p.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(frames(written())).toEqual([
      'indexing [------------------------]',
      'indexing [------------------------] 0/2 embedding',
      'indexing [############------------] 1/2 training',
      'indexing [##----------------------] 10/100 asking',
    ]);
  });

  it('redraws at most once per interval, but always the last step', async () => {
    const { stream, written } = fakeStream(true);
    let t = 0;
    const p = progress('asking', 1000, { stream, intervalMs: 100, now: () => t });
    for (let i = 0; i < 1000; i++) {
      t += 1;
      p.tick();
    }
    p.done();
    await new Promise((resolve) => setImmediate(resolve));
    const drawn = frames(written());
    // The first frame, one every 100 ticks (100 ms apart), and the final 1000/1000.
    expect(drawn.length).toBeGreaterThan(2);
    expect(drawn.length).toBeLessThanOrEqual(12);
    expect(drawn.at(-1)).toBe('asking [########################] 1000/1000');
  });

  it('cuts the line to the terminal width, so it never wraps', async () => {
    const { stream, written } = fakeStream(true, 30);
    const p = progress('calibrating', 10, { stream, intervalMs: 0 });
    p.tick('a phase with a long name');
    p.done();
    await new Promise((resolve) => setImmediate(resolve));
    for (const frame of frames(written())) expect(frame.length).toBeLessThan(30);
  });

  it('writes nothing when the stream is not a terminal', async () => {
    const { stream, written } = fakeStream(false);
    const p = progress('calibrating', 3, { stream, intervalMs: 0 });
    p.tick();
    p.update(2, 3, 'asking');
    p.tick();
    p.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('');
  });
});

describe('sop with stderr piped', { timeout: 60_000 }, () => {
  it('`sop index` prints its line and no progress', () => {
    const root = tempDir();
    writeFiles(root, { ...Object.fromEntries(Object.entries(HELP_DOCS).map(([p, c]) => [`sops/${p}`, c])), 'calibration/out-of-scope.txt': OUT_OF_SCOPE });
    const out = join(root, 'index.json');
    const run = runSop(['index', '--sops', join(root, 'sops'), '--out', out]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^indexed 4 documents, \d+ units with \S+ in \d+ ms -> .*index\.json \(\d+ KiB\)\n$/);
  });
});
