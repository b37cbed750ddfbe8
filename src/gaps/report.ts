import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Queryable } from '../db/index.ts';
import { roundTo } from '../numbers.ts';
import { createLocalEmbedder, type SearchIndex } from '../search/index.ts';
import { assignToGroups, clusterVectors, dotDense, toSparse, weighByRarity, type Sparse } from './cluster.ts';
import { readMarks, type GapMark } from './marks.ts';
import { distinctiveWords } from './name.ts';
import { readGapTexts, readRouteTraffic, readStaffAnswers, type GapText, type StaffAnswer } from './read.ts';

/** How texts are grouped; `sop gaps` uses these unless told otherwise. */
export const GAP_CLUSTERING = {
  /**
   * Mean cosine (rarity-weighted local vectors) at which two groups still join. On the public intent
   * benchmarks (`npm run bench -- gaps`), 0.25 kept clinc150's clusters 80% pure.
   */
  threshold: 0.25,
  minSize: 3,
  /** A topic holds at least a thousandth of the period's gap texts: fewer is noise at a month's volume. */
  minShare: 0.001,
  sample: 2000,
};

export type GapTopic = {
  /** From its words ("parking-lot-car"): the same topic keeps its id from one report to the next while its words hold. */
  id: string;
  /** Its most distinctive words, joined ("parking · lot · car"). */
  name: string;
  words: string[];
  texts: number;
  /** Distinct conversations (a text without one counts as its own customer). */
  customers: number;
  /** Texts of the previous period of the same length that belong to this topic. */
  previous: number;
  trend: 'new' | 'growing' | 'steady' | 'shrinking';
  /** The route most of its texts came on, and the topic's share of that route's requests in the period. */
  route: string;
  share: number;
  /** The most typical texts (redacted when they were stored), most typical first. */
  examples: string[];
  /** Every text of the topic, the most typical first (for the actions on a topic). */
  members: { decisionId: string; text: string; at: string }[];
  /** Mean SOP confidence of its texts. */
  confidence: number | null;
  /** Judged "SOP worse" by a reviewer. */
  worse: number;
  /** The SOP its most typical text ranks first, and their cosine (0..1); null without an index. */
  closest: { sop: string; title: string; similarity: number } | null;
  /** Conversations of this topic that staff replied in, and the knowledge extracted from them. */
  staff: { conversations: number; replied: number; knowledge: StaffAnswer['knowledge'] };
  /** What a reviewer decided about it ("not ours", "a new SOP is needed"), if anything. */
  mark: GapMark | null;
};

export type GapReport = {
  from: string;
  to: string;
  route: string | null;
  /** Gap texts of the period, and how many joined no topic. */
  texts: number;
  unclustered: number;
  topics: GapTopic[];
};

export type GapOptions = {
  db: Queryable;
  /** The report covers [to - days, to). */
  to: Date;
  days: number;
  route?: string | undefined;
  /** The index of the SOPs answering now: each topic's closest SOP. */
  index?: SearchIndex | null;
  clustering?: Partial<typeof GAP_CLUSTERING>;
};

const DAY_MS = 86_400_000;
const PLACEHOLDER = /\[[a-z ]+\]/g;
const EXAMPLES = 3;

/**
 * The gap report: the texts the SOP module answered below threshold or worse than the Assistant,
 * grouped into topics over the local vectors the index uses, each topic named, counted, compared
 * with the previous period and placed against the SOPs.
 */
export async function buildGapReport(options: GapOptions): Promise<GapReport> {
  const settings = { ...GAP_CLUSTERING, ...options.clustering };
  const to = options.to;
  const from = new Date(to.getTime() - options.days * DAY_MS);
  const before = new Date(from.getTime() - options.days * DAY_MS);
  const [current, previous, traffic] = await Promise.all([
    readGapTexts(options.db, { from, to, route: options.route }),
    readGapTexts(options.db, { from: before, to: from, route: options.route }),
    readRouteTraffic(options.db, { from, to }),
  ]);
  // Each distinct text is embedded and clustered once, weighted by how often it was sent. The previous
  // period's texts join the groups found; only those not sent again this period are embedded.
  const distinct = [...new Set(current.map((t) => t.text))];
  const position = new Map(distinct.map((t, i) => [t, i]));
  const weights = new Float64Array(distinct.length);
  for (const t of current) weights[position.get(t.text)!]!++;
  const earlierOnly = [...new Set(previous.map((t) => t.text))].filter((t) => !position.has(t));
  const vectors = await vectorsOf([...distinct, ...earlierOnly]);
  const now = vectors.slice(0, distinct.length);
  const { labels, means } = await clusterVectors(now, DIMENSIONS, { ...settings, weights });
  const earlierLabels = new Int32Array(earlierOnly.length);
  for (let from = 0; from < earlierOnly.length; from += CHUNK) {
    await yieldToRequests();
    earlierLabels.set(assignToGroups(vectors.slice(distinct.length + from, distinct.length + from + CHUNK), means, settings.threshold), from);
  }
  const groupOf = new Map(earlierOnly.map((t, i) => [t, earlierLabels[i]!]));
  for (const [t, i] of position) groupOf.set(t, labels[i]!);

  // Each group's distinct texts, the most typical (closest to its mean) first.
  const groups = means.map((mean, g) => {
    const members = distinct.flatMap((_, i) => (labels[i] === g ? [{ i, score: dotDense(now[i]!, mean) }] : []));
    return members.sort((x, y) => y.score - x.score).map((m) => distinct[m.i]!);
  });
  await yieldToRequests();
  const names = distinctiveWords(
    groups.map((texts) => texts.map((t) => t.replace(PLACEHOLDER, ' '))),
    distinct.map((t) => t.replace(PLACEHOLDER, ' ')),
  );
  const textsOf = means.map(() => [] as GapText[]);
  const earlierCount = new Int32Array(means.length);
  for (const t of current) if (groupOf.get(t.text)! >= 0) textsOf[groupOf.get(t.text)!]!.push(t);
  for (const t of previous) if (groupOf.get(t.text)! >= 0) earlierCount[groupOf.get(t.text)!]!++;
  const conversations = [...new Set(current.flatMap((t) => (t.conversationId ? [t.conversationId] : [])))];
  const staff = await readStaffAnswers(options.db, conversations);
  const topics = await Promise.all(
    groups.map((members, g) =>
      describeTopic({
        texts: textsOf[g]!,
        typical: members,
        words: names[g]!,
        previous: earlierCount[g]!,
        traffic,
        staff,
        index: options.index ?? null,
      }),
    ),
  );
  const marks = await readMarks(
    options.db,
    topics.map((t) => t.id),
  );
  for (const t of topics) t.mark = marks.get(t.id) ?? null;
  topics.sort((a, b) => b.texts - a.texts || (a.id < b.id ? -1 : 1));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    route: options.route ?? null,
    texts: current.length,
    unclustered: current.filter((t) => groupOf.get(t.text)! < 0).length,
    topics,
  };
}

