/**
 * The OpenAPI document: valid OpenAPI 3.1, served at /openapi.json, and true to the running app.
 * Every request example is sent (with the bearer token, and the signature headers of its name) to a
 * real app: a router over SOPs of the test's own and a recorded Assistant, and the webhook over a
 * real database. Each must get the status of the response example of the same name, with a body that
 * validates against the documented schema (Ajv, JSON Schema 2020-12).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { buildKnowledge, CALIBRATION_FORMAT, createSopModule, FEATURES, type CalibrationModel } from '../../src/answer/index.ts';
import { createRecordedAssistant } from '../../src/assistant/index.ts';
import { effectiveRollout, parseRollout } from '../../src/config/index.ts';
import { createApp, createMetrics, MAX_BODY_BYTES } from '../../src/http/index.ts';
import { MAX_ASK_BYTES } from '../../src/http/app.ts';
import { createOpenApiDocument } from '../../src/http/openapi.ts';
import { EXAMPLE_SIGNED_AT, EXAMPLE_WEBHOOK_SECRET } from '../../src/http/openapi-examples.ts';
import { createRouter } from '../../src/router/index.ts';
import { createLocalEmbedder } from '../../src/search/index.ts';
import { loadCorpus } from '../../src/sops/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';
import { startTestService, type TestService } from './test-service.ts';

type Schema = Record<string, unknown>;
type Media = { schema: Schema; examples?: Record<string, { value: unknown }> };
type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; examples?: Record<string, { value: string }> }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
};

const TOKEN = 'an ask token of the test';
const doc = createOpenApiDocument({ askBytes: MAX_ASK_BYTES, webhookBytes: MAX_BODY_BYTES }) as {
  paths: Record<string, Record<string, Operation>>;
  components: Schema;
};
const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

/** Each request example with the status of the response example of the same name. */
const examples = operations.flatMap(({ path, method, op }) =>
  Object.entries(op.requestBody?.content['application/json']?.examples ?? {}).map(([name, example]) => {
    const statuses = Object.entries(op.responses).filter(([, r]) => r.content?.['application/json']?.examples?.[name]);
    if (statuses.length !== 1) throw new Error(`${method} ${path} example ${name}: ${statuses.length} responses have an example of that name (expected 1)`);
    return { path, method, op, name, body: example.value, status: statuses[0]![0] };
  }),
);

/** Validates against a schema of the document, its `#/components/...` references resolved in the document. */
const ajv = new Ajv2020({ strict: false, allErrors: true });
function check(schema: Schema, value: unknown): string[] {
  const validate = ajv.compile({ ...schema, components: doc.components });
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}
/** What a success says happened: who answered and why (/api/ask), what became of the event (webhook). */
const outcome = (v: any) => ({ answeredBy: v.answeredBy, route: v.decision?.route, reason: v.decision?.reason, status: v.status, eventId: v.eventId });
const responseSchema = (op: Operation, status: string) => op.responses[status]!.content!['application/json']!.schema;

/** SOPs of the test's own: three routes, emergency always handed to staff. */
const instructions = (route: string, alwaysEscalate: boolean) =>
  `---\ntitle: ${route} instructions\nowner: ops\nlast_reviewed: 2026-11-01\ndescription: ${route} questions.\nopening: "Sorry!"\nclosing: "Text back if needed."\nno_answer: "Passing this to our team."\nescalation: "I've passed this to our team; someone will text you shortly."\nalways_escalate: ${alwaysEscalate}\n---\nBe brief.\n`;
const sop = (title: string, questions: string[], reply: string) =>
  `---\ntitle: ${title}\nowner: ops\nlast_reviewed: 2026-11-01\ntags: [test]\nquestions:\n${questions.map((q) => `  - ${q}`).join('\n')}\n---\n\n# ${title}\n\n## Reply\n${reply}\n`;
