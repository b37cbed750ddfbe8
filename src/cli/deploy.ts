import { spawnSync } from 'node:child_process';
import { hostname, userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Db } from '../db/index.ts';
import { listDeployments, readActive, rollbackDeployment, runDeploy, unpinDeployment, type DeployResult } from '../deploy/index.ts';
import { InputError } from '../errors.ts';
import { createRuntime, type Runtime } from '../main.ts';
import { diffCommand } from './deploy-diff.ts';
import { parseWholeNumber } from './options.ts';

type Options = { version?: string; by: string; keep?: number; list?: boolean; rollback?: string | true; unpin?: boolean; diff?: string | true; json?: boolean };

/**
 * Exit codes of `sop deploy`: 0 active (or nothing to do), 1 the health check failed, 2 bad input,
 * 3 stored but not activated (the active version is pinned by a rollback, or another one is active).
 * `--diff` has its own (DIFF_EXIT).
 */
export const DEPLOY_EXIT = { ok: 0, unhealthy: 1, error: 2, notActivated: 3 } as const;

/** `sop deploy`: store the SOPs as a version and activate it; `--list`, `--rollback [VERSION]`, `--unpin`, `--diff [VERSION]`. */
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
    .option(
      '--diff [version]',
      'what deploying the working tree (or the stored version) would change against the active one; stores nothing. Exit 0 no difference, 1 differences, 2 error',
    )
    .option('--json', 'with --list or --diff: print JSON')
    .action(async (options: Options) => {
      const modes = (['list', 'rollback', 'unpin', 'diff'] as const).filter((m) => options[m]);
      if (modes.length > 1) throw new InputError(`--${modes.join(', --')} do not go together: choose one`);
      if (options.json && !options.list && !options.diff) throw new InputError('--json goes with --list or --diff');
      if (options.diff) {
        process.exitCode = await diffCommand(options.diff === true ? null : options.diff, { json: options.json ?? false });
        return;
      }
      const runtime = createRuntime();
      const db = await runtime.openDatabase();
      try {
        if (options.list) await list(db, options.json ?? false);
        else if (options.rollback) await rollback(db, options.rollback === true ? null : options.rollback, options.by);
        else if (options.unpin) await unpin(db, options.by);
        else process.exitCode = await report(db, await deploy(runtime, db, options));
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

/** Prints what the deploy did; returns the exit code (DEPLOY_EXIT). */
async function report(db: Db, result: DeployResult): Promise<number> {
  const { version } = result;
  const embedding = `${result.sections} sections, ${result.embedded} ${result.embedded === 1 ? 'text' : 'texts'} embedded anew`;
  const pruned = result.pruned.length ? `; pruned ${result.pruned.join(', ')}` : '';
  if (result.outcome === 'activated') {
    process.stdout.write(`deployed ${version} (${embedding}); health check passed; active on every server within seconds${pruned}\n`);
    return DEPLOY_EXIT.ok;
  }
  if (result.outcome === 'unhealthy') {
    process.stdout.write(
      `stored ${version} (${embedding}) but did not activate it: the health check failed\n${result.reasons.map((r) => `  ${r}`).join('\n')}\n`,
    );
    return DEPLOY_EXIT.unhealthy;
  }
  const active = await readActive(db);
  if (result.outcome === 'unchanged' && active?.version === version) {
    process.stdout.write(`${version} is stored already with the same content: nothing to do\n`);
    return DEPLOY_EXIT.ok;
  }
  // Stored and healthy, but servers answer from another version: the workflow must not pass silently.
  if (result.outcome === 'stored-pinned')
    process.stdout.write(`stored ${version} (${embedding}); not activated: the active version is pinned by a rollback${pruned}\n`);
  else process.stdout.write(`${version} is stored already with the same content, and is not the active version\n`);
  const why = active?.pinned ? `${active.version} is active and pinned by a rollback` : `${active?.version ?? 'another version'} is active`;
  process.stderr.write(
    `sop: ${version} is stored but not activated (exit ${DEPLOY_EXIT.notActivated}): ${why}\n` +
      (active?.pinned
        ? `  sop deploy --unpin unpins and activates the newest healthy version${result.outcome === 'stored-pinned' ? ` (${version})` : ''}\n`
        : '') +
      `  sop deploy --rollback ${version} activates ${version} and pins it\n`,
  );
  return DEPLOY_EXIT.notActivated;
}

/** The commit the files come from; an uncommitted change to them is refused (a version names exact content). */
function gitCommit(paths: string[]): { sha: string; message: string } | null {
  const cwd = resolve(paths[0]!);
  const git = (...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  if (head.status !== 0) return null;
  // trimEnd, not trim: the first line's " M" (changed, not staged) must keep its column.
  const dirty = git('status', '--porcelain', '--', ...paths.map((p) => resolve(p))).stdout.trimEnd();
  if (dirty)
    throw new InputError(`uncommitted changes to the SOPs, rollout.yaml or calibration:\n${dirty}\ncommit them first, or name the version with --version`);
  return { sha: head.stdout.trim(), message: git('log', '-1', '--format=%s').stdout.trim() };
}

async function list(db: Db, json: boolean): Promise<void> {
  const [versions, active] = await Promise.all([listDeployments(db), readActive(db)]);
  if (json) {
    const rows = versions.map((v) => ({ ...v, active: v.version === active?.version, pinned: v.version === active?.version && active.pinned }));
    process.stdout.write(`${JSON.stringify({ active, versions: rows }, null, 2)}\n`);
    return;
  }
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
