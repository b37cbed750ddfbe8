import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { isUnavailable } from '../../db/index.ts';
import { InputError } from '../../errors.ts';
import { html, type Html } from './html.ts';
import type { AdminKit, AdminOptions } from './kit.ts';
import { layout, type Notice, type PageContext } from './layout.ts';
import { renderLogin } from './pages/login.ts';
import { comparisonRoutes } from './routes/comparisons.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { gapRoutes } from './routes/gaps.ts';
import { jobRoutes } from './routes/jobs.ts';
import { knowledgeRoutes } from './routes/knowledge.ts';
import { overviewRoutes } from './routes/overview.ts';
import { createAdminAuth, createLoginThrottle, SESSION_TTL_MS, type Session } from './session.ts';

export type { AdminOptions } from './kit.ts';

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

  const kit: AdminKit = { options, db, log, now, target: { kind: options.host?.kind ?? null }, handle, send, notFound, context, by };
  for (const mount of [overviewRoutes, comparisonRoutes, gapRoutes, knowledgeRoutes, conversationRoutes, jobRoutes, deploymentRoutes]) mount(router, kit);

  router.use((_req, res) => notFound(res, '/admin', html`<p>There is no such page. <a href="/admin">Overview</a></p>`));
  return router;
}
