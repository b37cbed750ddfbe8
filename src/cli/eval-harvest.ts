import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { parseQuestionList } from '../answer/index.ts';
import { jsonLines, jsonlFiles, normaliseQuestion } from '../text/index.ts';
import { formatCasesJsonl, harvestCases, type HarvestedCase, type HarvestedText, type HarvestResult } from '../evals/harvest.ts';
import { questionsOf } from '../evals/near-copies.ts';
import { inertLine, type PrHost, type Proposal } from '../git/index.ts';
import { gitRoot } from '../git/work-tree.ts';
import { createRuntime } from '../main.ts';
import { createLocalEmbedder } from '../search/index.ts';
import { addQuestionsToDocument, loadCorpus } from '../sops/index.ts';

export const DEFAULT_HARVEST_FILE = 'evals/harvested.jsonl';

export type RunHarvestOptions = {
  db: Queryable;
  /** `YYYY-MM-DD`: comparisons logged from the start of that day (UTC) on. */
  since: string;
  /** The JSONL file new cases are appended to; every `*.jsonl` beside it is the suite they must not repeat. */
  out: string;
  /**
   * Where a share of the labelled texts trains instead of testing: the SOPs whose `questions:` they
   * join, the out-of-scope texts file that texts no SOP should answer join, and the share (0 to 1).
   * The SOPs' questions and those texts are also what a harvested text must not repeat. Without it
   * every labelled text becomes an eval case.
   */
  training?: { sops: string; outOfScope: string; share: number };
  /**
   * Propose the changes through `host` instead of writing the files: a branch or pull request, each
   * file by its path inside the git work tree that holds it.
   */
  pr?: { host: PrHost | null };
};

export type HarvestRun = HarvestResult & {
  file: string;
  proposal: Proposal | null;
  /** The SOP documents that gained questions, with how many each. */
  questionsAdded: Record<string, number>;
  /** Texts added to the out-of-scope file. */
  outOfScopeAdded: number;
  /** Training texts whose SOP no longer exists (on the base branch, with `pr`). */
  missingSop: number;
  message: string;
};

type Change = { path: string; content: string };

