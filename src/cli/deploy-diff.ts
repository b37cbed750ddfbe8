import { diffDeploy, formatDeployDiff } from '../deploy/index.ts';
import { createRuntime } from '../main.ts';
import { withProgress } from './progress.ts';

/** Exit codes of `sop deploy --diff`, as `diff` and `git diff --exit-code` use them. */
export const DIFF_EXIT = { same: 0, different: 1, error: 2 } as const;

/**
 * `sop deploy --diff [VERSION]`: what deploying the working tree (or the stored VERSION) would change
 * against the active version. Returns the exit code: any failure is 2, never 1, which means "differs".
 */
export async function diffCommand(version: string | null, options: { json: boolean }): Promise<number> {
  try {
    const runtime = createRuntime();
    const db = await runtime.openDatabase();
    try {
      const sopsDir = runtime.env.SOPS_DIR;
      // On a terminal only: building the candidate and running the eval twice takes a while.
      const diff = await withProgress('deploy --diff', (update) =>
        diffDeploy(runtime, db, {
          version,
          sopsDir,
          rolloutFile: runtime.rolloutPath(sopsDir),
          casesPath: runtime.env.EVALS_DIR,
          onProgress: (step, done, total) => update(done, total, step),
        }),
      );
      process.stdout.write(options.json ? `${JSON.stringify(diff, null, 2)}\n` : formatDeployDiff(diff));
      return diff.different ? DIFF_EXIT.different : DIFF_EXIT.same;
    } finally {
      await db.close();
    }
  } catch (error) {
    process.stderr.write(`sop: ${error instanceof Error ? error.message : String(error)}\n`);
    return DIFF_EXIT.error;
  }
}
