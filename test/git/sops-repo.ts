import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';

/** Makes `dir` a git repository on `main` holding a copy of this repository's SOPs and calibration. */
export function makeSopsRepo(dir: string): (...args: string[]) => string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  cpSync('sops', join(dir, 'sops'), { recursive: true });
  cpSync('calibration', join(dir, 'calibration'), { recursive: true });
  git('add', '.');
  git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'sops');
  return git;
}