/** `sop eval harvest --since DATE [--out FILE] [--train-share S] [--pr]`: labelled texts from the shadow comparisons. */
export function registerHarvest(evalCommand: Command): void {
  evalCommand
    .command('harvest')
    .description("turn logged shadow comparisons with a reviewer's verdict into eval cases and SOP questions (redacted; each text goes to one side)")
    .requiredOption('--since <date>', 'comparisons logged on or after this day (YYYY-MM-DD, UTC)', (value: string) => {
      try {
        parseSinceDate(value);
        return value;
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    })
    .option('--out <file>', 'the cases file to append to; the *.jsonl files in its folder are the cases to dedupe against', DEFAULT_HARVEST_FILE)
    .option('--sops <dir>', 'the SOPs whose questions training texts join (default: SOPS_DIR)')
    .option(
      '--train-share <share>',
      'the share of labelled texts that train (SOP questions, out-of-scope texts) instead of testing (eval cases), 0 to 1',
      parseShare,
      0.5,
    )
    .option('--pr', 'open the changes as a proposal (a local branch or a GitHub pull request) instead of writing the files')
    .action(async (opts: { since: string; out: string; sops?: string; trainShare: number; pr?: boolean }) => {
      const runtime = createRuntime();
      const sops = opts.sops ?? runtime.env.SOPS_DIR;
      const training = { sops, outOfScope: runtime.calibrationInputs(sops).outOfScopeFile, share: opts.trainShare };
      let run: HarvestRun;
      if (opts.pr) {
        const tools = await runtime.openKnowledgeTools();
        try {
          run = await runHarvest({ db: tools.db, since: opts.since, out: opts.out, training, pr: { host: tools.host } });
        } finally {
          await tools.close();
        }
      } else {
        const db = await runtime.openDatabase();
        try {
          run = await runHarvest({ db, since: opts.since, out: opts.out, training });
        } finally {
          await db.close();
        }
      }
      process.stdout.write(`${run.message}\n`);
    });
}

function parseShare(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError(`a number from 0 to 1, got "${value}"`);
  return n;
}

/**
 * Harvests the comparisons logged since `since` into texts nothing known holds yet: eval cases
 * appended to `out` (created when missing), and with `training` a share of them added to the SOPs'
 * questions or to the out-of-scope texts instead; or proposes all of it through `pr.host`.
 */
export async function runHarvest(options: RunHarvestOptions): Promise<HarvestRun> {
  const since = parseSinceDate(options.since);
  const known = readSuite(dirname(options.out));
  const { training } = options;
  const questions = training ? questionsOf(loadCorpus(training.sops, { strict: false }).docs) : [];
  for (const q of questions) known.queries.add(normaliseQuestion(q.question));
  const outOfScope = training && existsSync(training.outOfScope) ? readFileSync(training.outOfScope, 'utf8') : '';
  for (const text of parseQuestionList(outOfScope)) known.queries.add(normaliseQuestion(text));
  const harvest = () =>
    harvestCases(options.db, {
      since,
      existing: known.queries,
      existingIds: known.ids,
      trainShare: training?.share ?? 0,
      nearCopies: training ? { questions, embedder: createLocalEmbedder() } : undefined,
    });

  if (!options.pr) {
    const result = await harvest();
    const changes = trainingChanges(result.training, {
      sop: (doc) => {
        const file = join(training!.sops, doc);
        return existsSync(file) ? { path: file, content: readFileSync(file, 'utf8') } : null;
      },
      outOfScope: { path: training?.outOfScope ?? '', content: outOfScope },
    });
    for (const change of changes.files) writeFileSync(change.path, change.content);
    if (result.cases.length) appendCases(options.out, result.cases);
    const message = `${count(result.cases.length, 'case')} written to ${options.out}${trainingSaid(changes, training?.outOfScope)}${tail(result, changes.missingSop)}`;
    return { ...result, ...changes.counts, missingSop: changes.missingSop, file: options.out, proposal: null, message };
  }

  const { host } = options.pr;
  if (!host) throw new InputError('--pr needs somewhere to propose: set PROPOSALS_REPO (a local git repository), or GITHUB_TOKEN and GITHUB_REPOSITORY');
  const path = pathInRepository(options.out);
  // The base branch's copy is what the proposal appends to, and the cases it holds are not new either.
  const base = (await host.readFile(path)) ?? '';
  addCases(known, base, `${path} on the base branch`);
  const result = await harvest();
  // The SOPs and the out-of-scope texts are edited as the base branch has them.
  const sopBase = new Map<string, Change | null>();
  for (const doc of new Set(result.training.flatMap((t) => (t.doc ? [t.doc] : [])))) {
    const repoPath = pathInRepository(join(training!.sops, doc));
    const content = await host.readFile(repoPath);
    sopBase.set(doc, content === null ? null : { path: repoPath, content });
  }
  const outOfScopePath = training && result.training.some((t) => t.doc === null) ? pathInRepository(training.outOfScope) : '';
  const changes = trainingChanges(result.training, {
    sop: (doc) => sopBase.get(doc) ?? null,
    outOfScope: { path: outOfScopePath, content: outOfScopePath ? ((await host.readFile(outOfScopePath)) ?? '') : '' },
  });
  const caseFile = result.cases.length ? [{ path, content: `${base}${newLineAfter(base)}${formatCasesJsonl(result.cases)}` }] : [];
  const files = [...caseFile, ...changes.files];
  const counts = { ...changes.counts, missingSop: changes.missingSop };
  if (files.length === 0)
    return { ...result, ...counts, file: path, proposal: null, message: `0 cases harvested, nothing to propose${tail(result, changes.missingSop)}` };

  const said = harvestedSaid(result.cases.length, changes);
  const title = `evals: ${said} harvested from shadow comparisons since ${options.since}`;
  // One key per starting day: harvesting the same day again updates the same proposal.
  const proposal = await host.propose({
    key: `evals-harvest-${options.since}`,
    title,
    body: proposalBody(options.since, path, result, changes),
    labels: ['evals'],
    changes: files,
  });
  const where = proposal.url ?? `branch ${proposal.branch}`;
  const message = `${said} ${proposal.updated ? 'proposed' : 'already proposed, unchanged,'} in ${where} (${files.map((f) => f.path).join(', ')})${tail(result, changes.missingSop)}`;
  return { ...result, ...counts, file: path, proposal, message };
}

type TrainingChanges = { files: Change[]; counts: { questionsAdded: Record<string, number>; outOfScopeAdded: number }; missingSop: number };

/** The SOP files with the training texts added to their questions, and the out-of-scope file with its new lines. */
function trainingChanges(texts: readonly HarvestedText[], from: { sop: (doc: string) => Change | null; outOfScope: Change }): TrainingChanges {
  const files: Change[] = [];
  const questionsAdded: Record<string, number> = {};
  let missingSop = 0;
  const byDoc = new Map<string, string[]>();
  for (const t of texts) if (t.doc !== null) byDoc.set(t.doc, [...(byDoc.get(t.doc) ?? []), t.text]);
  for (const [doc, group] of byDoc) {
    const sop = from.sop(doc);
    if (!sop) {
      missingSop += group.length;
      continue;
    }
    files.push({ path: sop.path, content: addQuestionsToDocument(sop.content, group) });
    questionsAdded[doc] = group.length;
  }
  const negatives = texts.filter((t) => t.doc === null).map((t) => t.text.replace(/\s+/g, ' '));
  if (negatives.length) {
    const before = from.outOfScope.content;
    files.push({ path: from.outOfScope.path, content: `${before}${newLineAfter(before)}${negatives.join('\n')}\n` });
  }
  return { files, counts: { questionsAdded, outOfScopeAdded: negatives.length }, missingSop };
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
  for (const file of jsonlFiles(dir)) addCases(suite, readFileSync(file, 'utf8'), file);
  return suite;
}

function addCases(suite: Suite, text: string, where: string): void {
  for (const { value } of jsonLines(text, where)) {
    const { id, query } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof query === 'string') suite.queries.add(normaliseQuestion(query));
    if (typeof id === 'string') suite.ids.add(id);
  }
}

