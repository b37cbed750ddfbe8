import { confidenceOf, priorityRoute, type Knowledge } from '../answer/index.ts';
import { terms } from '../search/index.ts';

export type Classification =
  | { status: 'duplicate'; section: string; reason: string }
  | { status: 'contradiction'; section: string; reason: string; sopText: string; itemText: string }
  | { status: 'new'; section: string | null; route: string | null; reason: string };

/**
 * A problem whose best SOP is matched at or above this calibrated confidence is about that SOP: a cut
 * for "same problem as an existing SOP", not the threshold a route answers customers at
 * (`confidence_threshold` in the effective rollout config), so a rollout change never changes how
 * extracted knowledge is classified.
 */
const SAME_PROBLEM = 0.7;
/** Share of the solution's words already in that SOP for it to count as covered. */
const COVERED = 0.6;

const QUANTITY = /(\$?\d+(?:[.,]\d+)?)\s*(%|percent|minutes?|mins?|hours?|hrs?|days?|weeks?|seconds?|secs?|players?|people|holes?|dollars?|cm|feet|ft)?/gi;

/**
 * Compares an extracted item with the live SOPs: `duplicate` when an SOP about the same problem
 * already says it, `contradiction` when that SOP gives a different figure for the same thing (a human
 * settles it, nothing is overwritten), `new` otherwise, with the section an entry would go under.
 */
export async function classifyItem(knowledge: Knowledge, item: { problem: string; solution: string; questions?: string[] }): Promise<Classification> {
  const result = await knowledge.index.search(item.problem, { limit: 5 });
  const top = result.hits[0];
  const confidence = confidenceOf(knowledge.calibration, result);
  const doc = top ? knowledge.docs.get(top.doc) : undefined;
  if (!top || !doc || confidence < SAME_PROBLEM) {
    return {
      status: 'new',
      section: null,
      route: await routeOfNew(knowledge, item),
      reason: `no SOP is about this problem (best match ${top?.doc ?? 'none'} at ${confidence.toFixed(2)})`,
    };
  }
  const sopText = doc.sections.map((s) => s.text).join('\n');
  const sopTerms = new Set(terms(sopText));
  const solutionTerms = [...new Set(terms(item.solution))];
  const covered = solutionTerms.length ? solutionTerms.filter((t) => sopTerms.has(t)).length / solutionTerms.length : 0;
  const section =
    doc.sections.find((s) => /^steps\b/i.test(s.heading))?.id ?? doc.sections.find((s) => s.id === top.unit)?.id ?? doc.sections[0]?.id ?? top.doc;
  const conflict = conflictingQuantity(item.solution, sopText);
  if (conflict) {
    return {
      status: 'contradiction',
      section,
      sopText: conflict.sop,
      itemText: conflict.item,
      reason: `${top.doc} says "${conflict.sop}" where the conversation says "${conflict.item}"`,
    };
  }
  if (covered >= COVERED) {
    return { status: 'duplicate', section, reason: `${top.doc} already covers it (${Math.round(covered * 100)}% of the solution's words are in it)` };
  }
  return { status: 'new', section, route: top.route, reason: `extends ${top.doc}: same problem, ${Math.round(covered * 100)}% of the solution already there` };
}

/** Words read on each side of a quantity, within its clause, for what it measures. */
const CONTEXT_WORDS = 8;

/** The words around a quantity in its clause, without numbers and units. */
function contextOf(text: string, start: number, end: number): Set<string> {
  const before = text.slice(0, start).split(CLAUSE_END).at(-1)!.split(/\s+/).slice(-CONTEXT_WORDS);
  const after = text.slice(end).split(CLAUSE_END)[0]!.split(/\s+/).slice(0, CONTEXT_WORDS);
  return new Set(terms([...before, ...after].join(' ')).filter((w) => !/\d/.test(w) && !UNIT_WORD.test(w)));
}
const CLAUSE_END = /[.!?;:,\n]/;
const UNIT_WORD = /^(?:%|percent|minut|min|hour|hr|day|week|second|sec|player|peopl|hole|dollar|cm|feet|ft)/;

/**
 * A quantity of the same unit, about the same thing, with a different number in the two texts
 * ("cancel up to 48 hours before" against "24 hours or more away, you can cancel"). What a quantity
 * measures is read from the words around it in its clause: "hold the button for 5 seconds" does
 * not contradict "wait 30 seconds after it goes dark".
 */
function conflictingQuantity(itemText: string, sopText: string): { item: string; sop: string } | null {
  const quantities = (text: string) =>
    [...text.matchAll(QUANTITY)]
      .filter((m) => m[2] || m[1]!.startsWith('$'))
      .map((m) => ({
        text: m[0].trim(),
        value: m[1]!.replace(',', '.'),
        unit: unitOf(m),
        context: contextOf(text, m.index!, m.index! + m[0].length),
      }));
  const sop = quantities(sopText);
  for (const q of quantities(itemText)) {
    const same = sop.filter((s) => s.unit === q.unit && [...q.context].some((w) => s.context.has(w)));
    if (same.length && !same.some((s) => s.value === q.value)) return { item: q.text, sop: same[0]!.text };
  }
  return null;
}

function unitOf(m: RegExpMatchArray): string {
  if (m[1]!.startsWith('$') || /dollar/i.test(m[2] ?? '')) return '$';
  const u = (m[2] ?? '').toLowerCase();
  if (u.startsWith('min')) return 'minute';
  if (u.startsWith('h')) return 'hour';
  if (u.startsWith('sec')) return 'second';
  if (u.startsWith('day')) return 'day';
  if (u.startsWith('week')) return 'week';
  if (u.startsWith('player') || u === 'people') return 'player';
  if (u.startsWith('hole')) return 'hole';
  if (u === '%' || u === 'percent') return '%';
  return u;
}

/**
 * The route a new SOP belongs to: the one most of the nearest SOPs are in (nearer ones count more).
 * A route that always escalates (emergencies) is taken only when the text has its priority words:
 * a question that merely resembles an emergency SOP is not one.
 */
async function routeOfNew(knowledge: Knowledge, item: { problem: string; solution: string; questions?: string[] }): Promise<string | null> {
  // The customer's words and staff's answer together say more of where it belongs than a title does.
  const problem = [item.problem, ...(item.questions ?? [])].join(' ');
  const votes = new Map<string, number>();
  for (const query of [problem, `${problem} ${item.solution}`]) {
    const { hits } = await knowledge.index.search(query, { limit: 5 });
    hits.forEach((h, rank) => votes.set(h.route, (votes.get(h.route) ?? 0) + 1 / (rank + 1)));
  }
  const urgent = priorityRoute(problem, knowledge.routes);
  const ranked = [...votes].sort((a, b) => b[1] - a[1]).map(([route]) => route);
  return ranked.find((route) => !knowledge.routes.get(route)?.alwaysEscalate || route === urgent) ?? urgent ?? null;
}
