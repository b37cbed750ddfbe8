import type { Knowledge } from '../answer/index.ts';
import { InputError } from '../errors.ts';
import type { Db, JobHandler, Schedule, Worker } from '../db/index.ts';
import type { ProposalTarget } from '../git/index.ts';
import type { ConversationStore } from '../openphone/index.ts';
import type { LiveVersion } from '../deploy/index.ts';
import type { Wiring } from './core.ts';
import type { ServiceModules } from './modules.ts';
import { followDeployments } from './routing.ts';
import type { KnowledgeTools, Runtime } from './types.ts';

/** Where proposals go (GitHub or a local repository), or null when nowhere is configured. */
export const proposalTarget = (w: Wiring, m: ServiceModules) => m.git.chooseProposalTarget(w.core.env, { log: w.core.log, observe: w.observe });

/** The conversation store webhooks file messages into, with the configured conversation window and quiet time. */
export const conversationStore = (w: Wiring, m: ServiceModules, db: Db): ConversationStore =>
  m.openphone.createConversationStore({
    db,
    queue: m.db.createJobQueue({ db }),
    windowMs: w.core.env.CONVERSATION_WINDOW_MINUTES * 60_000,
    quietMs: w.core.env.EXTRACTION_QUIET_MINUTES * 60_000,
  });

/** The `extract` job: one conversation's knowledge, classified against `knowledge`, proposed to `target`. */
function extraction(w: Wiring, m: ServiceModules, db: Db, knowledge: () => Knowledge, target: ProposalTarget): JobHandler {
  const { openai, env, log } = w.core;
  const llm = openai ? m.extraction.createLlmExtractor({ client: openai, model: env.OPENAI_ANSWER_MODEL }) : undefined;
  return m.extraction.createExtractionJob({ db, knowledge, host: target.host, sopsPath: target.sopsPath, llm, log });
}

/** The weekly gap digest to the escalation webhook, tried every hour, posted once a week by one replica. */
function gapDigest(w: Wiring, m: ServiceModules, db: Db, knowledge: () => Knowledge): Schedule {
  const { env, log } = w.core;
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const slack = m.escalation.createSlackNotifier({ url: env.SLACK_WEBHOOK_URL, log, publicUrl, observe: w.observe });
  return {
    name: 'gap-digest',
    everyMs: 60 * 60_000,
    run: () => m.gaps.postWeeklyDigest({ db, post: (message) => slack.post(message, 'gap digest'), publicUrl, now: new Date(), index: knowledge().index }),
  };
}

/** The job worker: extraction (when proposals have somewhere to go), the quiet-conversation sweep, the daily metrics, the weekly gap digest. */
export function makeWorker(w: Wiring, m: ServiceModules, db: Db, store: ConversationStore, knowledge: () => Knowledge, target: ProposalTarget | null): Worker {
  const handlers: Record<string, JobHandler> = {};
  if (target) handlers[m.openphone.EXTRACT_JOB] = extraction(w, m, db, knowledge, target);
  return m.db.createWorker({
    queue: m.db.createJobQueue({ db }),
    handlers,
    schedules: [
      { name: 'quiet-conversations', everyMs: 60_000, run: () => store.enqueueQuiet(new Date()) },
      m.metrics.dailyMetricsSchedule(db, () => new Date()),
      gapDigest(w, m, db, knowledge),
    ],
    log: w.core.log,
  });
}

/** `Runtime.startWorker`: the worker alone, classifying against the deployed version the servers answer with. */
export const startWorker = async (w: Wiring, m: ServiceModules): ReturnType<Runtime['startWorker']> => {
  if (!w.core.env.DATABASE_URL) throw new InputError('sop worker needs DATABASE_URL: with the embedded database the worker runs inside `sop serve`');
  const db = await w.core.openDatabase();
  let live: LiveVersion;
  try {
    live = await followDeployments(w, m, db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const worker = makeWorker(w, m, db, conversationStore(w, m, db), () => live.current().knowledge, proposalTarget(w, m));
  worker.start();
  return {
    worker,
    version: () => live.current().version,
    close: async () => {
      await worker.stop();
      await live.close();
      await db.close();
    },
  };
};

/** `Runtime.openKnowledgeTools`: the database, where proposals go, and extraction on demand against the local SOPs. */
export const openKnowledgeTools = async (w: Wiring, m: ServiceModules): Promise<KnowledgeTools> => {
  const db = await w.core.openDatabase();
  const target = proposalTarget(w, m);
  let knowledge: Knowledge | null = null;
  return {
    db,
    host: target?.host ?? null,
    sopsPath: target?.sopsPath ?? 'sops',
    extract: async (conversationId) => {
      if (!target) throw new InputError('no git repository for proposals: set PROPOSALS_REPO, or GITHUB_TOKEN and GITHUB_REPOSITORY');
      knowledge ??= await w.core.loadKnowledge({});
      const loaded = knowledge;
      const job = extraction(w, m, db, () => loaded, target);
      await job({ id: 0, kind: m.openphone.EXTRACT_JOB, key: conversationId, payload: { conversationId }, attempts: 1, maxAttempts: 1 });
    },
    close: () => db.close(),
  };
};
