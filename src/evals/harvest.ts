import { createHash } from 'node:crypto';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../config/index.ts';
import { normaliseQuestion } from '../text/index.ts';
import type { Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { redact } from '../privacy/index.ts';
import { NO_SOURCE } from '../metrics/index.ts';
import type { Embedder } from '../search/index.ts';
import { findNearCopies, type SopQuestion } from './near-copies.ts';

/** An eval case made from a shadow comparison, in the field order of `evals/README.md`. */
export type HarvestedCase = {
  id: string;
  route: string | null;
  query: string;
  assistant_response: string;
  /** Harvested answers are the Assistant's own, logged beside the SOP module's. */
  provenance: 'recorded';
  expected_source: string | null;
  tags: string[];
};

/**
 * A labelled customer text sent to training instead: a typical question of `doc`, or, when no SOP
 * should have answered (`doc` null), an out-of-scope text the confidence model learns to decline.
 */
export type HarvestedText = { id: string; route: string | null; text: string; doc: string | null; verdict: string };

export type HarvestOptions = {
  /** Comparisons logged at or after this instant. */
  since: Date;
  /** Normalised texts (`normaliseQuestion`) already in the suite, the SOPs' questions or the out-of-scope texts. */
  existing: ReadonlySet<string>;
  /** Ids of the cases already in the suite: a harvested case whose query was edited since is not added again. */
  existingIds?: ReadonlySet<string>;
  /**
   * The share (0 to 1) of labelled texts that train (SOP questions, out-of-scope texts) rather than
   * test (eval cases); 0, the default, makes every one an eval case. Which side a text takes is a
   * hash of its normalised wording, so the same text always lands on the same side.
   */
  trainShare?: number;
  /**
   * The SOPs' typical questions and the embedder of the near-copy check: a text bound for the eval
   * cases that is a near copy of one of them (or of a text sent to training in the same batch) trains
   * instead, since a test the ranker was trained on measures memory.
   */
  nearCopies?: { questions: readonly SopQuestion[]; embedder: Embedder };
};

export type HarvestResult = {
  cases: HarvestedCase[];
  training: HarvestedText[];
  /** Questions with no usable reviewer's label yet (counted once per question). */
  needsLabel: number;
  skipped: { duplicate: number; noAssistant: number };
};

type Row = {
  id: string;
  route: string | null;
  query: string;
  assistant_response: string | null;
  sop_confidence: number | null;
  sop_sources: { id?: unknown }[] | null;
  verdict: string | null;
  verdict_source: string | null;
  /** The threshold in force for the comparison's decision (`sop_decisions.threshold`); null without a logged decision. */
  threshold: number | null;
};

type Labelled = { case: HarvestedCase; key: string; verdict: string };

/**
 * Turns the router's logged shadow comparisons into labelled texts, oldest first, each either an
 * eval case (testing) or a training text (`trainShare`), never both. The rules:
 * - Only comparisons with an Assistant reply (`assistant_response`) count; the others are `skipped.noAssistant`.
 * - A reviewer's verdict `better` or `same` labels the SOP module's first source as right, so
 *   `expected_source` is that source's document (its id before `#`); a verdict on an answer that was
 *   declined (no source, or a confidence below the threshold in force when it was answered: its
 *   decision's `sop_decisions.threshold`, else `DEFAULT_CONFIDENCE_THRESHOLD`) says nothing about
 *   which SOP is right.
 * - A verdict `worse` labels the text with the SOP the reviewer named as the one that should have
 *   answered; `none` labels it as a text no SOP covers (`expected_source: null`, tag `uncovered`).
 * - Any other comparison (no verdict, `worse` without a named SOP) is not harvested but counted in
 *   `needsLabel`, because a guessed label would teach the suite the current behaviour.
 * - The query and the reply are redacted again (names found in the query too), in case the log
 *   was written before a redaction rule existed.
 * - An id comes from its comparison (`harvest-` and the first 8 hex of its uuid), so harvesting
 *   twice yields the same ids.
 * - A text already known (`existing`, by `normaliseQuestion`, or its id in `existingIds`) or
 *   harvested earlier in the same batch is `skipped.duplicate`; a text without a label that has a
 *   labelled twin, or one counted already, is a duplicate too.
 * - Tags are `harvested` and `verdict_<verdict>`; the route is the comparison's.
 */
export async function harvestCases(db: Queryable, options: HarvestOptions): Promise<HarvestResult> {
  const { rows } = await db.query<Row>(
    `SELECT c.id, c.route, c.query, c.assistant_response, c.sop_confidence, c.sop_sources, c.verdict, c.verdict_source, d.threshold
       FROM sop_shadow_comparisons c
       LEFT JOIN sop_decisions d ON d.id = c.decision_id
      WHERE c.created_at >= $1
      ORDER BY c.created_at, c.id`,
    [options.since],
  );
  const existingIds = options.existingIds ?? new Set<string>();
  const labelled: Labelled[] = [];
  const harvested = new Set<string>();
  const unlabelled: string[] = [];
  let duplicate = 0;
  let noAssistant = 0;

  for (const row of rows) {
    if (!row.assistant_response?.trim()) {
      noAssistant++;
      continue;
    }
    const query = redact(row.query);
    const key = normaliseQuestion(query.text);
    const id = `harvest-${row.id.replace(/-/g, '').slice(0, 8).toLowerCase()}`;
    if (options.existing.has(key) || existingIds.has(id)) {
      duplicate++;
      continue;
    }
    const source = labelOf(row);
    if (source === undefined) {
      unlabelled.push(key);
      continue;
    }
    if (harvested.has(key)) {
      duplicate++;
      continue;
    }
    harvested.add(key);
    labelled.push({
      key,
      verdict: row.verdict!,
      case: {
        id,
        route: row.route,
        query: query.text.trim(),
        assistant_response: redact(row.assistant_response, { names: query.names }).text.trim(),
        provenance: 'recorded',
        expected_source: source,
        tags: ['harvested', `verdict_${row.verdict}`, ...(source === null ? ['uncovered'] : [])],
      },
    });
  }

  // Counted after every labelled comparison is in: a question labelled later in the batch needs nothing.
  const waiting = new Set<string>();
  for (const key of unlabelled) {
    if (harvested.has(key) || waiting.has(key)) duplicate++;
    else waiting.add(key);
  }
  const { cases, training } = await split(labelled, options);
  return { cases, training, needsLabel: waiting.size, skipped: { duplicate, noAssistant } };
}

/** Why `sop eval harvest` takes no label from a reviewed comparison. */
export type HarvestSkip = 'no_assistant' | 'no_source' | 'below_threshold' | 'no_verdict';

/** Why harvesting would take no label from this comparison as it stands, or null when it takes one (before duplicates). */
export function harvestSkip(c: {
  assistantResponse: string | null;
  sopConfidence: number | null;
  sopSources: readonly { id?: unknown }[];
  verdict: string | null;
  verdictSource: string | null;
  threshold: number | null;
}): HarvestSkip | null {
  if (!c.assistantResponse?.trim()) return 'no_assistant';
  const row = {
    sop_confidence: c.sopConfidence,
    sop_sources: [...c.sopSources],
    verdict: c.verdict,
    verdict_source: c.verdictSource,
    threshold: c.threshold,
  };
  if (labelOf(row) !== undefined) return null;
  if (c.verdict === 'worse') return 'no_source';
  if (c.verdict === 'better' || c.verdict === 'same') return typeof c.sopSources[0]?.id === 'string' && c.sopSources[0].id ? 'below_threshold' : 'no_source';
  return 'no_verdict';
}

/** The document a reviewer's verdict names as right, null for "no SOP", undefined when the verdict names none. */
function labelOf(row: Pick<Row, 'sop_confidence' | 'sop_sources' | 'verdict' | 'verdict_source' | 'threshold'>): string | null | undefined {
  if (row.verdict === 'worse') return row.verdict_source === NO_SOURCE ? null : row.verdict_source?.split('#')[0] || undefined;
  if (row.verdict !== 'better' && row.verdict !== 'same') return undefined;
  const first = row.sop_sources?.[0]?.id;
  if (typeof first !== 'string' || !first) return undefined;
  // Below the threshold in force when it was answered the SOP answer was declined, and its sources are
  // only the nearest misses: "better" then praises the declining, not a document.
  if (row.sop_confidence === null || row.sop_confidence < (row.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD)) return undefined;
  return first.split('#')[0] || undefined;
}

/** Where a text of this wording goes: a stable number in [0, 1) from the hash of its normalised form. */
function side(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

async function split(labelled: readonly Labelled[], options: HarvestOptions): Promise<{ cases: HarvestedCase[]; training: HarvestedText[] }> {
  const share = options.trainShare ?? 0;
  if (!(share >= 0 && share <= 1)) throw new InputError(`the training share must be a number from 0 to 1, got ${share}`);
  const trains = new Set(labelled.filter((l) => side(l.key) < share));
  if (options.nearCopies) {
    const { questions, embedder } = options.nearCopies;
    // Moving a text to training adds a question, which can make another text a near copy: repeat until none moves.
    for (let moved = true; moved; ) {
      const tested = labelled.filter((l) => !trains.has(l));
      const added = [...trains].flatMap((l) => (l.case.expected_source ? [{ doc: l.case.expected_source, question: l.case.query }] : []));
      const report = await findNearCopies(
        tested.map((l) => ({ id: l.case.id, query: l.case.query })),
        [...questions, ...added],
        embedder,
        0,
      );
      const copies = new Set(report.copies.map((p) => p.caseId));
      moved = false;
      for (const l of tested) {
        if (!copies.has(l.case.id)) continue;
        trains.add(l);
        moved = true;
      }
    }
  }
  return {
    cases: labelled.filter((l) => !trains.has(l)).map((l) => l.case),
    training: labelled
      .filter((l) => trains.has(l))
      .map((l) => ({ id: l.case.id, route: l.case.route, text: l.case.query, doc: l.case.expected_source, verdict: l.verdict })),
  };
}

/** The cases as JSONL: one object per line, each line ending in a newline; empty for no cases. */
export function formatCasesJsonl(cases: readonly HarvestedCase[]): string {
  return cases.map((c) => `${JSON.stringify(c)}\n`).join('');
}
