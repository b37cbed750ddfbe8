import type express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { effectiveRollout } from '../../src/config/index.ts';
import { createJobQueue, type Db } from '../../src/db/index.ts';
import { createAdminAuth, SESSION_TTL_MS } from '../../src/http/admin/session.ts';
import { createAdminRouter, createApp, createMetrics } from '../../src/http/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';
import { listen } from './listen.ts';

const TOKEN = 'a-test-admin-token-0123456789';
const COMPARISON = '3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b';
const SESSION_COOKIE = /^sop_admin=([^;]+); Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=43200$/;

type Service = { url: string; close(): Promise<void> };

/** The real app on a free port; with `admin` options the dashboard is mounted, without them it is off. */
async function startApp(db: Db | null, extra: { now?: () => Date } = {}, trustProxy = 'loopback'): Promise<Service> {
  const log = captureLogger();
  const admin: express.Router | undefined = db
    ? createAdminRouter({
        token: TOKEN,
        db,
        queue: createJobQueue({ db }),
        extractJob: 'extract',
        rollout: () => effectiveRollout(null, {}, ['booking', 'tech']),
        version: () => 'v-test',
        documents: () => [{ path: 'tech/frozen-screen.md', title: 'Frozen screen' }],
        index: () => {
          throw new Error('the gap report is not used by the admin tests');
        },
        host: null,
        sopsPath: 'sops',
        log,
        ...extra,
      })
    : undefined;
  const unused = () => {
    throw new Error('not used by the admin tests');
  };
  const app = createApp({
    webhook: async () => ({ status: 500, body: { error: 'not used by the admin tests' } }),
    readiness: async () => ({ ready: true, checks: {} }),
    metrics: createMetrics(),
    log,
    ask: unused,
    rollout: unused,
    admin,
    trustProxy,
  });
  const { url, close } = await listen(app);
  return { url, close };
}

const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });

const post = (url: string, form: Record<string, string>, o: { cookie?: string; headers?: Record<string, string> } = {}) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(o.cookie ? { cookie: o.cookie } : {}), ...o.headers },
    body: new URLSearchParams(form).toString(),
  });

const setCookie = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const csrfField = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1];

/** The sign-in form as a browser gets it: the nonce cookie and the same nonce in the form. */
async function loginForm(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await get(`${url}/admin/login`);
  expect(res.status).toBe(200);
  const nonce = /^sop_admin_login=([^;]+);/.exec(setCookie(res, 'sop_admin_login') ?? '')?.[1];
  const csrf = csrfField(await res.text());
  expect(nonce).toBeTruthy();
  expect(csrf).toBe(nonce);
  return { cookie: `sop_admin_login=${nonce}`, csrf: csrf! };
}

async function submitLogin(url: string, fields: { token: string; name?: string; next?: string }, headers: Record<string, string> = {}): Promise<Response> {
  const { cookie, csrf } = await loginForm(url);
  return post(`${url}/admin/login`, { token: fields.token, name: fields.name ?? 'Ada', next: fields.next ?? '/admin', _csrf: csrf }, { cookie, headers });
}

/** Signs in through the form and reads the session's CSRF token off the overview page, like a browser. */
async function signIn(url: string, name = 'Ada'): Promise<{ cookie: string; csrf: string }> {
  const res = await submitLogin(url, { token: TOKEN, name });
  expect(res.status).toBe(303);
  const cookie = `sop_admin=${SESSION_COOKIE.exec(setCookie(res, 'sop_admin') ?? '')![1]}`;
  const page = await get(`${url}/admin`, cookie);
  expect(page.status).toBe(200);
  return { cookie, csrf: csrfField(await page.text())! };
}

/** Two healthy versions; the older one active and pinned by an earlier rollback. */
async function seed(db: Db): Promise<void> {
  await db.exec('DELETE FROM deployment_state; DELETE FROM deployments; DELETE FROM sop_shadow_comparisons');
  await db.exec(`INSERT INTO deployments (version, created_at, deployed_by, content_hash, embedder, knowledge, rollout_version, sections, embedded, health) VALUES
    ('v-old', now() - interval '2 days', 'ci', 'h1', 'local', '\\x00'::bytea, 'built-in', 1, 1, 'passed'),
    ('v-new', now() - interval '1 day', 'ci', 'h2', 'local', '\\x00'::bytea, 'built-in', 1, 1, 'passed')`);
  await db.exec(`INSERT INTO deployment_state (active_version, pinned, activated_by) VALUES ('v-old', true, 'ops')`);
  await db.query(
    `INSERT INTO sop_shadow_comparisons (id, route, query, assistant_response, sop_response, sop_confidence, similarity)
     VALUES ($1, 'booking', 'can I move my booking to 6pm?', 'Yes, use the app to move it.', 'Yes: open Bookings and pick 6pm.', 0.82, 0.64)`,
    [COMPARISON],
  );
}

