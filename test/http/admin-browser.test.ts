/**
 * The admin dashboard in a real browser (Chromium driven by playwright-core: see ./browser.ts), against the
 * real service on PGlite with seeded rows: sign in with the keyboard, read the overview, filter shadow
 * comparisons and record a verdict that `sop eval harvest` then reads, reject a local proposal (its
 * branch goes), queue an extraction, retry a dead job, and roll back a deployment that every server then answers with.
 * A screenshot of each page goes to test-results/ (and the overview at 375 px, a phone's width).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/db/index.ts';
import { readActive } from '../../src/deploy/index.ts';
import { harvestCases } from '../../src/evals/harvest.ts';
import { createLocalPrHost } from '../../src/git/index.ts';
import { createRuntime, type Service } from '../../src/main.ts';
import { FROZEN, makeDeployRepo, runtimeEnv, type DeployRepo } from '../deploy/deploy-repo.ts';
import { launchChromium } from './browser.ts';
import { deliver, messageEvent, SECRET } from './test-service.ts';

const SHOTS = join(process.cwd(), 'test-results');
const TOKEN = 'browser-test-admin-token-0123456789';

/** The decisions the overview must add up: booking 3 by the SOP module, 1 fallback, 1 escalation; tech 2 shadowed. */
const DECISIONS = [
  { route: 'booking', mode: 'rollout', answered_by: 'sop', reason: 'confident', conf: 0.85, sop: 2, asst: null },
  { route: 'booking', mode: 'rollout', answered_by: 'sop', reason: 'confident', conf: 0.9, sop: 4, asst: null },
  { route: 'booking', mode: 'rollout', answered_by: 'sop', reason: 'confident', conf: 0.95, sop: 6, asst: null },
  { route: 'booking', mode: 'rollout', answered_by: 'assistant', reason: 'low_confidence', conf: 0.3, sop: 3, asst: 800, fallback: true },
  { route: 'booking', mode: 'rollout', answered_by: 'escalation', reason: 'human_required', conf: 0.9, sop: 3, asst: null, escalated: true },
  { route: 'tech', mode: 'shadow', answered_by: 'assistant', reason: 'shadow', conf: 0.5, sop: 3, asst: 1000 },
  { route: 'tech', mode: 'shadow', answered_by: 'assistant', reason: 'shadow', conf: 0.6, sop: 5, asst: 1200 },
];

const COMPARISONS = [
  {
    route: 'tech',
    query: 'the trackman screen is frozen',
    similarity: 0.31,
    conf: 0.8,
    sop: 'Close TrackMan with Alt+F4 and open it again.',
    assistant: 'Please restart the simulator PC from the Windows menu.',
  },
  { route: 'tech', query: 'ball not tracking in bay 2', similarity: 0.92, conf: 0.9, sop: 'Wipe the sensor lens.', assistant: 'Wipe the sensor lens gently.' },
  {
    route: 'booking',
    query: 'can i move my booking to friday',
    similarity: 0.4,
    conf: 0.55,
    sop: 'Use the Manage booking link.',
    assistant: 'You can reschedule from the link in your email.',
  },
];

