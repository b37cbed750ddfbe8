import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { normaliseQuestion } from '../assistant/recorded.ts';
import type { Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { caseFiles, jsonLines } from '../evals/cases.ts';
import { formatCasesJsonl, harvestCases, type HarvestedCase, type HarvestResult } from '../evals/harvest.ts';
import type { PrHost, Proposal } from '../git/index.ts';
import { gitRoot } from '../git/work-tree.ts';
import { createRuntime } from '../main.ts';

export const DEFAULT_HARVEST_FILE = 'evals/harvested.jsonl';

export type RunHarvestOptions = {
  db: Queryable;
  /** `YYYY-MM-DD`: comparisons logged from the start of that day (UTC) on. */
  since: string;
  /** The JSONL file new cases are appended to; every `*.jsonl` beside it is the suite they must not repeat. */
  out: string;
  /**
   * Propose the cases through `host` instead of writing `out`: a branch or pull request that appends
   * them to `path` (`out` inside the repository: by default relative to the git work tree holding it).
   */
  pr?: { host: PrHost | null; path?: string };
};

export type HarvestRun = HarvestResult & { file: string; proposal: Proposal | null; message: string };

/** `sop eval harvest --since DATE [--out FILE] [--pr]`: new eval cases from the shadow comparisons. */
export function registerHarvest(evalCommand: Command): void {
  evalCommand
    .command('harvest')
    .description("turn logged shadow comparisons with a reviewer's verdict into new eval cases (redacted)")
    .requiredOption('--since <date>', 'comparisons logged on or after this day (YYYY-MM-DD, UTC)', (value: string) => {
      try {
        parseSinceDate(value);
        return value;
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    })
    .option('--out <file>', 'the cases file to append to; the *.jsonl files in its folder are the cases to dedupe against', DEFAULT_HARVEST_FILE)
    .option('--pr', 'open the new cases as a proposal (a local branch or a GitHub pull request) instead of writing the file')
    .action(async (opts: { since: string; out: string; pr?: boolean }) => {
      const runtime = createRuntime();
      let run: HarvestRun;
      if (opts.pr) {
        const tools = await runtime.openKnowledgeTools();
        try {
          run = await runHarvest({ db: tools.db, since: opts.since, out: opts.out, pr: { host: tools.host } });
        } finally {
          await tools.close();
        }
      } else {
        const db = await runtime.openDatabase();
        try {
          run = await runHarvest({ db, since: opts.since, out: opts.out });
        } finally {
          await db.close();
        }
      }
      process.stdout.write(`${run.message}\n`);
    });
}

/**
 * Harvests the comparisons logged since `since` into cases no file beside `out` holds yet, and
 * appends them to `out` (created when missing), or proposes them through `pr.host`.
 */
export async function runHarvest(options: RunHarvestOptions): Promise<HarvestRun> {
  const since = parseSinceDate(options.since);
  const existing = readSuite(dirname(options.out));
  if (!options.pr) {
    const result = await harvestCases(options.db, { since, existing: existing.queries, existingIds: existing.ids });
    if (result.cases.length) appendCases(options.out, result.cases);
    const message = `${count(result.cases.length, 'case')} written to ${options.out}${tail(result)}`;
    return { ...result, file: options.out, proposal: null, message };
  }

  const { host } = options.pr;
  if (!host) throw new InputError('--pr needs somewhere to propose: set PROPOSALS_REPO (a local git repository), or GITHUB_TOKEN and GITHUB_REPOSITORY');
  const path = options.pr.path ?? pathInRepository(options.out);
  // The base branch's copy is what the proposal appends to, and the cases it holds are not new either.
  const base = (await host.readFile(path)) ?? '';
  addCases(existing, base, `${path} on the base branch`);
  const result = await harvestCases(options.db, { since, existing: existing.queries, existingIds: existing.ids });
  const n = result.cases.length;
  if (n === 0) return { ...result, file: path, proposal: null, message: `0 cases harvested, nothing to propose${tail(result)}` };

  const title = `evals: ${count(n, 'case')} harvested from shadow comparisons since ${options.since}`;
  const content = `${base}${base && !base.endsWith('\n') ? '\n' : ''}${formatCasesJsonl(result.cases)}`;
  // One key per starting day: harvesting the same day again updates the same proposal.
  const proposal = await host.propose({ key: `evals-harvest-${options.since}`, title, body: proposalBody(options.since, path, result), labels: ['evals'], changes: [{ path, content }] });
  const where = proposal.url ?? `branch ${proposal.branch}`;
  const message = `${count(n, 'case')} ${proposal.updated ? 'proposed' : 'already proposed, unchanged,'} in ${where} (${path})${tail(result)}`;
  return { ...result, file: path, proposal, message };
}

/** `2026-05-01` → the start of that day in UTC; anything else is an input error that says the format. */
export function parseSinceDate(text: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new InputError(`--since expects a date as YYYY-MM-DD (e.g. 2026-05-01), got "${text}"`);
  }
  return date;
}

type Suite = { queries: Set<string>; ids: Set<string> };

/** The normalised queries and ids of every case in the `*.jsonl` files of `dir` (none when it does not exist). */
function readSuite(dir: string): Suite {
  const suite: Suite = { queries: new Set(), ids: new Set() };
  if (!existsSync(dir)) return suite;
  for (const file of caseFiles(dir)) addCases(suite, readFileSync(file, 'utf8'), file);
  return suite;
}

function addCases(suite: Suite, text: string, where: string): void {
  for (const { value } of jsonLines(text, where)) {
    const { id, query } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof query === 'string') suite.queries.add(normaliseQuestion(query));
    if (typeof id === 'string') suite.ids.add(id);
  }
}