const FILES: Record<string, string> = {
  'sops/booking/system_instructions.md': instructions('booking', false),
  'sops/tech/system_instructions.md': instructions('tech', false),
  'sops/emergency/system_instructions.md': instructions('emergency', true),
  'sops/booking/cancel.md': sop(
    'Cancel a booking',
    ['how do i cancel my booking', 'need to cancel tonight', 'cancel my reservation'],
    'Cancel from the Manage booking link in your confirmation.',
  ),
  'sops/tech/frozen-screen.md': sop(
    'Frozen screen',
    ['the screen is frozen', 'trackman is stuck', 'simulator not responding'],
    'Press Alt+F4, then reopen TrackMan from the desktop.',
  ),
  'sops/emergency/fire.md': sop(
    'Fire or smoke',
    ['there is smoke in the bay', 'something is burning', 'smoke from the projector'],
    'Leave the bay now and call 911 if you see flames.',
  ),
  'evals/recorded.jsonl': `${JSON.stringify({ query: 'how do i cancel my booking?', assistant_response: 'You can cancel from the link in your booking confirmation email.' })}\n`,
};
const ROLLOUT = `defaults:
  mode: shadow
  percentage: 0
  confidence_threshold: 0.75
  gates: { min_confident_correct: 0.8, min_precision: 0.95, max_false_answer_rate: 0.05, max_p95_latency_ms: 1000, max_regression_points: 2 }
routes:
  emergency: { mode: rollout, percentage: 100 }
`;

/** A confidence model written here (no fitting): confidence grows with the classifier's probability of the top document. */
function classifierOnly(routes: string[]): CalibrationModel {
  const k = FEATURES.length + routes.length;
  const weights = new Array<number>(k).fill(0);
  weights[FEATURES.indexOf('classifier_log_top')] = 10;
  const standard = { weights, bias: 3, mean: new Array<number>(k).fill(0), std: new Array<number>(k).fill(1) };
  return {
    format: CALIBRATION_FORMAT,
    features: [...FEATURES],
    routes,
    ...standard,
    pair: standard,
    fusion: { bm25: 1, dense: 1, classifier: 1 },
    digest: 'test',
    fitted: { on: 'test', embedder: 'test', positives: 0, negatives: 0, ece: 0, brier: 0 },
  };
}

let dir: string;
let route: Parameters<typeof startTestService>[0]['ask'];
let rollout: () => unknown;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-openapi-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const corpus = loadCorpus(join(dir, 'sops'), { strict: false });
  const knowledge = await buildKnowledge(corpus, createLocalEmbedder(), classifierOnly([...corpus.routes.keys()]));
  const module = createSopModule({ knowledge, log: captureLogger() });
  const routes = [...knowledge.routes.keys()];
  const effective = effectiveRollout(parseRollout(ROLLOUT, 'rollout.yaml', routes), {}, routes);
  const router = createRouter({
    answering: () => ({ module, knowledge }),
    assistant: createRecordedAssistant({ dir: join(dir, 'evals') }),
    rollout: () => effective,
    record: () => {},
    compare: () => {},
    escalate: () => {},
    sopTimeoutMs: 2000,
    log: captureLogger(),
  });
  route = router.ask;
  rollout = () => effective;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 with the package version', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc).toMatchObject({ openapi: expect.stringMatching(/^3\.1\./), info: { version: packageJson.version } });
  });

  it("covers every route of the app's API (all but the probes and /metrics)", () => {
    const app = createApp({
      webhook: async () => ({ status: 200, body: {} }),
      readiness: async () => ({ ready: true, checks: {} }),
      metrics: createMetrics(),
      log: captureLogger(),
      ask: async () => ({}) as never,
      rollout: () => ({}),
    });
    const served = app.routes;
    const undocumented = ['GET /healthz', 'GET /readyz', 'GET /metrics'];
    expect(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual(served.filter((r) => !undocumented.includes(r)).sort());
    expect(served).toContain('POST /api/openphone/webhook');
  });

  it.each(
    operations.flatMap(({ path, method, op }) =>
      Object.entries(op.responses).flatMap(([status, r]) =>
        Object.entries(r.content?.['application/json']?.examples ?? {}).map(([name, e]) => ({
          path,
          method,
          status,
          name,
          value: e.value,
          schema: r.content!['application/json']!.schema,
        })),
      ),
    ),
  )('response example $method $path $status $name fits its schema', ({ value, schema }) => {
    expect(check(schema, value)).toEqual([]);
  });
});

