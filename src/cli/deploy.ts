import { spawnSync } from 'node:child_process';
import { hostname, userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Db } from '../db/index.ts';
import { listDeployments, readActive, rollbackDeployment, runDeploy, unpinDeployment, type DeployResult } from '../deploy/index.ts';
import { InputError } from '../errors.ts';
import { createRuntime, type Runtime } from '../main.ts';
import { parseWholeNumber } from './options.ts';

type Options = { version?: string; by: string; keep?: number; list?: boolean; rollback?: string | boolean; unpin?: boolean };

/** `sop deploy`: store the SOPs as a version and activate it; `--list`, `--rollback [VERSION]`, `--unpin`. */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description('store the SOP index, calibration and rollout.yaml as an immutable version, check it, and activate it on every server')
    .option('--version <name>', 'name the version (default: the git commit of the SOPs)')
    .option('--by <name>', 'who or what deploys, for the record', `${userInfo().username}@${hostname()}`)
    .option('--keep <n>', 'versions to keep (default: DEPLOY_KEEP)', parseWholeNumber(1))
    .option('--list', 'list the versions: active, pinned, health, who deployed them and when')
    .option('--rollback [version]', 'activate the previous (or the named) version and pin it')
    .option('--unpin', 'unpin, and activate the newest healthy version')
    .action(async (options: Options) => {
      const runtime = createRuntime();
      const db = await runtime.openDatabase();
      try {
        if (options.list) await list(db);
        else if (options.rollback) await rollback(db, options.rollback === true ? null : options.rollback, options.by);
        else if (options.unpin) await unpin(db, options.by);
        else process.exitCode = report(await deploy(runtime, db, options));
      } finally {
        await db.close();
      }
    });
}

async function deploy(runtime: Runtime, db: Db, options: Options): Promise<DeployResult> {
  const sopsDir = runtime.env.SOPS_DIR;
  const rolloutFile = runtime.rolloutPath(sopsDir);
  const commit = options.version ? null : gitCommit([sopsDir, rolloutFile, resolve(dirname(resolve(sopsDir)), 'calibration')]);
  return runDeploy(runtime, db, {
    sopsDir,
    rolloutFile,
    casesPath: runtime.env.EVALS_DIR,
    version: options.version ?? commit?.sha ?? null,
    commitMessage: commit?.message ?? null,
    deployedBy: options.by,
    keep: options.keep ?? runtime.env.DEPLOY_KEEP,
  });
}

function report(result: DeployResult): number {
  const embedding = `${result.sections} sections, ${result.embedded} ${result.embedded === 1 ? "text" : "texts"} embedded anew`;
  const pruned = result.pruned.length ? `; pruned ${result.pruned.join(', ')}` : '';
  if (result.outcome === 'unchanged') process.stdout.write(`${result.version} is stored already with the same content: nothing to do\n`);
  if (result.outcome === 'activated') process.stdout.write(`deployed ${result.version} (${embedding}); health check passed; active on every server within seconds${pruned}\n`);
  if (result.outcome === 'stored-pinned') process.stdout.write(`stored ${result.version} (${embedding}); not activated: the active version is pinned by a rollback (sop deploy --unpin)${pruned}\n`);
  if (result.outcome !== 'unhealthy') return 0;
  process.stdout.write(`stored ${result.version} (${embedding}) but did not activate it: the health check failed\n${result.reasons.map((r) => `  ${r}`).join('\n')}\n`);
  return 1;
}

/** The commit the files come from; an uncommitted change to them is refused (a version names exact content). */
function gitCommit(paths: string[]): { sha: string; message: string } | null {
  const cwd = resolve(paths[0]!);
  const git = (...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  if (head.status !== 0) return null;
  // trimEnd, not trim: the first line's " M" (changed, not staged) must keep its column.
  const dirty = git('status', '--porcelain', '--', ...paths.map((p) => resolve(p))).stdout.trimEnd();
  if (dirty) throw new InputError(`uncommitted changes to the SOPs, rollout.yaml or calibration:\n${dirty}\ncommit them first, or name the version with --version`);
  return { sha: head.stdout.trim(), message: git('log', '-1', '--format=%s').stdout.trim() };
}

async function list(db: Db): Promise<void> {
  const [versions, active] = await Promise.all([listDeployments(db), readActive(db)]);
  if (versions.length === 0) {
    process.stdout.write('no versions yet: `sop deploy` stores one (and `sop serve` builds one at its first start)\n');
    return;
  }
  for (const v of versions) {
    const mark = v.version === active?.version ? (active.pinned ? 'active, pinned' : 'active') : '';
    process.stdout.write(
      `${v.version.padEnd(40)}  ${v.createdAt.toISOString().slice(0, 19).replace('T', ' ')}  ${v.health.padEnd(6)}  ${mark.padEnd(14)}  ${v.deployedBy}  ${v.sections} sections, ${v.embedded} embedded${v.commitMessage ? `  "${v.commitMessage}"` : ''}\n`,
    );
  }
}

async function rollback(db: Db, named: string | null, by: string): Promise<void> {
  const target = await rollbackDeployment(db, named, by);
  process.stdout.write(`rolled back to ${target}, pinned: deploys are stored but not activated until sop deploy --unpin\n`);
}

async function unpin(db: Db, by: string): Promise<void> {
  process.stdout.write(`unpinned; ${await unpinDeployment(db, by)} is active\n`);
}
