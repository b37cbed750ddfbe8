import { createHash } from 'node:crypto';
import type { Knowledge } from '../answer/index.ts';
import type { Db, Job } from '../db/index.ts';
import { fenced, inertLine, type PrHost } from '../git/index.ts';
import type { Logger } from '../logger.ts';
import type { ConversationEntry } from '../openphone/index.ts';
import { terms } from '../search/index.ts';
import { addEntryToDocument, newDocument, type KnowledgeEntry } from '../sops/index.ts';
import { classifyItem, type Classification } from './classify.ts';
import { replaceFigure } from './contradiction.ts';
import { redactedTurns } from './conversations.ts';
import { extractFromTurns, type ExtractedItem, type Extraction, type Turn } from './extract-offline.ts';
import { openProposal } from './open-proposal.ts';

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
      let proposed: string | null | { blocked: string } = null;
      // An always-escalating route's SOPs (emergencies) are a hand-over written with care: what staff
      // did in one incident is recorded for a human, never proposed.
      const handOver = route !== null && knowledge.routes.get(route)?.alwaysEscalate === true;
      if (route && !handOver && item.confidence >= minConfidence) {
        if (c.status === 'new') proposed = await propose(conversation.id, route, item, c);
        // Staff's confirmed fix gives another figure than the SOP: the edit goes to a human as a contradiction.
        if (c.status === 'contradiction') proposed = await proposeContradiction(conversation.id, route, item, c);
      }
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
          proposalKey && c.status !== 'contradiction' ? 'proposed' : blocked ? 'blocked' : c.status,
          c.section,
          proposalKey,
          JSON.stringify({
            reason:
              blocked ??
              (c.status === 'duplicate'
                ? c.reason
                : handOver
                  ? `${c.reason}; not proposed: ${route} SOPs hand over to staff and are changed by hand`
                  : item.confidence < minConfidence
                    ? `${c.reason}; not proposed: confidence ${item.confidence.toFixed(2)} is below ${minConfidence}`
                    : c.reason),
            ...(c.status === 'contradiction' ? { sopText: c.sopText, itemText: c.itemText } : {}),
          }),
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
      const summary = [
        '**Problem**:',
        fenced(entry.problem),
        '**Solution**:',
        fenced(entry.solution),
        ...(entry.steps.length ? ['**Steps**:', fenced(entry.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'))] : []),
        ...(entry.questions?.length ? ["**How customers put it** (the new SOP's typical questions):", fenced(entry.questions.join('\n'))] : []),
      ];
      return openProposal(tx, host, {
        key,
        route,
        title,
        summary,
        where: `${c.section ?? `a new document, ${path}`} (${c.reason})`,
        confidence: item.confidence,
        evidence: item.evidence,
        labels: ['knowledge', route],
        path,
        before,
        content,
        problem: entry.problem,
        solution: entry.solution,
        section: c.section,
        supporters,
        entry,
        quoted: [
          ['the problem', entry.problem],
          ['the solution', entry.solution],
          ['the steps', entry.steps.join('\n')],
          ['the questions', (entry.questions ?? []).join('\n')],
        ],
      });
    });
  }

  /**
   * Opens or supports the proposal that changes the figure an SOP gives to the one staff gave in a
   * confirmed fix, labelled a contradiction, with both versions and the evidence: merging it takes
   * staff's version, rejecting it keeps the SOP. Null when it was decided already, or when no line of
   * the SOP's body states the figure (the item stays recorded for a human).
   */
  async function proposeContradiction(
    conversationId: string,
    route: string,
    item: ExtractedItem,
    c: Extract<Classification, { status: 'contradiction' }>,
  ): Promise<string | null | { blocked: string }> {
    const [doc = ''] = c.section.split('#');
    const path = `${sopsPath}/${doc}`;
    const key = `${route}-contradiction-${createHash('sha1').update(`${doc}|${c.sopText.toLowerCase()}|${c.itemText.toLowerCase()}`).digest('hex').slice(0, 12)}`;
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`proposal:${key}`]);
      const { rows: existing } = await tx.query<{ state: string; conversation_ids: string[] }>('SELECT state, conversation_ids FROM proposals WHERE key = $1', [
        key,
      ]);
      if (existing[0] && existing[0].state !== 'open') return null;
      const before = await host.readFile(path);
      if (before === null) throw new Error(`${path} is not on the base branch`);
      const edit = replaceFigure(before, c.sopText, c.itemText);
      if (!edit) return null;
      const supporters = [...new Set([...(existing[0]?.conversation_ids ?? []), conversationId])];
      const title = `contradiction(${route}): ${inertLine(`${doc} says ${c.sopText}, staff said ${c.itemText}`, 100)}`;
      const summary = [
        `**A contradiction for a human to settle.** Staff's fix, confirmed by the customer, gives ${inertLine(c.itemText, 40)} where \`${doc}\` says ${inertLine(c.sopText, 40)}. Merge to take staff's version; reject to keep the SOP (and tell staff).`,
        '',
        '**The SOP says**:',
        fenced(edit.lines.map((l) => l.before).join('\n')),
        "**Staff's version**:",
        fenced(edit.lines.map((l) => l.after).join('\n')),
        '**Problem**:',
        fenced(item.problem),
        "**Staff's reply**:",
        fenced(item.solution),
      ];
      return openProposal(tx, host, {
        key,
        route,
        title,
        summary,
        confidence: item.confidence,
        evidence: item.evidence,
        labels: ['knowledge', 'contradiction', route],
        path,
        before,
        content: edit.content,
        problem: item.problem,
        solution: item.solution,
        section: c.section,
        supporters,
        entry: null,
        quoted: [
          ['the problem', item.problem],
          ['the solution', item.solution],
        ],
      });
    });
  }
}
