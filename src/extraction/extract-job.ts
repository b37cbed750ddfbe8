import { createHash } from 'node:crypto';
import type { Knowledge } from '../answer/index.ts';
import type { Db, Job } from '../db/index.ts';
import { fenced, inertLine, type PrHost } from '../git/index.ts';
import type { Logger } from '../logger.ts';
import type { ConversationEntry } from '../openphone/index.ts';
import { terms } from '../search/index.ts';
import { addEntryToDocument, newDocument, type KnowledgeEntry } from '../sops/index.ts';
import { classifyItem, type Classification } from './classify.ts';
import { redactedTurns } from './conversations.ts';
import { extractFromTurns, type ExtractedItem, type Extraction, type Turn } from './extract-offline.ts';
import { lineDiff } from '../text/index.ts';
import { personalDataIn } from '../privacy/index.ts';

export type ExtractionOptions = {
  db: Db;
  knowledge: () => Knowledge;
  host: PrHost;
  /** The LLM extractor when configured; the offline one otherwise. */
  llm?: { extract(turns: readonly Turn[]): Promise<Extraction> };
  /** Where the SOPs live in the repository the host writes to. */
  sopsPath?: string;
  /** Items below this confidence are recorded but not proposed. */
  minConfidence?: number;
  owner?: string;
  now?: () => Date;
  log: Logger;
};

/** Typical questions a proposal carries at most: the wording of its first supporters. */
const MAX_QUESTIONS = 5;

/** Share of problem words two items must share (Jaccard) to be the same problem. */
const SAME_PROBLEM = 0.5;

function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const shared = [...a].filter((t) => b.has(t)).length;
  return shared / (a.size + b.size - shared || 1);
}

type Conversation = { id: string; phone_number: string | null; customer_name: string | null; messages: ConversationEntry[] };

/**
 * The `extract` job: a conversation's turns are redacted, knowledge is extracted and classified
 * against the live SOPs, every item is recorded in `extracted_knowledge`, and new knowledge becomes
 * a proposal (a branch or pull request keyed by problem and target, so a retried job or a second
 * conversation about the same problem updates the same one). The conversation is then processed.
 */