/** Appends after the file's last line, starting a new line when it lacks its final newline. */
function appendCases(file: string, cases: readonly HarvestedCase[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  appendFileSync(file, `${before && !before.endsWith('\n') ? '\n' : ''}${formatCasesJsonl(cases)}`);
}

/** `file` as a path from the top of the git work tree that holds it. */
function pathInRepository(file: string): string {
  const absolute = resolve(file);
  const root = gitRoot(dirname(absolute));
  if (!root) throw new InputError(`${file} is not inside a git work tree: --pr proposes it by its path in the repository, so run from a checkout`);
  return relative(root, absolute).split(sep).join('/');
}

function proposalBody(since: string, path: string, result: HarvestResult): string {
  const cell = (text: string) => (text.length > 100 ? `${text.slice(0, 99)}…` : text).replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return [
    `Eval cases harvested from the router's shadow comparisons logged since ${since}, appended to \`${path}\`. Queries and replies are redacted.`,
    '',
    "Each `expected_source` is the first source of the SOP module's answer, which a reviewer judged better than or the same as the old Assistant's. Before merging, check each label against the SOPs (see `evals/README.md`), add `must_include` phrases and tags where they help, and delete a case whose label is wrong.",
    '',
    `${count(result.needsLabel, 'comparison')} still ${result.needsLabel === 1 ? 'needs' : 'need'} a reviewer's verdict; ${count(result.skipped.duplicate, 'duplicate')} skipped.`,
    '',
    '| id | route | expected_source | verdict | query |',
    '|---|---|---|---|---|',
    ...result.cases.map((c) => `| ${c.id} | ${c.route ?? '—'} | ${c.expected_source} | ${c.tags.find((t) => t.startsWith('verdict_'))?.slice(8) ?? ''} | ${cell(c.query)} |`),
  ].join('\n');
}

function tail(result: HarvestResult): string {
  const parts = [
    `${count(result.needsLabel, 'comparison')} ${result.needsLabel === 1 ? 'needs' : 'need'} a reviewer's verdict`,
    `${count(result.skipped.duplicate, 'duplicate')} skipped`,
    ...(result.skipped.noAssistant ? [`${count(result.skipped.noAssistant, 'comparison')} without an Assistant reply`] : []),
  ];
  return ` (${parts.join(', ')})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
