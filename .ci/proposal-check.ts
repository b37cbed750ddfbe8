/**
 * A knowledge proposal the project makes itself, merged as a reviewer merges it, must leave CI green:
 * in a throwaway clone, `sop serve` stores a realistic conversation (texts and a call whose staff
 * fix no SOP holds), `sop extract` turns it into a proposal branch, `sop proposals merge` merges it,
 * and then `sop lint`, the eval gate and every test that reads the committed sops/ run on the result.
 * Run by .ci/run: `node --import tsx .ci/proposal-check.ts`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { callEvent, textEvent, transcriptEvent } from '../test/e2e/openphone-events.ts';
import { deliver, SECRET } from '../test/http/test-service.ts';

const ROOT = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'sop-proposal-check-'));
const clone = join(work, 'repo');
const env = { ...process.env, DATA_DIR: join(work, 'data'), OPENPHONE_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'warn', NODE_ENV: 'test' };

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: clone, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const step = (what: string) => process.stdout.write(`proposal check: ${what}\n`);

/**
 * The tests that read the committed SOPs themselves (their count, their dates, their lint, answers
 * from them), where a merged proposal once broke CI. The tests that copy sops/ into a fixture
 * repository (deploys, the browser, the whole loop) run in the full suite on every pull request.
 */
const READS_SOPS = [
  'test/main.test.ts',
  'test/service.test.ts',
  'test/sops/lint.test.ts',
  'test/knowledge/extract-job.test.ts',
  'test/cli/ask.test.ts',
  'test/cli/index.test.ts',
  'test/cli/eval.test.ts',
  'test/cli/calibrate.test.ts',
];

/** Starts `sop serve` without its worker (so extraction runs below, by the CLI) and returns its URL. */
async function serve(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/sop.js', 'serve', '--port', '0', '--no-worker'], {
    cwd: clone,
    env: { ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  let out = '';
  const url = await new Promise<string>((found, failed) => {
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match) found(match[0]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => failed(new Error(`sop serve exited ${code} before listening:\n${out}`)));
  });
  for (let i = 0; i < 120 && (await fetch(`${url}/readyz`).catch(() => null))?.status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`sop serve exited ${code} on SIGTERM`);
    },
  };
}

/** A customer whose bay's ceiling projector shows everything upside down; staff fix it on a call. */
async function deliverConversation(url: string): Promise<void> {
  const customer = '+15557734210';
  const conversationId = 'CNproposalcheck1';
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  const events = [
    textEvent({
      id: 'EVpc1',
      messageId: 'ACpc1',
      conversationId,
      customer,
      from: 'customer',
      text: 'hi the picture on the screen is upside down in bay 4, the course is flipped',
      at: at(12),
    }),
    callEvent({ id: 'EVpc2', callId: 'CApc1', conversationId, customer, at: at(5), seconds: 140 }),
    transcriptEvent({
      id: 'EVpc3',
      callId: 'CApc1',
      customer,
      at: at(4),
      lines: [
        ['customer', 'The picture on the screen is upside down in bay 4, everything is flipped.'],
        [
          'staff',
          'That happens when the projector remote gets bumped. Press the Menu button on the projector remote, open Installation, and set Projection to Front Ceiling.',
        ],
        ['customer', 'Okay, it flipped back. Thanks!'],
      ],
    }),
  ];
  for (const event of events) {
    const { status, body } = await deliver(url, event);
    if (status !== 200) throw new Error(`the webhook answered ${status} to ${event.id}: ${JSON.stringify(body)}`);
  }
}

try {
  step(`cloning ${ROOT}`);
  execFileSync('git', ['clone', '-q', ROOT, clone]);
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  run('git', ['config', 'user.email', 'ci@example.invalid']);
  run('git', ['config', 'user.name', 'CI']);

  step('storing a conversation through the webhook');
  const service = await serve();
  await deliverConversation(service.url);
  await service.stop();

  step(run(process.execPath, ['bin/sop.js', 'extract', '--pending']).trim());
  const listing = run(process.execPath, ['bin/sop.js', 'proposals', 'list']);
  const key = /^(\S+)\s+open\b/m.exec(listing)?.[1];
  if (!key) throw new Error(`no open proposal came out of the conversation:\n${listing}`);
  step(run(process.execPath, ['bin/sop.js', 'proposals', 'merge', key]).trim());
  step(`merged:\n${run('git', ['show', '--stat', '--format=%s', 'HEAD'])}`);

  step(run(process.execPath, ['bin/sop.js', 'lint', 'sops']).trim().split('\n').at(-1) ?? '');
  run(process.execPath, ['bin/sop.js', 'eval', '--gate']);
  step('eval gate passed');
  const tests = READS_SOPS.filter((file) => existsSync(join(clone, file)));
  step(`${tests.length} test files that read sops/`);
  // On the embedded database only: what these tests check of the SOPs does not depend on the database.
  const { TEST_DATABASE_URL: _, ...embedded } = process.env;
  execFileSync(join(clone, 'node_modules', '.bin', 'vitest'), ['run', ...tests], { cwd: clone, env: embedded, stdio: 'inherit' });
  step('passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}