describe('the admin dashboard in a browser', { timeout: 120_000 }, () => {
  let dir: string;
  let repo: DeployRepo;
  let service: Service;
  let browser: Browser;
  let page: Page;
  let bootVersion: string;
  const db = () => service.db;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'sop-admin-'));
    repo = makeDeployRepo(join(dir, 'repo'));
    service = await createRuntime({
      ...runtimeEnv(repo, { DATA_DIR: join(dir, 'data') }),
      ADMIN_TOKEN: TOKEN,
      OPENPHONE_WEBHOOK_SECRET: SECRET,
      SOP_CONFIDENCE_THRESHOLD: '0.7',
      DEPLOY_POLL_MS: '200',
    }).startService({ port: 0, worker: false });
    bootVersion = (await readActive(service.db))!.version;
    await seed();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function seed() {
    for (const d of DECISIONS) {
      await db().query(
        `INSERT INTO sop_decisions (route, mode, answered_by, reason, percentage, threshold, fallback, escalated, sop_confidence, sop_latency_ms, assistant_latency_ms, latency_ms, assistant_cost_usd, config_version)
         VALUES ($1, $2, $3, $4, 100, 0.7, $5, $6, $7, $8, $9, $10, $11, 'test')`,
        [d.route, d.mode, d.answered_by, d.reason, d.fallback ?? false, d.escalated ?? false, d.conf, d.sop, d.asst, d.asst ?? d.sop, d.asst ? 0.002 : 0],
      );
    }
    for (const c of COMPARISONS) {
      await db().query(
        `INSERT INTO sop_shadow_comparisons (route, query, assistant_response, sop_response, assistant_latency_ms, sop_latency_ms, sop_confidence, sop_sources, similarity)
         VALUES ($1, $2, $3, $4, 900, 3, $5, $6, $7)`,
        [c.route, c.query, c.assistant, c.sop, c.conf, JSON.stringify([{ id: FROZEN.section, title: 'Frozen screen', score: 0.9 }]), c.similarity],
      );
    }
    // Ten days ago, a month's gap: the same question about lockers answered below threshold four times.
    for (const [i, text] of [
      'can i rent a locker for my clubs',
      'can i rent a locker for my clubs?',
      'Can I rent a locker for my clubs pls',
      'can i rent a locker for my clubs thx',
    ].entries()) {
      await db().query(
        `INSERT INTO sop_decisions (created_at, route, mode, answered_by, reason, percentage, threshold, sop_confidence, latency_ms, config_version, message, conversation_id)
         VALUES (now() - interval '10 days', 'booking', 'rollout', 'assistant', 'low_confidence', 100, 0.7, 0.3, 5, 'test', $1, $2)`,
        [text, `CN-locker-${i}`],
      );
    }
    // An older stored version to roll back to.
    await db().query(
      `INSERT INTO deployments (version, created_at, deployed_by, commit_message, content_hash, embedder, knowledge, rollout, rollout_version, sections, embedded, health, health_report)
       SELECT 'v-older', created_at - interval '1 hour', 'deploy workflow', 'the week before', content_hash, embedder, knowledge, rollout, 'v-older', sections, embedded, health, health_report FROM deployments WHERE version = $1`,
      [bootVersion],
    );
    // A local proposal: a branch of the repository and its row, as an extraction job leaves them.
    const host = createLocalPrHost({ repo: repo.dir });
    await host.propose({
      key: 'tech-projector',
      title: 'Add: projector keeps flickering',
      body: 'From one conversation.',
      labels: [],
      changes: [{ path: 'sops/tech/projector-flicker.md', content: '# Projector flickers\n\n## Reply\nTurn the projector off and on with the remote.\n' }],
    });
    await db().query(
      `INSERT INTO proposals (key, host, route, title, problem, solution, path, branch) VALUES ('tech-projector', 'local', 'tech', 'Add: projector keeps flickering', 'projector keeps flickering', 'turn it off and on with the remote', 'sops/tech/projector-flicker.md', 'knowledge/tech-projector')`,
    );
    await db().query(
      `INSERT INTO extracted_knowledge (route, problem, solution, confidence, evidence, status, proposal_key) VALUES ('tech', 'projector keeps flickering', 'turn it off and on with the remote', 0.8, 'customer: the projector keeps flickering', 'proposed', 'tech-projector')`,
    );
    // A conversation through the signed webhook.
    const customer = '+15557654321';
    for (const event of [
      messageEvent({ conversationId: 'CN-admin-1', customer, text: 'Hi this is Priya, the projector in bay 2 keeps flickering. Call me at 555-123-4567' }),
      messageEvent({ conversationId: 'CN-admin-1', customer, direction: 'outgoing', text: 'Thanks Priya! Turn it off and on with the remote on the wall.' }),
    ]) {
      expect((await deliver(service.url, event)).status).toBe(200);
    }
  }

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `admin-${name}.png`), fullPage: true });
  const text = (selector: string) => page.locator(selector).innerText();

  it('signs in with the keyboard and comes back to the page asked for', async () => {
    const response = await page.goto(`${service.url}/admin/deployments`);
    expect(response?.status()).toBe(401);
    await shot('login');
    await page.keyboard.type(TOKEN); // the token field has the focus
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ana');
    await page.keyboard.press('Enter');
    // The sign-in page had the same address: wait for the page itself.
    await page.locator('h1', { hasText: 'Deployments' }).waitFor();
    expect(page.url()).toBe(`${service.url}/admin/deployments`);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'sop_admin')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
  });

  it('shows the seeded traffic, where each rollout value comes from, and the saving', async () => {
    await page.goto(`${service.url}/admin?days=7`);
    const cell = (route: string, label: string) => text(`#routes tr[data-route="${route}"] td[data-label="${label}"]`);
    expect(await cell('booking', 'Requests')).toBe('5');
    expect(await cell('booking', 'SOP')).toBe('60.0%');
    expect(await cell('booking', 'Assistant')).toBe('20.0%');
    expect(await cell('booking', 'Staff')).toBe('20.0%');
    expect(await cell('booking', 'Fallback rate')).toBe('25.0%');
    expect(await cell('booking', 'Escalation rate')).toBe('20.0%');
    expect(await cell('booking', 'SOP p50 / p95')).toBe('3.0 ms / 5.6 ms');
    expect(await cell('tech', 'Assistant p50 / p95')).toBe('1,100 ms / 1,190 ms');
    expect(await cell('all', 'Requests')).toBe('7');
    // 4 of the 7 requests did not call the Assistant: 750 × 4/7 a month; the SOP module spent nothing.
    expect(await text('[data-testid="saving"]')).toBe(`$${((750 * 4) / 7).toFixed(2)}`);
    // Where it comes from: the four requests the Assistant was not called for.
    expect(await text('#saving-source')).toMatch(
      /^The Assistant was not called for 4 requests: 3 answered by the SOP module, 1 handed to staff \(emergencies skip the Assistant\)\./,
    );
    const techThreshold = await page.locator('table tr', { hasText: 'tech' }).first().innerText();
    expect(techThreshold).toContain('0.70');
    expect(techThreshold).toContain('env override');
    expect(techThreshold).toContain('SOP_CONFIDENCE_THRESHOLD');
    expect(techThreshold).toMatch(/rollout\.yaml@\S+ routes\.tech\.mode/);
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBeGreaterThanOrEqual(4);
    await shot('overview');
  });

  it('fits a phone: nothing wider than 375 px', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await phone.context().addCookies(await page.context().cookies());
    for (const path of [
      '/admin',
      '/admin/comparisons',
      '/admin/deployments',
      '/admin/knowledge',
      '/admin/gaps?days=30',
      '/admin/conversations',
      '/admin/jobs',
    ]) {
      await phone.goto(`${service.url}${path}`);
      expect({ path, width: await phone.evaluate('document.documentElement.scrollWidth') }).toEqual({ path, width: 375 });
      // No table scrolls sideways and no cell is clipped or overflows: each one's content fits its width.
      const clipped = await phone.evaluate(
        `[...document.querySelectorAll('.table-wrap, table.stack td, dl.meta dd')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.getAttribute('data-label') ?? c.className ?? c.textContent.slice(0, 30))`,
      );
      expect({ path, clipped }).toEqual({ path, clipped: [] });
      await phone.screenshot({ path: join(SHOTS, `admin-${path === '/admin' ? 'overview' : path.slice(7).replace(/\W+/g, '-')}-375.png`), fullPage: true });
      if (path === '/admin') {
        // Chart text as shown: its SVG size scaled to the chart's width, at least 11 px on a phone.
        const smallest = await phone.evaluate(
          `Math.min(...[...document.querySelectorAll('figure.chart svg')].map((svg) => (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) * parseFloat(getComputedStyle(svg.querySelector('text')).fontSize)))`,
        );
        expect(smallest).toBeGreaterThanOrEqual(11);
        // The threshold's label sits above the bars.
        const overlaps = await phone.evaluate(
          `[...document.querySelectorAll('figure.chart svg')].filter((svg) => { const label = svg.querySelector('text.marker-label'); if (!label) return false; const l = label.getBoundingClientRect(); return [...svg.querySelectorAll('rect')].some((r) => { const b = r.getBoundingClientRect(); return b.height > 0 && l.bottom > b.top && l.top < b.bottom && l.right > b.left && l.left < b.right; }); }).length`,
        );
        expect(overlaps).toBe(0);
      }
    }
    await phone.close();
  });

  it('shows the gaps of the period as named topics, with their texts and closest SOP', async () => {
    await page.goto(`${service.url}/admin/gaps`);
    expect(await text('main')).toContain('No gaps in this period');
    await page.getByLabel('Period').selectOption('30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/days=30/);
    const topic = page.locator('#gaps li.gap');
    expect(await topic.count()).toBe(1);
    const card = await topic.innerText();
    expect(card).toMatch(/locker/);
    expect(card).toContain('4 texts from 4 customers');
    expect(card).toMatch(/Closest SOP \S+\.md/);
    expect(card).toContain('can i rent a locker for my clubs');
    await shot('gaps');
    // "These are questions of SOP X": the closest SOP is offered first, and the proposal is a local branch.
    const sop = await topic.getByLabel('These are questions of').inputValue();
    expect(card).toContain(`Closest SOP ${sop}`);
    await topic.getByRole('button', { name: 'Propose as its questions' }).click();
    await page.waitForURL(/done=questions-proposed/);
    expect(await text('[role="status"]')).toContain('Proposed as typical questions of the SOP');
    const id = await topic.getAttribute('data-topic');
    const branch = `knowledge/gaps-${id}-${sop.replace(/\.md$/, '').replace(/[^a-z0-9]+/gi, '-')}`;
    const proposed = execFileSync('git', ['show', `${branch}:sops/${sop}`], { cwd: repo.dir, encoding: 'utf8' });
    expect(proposed).toContain('- can i rent a locker for my clubs');
    // "Not ours": marked, its texts proposed as out-of-scope questions, and no action left on it.
    await page.locator('#gaps li.gap').getByRole('button', { name: 'Not ours' }).click();
    await page.waitForURL(/done=not-ours/);
    const marked = await page.locator('#gaps li.gap').innerText();
    expect(marked).toContain('not ours');
    expect(marked).toMatch(/Marked by dashboard: Ana on \d{4}-\d\d-\d\d: branch knowledge\/gaps-\S+-out-of-scope\./);
    expect(await page.locator('#gaps li.gap button').count()).toBe(0);
    const negatives = execFileSync('git', ['show', `knowledge/gaps-${id}-out-of-scope:calibration/out-of-scope.txt`], { cwd: repo.dir, encoding: 'utf8' });
    expect(negatives).toContain('can i rent a locker for my clubs');
    // "A new SOP is needed" is offered on a topic with no mark: a local repository has no issues, the mark is the list.
    await db().query('DELETE FROM gap_marks');
    await page.goto(`${service.url}/admin/gaps?days=30`);
    await page.locator('#gaps li.gap').getByRole('button', { name: 'A new SOP is needed' }).click();
    await page.waitForURL(/done=new-sop/);
    expect(await page.locator('#gaps li.gap').innerText()).toContain('new SOP needed');
    expect((await db().query<{ mark: string; link: string | null }>('SELECT mark, link FROM gap_marks')).rows).toEqual([{ mark: 'new_sop', link: null }]);
  });

  it('filters shadow comparisons and stores a verdict that harvesting reads', async () => {
    await page.goto(`${service.url}/admin/comparisons`);
    expect(await page.locator('#comparisons tbody tr').count()).toBe(3);
    await page.getByLabel('Route').selectOption('tech');
    await page.getByLabel('Similarity below').fill('0.5');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/similarity_below=0.5/);
    expect(await page.locator('#comparisons tbody tr').count()).toBe(1);
    expect(await text('#comparisons tbody tr')).toContain('the trackman screen is frozen');
    await shot('comparisons');

    await page.getByRole('link', { name: 'the trackman screen is frozen' }).click();
    expect(await page.locator('#sop-answer ins').count()).toBeGreaterThan(0);
    expect(await page.locator('#assistant-answer del').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'SOP better' }).click();
    await page.waitForURL(/done=verdict/);
    expect(await text('#verdict-state')).toContain('SOP better');
    await shot('comparison');

    const { rows } = await db().query<{ verdict: string; verdict_by: string }>(
      `SELECT verdict, verdict_by FROM sop_shadow_comparisons WHERE query = 'the trackman screen is frozen'`,
    );
    expect(rows).toEqual([{ verdict: 'better', verdict_by: 'dashboard: Ana' }]);
    const harvested = await harvestCases(db(), { since: new Date(Date.now() - 86_400_000), existing: new Set() });
    expect(harvested.cases.map((c) => [c.query, c.expected_source, c.tags])).toEqual([
      ['the trackman screen is frozen', 'tech/frozen-screen.md', ['harvested', 'verdict_better']],
    ]);
  });

  it('shows a local proposal with its diff, and rejecting it deletes its branch', async () => {
    await page.goto(`${service.url}/admin/knowledge`);
    expect(await text('#proposals')).toContain('Add: projector keeps flickering');
    await shot('knowledge');
    await page.getByRole('link', { name: 'Add: projector keeps flickering' }).click();
    expect(await text('pre.diff')).toContain('+Turn the projector off and on with the remote.');
    await shot('proposal');
    expect(execFileSync('git', ['branch', '--list', 'knowledge/tech-projector'], { cwd: repo.dir, encoding: 'utf8' })).toContain('knowledge/tech-projector');
    await page.getByRole('button', { name: 'Reject and delete the branch' }).click();
    await page.waitForURL(/done=rejected/);
    expect(await text('#proposal-state')).toBe('rejected');
    expect(execFileSync('git', ['branch', '--list', 'knowledge/tech-projector'], { cwd: repo.dir, encoding: 'utf8' })).toBe('');
    const { rows } = await db().query<{ state: string; status: string }>(
      `SELECT p.state, k.status FROM proposals p JOIN extracted_knowledge k ON k.proposal_key = p.key WHERE p.key = 'tech-projector'`,
    );
    expect(rows).toEqual([{ state: 'rejected', status: 'rejected' }]);
  });

  it('shows conversations redacted, opens one by its OpenPhone id, and queues an extraction', async () => {
    await page.goto(`${service.url}/admin/conversations`);
    const list = await text('#conversations');
    expect(list).toContain('projector in bay 2 keeps flickering');
    expect(list).not.toContain('Priya');
    expect(list).not.toContain('555-123-4567');
    await shot('conversations');
    // What an escalation's Slack message links to.
    await page.goto(`${service.url}/admin/conversations/CN-admin-1`);
    const turns = await text('ol.turns');
    expect(turns).toContain('[name]');
    expect(turns).not.toContain('Priya');
    await page.getByRole('button', { name: 'Extract now' }).click();
    await page.waitForURL(/done=queued/);
    expect(await text('#job-state')).toContain('queued');
    await shot('conversation');
    const { rows } = await db().query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM jobs WHERE kind = 'extract' GROUP BY state`);
    expect(rows).toEqual([{ state: 'queued', n: 1 }]);
  });

  it('shows a dead job with its last error, and Retry queues it again', async () => {
    const queue = createJobQueue({ db: db() });
    // A kind of its own, so the extraction queued above is not the one claimed.
    const id = (await queue.enqueue('dead-letter-test', {}, { key: 'k1', maxAttempts: 1 }))!;
    await queue.claim(['dead-letter-test'], 'browser-test');
    await queue.fail(id, 'browser-test', 'GitHub answered 403: Resource not accessible by integration');
    await page.goto(`${service.url}/admin/jobs`);
    expect(await text('[role="alert"]')).toContain('1 job ran out of attempts');
    const row = page.locator(`#jobs tr[data-job="${id}"]`);
    expect(await row.innerText()).toContain('GitHub answered 403: Resource not accessible by integration');
    await shot('jobs');
    await row.getByRole('button', { name: 'Retry' }).click();
    await page.waitForURL(/done=requeued/);
    expect(await queue.list({ kind: 'dead-letter-test' })).toMatchObject([{ id, state: 'queued', attempts: 0 }]);
  });

  it('rolls back to an earlier version after a confirmation, and the server answers with it', async () => {
    await page.goto(`${service.url}/admin/deployments`);
    expect(await text(`#versions tr[data-version="${bootVersion}"]`)).toContain('active');
    await shot('deployments');
    await page.locator('#versions tr[data-version="v-older"]').getByRole('link', { name: 'Roll back to this' }).click();
    await shot('rollback');
    expect(await readActive(db())).toMatchObject({ version: bootVersion }); // nothing happens before the confirmation
    await page.getByRole('button', { name: 'Yes, roll back to v-older' }).click();
    await page.waitForURL(/done=rolled-back/);
    expect(await text('#active-line')).toMatch(/^Active: v-older pinned since .* by dashboard: Ana\./);
    expect(await readActive(db())).toMatchObject({ version: 'v-older', pinned: true, activatedBy: 'dashboard: Ana' });
    // The running server follows without a restart (it polls every 200 ms here).
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.version').innerText();
        },
        { timeout: 10_000 },
      )
      .toBe('v-older');
  });
});