describe.each(DATABASES)('the documented API, served on $name', ({ open }) => {
  let t: TestDb;
  let service: TestService;
  beforeAll(async () => {
    t = await open();
    service = await startTestService({ db: t.db, secrets: [EXAMPLE_WEBHOOK_SECRET], now: () => EXAMPLE_SIGNED_AT, ask: route, rollout, apiToken: TOKEN });
  });
  afterAll(async () => {
    await service?.close();
    await t?.drop();
  });

  const bearer = (op: Operation): Record<string, string> => (op.security?.some((s) => 'askToken' in s) ? { authorization: `Bearer ${TOKEN}` } : {});

  it('serves the document at /openapi.json, without a token, cacheable', async () => {
    const res = await fetch(`${service.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.json()).toEqual(doc);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    // As a cache revalidates (fetch would add Cache-Control: no-cache to a conditional request).
    const again = await new Promise<number | undefined>((resolve, reject) => {
      get(`${service.url}/openapi.json`, { headers: { 'if-none-match': etag } }, (r) => resolve(r.resume().statusCode)).on('error', reject);
    });
    expect(again).toBe(304);
  });

  it.each(examples)('$method $path example $name answers $status with a body of the documented schema', async ({ path, method, op, name, body, status }) => {
    const headers = Object.fromEntries(
      (op.parameters ?? []).flatMap((p) => (p.in === 'header' && p.examples?.[name] ? [[p.name, p.examples[name].value]] : [])),
    );
    const res = await fetch(`${service.url}${path}`, {
      method: method.toUpperCase(),
      headers: { 'content-type': 'application/json', ...bearer(op), ...headers },
      body: JSON.stringify(body),
    });
    const answer = await res.json();
    expect({ status: String(res.status), answer }).toMatchObject({ status });
    expect(check(responseSchema(op, status), answer)).toEqual([]);
    // An error example is the exact error; a success varies (ids, timings) but tells what happened.
    const example = op.responses[status]!.content!['application/json']!.examples![name]!.value;
    if (status.startsWith('2')) expect(outcome(answer)).toEqual(outcome(example));
    else expect(answer).toEqual(example);
    // The documented request schema agrees with the service about what is malformed.
    const problems = check(op.requestBody!.content['application/json']!.schema, body);
    if (status === '400') expect(problems).not.toEqual([]);
    else expect(problems).toEqual([]);
  });

  it.each(operations.filter(({ op }) => !op.requestBody))('$method $path answers its documented 200', async ({ path, method, op }) => {
    const res = await fetch(`${service.url}${path}`, { method: method.toUpperCase(), headers: bearer(op) });
    expect(res.status).toBe(200);
    expect(check(responseSchema(op, '200'), await res.json())).toEqual([]);
  });

  it.each(operations.filter(({ op }) => op.responses['401'] && bearer(op).authorization))(
    '$method $path without the token answers the documented 401',
    async ({ path, method, op }) => {
      const body = op.requestBody ? JSON.stringify(Object.values(op.requestBody.content['application/json']!.examples!)[0]!.value) : undefined;
      const res = await fetch(`${service.url}${path}`, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(check(responseSchema(op, '401'), await res.json())).toEqual([]);
    },
  );

  it.each([
    ['/api/ask', MAX_ASK_BYTES],
    ['/api/openphone/webhook', MAX_BODY_BYTES],
  ])('%s answers the documented 413 to a body over %d bytes', async (path, limit) => {
    const res = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ message: 'x'.repeat(limit) }),
    });
    expect(res.status).toBe(413);
    const answer = await res.json();
    expect(check(responseSchema(doc.paths[path]!.post!, '413'), answer)).toEqual([]);
    expect(answer).toEqual({ error: `request body over ${limit} bytes` });
  });
});