const deploymentState = async (db: Db) => (await db.query('SELECT active_version, pinned, activated_by FROM deployment_state')).rows;
const verdictOf = async (db: Db) => (await db.query('SELECT verdict, verdict_by FROM sop_shadow_comparisons WHERE id = $1', [COMPARISON])).rows;
const UNTOUCHED_STATE = [{ active_version: 'v-old', pinned: true, activated_by: 'ops' }];
const NO_VERDICT = [{ verdict: null, verdict_by: null }];

describe.each(DATABASES)('the admin dashboard on $name', ({ open }) => {
  let t: TestDb;
  let app: Service;
  beforeAll(async () => {
    t = await open();
    app = await startApp(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });
  beforeEach(() => seed(t.db));

  describe('without a session', () => {
    it.each(['/admin', '/admin/deployments', `/admin/comparisons/${COMPARISON}`])(
      'GET %s answers 401 with the sign-in form and a fresh nonce cookie',
      async (path) => {
        const res = await get(`${app.url}${path}`);
        expect(res.status).toBe(401);
        const body = await res.text();
        expect(body).toContain('name="token"');
        expect(body).toContain(`<input type="hidden" name="next" value="${path}">`);
        expect(setCookie(res, 'sop_admin_login')).toMatch(/^sop_admin_login=[\w-]{22}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=3600$/);
      },
    );

    it.each([
      ['/admin/deployments/rollback', { version: 'v-new' }],
      ['/admin/deployments/unpin', {}],
      [`/admin/comparisons/${COMPARISON}/verdict`, { verdict: 'worse' }],
    ])('POST %s answers 401 and changes nothing', async (path, form) => {
      const res = await post(`${app.url}${path}`, form);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('sign in at /admin/login first');
      expect(await deploymentState(t.db)).toEqual(UNTOUCHED_STATE);
      expect(await verdictOf(t.db)).toEqual(NO_VERDICT);
    });
  });

  describe('signing in', () => {
    it('redirects to next with an HttpOnly, SameSite=Strict session cookie for /admin, not Secure over http', async () => {
      const res = await submitLogin(app.url, { token: TOKEN, next: '/admin/comparisons?route=booking' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/comparisons?route=booking');
      expect(setCookie(res, 'sop_admin')).toMatch(SESSION_COOKIE);
      expect(setCookie(res, 'sop_admin_login')).toBe('sop_admin_login=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0');
    });

    it('marks the cookie Secure when a proxy says the request came over https', async () => {
      const res = await submitLogin(app.url, { token: TOKEN }, { 'x-forwarded-proto': 'https' });
      expect(res.status).toBe(303);
      expect(setCookie(res, 'sop_admin')).toMatch(/^sop_admin=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    });

    it('refuses a wrong token with 401 and no session', async () => {
      const res = await submitLogin(app.url, { token: 'not-the-admin-token-0123456789' });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('That is not the admin token.');
      expect(setCookie(res, 'sop_admin')).toBeUndefined();
    });

    it.each([
      ['no nonce cookie', '', 'abc'],
      ['a _csrf field that differs from the nonce cookie', 'sop_admin_login=abc', 'abd'],
      ['no _csrf field', 'sop_admin_login=abc', undefined],
    ])('refuses a sign-in with %s with 403, even with the right token', async (_case, cookie, csrf) => {
      const res = await post(`${app.url}/admin/login`, { token: TOKEN, next: '/admin', ...(csrf === undefined ? {} : { _csrf: csrf }) }, { cookie });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('The sign-in form expired or came from another site. Try again.');
      expect(setCookie(res, 'sop_admin')).toBeUndefined();
    });

    it.each(['//evil.example', 'https://evil.example', '/admin.evil.example', '/administrator', 'javascript:alert(1)'])(
      'sends next=%s to /admin instead',
      async (next) => {
        const res = await submitLogin(app.url, { token: TOKEN, next });
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/admin');
      },
    );
  });

  describe('with a session', () => {
    let session: { cookie: string; csrf: string };
    beforeAll(async () => {
      session = await signIn(app.url);
    });

    it('shows the overview, signed in under the given name', async () => {
      const res = await get(`${app.url}/admin`, session.cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const body = await res.text();
      expect(body).toContain('<h1>Overview</h1>');
      expect(body).toContain('Sign out Ada');
      expect(session.csrf).toMatch(/^[\w-]{43}$/);
    });

    it.each([
      ['/admin', 200],
      ['/admin/login', 200],
      ['/admin/no-such-page', 404],
    ])('GET %s answers %i with headers that keep it out of frames and caches', async (path, status) => {
      const res = await get(`${app.url}${path}`, session.cookie);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it.each([
      ['no _csrf field', {}],
      ['a wrong _csrf', { _csrf: 'A'.repeat(43) }],
      ['an empty _csrf', { _csrf: '' }],
    ])('refuses a POST with %s with 403 and changes nothing', async (_case, form) => {
      const unpin = await post(`${app.url}/admin/deployments/unpin`, form, { cookie: session.cookie });
      expect(unpin.status).toBe(403);
      expect(await unpin.text()).toBe('missing or wrong CSRF token: reload the page and try again');
      const verdict = await post(`${app.url}/admin/comparisons/${COMPARISON}/verdict`, { verdict: 'worse', ...form }, { cookie: session.cookie });
      expect(verdict.status).toBe(403);
      expect(await deploymentState(t.db)).toEqual(UNTOUCHED_STATE);
      expect(await verdictOf(t.db)).toEqual(NO_VERDICT);
    });

    it("refuses another session's CSRF token", async () => {
      const other = await signIn(app.url, 'Bob');
      expect(other.csrf).not.toBe(session.csrf);
      const res = await post(`${app.url}/admin/deployments/unpin`, { _csrf: other.csrf }, { cookie: session.cookie });
      expect(res.status).toBe(403);
      expect(await deploymentState(t.db)).toEqual(UNTOUCHED_STATE);
    });

    it('unpins with the CSRF token, recording who did it', async () => {
      const res = await post(`${app.url}/admin/deployments/unpin`, { _csrf: session.csrf }, { cookie: session.cookie });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/deployments?done=unpinned');
      expect(await deploymentState(t.db)).toEqual([{ active_version: 'v-new', pinned: false, activated_by: 'dashboard: Ada' }]);
    });

    it('stores a verdict posted from the comparison page, and shows it was stored', async () => {
      const page = await get(`${app.url}/admin/comparisons/${COMPARISON}`, session.cookie);
      expect(page.status).toBe(200);
      const csrf = csrfField(await page.text());
      expect(csrf).toBe(session.csrf);

      const res = await post(`${app.url}/admin/comparisons/${COMPARISON}/verdict`, { _csrf: csrf!, verdict: 'worse' }, { cookie: session.cookie });
      expect(res.status).toBe(303);
      // "SOP worse" without the SOP that should have answered: stored, and the page says harvesting will skip it.
      expect(res.headers.get('location')).toBe(`/admin/comparisons/${COMPARISON}?done=verdict-no_source`);
      expect(await verdictOf(t.db)).toEqual([{ verdict: 'worse', verdict_by: 'dashboard: Ada' }]);

      const after = await get(`${app.url}${res.headers.get('location')}`, session.cookie);
      const body = await after.text();
      expect(body).toContain('<p class="notice info" role="status">Verdict stored, but sop eval harvest will skip it: say which SOP should have answered');
      expect(body).toContain('by dashboard: Ada at');
    });

    it('stores the SOP that should have answered with a worse verdict, and shows it', async () => {
      const page = await (await get(`${app.url}/admin/comparisons/${COMPARISON}`, session.cookie)).text();
      expect(page).toContain('<option value="tech/frozen-screen.md">tech/frozen-screen.md (Frozen screen)</option>');
      const res = await post(
        `${app.url}/admin/comparisons/${COMPARISON}/verdict`,
        { _csrf: session.csrf, verdict: 'worse', source: 'tech/frozen-screen.md' },
        { cookie: session.cookie },
      );
      expect(res.status).toBe(303);
      expect((await t.db.query('SELECT verdict, verdict_source FROM sop_shadow_comparisons WHERE id = $1', [COMPARISON])).rows).toEqual([
        { verdict: 'worse', verdict_source: 'tech/frozen-screen.md' },
      ]);
      const after = await (await get(`${app.url}${res.headers.get('location')}`, session.cookie)).text();
      expect(after).toContain('should have answered: <code>tech/frozen-screen.md</code>');
      expect(after).toContain('<option value="tech/frozen-screen.md" selected>');

      await post(`${app.url}/admin/comparisons/${COMPARISON}/verdict`, { _csrf: session.csrf, verdict: 'worse', source: 'none' }, { cookie: session.cookie });
      expect(await (await get(`${app.url}/admin/comparisons/${COMPARISON}`, session.cookie)).text()).toContain('(no SOP should have answered)');
    });

    it.each([
      [
        'a document the live version does not hold',
        { verdict: 'worse', source: 'tech/no-such-sop.md' },
        'must be a document of the live version (route/name.md) or &quot;none&quot;, got &quot;tech/no-such-sop.md&quot;',
      ],
      ['a source with a verdict other than worse', { verdict: 'better', source: 'tech/frozen-screen.md' }, 'given only with the verdict worse'],
    ])('answers %s with a 400 page and leaves the row alone', async (_, form, message) => {
      const res = await post(`${app.url}/admin/comparisons/${COMPARISON}/verdict`, { _csrf: session.csrf, ...form }, { cookie: session.cookie });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
      expect(await verdictOf(t.db)).toEqual(NO_VERDICT);
    });

    it.each([
      ['/admin/conversations?page=Infinity', 'page: must be a whole number from 1 to 100000, got &quot;Infinity&quot;'],
      ['/admin/conversations?page=1e20', 'page: must be a whole number from 1 to 100000, got &quot;1e20&quot;'],
      ['/admin/comparisons?page=-3', 'page: must be a whole number from 1 to 100000, got &quot;-3&quot;'],
      ['/admin/comparisons?from=2024-02-30', 'from: must be a date written YYYY-MM-DD, got &quot;2024-02-30&quot;'],
      ['/admin/comparisons?to=2026-13-01', 'to: must be a date written YYYY-MM-DD, got &quot;2026-13-01&quot;'],
    ])('answers %s with a 400 page that says why', async (path, message) => {
      const res = await get(`${app.url}${path}`, session.cookie);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    });

    it('answers an invalid verdict with a 400 page and leaves the row alone', async () => {
      const res = await post(`${app.url}/admin/comparisons/${COMPARISON}/verdict`, { _csrf: session.csrf, verdict: 'excellent' }, { cookie: session.cookie });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('verdict must be one of better, same, worse, got &quot;excellent&quot;');
      expect(await verdictOf(t.db)).toEqual(NO_VERDICT);
    });

    it('signs out only with the CSRF token, by expiring the cookie', async () => {
      const forged = await post(`${app.url}/admin/logout`, {}, { cookie: session.cookie });
      expect(forged.status).toBe(403);
      expect(setCookie(forged, 'sop_admin')).toBeUndefined();

      const res = await post(`${app.url}/admin/logout`, { _csrf: session.csrf }, { cookie: session.cookie });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/login');
      expect(setCookie(res, 'sop_admin')).toBe('sop_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0');
    });
  });

  it("ignores another application's malformed cookie on the same host", async () => {
    const { cookie } = await signIn(app.url);
    expect((await get(`${app.url}/admin`, `other=%E0%A4%A; ${cookie}`)).status).toBe(200);
    expect((await get(`${app.url}/admin`, 'other=%E0%A4%A')).status).toBe(401);
  });

  describe('a session cookie that is not genuine', () => {
    let genuine: string;
    beforeAll(async () => {
      genuine = (await signIn(app.url, 'Ada')).cookie.slice('sop_admin='.length);
    });
    const flipFirst = (text: string) => `${text.startsWith('A') ? 'B' : 'A'}${text.slice(1)}`;
    const swap = (cookie: string, index: number, value: string) =>
      cookie
        .split('.')
        .map((p, i) => (i === index ? value : p))
        .join('.');
    const cases: [string, () => string][] = [
      ['a tampered signature', () => swap(genuine, 3, flipFirst(genuine.split('.')[3]!))],
      ['a tampered name', () => swap(genuine, 2, Buffer.from('Mallory').toString('base64url'))],
      ['a later expiry', () => swap(genuine, 1, String(Date.now() + 10 * SESSION_TTL_MS))],
      ['a signature by another ADMIN_TOKEN', () => createAdminAuth({ token: 'another-admin-token-9876543210' }).issue('Ada')],
      ['an expired session', () => createAdminAuth({ token: TOKEN, now: () => Date.now() - SESSION_TTL_MS - 1000 }).issue('Ada')],
    ];

    it.each(cases)('with %s is refused: 401 on GET and POST', async (_case, cookie) => {
      const page = await get(`${app.url}/admin`, `sop_admin=${cookie()}`);
      expect(page.status).toBe(401);
      expect(await page.text()).toContain('name="token"');
      const action = await post(`${app.url}/admin/deployments/unpin`, {}, { cookie: `sop_admin=${cookie()}` });
      expect(action.status).toBe(401);
      expect(await deploymentState(t.db)).toEqual(UNTOUCHED_STATE);
    });

    it('is accepted untampered (the control for the cases above)', async () => {
      expect((await get(`${app.url}/admin`, `sop_admin=${genuine}`)).status).toBe(200);
    });
  });
});

describe('sign-in throttling', () => {
  let t: TestDb;
  let app: Service;
  let clock = Date.parse('2025-06-02T09:00:00Z');
  beforeAll(async () => {
    t = await DATABASES[0]!.open();
    app = await startApp(t.db, { now: () => new Date(clock) });
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  it('locks an address out after 10 wrong tokens, even from the right token, until the window ends', async () => {
    const { cookie, csrf } = await loginForm(app.url);
    const attempt = (token: string) => post(`${app.url}/admin/login`, { token, next: '/admin', _csrf: csrf }, { cookie });
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong-token-${i}`)).status).toBe(401);

    const locked = await attempt(TOKEN);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await locked.text()).toContain('Too many failed sign-ins: try again in 15 minute(s).');
    expect(setCookie(locked, 'sop_admin')).toBeUndefined();

    clock += 14 * 60_000;
    const still = await attempt(TOKEN);
    expect(still.status).toBe(429);
    expect(still.headers.get('retry-after')).toBe('60');

    clock += 60_001;
    const after = await attempt(TOKEN);
    expect(after.status).toBe(303);
    expect(setCookie(after, 'sop_admin')).toMatch(SESSION_COOKIE);
  });
});

describe('sign-in throttling behind a proxy that is not trusted', () => {
  it.each([
    ['only proxies in 10.0.0.0/8 are believed', '10.0.0.0/8'],
    ['no proxy is believed (the default)', 'none'],
  ])('keys on the connection when %s, so a made-up X-Forwarded-For from 127.0.0.1 opens no new window', async (_, trustProxy) => {
    const t = await DATABASES[0]!.open();
    const app = await startApp(t.db, {}, trustProxy);
    try {
      const { cookie, csrf } = await loginForm(app.url);
      const attempt = (token: string, forwardedFor: string) =>
        post(`${app.url}/admin/login`, { token, next: '/admin', _csrf: csrf }, { cookie, headers: { 'x-forwarded-for': forwardedFor } });
      for (let i = 0; i < 10; i++) expect((await attempt(`wrong-token-${i}`, `203.0.113.${i}`)).status).toBe(401);
      expect((await attempt(TOKEN, '198.51.100.7')).status).toBe(429);
    } finally {
      await app.close();
      await t.drop();
    }
  });
});

describe('the database unreachable', () => {
  it('answers 503 with a page that says so', async () => {
    const t = await DATABASES.find((d) => d.name === 'pglite')!.open();
    const app = await startApp(t.db);
    try {
      const { cookie } = await signIn(app.url);
      await t.db.close();
      const res = await get(`${app.url}/admin`, cookie);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = await res.text();
      expect(body).toContain('<h1>Database unreachable</h1>');
      expect(body).toContain('The database cannot be reached:');
    } finally {
      await app.close();
    }
  });
});

describe('without ADMIN_TOKEN', () => {
  it('answers /admin with 404 and says how to turn the pages on', async () => {
    const app = await startApp(null);
    try {
      for (const path of ['/admin', '/admin/login']) {
        const res = await get(`${app.url}${path}`);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ error: 'the admin pages are off: set ADMIN_TOKEN (at least 16 characters) and restart' });
      }
    } finally {
      await app.close();
    }
  });
});
