import type { SerializedKnowledge } from '../answer/index.ts';
import type { Queryable } from '../db/index.ts';
import { checkGate, OUT_OF_SCOPE, type GroupMetrics } from '../evals/index.ts';
import { roundTo } from '../numbers.ts';
import type { DeployPorts } from './ports.ts';
import { buildVersion, type VersionContent } from './build-version.ts';
import { loadVersionContent } from './load-version.ts';
import { diffFields, diffSops, type FieldChange, type FileChange } from './diff-sops.ts';
import { diffRollout, type RolloutChange } from './diff-rollout.ts';
import { evaluateVersion, readDeployCases, type EvaluatedVersion } from './evaluate-version.ts';
import { findNamedVersion } from './named-version.ts';
import { listDeployments, loadDeployment, readActive, type ActiveState } from './store.ts';

export type DiffOptions = {
  /** A stored version (or an unambiguous prefix) to compare; null: the SOPs and rollout.yaml on disk. */
  version: string | null;
  sopsDir: string;
  rolloutFile: string;
  /** The eval cases a deploy checks versions on; none (or a missing folder) skips the figures. */
  casesPath: string | null;
  /** What is being done (`step`), and how far along: for a progress bar. */
  onProgress?: (step: string, done: number, total: number) => void;
};

/** One eval figure of the active version and of the candidate; `delta` is candidate minus active. */
export type Figure = { active: number | null; candidate: number | null; delta: number | null };
export const FIGURES = ['hit1', 'confidentCorrect', 'precision', 'falseAnswerRate'] as const;
export type RouteFigures = { route: string } & Record<(typeof FIGURES)[number], Figure>;

export type EvalComparison = {
  cases: number;
  /** Per route, then `overall`. */
  routes: RouteFigures[];
  /** Whether a deploy's health check would pass the candidate (null when it could not run on it), and why not. */
  gate: { pass: boolean; reasons: string[] } | null;
  notes: string[];
};

export type DeployDiff = {
  different: boolean;
  active: ActiveState | null;
  /** `version` null: the working tree (`sopsDir` and `rolloutFile`). */
  candidate: { version: string | null; sopsDir: string | null; rolloutFile: string | null };
  files: FileChange[];
  rollout: RolloutChange[];
  /** Terms of `glossary.yaml` that differ. */
  glossary: FieldChange[];
  calibration: 'added' | 'changed' | null;
  embedder: { before: string | null; after: string } | null;
  /** Null when there is no difference, or no eval cases. */
  eval: EvalComparison | null;
};

/** A stored version's content; a version named in `deployment_state` but gone is a damaged database. */
async function storedContent(db: Queryable, version: string): Promise<VersionContent> {
  const stored = await loadDeployment(db, version);
  if (!stored) throw new Error(`deployment ${version} does not exist`);
  return stored;
}

const contentOf = ({ knowledge, rollout }: VersionContent): VersionContent => ({ knowledge, rollout });

/**
 * `sop deploy --diff [VERSION]`: what deploying the working tree (or activating a stored version)
 * would change against the active version: SOP files, rollout values, glossary, calibration, and the
 * eval figures of both, run as a deploy's health check runs them. Stores and activates nothing
 * (embeddings are read from the cache; only a deploy writes to it).
 */
export async function diffDeploy(ports: DeployPorts, db: Queryable, options: DiffOptions): Promise<DeployDiff> {
  const [versions, active] = await Promise.all([listDeployments(db), readActive(db)]);
  const named = options.version === null ? null : findNamedVersion(versions, options.version).version;
  const progress = options.onProgress ?? (() => {});
  if (!named) progress('building the working tree', 0, 0);
  const candidate: VersionContent = named
    ? await storedContent(db, named)
    : // Through JSON as a stored version is, so the two compare field by field (no `undefined` keys).
      (JSON.parse(JSON.stringify(contentOf(await buildVersion(ports, db, options)))) as VersionContent);
  const base = active ? await storedContent(db, active.version) : null;

  const routesOf = (k: SerializedKnowledge) => k.routes.map((r) => r.route);
  const files = diffSops(base?.knowledge ?? null, candidate.knowledge);
  const rollout = diffRollout(base ? { config: base.rollout, routes: routesOf(base.knowledge) } : null, {
    config: candidate.rollout,
    routes: routesOf(candidate.knowledge),
  });
  const glossary = diffFields(base?.knowledge.index.glossary ?? {}, candidate.knowledge.index.glossary);
  const calibration = !base ? 'added' : JSON.stringify(base.knowledge.calibration) === JSON.stringify(candidate.knowledge.calibration) ? null : 'changed';
  const embedder =
    base?.knowledge.index.embedder === candidate.knowledge.index.embedder
      ? null
      : { before: base?.knowledge.index.embedder ?? null, after: candidate.knowledge.index.embedder };
  const different = files.length + rollout.length + glossary.length > 0 || calibration !== null || embedder !== null;

  const cases = different ? readDeployCases(options.casesPath) : [];
  return {
    different,
    active,
    candidate: named ? { version: named, sopsDir: null, rolloutFile: null } : { version: null, sopsDir: options.sopsDir, rolloutFile: options.rolloutFile },
    files,
    rollout,
    glossary,
    calibration,
    embedder,
    eval: cases.length
      ? await compareEval(
          ports,
          { name: named ?? 'working-tree', content: candidate },
          active && base ? { name: active.version, content: base } : null,
          cases,
          progress,
        )
      : null,
  };
}

type Side = { name: string; content: VersionContent };

/** Both versions on the eval cases, as a deploy's health check runs them, figure by figure. */
async function compareEval(
  ports: DeployPorts,
  candidate: Side,
  active: Side | null,
  cases: ReturnType<typeof readDeployCases>,
  progress: NonNullable<DiffOptions['onProgress']>,
): Promise<EvalComparison> {
  const notes: string[] = [];
  const evaluate = async (side: Side, strict: boolean, failure: string): Promise<EvaluatedVersion | null> => {
    const step = `eval on ${side === candidate ? 'the candidate' : side.name}`;
    try {
      progress(step, 0, cases.length);
      return await evaluateVersion(ports, await loadVersionContent(ports, side.name, side.content), cases, strict, (done, total) =>
        progress(step, done, total),
      );
    } catch (error) {
      notes.push(`${failure}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  const head = await evaluate(candidate, true, 'the eval cases do not run on the candidate (a deploy would fail its health check)');
  const base = active ? await evaluate(active, false, `the eval cases do not run on the active version ${active.name}`) : null;
  const gate = head ? checkGate(head, base) : null;
  const groups = (e: EvaluatedVersion | null) => (e ? { ...e.report.groups, overall: e.report.overall } : {}) as Record<string, GroupMetrics | undefined>;
  const [now, was] = [groups(head), groups(base)];
  const routes = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((r) => r !== OUT_OF_SCOPE && r !== 'overall').sort();
  const figure = (a: number | null | undefined, c: number | null | undefined): Figure => ({
    active: a ?? null,
    candidate: c ?? null,
    delta: a === null || a === undefined || c === null || c === undefined ? null : roundTo(c - a, 6),
  });
  const figures = (route: string): RouteFigures => ({
    route,
    ...(Object.fromEntries(FIGURES.map((f) => [f, figure(was[route]?.[f], now[route]?.[f])])) as Record<(typeof FIGURES)[number], Figure>),
  });
  return {
    cases: cases.length,
    routes: [...routes, 'overall'].map(figures),
    gate: gate ? { pass: gate.pass, reasons: gate.routes.flatMap((r) => r.reasons) } : null,
    notes,
  };
}
