/**
 * A one-line progress bar for long commands, redrawn in place with `\r` on stderr and erased when
 * the work is done, so a terminal shows it and the command's output stays as it was.
 *
 * Written here rather than taken from a library: `cli-progress` is not a dependency, and `progress`
 * is in node_modules only through autocannon (a dev dependency), so `sop` cannot rely on it at run time.
 */

/** Where the bar goes: `process.stderr`, or in tests any stream with `isTTY` set. */
export type ProgressStream = { write(text: string): unknown; isTTY?: boolean; columns?: number };

export type Progress = {
  /** One more step done; `note` (optional) says what comes next. */
  tick(note?: string): void;
  /** `done` of `total` steps (a new total starts a new phase); the shape of `onProgress` callbacks. */
  update(done: number, total?: number, note?: string): void;
  /** Erases the bar; later calls do nothing. Call it in `finally`, so an error message starts on a clean line. */
  done(): void;
};

export type ProgressOptions = {
  stream?: ProgressStream;
  /** Least time between two redraws: thousands of steps a second must not flood a terminal. */
  intervalMs?: number;
  now?: () => number;
};

const WIDTH = 24;
const NOOP: Progress = { tick: () => {}, update: () => {}, done: () => {} };

/**
 * `const p = progress('calibrating', total); p.tick(); p.done()`. A no-op when the stream is not a
 * terminal: CI logs and pipes get nothing.
 */
export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return NOOP;
  const intervalMs = options.intervalMs ?? 80;
  const now = options.now ?? (() => performance.now());
  let count = 0;
  let of = total;
  let note = '';
  let shown = 0;
  let drawnAt = -Infinity;
  let finished = false;

  const draw = (force: boolean) => {
    if (finished) return;
    const t = now();
    if (!force && t - drawnAt < intervalMs) return;
    drawnAt = t;
    const share = of > 0 ? Math.min(count / of, 1) : 0;
    const filled = Math.round(share * WIDTH);
    const counter = of > 0 ? ` ${count}/${of}` : '';
    let line = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]${counter}${note ? ` ${note}` : ''}`;
    // A line longer than the terminal wraps, and `\r` then redraws only its last part.
    if (stream.columns && line.length >= stream.columns) line = line.slice(0, stream.columns - 1);
    stream.write(`\r${line}${' '.repeat(Math.max(0, shown - line.length))}`);
    shown = line.length;
  };

  draw(true);
  return {
    tick(next) {
      count++;
      if (next !== undefined) note = next;
      draw(next !== undefined || count === of);
    },
    update(done, newTotal, next) {
      const phase = (newTotal !== undefined && newTotal !== of) || (next !== undefined && next !== note);
      count = done;
      if (newTotal !== undefined) of = newTotal;
      if (next !== undefined) note = next;
      draw(phase || count === of);
    },
    done() {
      if (finished) return;
      finished = true;
      if (shown) stream.write(`\r${' '.repeat(shown)}\r`);
    },
  };
}

/** Runs `work` with a progress line fed by the `update` it is given, erased when the work ends however it ends. */
export async function withProgress<T>(label: string, work: (update: Progress['update']) => Promise<T>): Promise<T> {
  const bar = progress(label, 0);
  try {
    return await work((done, total, note) => bar.update(done, total, note));
  } finally {
    bar.done();
  }
}