const DIMENSIONS = 1024;
const embedder = createLocalEmbedder({ dimensions: DIMENSIONS });

/**
 * A report runs on the service's own thread: its long steps go in chunks of this many texts, and
 * requests waiting in between are served (`npm run bench -- gaps` reports the longest pause).
 */
const CHUNK = 2_000;

/** Rarity-weighted sparse vectors of distinct texts, embedded a chunk at a time. */
async function vectorsOf(texts: string[]): Promise<Sparse[]> {
  const vectors: Sparse[] = [];
  for (let from = 0; from < texts.length; from += CHUNK) {
    await yieldToRequests();
    for (const v of await embedder.embed(texts.slice(from, from + CHUNK))) vectors.push(toSparse(v));
  }
  await yieldToRequests();
  return weighByRarity(vectors, DIMENSIONS);
}

async function describeTopic(input: {
  texts: GapText[];
  typical: string[];
  words: string[];
  previous: number;
  traffic: Map<string, number>;
  staff: Map<string, StaffAnswer>;
  index: SearchIndex | null;
}): Promise<GapTopic> {
  const { texts, previous } = input;
  const routes = new Map<string, number>();
  for (const t of texts) routes.set(t.route, (routes.get(t.route) ?? 0) + 1);
  const [route, onRoute] = [...routes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  const conversations = [...new Set(texts.flatMap((t) => (t.conversationId ? [t.conversationId] : [])))];
  const answered = conversations.flatMap((c) => (input.staff.has(c) ? [input.staff.get(c)!] : []));
  const confidences = texts.flatMap((t) => (t.confidence === null ? [] : [t.confidence]));
  const examples = [...new Set(input.typical)].slice(0, EXAMPLES);
  return {
    id: input.words.join('-') || 'topic',
    name: input.words.join(' · '),
    words: input.words,
    texts: texts.length,
    customers: conversations.length + texts.filter((t) => !t.conversationId).length,
    previous,
    trend: trendOf(texts.length, previous),
    route,
    share: roundTo(onRoute / Math.max(input.traffic.get(route) ?? onRoute, 1), 4),
    examples,
    members: membersByTypicality(texts, input.typical),
    confidence: confidences.length ? roundTo(confidences.reduce((a, b) => a + b, 0) / confidences.length, 3) : null,
    worse: texts.filter((t) => t.worse).length,
    closest: input.index ? await closestSop(input.index, examples[0]) : null,
    staff: { conversations: answered.length, replied: answered.filter((a) => a.replied).length, knowledge: answered.flatMap((a) => a.knowledge) },
    mark: null,
  };
}

/** The topic's texts in the order of `typical` (its distinct texts, most typical first), oldest first among equal texts. */
function membersByTypicality(texts: readonly GapText[], typical: readonly string[]): GapTopic['members'] {
  const rank = new Map(typical.map((t, i) => [t, i]));
  return [...texts]
    .sort((a, b) => rank.get(a.text)! - rank.get(b.text)! || a.at.getTime() - b.at.getTime())
    .map((t) => ({ decisionId: t.decisionId, text: t.text, at: t.at.toISOString() }));
}

/** New (none before), growing or shrinking by a quarter or more, else steady. */
function trendOf(now: number, before: number): GapTopic['trend'] {
  if (before === 0) return 'new';
  if (now >= before * 1.25) return 'growing';
  if (now <= before * 0.75) return 'shrinking';
  return 'steady';
}

/** The SOP a text ranks first, with its cosine to it; null when nothing matches. */
async function closestSop(index: SearchIndex, text: string | undefined): Promise<GapTopic['closest']> {
  const top = text === undefined ? undefined : (await index.search(text, { limit: 1 })).hits[0];
  return top ? { sop: top.doc, title: top.title, similarity: roundTo(Math.max(top.dense, 0), 3) } : null;
}
