// Extraction for `npm run bench -- extraction`: five sets of resolved conversations, each written
// apart from the code (varied phrasing, more than half stating the problem with no problem word): the
// one the extractor's rules were written against (bench/extraction/conversations.json), three more
// each measured untouched and then read (held-out.json, final.json, fourth.json), and a fifth measured
// untouched and then given to a blind reviewer, whose review was read (fifth.json). Each conversation runs through the extraction job as the worker runs it
// (embedded database, a local repository holding the live SOPs), then: how many yield an item and a
// proposal, and how many proposals pass the checks a reviewer makes before merging one as it is.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJobQueue } from '../src/db/index.ts';
import { median } from '../src/evals/index.ts';
import { extractFromTurns, type Turn } from '../src/extraction/index.ts';
import { createRuntime } from '../src/main.ts';
import { createConversationStore, parseEvent } from '../src/openphone/index.ts';
import { lintSops } from '../src/sops/index.ts';
import type { BenchRow } from './report.ts';

const COMMAND = 'npm run bench -- extraction';
const LINE = '+19025550100';
type Conversation = { id: string; situation: string; staffSteps: number; notrigger: boolean; turns: { who: 'customer' | 'staff'; text: string }[] };
type Proposal = { key: string; path: string; branch: string; title: string; conversation_ids: string[] };

const pct = (n: number, of: number) => `${n}/${of} (${of ? Math.round((n / of) * 100) : 0}%)`;

/** Webhook events for a conversation: one text a minute, from a number of its own. */
function eventsOf(c: Conversation, index: number): unknown[] {
  const customer = `+1902555${String(1000 + index).padStart(4, '0')}`;
  return c.turns.map((t, i) => {
    const incoming = t.who === 'customer';
    return {
      id: `EV-${c.id}-${i}`,
      type: incoming ? 'message.received' : 'message.delivered',
      data: {
        object: {
          id: `AC-${c.id}-${i}`,
          conversationId: `CN-${c.id}`,
          from: incoming ? customer : LINE,
          to: incoming ? LINE : customer,
          direction: incoming ? 'incoming' : 'outgoing',
          text: t.text,
          createdAt: new Date(Date.UTC(2026, 10, 1 + index, 18, i)).toISOString(),
        },
      },
    };
  });
}

