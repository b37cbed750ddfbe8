import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The top of the git work tree holding `dir` (the nearest folder with a `.git`), or null outside one. */
export function gitRoot(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}
