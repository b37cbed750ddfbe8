import { DEFAULT_THRESHOLD } from '../answer/index.ts';
import { normaliseQuestion } from '../assistant/recorded.ts';
import type { Queryable } from '../db/index.ts';
import { redact } from '../knowledge/redact.ts';

/** An eval case made from a shadow comparison, in the field order of `evals/README.md`. */
export type HarvestedCase = {
  id: string;
  route: string | null;
  query: string;
  assistant_response: string;
  /** Harvested answers are the Assistant's own, logged beside the SOP module's. */
  provenance: 'recorded';
  expected_source: string;
  tags: string[];
};

export type HarvestOptions = {
  /** Comparisons logged at or after this instant. */
  since: Date;
  /** Normalised queries (`normaliseQuestion`) of the cases already in the suite. */
  existing: ReadonlySet<string>;
  /** Ids of the cases already in the suite: a harvested case whose query was edited since is not added again. */
  existingIds?: ReadonlySet<string>;
};

export type HarvestResult = {
  cases: HarvestedCase[];
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
};

/**
 * Turns the router's logged shadow comparisons into eval cases, oldest first. The rules:
 * - Only comparisons with an Assistant reply (`assistant_response`) count; the others are `skipped.noAssistant`.
 * - A reviewer's verdict `better` or `same` labels the SOP module's first source as right, so
 *   `expected_source` is that source's document (its id before `#`). A verdict `worse`, no verdict,
 *   or a verdict on an answer the module declined (no source, or a confidence below the module's
 *   threshold, `DEFAULT_THRESHOLD` as the runtime builds it) says nothing about which SOP is right:
 *   such a question is not harvested but counted in `needsLabel`, because a guessed label would
 *   teach the suite the current behaviour.
 * - The query and the reply are redacted again (names found in the query too), in case the log
 *   was written before a redaction rule existed.
 * - A case's id comes from its comparison (`harvest-` and the first 8 hex of its uuid), so
 *   harvesting twice yields the same ids.
 * - A question already in the suite (`existing`, by `normaliseQuestion`, or its id in
 *   `existingIds`) or harvested earlier in the same batch is `skipped.duplicate`; a question
 *   without a label that has a labelled twin, or one counted already, is a duplicate too.
 * - Tags are `harvested` and `verdict_<verdict>`; the route is the comparison's.
 */
export async function harvestCases(db: Queryable, options: HarvestOptions): Promise<HarvestResult> {
  const { rows } = await db.query<Row>(
    `SELECT id, route, query, assistant_response, sop_confidence, sop_sources, verdict
       FROM sop_shadow_comparisons
      WHERE created_at >= $1
      ORDER BY created_at, id`,
    [options.since],
  );
  const existingIds = options.existingIds ?? new Set<string>();
  const cases: HarvestedCase[] = [];
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
    const source = labelledSource(row);
    if (source === null) {
      unlabelled.push(key);
      continue;
    }
    if (harvested.has(key)) {
      duplicate++;
      continue;
    }
    harvested.add(key);
    cases.push({
      id,
      route: row.route,
      query: query.text.trim(),
      assistant_response: redact(row.assistant_response, { names: query.names }).text.trim(),
      provenance: 'recorded',
      expected_source: source,
      tags: ['harvested', `verdict_${row.verdict}`],
    });
  }

  // Counted after every labelled comparison is in: a question labelled later in the batch needs nothing.
  const waiting = new Set<string>();
  for (const key of unlabelled) {
    if (harvested.has(key) || waiting.has(key)) duplicate++;
    else waiting.add(key);
  }
  return { cases, needsLabel: waiting.size, skipped: { duplicate, noAssistant } };
}

/** The document a reviewer's verdict vouches for, or null when the verdict vouches for none. */
function labelledSource(row: Row): string | null {
  if (row.verdict !== 'better' && row.verdict !== 'same') return null;
  const first = row.sop_sources?.[0]?.id;
  if (typeof first !== 'string' || !first) return null;
  // Below the module's threshold it declined, and its sources are only the nearest misses: "better"
  // then praises the declining, not a document.
  if (row.sop_confidence === null || row.sop_confidence < DEFAULT_THRESHOLD) return null;
  return first.split('#')[0] || null;
}

/** The cases as JSONL: one object per line, each line ending in a newline; empty for no cases. */
export function formatCasesJsonl(cases: readonly HarvestedCase[]): string {
  return cases.map((c) => `${JSON.stringify(c)}\n`).join('');
}