/** What starts a new line after `text`: nothing when it is empty or already ends in one. */
function newLineAfter(text: string): string {
  return text && !text.endsWith('\n') ? '\n' : '';
}

/** Appends after the file's last line, starting a new line when it lacks its final newline. */
function appendCases(file: string, cases: readonly HarvestedCase[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  appendFileSync(file, `${newLineAfter(before)}${formatCasesJsonl(cases)}`);
}

/** `file` as a path from the top of the git work tree that holds it. */
function pathInRepository(file: string): string {
  const absolute = resolve(file);
  const root = gitRoot(dirname(absolute));
  if (!root) throw new InputError(`${file} is not inside a git work tree: --pr proposes it by its path in the repository, so run from a checkout`);
  return relative(root, absolute).split(sep).join('/');
}

function proposalBody(since: string, path: string, result: HarvestResult, changes: TrainingChanges): string {
  // Customer text in a table cell: one inert line (no markup, links, mentions or pipes).
  const cell = (text: string) => inertLine(text, 100);
  const lines = [
    `Customer texts harvested from the router's shadow comparisons logged since ${since}, labelled by reviewers' verdicts. Queries and replies are redacted.`,
    '',
    "A verdict `better` or `same` on a confident answer labels the SOP module's first source as right; a verdict `worse` labels the SOP the reviewer named (or none). Each labelled text either tests (an eval case) or trains (a question of its SOP, or an out-of-scope text when no SOP should answer), never both. Before merging, check each label against the SOPs (see `evals/README.md`), add `must_include` phrases and tags where they help, and delete a line whose label is wrong.",
    '',
    `${count(result.needsLabel, 'comparison')} still ${result.needsLabel === 1 ? 'needs' : 'need'} a reviewer's verdict; ${count(result.skipped.duplicate, 'duplicate')} skipped.`,
  ];
  if (result.cases.length) {
    lines.push('', `### Eval cases (\`${path}\`)`, '', '| id | route | expected_source | verdict | query |', '|---|---|---|---|---|');
    lines.push(
      ...result.cases.map(
        (c) =>
          `| ${c.id} | ${c.route ?? '—'} | ${c.expected_source ?? 'none'} | ${c.tags.find((t) => t.startsWith('verdict_'))?.slice(8) ?? ''} | ${cell(c.query)} |`,
      ),
    );
  }
  const trained = result.training.filter((t) => t.doc === null || changes.counts.questionsAdded[t.doc] !== undefined);
  if (trained.length) {
    lines.push(
      '',
      '### Training texts',
      '',
      "They join their SOP's `questions:` (or the out-of-scope texts). Refit the confidence model with `sop calibrate`; `sop deploy` refits a stale one itself.",
      '',
      '| id | route | joins | verdict | text |',
      '|---|---|---|---|---|',
    );
    lines.push(...trained.map((t) => `| ${t.id} | ${t.route ?? '—'} | ${t.doc ?? 'out-of-scope texts'} | ${t.verdict} | ${cell(t.text)} |`));
  }
  return lines.join('\n');
}

function harvestedSaid(cases: number, changes: TrainingChanges): string {
  const questions = Object.values(changes.counts.questionsAdded).reduce((a, b) => a + b, 0);
  const parts = (
    [
      [cases, 'case'],
      [questions, 'SOP question'],
      [changes.counts.outOfScopeAdded, 'out-of-scope text'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, noun]) => count(n, noun));
  if (parts.length === 0) return count(0, 'case');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
}

/** What the training side wrote, for the message of a run into files. */
function trainingSaid(changes: TrainingChanges, outOfScopeFile: string | undefined): string {
  const docs = Object.entries(changes.counts.questionsAdded);
  const parts = [
    ...(docs.length
      ? [
          `${count(
            docs.reduce((a, [, n]) => a + n, 0),
            'question',
          )} added to ${docs.map(([doc]) => doc).join(', ')}`,
        ]
      : []),
    ...(changes.counts.outOfScopeAdded ? [`${count(changes.counts.outOfScopeAdded, 'out-of-scope text')} added to ${outOfScopeFile}`] : []),
  ];
  return parts.length ? `, ${parts.join(', ')} (refit with sop calibrate)` : '';
}

function tail(result: HarvestResult, missingSop = 0): string {
  const parts = [
    `${count(result.needsLabel, 'comparison')} ${result.needsLabel === 1 ? 'needs' : 'need'} a reviewer's verdict`,
    `${count(result.skipped.duplicate, 'duplicate')} skipped`,
    ...(result.skipped.noAssistant ? [`${count(result.skipped.noAssistant, 'comparison')} without an Assistant reply`] : []),
    ...(missingSop ? [`${count(missingSop, 'text')} whose SOP no longer exists`] : []),
  ];
  return ` (${parts.join(', ')})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
