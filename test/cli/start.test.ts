/**
 * `sop start` (npm start) without a terminal on stdin: it prints the help and exits 0 instead of
 * waiting for input. Under spawnSync stdin is a pipe, never a TTY.
 */
import { describe, expect, it } from 'vitest';
import { runSop } from './run-sop.ts';

describe('sop start without a TTY', { timeout: 60_000 }, () => {
  it('prints the help of `sop` and exits 0', () => {
    const run = runSop(['start'], { input: 'my screen is frozen\n' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('Usage: sop [options] [command]\n')).toBe(true);
    for (const command of ['ask [options] <question>', 'lint [dir]', 'index [options]', 'calibrate [options]', 'bench-retrieval [options]', 'start [options]']) {
      expect(run.stdout).toContain(`\n  ${command} `);
    }
    // It did not answer the piped message.
    expect(run.stdout).not.toContain('route tech');
    expect(run.stdout).not.toContain('Type a customer message');
  });

  it('prints exactly what `sop --help` prints', () => {
    const start = runSop(['start']);
    const help = runSop(['--help']);
    expect(help.status).toBe(0);
    expect(start.stdout).toBe(help.stdout);
  });
});
