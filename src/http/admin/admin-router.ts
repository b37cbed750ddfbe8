import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { EffectiveRollout } from '../../config/index.ts';
import { isUnavailable, JOB_STATES, type Db, type JobQueue, type JobState } from '../../db/index.ts';
import { findDeployment, listDeployments, readActive, rollbackDeployment, unpinDeployment } from '../../deploy/index.ts';
import { InputError } from '../../errors.ts';
import type { PrHost } from '../../git/index.ts';
import type { SearchIndex } from '../../search/index.ts';
import {
  countExtracted,
  findProposal,
  ITEM_STATUSES,
  listConversations,
  listExtracted,
  listProposals,
  localReview,
  readConversation,
  reviewProposal,
} from '../../extraction/index.ts';
import {
  GAP_PERIODS,
  keptGapReports,
  markNewSop,
  markNotOurs,
  proposeTopicQuestions,
  readMarks,
  type GapReport,
  type KeptGapReports,
} from '../../gaps/index.ts';
import { harvestSkip } from '../../evals/index.ts';
import type { Logger } from '../../logger.ts';
import { findComparison, listComparisons, loadMetricsSummary, readDecisionStats, recordVerdict, VERDICTS, type Verdict } from '../../metrics/index.ts';
import { html, type Html } from './html.ts';
import { layout, type Notice, type PageContext } from './layout.ts';
import { PAGE_SIZE as COMPARISONS_PAGE, renderComparison, renderComparisonList, type ComparisonQuery } from './pages/comparisons.ts';
import { PAGE_SIZE as CONVERSATIONS_PAGE, renderConversation, renderConversationList } from './pages/conversations.ts';
import { renderDeployments, renderRollbackConfirm } from './pages/deployments.ts';
import { renderGaps } from './pages/gaps.ts';
import { renderJobs } from './pages/jobs.ts';
import { renderKnowledge, renderProposal } from './pages/knowledge.ts';
import { renderLogin } from './pages/login.ts';
import { PERIODS, renderOverview } from './pages/overview.ts';
import { createAdminAuth, createLoginThrottle, SESSION_TTL_MS, type Session } from './session.ts';

export type AdminOptions = {
  /** ADMIN_TOKEN: what reviewers sign in with. */
  token: string;
  db: Db;
  queue: JobQueue;
  /** The job kind that extracts a conversation. */
  extractJob: string;
  /** The effective rollout of the version this server answers with. */
  rollout: () => EffectiveRollout;
  /** The version this server answers with. */
  version: () => string;
  /** The SOP documents of the version this server answers with: what a reviewer can name as the one that should have answered. */
  documents: () => { path: string; title: string }[];
  /** The search index of the version this server answers with: each gap topic's closest SOP. */
  index: () => SearchIndex;
  /** Where proposals go; null when extraction is not configured. */
  host: PrHost | null;
  /** The SOP folder's path in the proposals' repository (`sops`). */
  sopsPath: string;
  log: Logger;
  now?: () => Date;
  /**
   * The Gaps page's kept reports; the service gives ones it keeps warm and stops on shutdown. Without
   * them the router keeps its own, computed when viewed.
   */
  gaps?: KeptGapReports;
};

const SESSION_COOKIE = 'sop_admin';
const LOGIN_COOKIE = 'sop_admin_login';
const CSS = readFileSync(new URL('./assets/admin.css', import.meta.url), 'utf8');