/** What a reviewer checks in a new SOP before merging it as it is; each failure named. */
function reviewNewSop(content: string, c: Conversation, lintMessages: string[]): string[] {
  const front = content.split('---')[1] ?? '';
  const title = /^title: (.*)$/m.exec(front)?.[1]?.replace(/^["']|["']$/g, '') ?? '';
  const firstQuestion = /^questions:\n\s+- (.*)$/m.exec(front)?.[1]?.replace(/^["']|["']$/g, '') ?? '';
  const words = title.split(/\s+/).filter(Boolean);
  const customerWords = new Set(c.turns.filter((t) => t.who === 'customer').flatMap((t) => t.text.toLowerCase().match(/[a-z0-9']+/g) ?? []));
  const failures: string[] = [];
  if (lintMessages.length) failures.push(`lint: ${lintMessages.join('; ')}`);
  if (words.length < 2 || words.length > 9) failures.push(`title of ${words.length} words`);
  if (/\b(?:i|i'm|me|my|we|we're|our|us|lol|hey|hi)\b/i.test(title)) failures.push(`title speaks as the customer: "${title}"`);
  if (/\b(?:a|an|the|to|of|and|or|with|at|for|from|but|so)$/i.test(title)) failures.push(`title cut short: "${title}"`);
  if (/\[(?:name|phone|email|card|code|address)\]/.test(title)) failures.push('title holds a placeholder');
  const questionWords = firstQuestion.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  if (!questionWords.length || questionWords.filter((w) => customerWords.has(w)).length < 0.8 * questionWords.length) {
    failures.push(`first question is not the customer's wording: "${firstQuestion}"`);
  }
  const hasSteps = /^## Steps$/m.test(content);
  if (c.staffSteps >= 2 && !hasSteps) failures.push(`staff gave ${c.staffSteps} steps, the SOP has no Steps`);
  if (/^## Reply\n\n(?:Hi|Hey|Hello|Sorry|No worries)\b/m.test(content)) failures.push('the Reply opens with a greeting or apology');
  return failures;
}

/** One set of conversations through the extraction job: what it yields and how its proposals review. */
async function measureSet(conversations: Conversation[]) {
  const repo = mkdtempSync(join(tmpdir(), 'sop-bench-extraction-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'sop-bench-extraction-data-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  cpSync('sops', join(repo, 'sops'), { recursive: true });
  git('add', '.');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-qm', 'sops');
  const runtime = createRuntime({
    ...process.env,
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: '',
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    PROPOSALS_REPO: repo,
    SOPS_DIR: join(repo, 'sops'),
  });
  const tools = await runtime.openKnowledgeTools();
  try {
    const queue = createJobQueue({ db: tools.db });
    const store = createConversationStore({ db: tools.db, queue, windowMs: 86_400_000, quietMs: 0 });
    for (const [i, c] of conversations.entries()) for (const e of eventsOf(c, i)) await store.ingest(parseEvent(e, null));
    const ids = new Map(
      (await tools.db.query<{ id: string; oid: string }>('SELECT id, openphone_conversation_id AS oid FROM openphone_conversations')).rows.map((r) => [
        r.oid.replace(/^CN-/, ''),
        r.id,
      ]),
    );
    const perConversation: Record<string, unknown>[] = [];
    let yielded = 0;
    let proposedConversations = 0;
    const noTrigger = { of: 0, yielded: 0 };
    for (const c of conversations) {
      const id = ids.get(c.id)!;
      await tools.extract(id);
      const { rows } = await tools.db.query<{ status: string; problem: string }>('SELECT status, problem FROM extracted_knowledge WHERE conversation_id = $1', [
        id,
      ]);
      const note = (await tools.db.query<{ note: string | null }>(`SELECT metadata->>'extraction' AS note FROM openphone_conversations WHERE id = $1`, [id]))
        .rows[0]?.note;
      if (rows.length) yielded++;
      if (rows.some((r) => r.status === 'proposed')) proposedConversations++;
      if (c.notrigger) {
        noTrigger.of++;
        if (rows.length) noTrigger.yielded++;
      }
      perConversation.push({ id: c.id, items: rows.map((r) => `${r.status}: ${r.problem}`), ...(rows.length ? {} : { why: note ?? null }) });
    }
    // Each proposal as its branch has it, linted with the SOPs around it and reviewed.
    const proposals = (await tools.db.query<Proposal>('SELECT key, path, branch, title, conversation_ids FROM proposals ORDER BY key')).rows;
    const byId = new Map([...ids].map(([cid, id]) => [id, conversations.find((c) => c.id === cid)!]));
    let mergeable = 0;
    let newSops = 0;
    const reviewed: Record<string, unknown>[] = [];
    for (const p of proposals) {
      const tree = mkdtempSync(join(tmpdir(), 'sop-bench-extraction-tree-'));
      try {
        execFileSync('sh', ['-c', `git -C "${repo}" archive "${p.branch}" sops | tar -x -C "${tree}"`]);
        const lint = lintSops(join(tree, 'sops'), new Date());
        const file = p.path.replace(/^sops\//, '');
        const messages = lint.messages.filter((m) => m.file === file && m.severity === 'error').map((m) => m.message);
        const content = readFileSync(join(tree, p.path), 'utf8');
        const conversation = byId.get(p.conversation_ids[0]!)!;
        const isNew = !git('ls-tree', '--name-only', 'main', p.path);
        if (isNew) newSops++;
        const failures = isNew ? reviewNewSop(content, conversation, messages) : messages.map((m) => `lint: ${m}`);
        if (!failures.length) mergeable++;
        // The change as a reviewer reads it, kept in the results for a read by eye.
        const change = git('diff', `main...${p.branch}`);
        reviewed.push({ conversation: conversation.id, path: p.path, title: p.title, new: isNew, failures, change });
      } finally {
        rmSync(tree, { recursive: true, force: true });
      }
    }
    return {
      conversations: conversations.length,
      yielded,
      proposedConversations,
      noTrigger,
      proposals: proposals.length,
      newSops,
      mergeable,
      reviewed,
      perConversation,
    };
  } finally {
    await tools.close();
    rmSync(repo, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const LABELS: Record<string, string> = {
  conversations: 'the set the rules were written against',
  'held-out': 'a second set, first measured untouched, then read',
  final: 'a third set, measured untouched, then read',
  fourth: 'a fourth set, measured untouched, then read',
  fifth: 'a fifth set, measured untouched, then its blind review read',
};

/** How long the offline extractor holds the thread over a 3,000-line call transcript with no usual instruction verb in it. */
function longCallMs(): number {
  const turns: Turn[] = [];
  for (let i = 0; i < 3000; i++) {
    turns.push(
      i % 2
        ? { who: 'staff', text: `Alright so the thing to look at is the panel on the left side, number ${i}, it has a light on it` }
        : { who: 'customer', text: `the picture drifts towards the corner of the screen every so often ${i}` },
    );
  }
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    extractFromTurns(turns);
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function benchExtraction(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const sets = ['conversations', 'held-out', 'final', 'fourth', 'fifth'].flatMap((name) => {
    const file = join(import.meta.dirname, 'extraction', `${name}.json`);
    return existsSync(file) ? [{ name, conversations: JSON.parse(readFileSync(file, 'utf8')) as Conversation[] }] : [];
  });
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {};
  for (const set of sets) {
    const r = await measureSet(set.conversations);
    results[set.name] = r;
    const label = LABELS[set.name]!;
    rows.push(
      {
        figure: `extraction on ${r.conversations} resolved conversations (${label}): yield an item / open a proposal`,
        value: `${pct(r.yielded, r.conversations)} / ${pct(r.proposedConversations, r.conversations)}`,
        command: COMMAND,
      },
      {
        figure: `extraction (${label}): conversations stating the problem with no problem word that yield an item`,
        value: pct(r.noTrigger.yielded, r.noTrigger.of),
        command: COMMAND,
      },
      {
        figure: `extraction (${label}): proposals passing the merge-as-is checks (lint, situation title, customer wording first, Steps when staff gave steps)`,
        value: `${pct(r.mergeable, r.proposals)}, ${r.newSops} of them new SOPs`,
        command: COMMAND,
      },
    );
  }
  const longCall = longCallMs();
  results.longCallMs = longCall;
  rows.push({ figure: 'extraction of a 3,000-line call transcript (offline extractor, thread held)', value: `${longCall.toFixed(0)} ms`, command: COMMAND });
  return { rows, results };
}