export function createExtractionJob(options: ExtractionOptions): (job: Job) => Promise<void> {
  const { db, host, log } = options;
  const sopsPath = options.sopsPath ?? 'sops';
  const minConfidence = options.minConfidence ?? 0.5;
  const now = options.now ?? (() => new Date());

  return async (job) => {
    const conversationId = String(job.payload.conversationId ?? '');
    const { rows } = await db.query<Conversation>('SELECT id, phone_number, customer_name, messages FROM openphone_conversations_with_messages WHERE id = $1', [
      conversationId,
    ]);
    const conversation = rows[0];
    if (!conversation) {
      log.warn({ conversationId }, 'extraction job for a conversation that no longer exists');
      return;
    }
    const turns = await redactedTurns(conversation);
    const { items, why } = options.llm ? await options.llm.extract(turns) : extractFromTurns(turns);
    const knowledge = options.knowledge();

    // A retried job starts over: its earlier, not yet merged items are replaced.
    await db.query(`DELETE FROM extracted_knowledge WHERE conversation_id = $1 AND status IN ('new', 'duplicate', 'contradiction', 'proposed', 'blocked')`, [
      conversation.id,
    ]);
    for (const item of items) {
      const c = await classifyItem(knowledge, item);
      const route = c.status === 'new' ? (c.route ?? c.section?.split('/')[0] ?? null) : c.section.split('/')[0]!;
      let proposed: Awaited<ReturnType<typeof propose>> = null;
      if (c.status === 'new' && route && item.confidence >= minConfidence) proposed = await propose(conversation.id, route, item, c);
      const proposalKey = typeof proposed === 'string' ? proposed : null;
      const blocked = proposed !== null && typeof proposed === 'object' ? proposed.blocked : null;
      if (blocked) log.warn({ conversationId: conversation.id, reason: blocked }, 'proposal blocked: it still holds personal data');
      await db.query(
        `INSERT INTO extracted_knowledge (conversation_id, route, problem, solution, confidence, evidence, status, sop_section, proposal_key, metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
        [
          conversation.id,
          route,
          item.problem,
          item.solution,
          item.confidence,
          item.evidence,
          proposalKey ? 'proposed' : blocked ? 'blocked' : c.status,
          c.section,
          proposalKey,
          JSON.stringify({ reason: blocked ?? c.reason, ...(c.status === 'contradiction' ? { sopText: c.sopText } : {}) }),
        ],
      );
    }
    // Why nothing was found, for `sop extract` and the conversation page; cleared when something was.
    await db.query(
      `UPDATE openphone_conversations SET processed = true, metadata = CASE WHEN $2::text IS NULL THEN metadata - 'extraction' ELSE jsonb_set(metadata, '{extraction}', to_jsonb($2::text)) END WHERE id = $1`,
      [conversation.id, why],
    );
    log.info({ conversationId: conversation.id, items: items.length, ...(why ? { why } : {}) }, 'conversation extracted');
  };

  /**
   * Opens or supports the proposal for an item, and says its key; null when the same knowledge was
   * merged or rejected already; `blocked` with the reason when what would be committed still looks
   * personal after redaction (a second line of defence: nothing is opened).
   */
  async function propose(
    conversationId: string,
    route: string,
    item: ExtractedItem,
    c: Extract<Classification, { status: 'new' }>,
  ): Promise<string | null | { blocked: string }> {
    const today = now().toISOString().slice(0, 10);
    const target = c.section ?? `${route}/new`;
    const problemTerms = new Set(terms(item.problem));
    // One proposal per problem and place: concurrent jobs about it take turns.
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`proposal:${target}`]);
      const { rows: open } = await tx.query<{ key: string; problem: string; solution: string; entry: KnowledgeEntry | null; conversation_ids: string[] }>(
        `SELECT key, problem, solution, entry, conversation_ids FROM proposals WHERE state = 'open' AND route = $1 AND coalesce(sop_section, '') = $2 ORDER BY created_at`,
        [route, c.section ?? ''],
      );
      // An open proposal about the same problem takes this conversation as support: its entry stays
      // as first written, its supporters grow.
      const same = open.find((p) => similarity(problemTerms, new Set(terms(p.problem))) >= SAME_PROBLEM);
      const key =
        same?.key ??
        `${route}-${createHash('sha1')
          .update(`${target}|${[...problemTerms].sort().join(' ')}`)
          .digest('hex')
          .slice(0, 12)}`;
      const decided = await tx.query('SELECT 1 FROM proposals WHERE key = $1 AND state <> $2', [key, 'open']);
      if (decided.rows.length) return null;
      // A later conversation about the same problem adds its customer's wording to the questions.
      const first: KnowledgeEntry = same ? (same.entry ?? { problem: same.problem, solution: same.solution, steps: [], questions: [] }) : item;
      const entry: KnowledgeEntry = {
        problem: first.problem,
        solution: first.solution,
        steps: first.steps,
        questions: [...new Set([...(first.questions ?? []), ...item.questions])].slice(0, MAX_QUESTIONS),
      };
      const supporters = [...new Set([...(same?.conversation_ids ?? []), conversationId])];

      let path: string;
      let content: string;
      let before = '';
      if (c.section) {
        const [doc = '', slug = ''] = c.section.split('#');
        path = `${sopsPath}/${doc}`;
        const base = await host.readFile(path);
        if (base === null) throw new Error(`${path} is not on the base branch`);
        before = base;
        content = addEntryToDocument(base, entry, { sectionSlug: slug, today }).content;
      } else {
        const doc = newDocument(route, entry, { owner: options.owner ?? `${route}-team`, today });
        path = `${sopsPath}/${doc.path}`;
        content = doc.content;
      }
      // Customer words are made inert: one plain line in the title, fenced blocks in the body.
      const title = `knowledge(${route}): ${inertLine(entry.problem, 80)}`;
      const body = [
        '**Problem**:',
        fenced(entry.problem),
        '**Solution**:',
        fenced(entry.solution),
        ...(entry.steps.length ? ['**Steps**:', fenced(entry.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'))] : []),
        ...(entry.questions?.length ? ["**How customers put it** (the new SOP's typical questions):", fenced(entry.questions.join('\n'))] : []),
        `**Confidence**: ${item.confidence.toFixed(2)}`,
        `**Where**: ${c.section ?? `a new document, ${path}`} (${c.reason})`,
        `**Supported by ${supporters.length} conversation(s)**: ${supporters.join(', ')}`,
        '',
        'Evidence (redacted):',
        fenced(item.evidence),
        '',
        `Change to \`${path}\`:`,
        fenced(lineDiff(before, content), 'diff'),
      ].join('\n');
      // What would reach git, checked again: the title, the file name, the lines the change adds and
      // the customer's words quoted in the body.
      const beforeLines = new Set(before.split('\n'));
      const added = content
        .split('\n')
        .filter((line) => !beforeLines.has(line))
        .join('\n');
      const leaks = (
        [
          ['the title', title],
          ['the file name', path],
          ['the SOP text', added],
          ['the problem', entry.problem],
          ['the solution', entry.solution],
          ['the steps', entry.steps.join('\n')],
          ['the questions', (entry.questions ?? []).join('\n')],
          ['the evidence', item.evidence],
        ] as const
      ).flatMap(([where, text]) => personalDataIn(text).map((kind) => `${where} holds what looks like ${kind}`));
      if (leaks.length) return { blocked: `not proposed: ${leaks.join('; ')}` };
      const proposal = await host.propose({ key, title, body, labels: ['knowledge', route], changes: [{ path, content }] });
      await tx.query(
        `INSERT INTO proposals (key, host, route, title, problem, solution, path, sop_section, branch, number, url, conversation_ids, entry)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid[], $13::jsonb)
         ON CONFLICT (key) DO UPDATE SET conversation_ids = EXCLUDED.conversation_ids, number = EXCLUDED.number, url = EXCLUDED.url, entry = EXCLUDED.entry, updated_at = now()`,
        [
          key,
          host.kind,
          route,
          title,
          entry.problem,
          entry.solution,
          path,
          c.section,
          proposal.branch,
          proposal.number,
          proposal.url,
          supporters,
          JSON.stringify(entry),
        ],
      );
      return key;
    });
  }
}