const NOTICES: Record<string, Notice> = {
  verdict: { kind: 'ok', text: 'Verdict stored: sop eval harvest will use it.' },
  'verdict-no_assistant': { kind: 'info', text: 'Verdict stored, but sop eval harvest will skip it: the Assistant gave no answer to compare with.' },
  'verdict-no_source': {
    kind: 'info',
    text: 'Verdict stored, but sop eval harvest will skip it: say which SOP should have answered (or "no SOP") for it to become a label.',
  },
  'verdict-below_threshold': {
    kind: 'info',
    text: 'Verdict stored, but sop eval harvest will skip it: the SOP answer was below its confidence threshold, so it names no document to label.',
  },
  'rolled-back': { kind: 'ok', text: 'Rolled back and pinned. Every server switches within seconds.' },
  unpinned: { kind: 'ok', text: 'Unpinned: the newest healthy version is active.' },
  merged: { kind: 'ok', text: 'Merged into the base branch. The next deploy makes it answer.' },
  rejected: { kind: 'ok', text: 'Rejected: the branch is deleted.' },
  queued: { kind: 'ok', text: 'Extraction queued: the worker runs it within seconds.' },
  'already-queued': { kind: 'info', text: 'An extraction of this conversation is already queued or running.' },
  requeued: { kind: 'ok', text: 'Job queued again: the worker runs it within seconds.' },
  'questions-proposed': { kind: 'ok', text: 'Proposed as typical questions of the SOP: review the branch or pull request, then merge it.' },
  'not-ours': { kind: 'ok', text: 'Marked not ours. Where proposals go, its texts are proposed as out-of-scope questions: review and merge them.' },
  'new-sop': { kind: 'ok', text: 'Marked as needing a new SOP: on GitHub an issue is opened for it, and `sop gaps marked` lists it.' },
  'nothing-to-propose': { kind: 'info', text: 'Nothing to propose: the SOP already has every text of this topic that holds no personal data.' },
};

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    // Another application's malformed cookie on the same host must not break these pages.
    try {
      out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {}
  }
  return out;
}

function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number): void {
  // Secure whenever the request came over HTTPS (directly or through a proxy that says so).
  res.append(
    'set-cookie',
    `${name}=${encodeURIComponent(value)}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${req.secure ? '; Secure' : ''}`,
  );
}

/** Only a path of the dashboard is a place to go back to after signing in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(?:[/?#]|$)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

const number01 = (field: string, value: unknown): number | undefined => {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InputError(`${field}: must be a number from 0 to 1, got "${String(value)}"`);
  return n;
};
const day = (field: string, value: unknown): string | undefined => {
  if (value === undefined || value === '') return undefined;
  // A day that does not exist (2024-02-30) is refused, not rolled over to another.
  const real =
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!real) throw new InputError(`${field}: must be a date written YYYY-MM-DD, got "${String(value)}"`);
  return value;
};
const MAX_PAGE = 100_000;
const page = (value: unknown) => {
  if (value === undefined || value === '') return 1;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new InputError(`page: must be a whole number from 1 to ${MAX_PAGE}, got "${String(value)}"`);
  return n;
};

/**
 * The admin dashboard under /admin: server-rendered pages behind a sign-in with ADMIN_TOKEN (an
 * HttpOnly, SameSite=Strict session cookie) and a CSRF token on every form. Every button acts through
 * the same functions as the CLI: verdicts (`sop eval harvest` reads them), proposal review (`sop
 * proposals`), extraction (the worker's job) and rollback (`sop deploy --rollback`).
 */
