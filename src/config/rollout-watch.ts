import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from '../logger.ts';
import { effectiveRollout, type EffectiveRollout, type RolloutOverrides } from './effective-rollout.ts';
import { parseRollout, RolloutError, type RolloutSource } from './rollout.ts';

export type RolloutWatch = {
  current(): EffectiveRollout;
  /** The file in use, its version, and the last problem when a change was refused. */
  status(): { file: string; version: string; error: string | null };
  close(): void;
};

type Options = { file: string; routes: readonly string[]; overrides: RolloutOverrides; log: Logger; intervalMs?: number };

/** Reads a rollout file: null when it does not exist; a RolloutError naming file, line and field when invalid. */
export function readRolloutFile(file: string, routes?: readonly string[]): RolloutSource | null {
  if (!existsSync(file)) return null;
  return parseRollout(readFileSync(file, 'utf8'), file, routes);
}

/**
 * The effective rollout from a file that is re-read when it changes. A change that does not validate is
 * logged with its file, line and field and refused: the last good config stays in force. Without a
 * file, every route is in shadow mode. An invalid file at start is an error.
 */
export function watchRollout(options: Options): RolloutWatch {
  const { file, routes, overrides, log } = options;
  const initial = readRolloutFile(file, routes);
  if (!initial) log.warn({ file }, 'no rollout file: every route in shadow mode (the Assistant answers); create one to roll out');
  let effective = effectiveRollout(initial, overrides, routes);
  let error: string | null = null;

  const reload = () => {
    try {
      const source = readRolloutFile(file, routes);
      if (!source && !initial) return;
      if (!source) throw new RolloutError(file, [{ line: 1, column: 1, field: '', message: 'the file was removed' }]);
      if (source.version === effective.version) {
        error = null;
        return;
      }
      effective = effectiveRollout(source, overrides, routes);
      error = null;
      log.info({ file, version: source.version }, 'rollout config reloaded');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // Logged once per distinct problem, not at every poll.
      if (message !== error) log.error({ file, version: effective.version, err: message }, 'rollout config change refused; keeping the last good config');
      error = message;
    }
  };
  // Reading a small file every few seconds is cheaper than trusting modification times.
  const timer = setInterval(reload, options.intervalMs ?? 2000).unref();

  return {
    current: () => effective,
    status: () => ({ file, version: effective.version, error }),
    close: () => clearInterval(timer),
  };
}