export function createAdminRouter(options: AdminOptions): express.Router {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const auth = createAdminAuth({ token: options.token, now: () => now().getTime() });
  const throttle = createLoginThrottle({ now: () => now().getTime() });
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });

  router.use((_req, res, next) => {
    res.set({
      'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    next();
  });

  router.get('/assets/admin.css', (_req, res) => {
    res.set('cache-control', 'public, max-age=3600').type('text/css').send(CSS);
  });

  const loginPage = (req: Request, res: Response, status: number, next: string, error?: string) => {
    const nonce = randomBytes(16).toString('base64url');
    setCookie(req, res, LOGIN_COOKIE, nonce, 3_600_000);
    res
      .status(status)
      .type('html')
      .send(renderLogin({ csrf: nonce, next, error }).value);
  };

  router.get('/login', (req, res) => loginPage(req, res, 200, safeNext(req.query.next)));

  router.post('/login', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const address = req.ip ?? 'unknown';
    const nonce = cookies(req)[LOGIN_COOKIE];
    if (!nonce || body._csrf !== nonce) return loginPage(req, res, 403, next, 'The sign-in form expired or came from another site. Try again.');
    const wait = throttle.retryAfter(address);
    if (wait > 0) {
      res.set('retry-after', String(wait));
      return loginPage(req, res, 429, next, `Too many failed sign-ins: try again in ${Math.ceil(wait / 60)} minute(s).`);
    }
    if (typeof body.token !== 'string' || !auth.checkToken(body.token)) {
      throttle.fail(address);
      log.warn({ ip: address }, 'admin sign-in refused: wrong token');
      return loginPage(req, res, 401, next, 'That is not the admin token.');
    }
    throttle.succeed(address);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is stripped from a reviewer's name
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().replace(/[\u0000-\u001f]/g, '') : 'admin';
    setCookie(req, res, SESSION_COOKIE, auth.issue(name), SESSION_TTL_MS);
    setCookie(req, res, LOGIN_COOKIE, '', 0);
    log.info({ reviewer: name }, 'admin signed in');
    res.redirect(303, next);
  });

  // Everything below needs a session; every POST below also needs the session's CSRF token.
  router.use((req, res, next) => {
    const session = auth.verify(cookies(req)[SESSION_COOKIE]);
    if (!session) {
      if (req.method === 'GET' || req.method === 'HEAD') return loginPage(req, res, 401, safeNext(req.originalUrl));
      res.status(401).type('text').send('sign in at /admin/login first');
      return;
    }
    res.locals.session = session;
    next();
  });
  router.post(/.*/, form, (req, res, next) => {
    const session = res.locals.session as Session;
    if (!auth.checkCsrf(session, (req.body as Record<string, unknown> | undefined)?._csrf)) {
      log.warn({ path: req.path }, 'admin POST refused: missing or wrong CSRF token');
      res.status(403).type('text').send('missing or wrong CSRF token: reload the page and try again');
      return;
    }
    next();
  });

  const context = (res: Response, current?: string): PageContext => {
    const session = res.locals.session as Session;
    return { user: { name: session.name, csrf: auth.csrfToken(session) }, current, version: options.version() };
  };
  const by = (res: Response) => `dashboard: ${(res.locals.session as Session).name}`;
  const send = (req: Request, res: Response, title: string, current: string, body: Html, status = 200) => {
    const done = typeof req.query.done === 'string' ? NOTICES[req.query.done] : undefined;
    res
      .status(status)
      .type('html')
      .send(layout(title, context(res, current), body, done).value);
  };
  const notFound = (res: Response, current: string, what: Html): void =>
    void res
      .status(404)
      .type('html')
      .send(layout('Not found', context(res, current), what).value);

  /** A page or action; its failures become a page that says what happened and what to do. */
  const handle =
    (current: string, fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    (req: Request, res: Response, _next: NextFunction) => {
      fn(req, res).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (isUnavailable(error)) {
          log.error({ err: message }, 'admin page: database unreachable');
          res
            .status(503)
            .set('retry-after', '5')
            .type('html')
            .send(
              layout(
                'Database unreachable',
                context(res, current),
                html`<p class="notice error" role="alert">The database cannot be reached: ${message}.</p><p>Customers are still answered from the version in memory, but nothing can be shown or changed here until it is back. Check that PostgreSQL is running and that <code>DATABASE_URL</code> points at it; <a href="/readyz">/readyz</a> shows the service's own view. This page works again as soon as the database answers: <a href="${req.originalUrl}">try again</a>.</p>`,
              ).value,
            );
          return;
        }
        if (error instanceof InputError) {
          res
            .status(400)
            .type('html')
            .send(
              layout('Cannot do that', context(res, current), html`<p class="notice error" role="alert">${message}</p><p><a href="${current}">Back</a></p>`)
                .value,
            );
          return;
        }
        log.error({ err: message, path: req.path }, 'admin page failed');
        res
          .status(500)
          .type('html')
          .send(
            layout(
              'Something went wrong',
              context(res, current),
              html`<p class="notice error" role="alert">${message}</p><p>The error is in the service log. <a href="${req.originalUrl}">Try again</a>.</p>`,
            ).value,
          );
      });
    };

  router.post('/logout', (req, res) => {
    setCookie(req, res, SESSION_COOKIE, '', 0);
    res.redirect(303, '/admin/login');
  });

  router.get(
    '/',
    handle('/admin', async (req, res) => {
      const days = (PERIODS as readonly number[]).includes(Number(req.query.days)) ? Number(req.query.days) : 7;
      const rollout = options.rollout();
      const summary = await loadMetricsSummary(db, { days, today: now(), baselineMonthlyUsd: rollout.costs.baseline_monthly_usd });
      const stats = await readDecisionStats(db, summary.range);
      send(req, res, 'Overview', '/admin', renderOverview({ days, rollout, summary, stats }));
    }),
  );

  router.get(
    '/comparisons',
    handle('/admin/comparisons', async (req, res) => {
      const q = req.query;
      const verdict = q.verdict === 'none' || (VERDICTS as readonly unknown[]).includes(q.verdict) ? (q.verdict as Verdict | 'none') : undefined;
      const filter: ComparisonQuery = {
        route: typeof q.route === 'string' && q.route ? q.route : undefined,
        from: day('from', q.from),
        to: day('to', q.to),
        similarityBelow: number01('similarity_below', q.similarity_below),
        minConfidence: number01('min_confidence', q.min_confidence),
        maxConfidence: number01('max_confidence', q.max_confidence),
        verdict,
        page: page(q.page),
      };
      const { rows, total } = await listComparisons(db, { ...filter, limit: COMPARISONS_PAGE, offset: (filter.page - 1) * COMPARISONS_PAGE });
      // Only an empty page needs to know whether there is anything at all (the two empty states differ).
      const anyAtAll = total > 0 || (await listComparisons(db, { limit: 1 })).total > 0;
      send(
        req,
        res,
        'Shadow comparisons',
        '/admin/comparisons',
        renderComparisonList({ filter, routes: options.rollout().routes.map((r) => r.route), rows, total, anyAtAll }),
      );
    }),
  );

  router.get(
    '/comparisons/:id',
    handle('/admin/comparisons', async (req, res) => {
      const comparison = await findComparison(db, String(req.params.id));
      if (!comparison)
        return notFound(
          res,
          '/admin/comparisons',
          html`<p>No shadow comparison ${String(req.params.id)}. <a href="/admin/comparisons">All comparisons</a></p>`,
        );
      const back = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')).replace(/[?&]done=[^&]*/, '') : '';
      send(
        req,
        res,
        'Shadow comparison',
        '/admin/comparisons',
        renderComparison(comparison, options.documents(), context(res, '/admin/comparisons'), back.startsWith('?') ? back : back ? `?${back.slice(1)}` : ''),
      );
    }),
  );

  router.post(
    '/comparisons/:id/verdict',
    handle('/admin/comparisons', async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const id = String(req.params.id);
      const source = typeof body.source === 'string' ? body.source : undefined;
      const judged = await recordVerdict(db, id, String(body.verdict ?? ''), by(res), { source, documents: new Set(options.documents().map((d) => d.path)) });
      const skip = harvestSkip(judged);
      const back = typeof body.back === 'string' && body.back.startsWith('?') ? body.back : '';
      res.redirect(303, `/admin/comparisons/${id}${back ? `${back}&` : '?'}done=${skip ? `verdict-${skip}` : 'verdict'}`);
    }),
  );

  const target = { kind: options.host?.kind ?? null };

  const gaps = options.gaps ?? keptGapReports({ db, version: options.version, index: options.index, log, now });

  /** A kept report with the marks as they are now: a decision shows at once. */
  const withMarks = async (report: GapReport): Promise<GapReport> => {
    const marks = await readMarks(
      db,
      report.topics.map((t) => t.id),
    );
    return { ...report, topics: report.topics.map((t) => ({ ...t, mark: marks.get(t.id) ?? null })) };
  };

  /** The period, route and topic a form on the Gaps page names. */
  const postedTopic = async (body: Record<string, unknown>) => {
    const days = (GAP_PERIODS as readonly number[]).includes(Number(body.days)) ? Number(body.days) : 7;
    const route = typeof body.route === 'string' && body.route ? body.route : undefined;
    const topic = (await gaps.get(days, route).report).topics.find((t) => t.id === body.topic);
    if (!topic) throw new InputError(`topic: no topic ${String(body.topic)} in this report any more; reload the page`);
    return { days, route, topic };
  };
  const gapsPage = (days: number, route: string | undefined, done: string) =>
    `/admin/gaps?days=${days}${route ? `&route=${encodeURIComponent(route)}` : ''}&done=${done}`;

  router.get(
    '/gaps',
    handle('/admin/gaps', async (req, res) => {
      const days = (GAP_PERIODS as readonly number[]).includes(Number(req.query.days)) ? Number(req.query.days) : 7;
      const routes = options.rollout().routes.map((r) => r.route);
      const route = typeof req.query.route === 'string' && routes.includes(req.query.route) ? req.query.route : undefined;
      const { at, report } = gaps.get(days, route);
      send(
        req,
        res,
        'Gaps',
        '/admin/gaps',
        renderGaps(
          {
            report: await withMarks(await report),
            days,
            route,
            routes,
            computedAt: at,
            documents: options.host ? options.documents().map((d) => d.path) : null,
          },
          context(res, '/admin/gaps'),
        ),
      );
    }),
  );

  router.post(
    '/gaps/questions',
    handle('/admin/gaps', async (req, res) => {
      const body = req.body as Record<string, unknown>;
      if (!options.host) throw new InputError('nowhere to propose: set PROPOSALS_REPO (a local git repository), or GITHUB_TOKEN and GITHUB_REPOSITORY');
      const { days, route, topic } = await postedTopic(body);
      const sop = String(body.sop ?? '');
      if (!options.documents().some((d) => d.path === sop)) throw new InputError(`sop: choose one of the SOPs this server answers with, got "${sop}"`);
      const { proposal, added } = await proposeTopicQuestions({ host: options.host, topic, sop, sopsDir: options.sopsPath });
      log.info({ topic: topic.id, sop, added: added.length, branch: proposal?.branch ?? null, by: by(res) }, 'gap topic proposed as SOP questions');
      res.redirect(303, gapsPage(days, route, proposal ? 'questions-proposed' : 'nothing-to-propose'));
    }),
  );

  router.post(
    '/gaps/not-ours',
    handle('/admin/gaps', async (req, res) => {
      const { days, route, topic } = await postedTopic(req.body as Record<string, unknown>);
      const { link } = await markNotOurs({ db, host: options.host, sopsPath: options.sopsPath, topic, by: by(res) });
      log.info({ topic: topic.id, link, by: by(res) }, 'gap topic marked not ours');
      res.redirect(303, gapsPage(days, route, 'not-ours'));
    }),
  );

  router.post(
    '/gaps/new-sop',
    handle('/admin/gaps', async (req, res) => {
      const { days, route, topic } = await postedTopic(req.body as Record<string, unknown>);
      const link = await markNewSop({ db, host: options.host, topic, by: by(res) });
      log.info({ topic: topic.id, link, by: by(res) }, 'gap topic marked as needing a new SOP');
      res.redirect(303, gapsPage(days, route, 'new-sop'));
    }),
  );

  router.get(
    '/knowledge',
    handle('/admin/knowledge', async (req, res) => {
      const status = (ITEM_STATUSES as readonly unknown[]).includes(req.query.status) ? String(req.query.status) : undefined;
      const [proposals, items, counts] = await Promise.all([listProposals(db), listExtracted(db, { status }), countExtracted(db)]);
      send(req, res, 'Knowledge', '/admin/knowledge', renderKnowledge({ target, proposals, items, counts, status }));
    }),
  );

  router.get(
    '/knowledge/proposals/:key',
    handle('/admin/knowledge', async (req, res) => {
      const key = String(req.params.key);
      const proposal = await findProposal(db, key).catch((error: unknown) => {
        if (error instanceof InputError) return null;
        throw error;
      });
      if (!proposal) return notFound(res, '/admin/knowledge', html`<p>No proposal ${key}. <a href="/admin/knowledge">All proposals</a></p>`);
      const review = localReview(options.host);
      const diff = review && proposal.host === 'local' && proposal.state === 'open' ? await review.diff(proposal.branch).catch(() => null) : null;
      const items = await listExtracted(db, { proposalKey: key });
      send(req, res, proposal.title, '/admin/knowledge', renderProposal({ proposal, items, diff, target }, context(res, '/admin/knowledge')));
    }),
  );

  for (const action of ['merge', 'reject'] as const) {
    router.post(
      `/knowledge/proposals/:key/${action}`,
      handle('/admin/knowledge', async (req, res) => {
        const key = String(req.params.key);
        const state = await reviewProposal({ db, host: options.host, key, action });
        log.info({ proposal: key, state, by: by(res) }, 'proposal reviewed in the dashboard');
        res.redirect(303, `/admin/knowledge/proposals/${encodeURIComponent(key)}?done=${state}`);
      }),
    );
  }

  router.get(
    '/conversations',
    handle('/admin/conversations', async (req, res) => {
      const p = page(req.query.page);
      const { rows, total } = await listConversations(db, { jobKind: options.extractJob, limit: CONVERSATIONS_PAGE, offset: (p - 1) * CONVERSATIONS_PAGE });
      send(req, res, 'Conversations', '/admin/conversations', renderConversationList({ rows, total, page: p }));
    }),
  );

  router.get(
    '/conversations/:id',
    handle('/admin/conversations', async (req, res) => {
      const conversation = await readConversation(db, String(req.params.id), { jobKind: options.extractJob });
      if (!conversation)
        return notFound(
          res,
          '/admin/conversations',
          html`<p>No conversation ${String(req.params.id)}: it has not reached the webhook, or it was deleted. <a href="/admin/conversations">All conversations</a></p>`,
        );
      send(req, res, 'Conversation', '/admin/conversations', renderConversation(conversation, context(res, '/admin/conversations'), target));
    }),
  );

  router.post(
    '/conversations/:id/extract',
    handle('/admin/conversations', async (req, res) => {
      const conversation = await readConversation(db, String(req.params.id), { jobKind: options.extractJob });
      if (!conversation) throw new InputError(`no conversation ${String(req.params.id)}`);
      if (!options.host)
        throw new InputError('extraction is not configured: set PROPOSALS_REPO, or GITHUB_TOKEN and GITHUB_REPOSITORY, and restart the service');
      const job = await options.queue.enqueue(options.extractJob, { conversationId: conversation.id }, { key: conversation.id });
      res.redirect(303, `/admin/conversations/${conversation.id}?done=${job === null ? 'already-queued' : 'queued'}`);
    }),
  );

  router.get(
    '/jobs',
    handle('/admin/jobs', async (req, res) => {
      const state = (JOB_STATES as readonly unknown[]).includes(req.query.state) ? (req.query.state as JobState) : undefined;
      const [counts, jobs] = await Promise.all([options.queue.counts(), options.queue.list({ state, limit: 200 })]);
      send(req, res, 'Jobs', '/admin/jobs', renderJobs({ counts, jobs, state, extractJob: options.extractJob }, context(res, '/admin/jobs')));
    }),
  );

  router.post(
    '/jobs/:id/retry',
    handle('/admin/jobs', async (req, res) => {
      const id = Number(req.params.id);
      if (!Number.isSafeInteger(id) || !(await options.queue.requeue(id)))
        throw new InputError(`job ${String(req.params.id)} is not dead, does not exist, or another job of its kind and key is queued or running`);
      log.info({ job: id, by: by(res) }, 'dead job queued again from the dashboard');
      res.redirect(303, '/admin/jobs?done=requeued');
    }),
  );

  router.get(
    '/deployments',
    handle('/admin/deployments', async (req, res) => {
      const [versions, active] = await Promise.all([listDeployments(db), readActive(db)]);
      send(
        req,
        res,
        'Deployments',
        '/admin/deployments',
        renderDeployments({ versions, active, serving: options.version() }, context(res, '/admin/deployments')),
      );
    }),
  );

  router.get(
    '/deployments/:version/rollback',
    handle('/admin/deployments', async (req, res) => {
      const [found, active] = await Promise.all([findDeployment(db, String(req.params.version)), readActive(db)]);
      if (!found)
        return notFound(
          res,
          '/admin/deployments',
          html`<p>No version ${String(req.params.version)}: it may have been pruned. <a href="/admin/deployments">All versions</a></p>`,
        );
      send(req, res, 'Roll back', '/admin/deployments', renderRollbackConfirm({ target: found, active }, context(res, '/admin/deployments')));
    }),
  );

  router.post(
    '/deployments/rollback',
    handle('/admin/deployments', async (req, res) => {
      const version = String((req.body as Record<string, unknown>).version ?? '');
      if (!version) throw new InputError('version: name the version to roll back to');
      const activated = await rollbackDeployment(db, version, by(res));
      log.info({ version: activated, by: by(res) }, 'rolled back from the dashboard');
      res.redirect(303, '/admin/deployments?done=rolled-back');
    }),
  );

  router.post(
    '/deployments/unpin',
    handle('/admin/deployments', async (_req, res) => {
      const activated = await unpinDeployment(db, by(res));
      log.info({ version: activated, by: by(res) }, 'unpinned from the dashboard');
      res.redirect(303, '/admin/deployments?done=unpinned');
    }),
  );

  router.use((_req, res) => notFound(res, '/admin', html`<p>There is no such page. <a href="/admin">Overview</a></p>`));
  return router;
}
