import { createHmac, randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature, type SignatureCheck } from '../../src/openphone/verify-signature.ts';

type Headers = Record<string, string | string[] | undefined>;

const NOW = new Date('2024-05-01T12:00:00.000Z');
const NOW_MS = NOW.getTime(); // 1714564800000
const NOW_S = Math.floor(NOW_MS / 1000); // 1714564800

// OpenPhone's signing key is a base64 string; Standard Webhooks secrets are `whsec_` + base64.
const OP_SECRET = Buffer.from('openphone-test-signing-key-0001').toString('base64');
const OP_OLD_SECRET = Buffer.from('openphone-test-signing-key-0000').toString('base64');
const WH_SECRET = `whsec_${Buffer.from('standard-webhooks-test-key-000000001').toString('base64')}`;
const WH_OLD_SECRET = `whsec_${Buffer.from('standard-webhooks-test-key-000000000').toString('base64')}`;
const OTHER_SECRET = Buffer.from('somebody-elses-signing-key').toString('base64');

const BODY = Buffer.from(
  JSON.stringify({
    id: 'EVc67ec998b35c41d388af50799aeeba3e',
    object: 'event',
    type: 'message.received',
    data: { object: { id: 'AC1', text: 'Hi — is bay 3 free?' } },
  }),
  'utf8',
);
/** The same body with one byte changed. */
const TAMPERED = Buffer.from(BODY);
TAMPERED[TAMPERED.length - 3] = TAMPERED[TAMPERED.length - 3]! ^ 0x01;

const DELIVERY_ID = 'msg_2fZ9yG2sWKfNQb1Ykz3x0aB9cD';

// Independent of src: HMAC-SHA256 keyed with the base64-decoded secret, over one concatenated buffer.
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}
function openphoneDigest(secret: string, timestamp: string, body: Buffer): string {
  return createHmac('sha256', keyOf(secret))
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]))
    .digest('base64');
}
function standardDigest(secret: string, id: string, timestamp: string, body: Buffer): string {
  return createHmac('sha256', keyOf(secret))
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]))
    .digest('base64');
}
function openphoneHeaders(secret: string, timestamp: string | number = NOW_MS, body: Buffer = BODY): Headers {
  const ts = String(timestamp);
  return { 'openphone-signature': `hmac;1;${ts};${openphoneDigest(secret, ts, body)}` };
}
function standardHeaders(secret: string, timestamp: string | number = NOW_S, body: Buffer = BODY, id = DELIVERY_ID): Headers {
  const ts = String(timestamp);
  return { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${standardDigest(secret, id, ts, body)}` };
}
function without(headers: Headers, name: string): Headers {
  const copy = { ...headers };
  delete copy[name];
  return copy;
}

function verify(headers: Headers, secrets: readonly string[], rawBody: Buffer = BODY, toleranceMs?: number): SignatureCheck {
  return verifyWebhookSignature({ headers, rawBody, secrets, now: NOW, ...(toleranceMs === undefined ? {} : { toleranceMs }) });
}

const OPENPHONE_OK: SignatureCheck = { ok: true, scheme: 'openphone', deliveryId: null };
const STANDARD_OK: SignatureCheck = { ok: true, scheme: 'standard-webhooks', deliveryId: DELIVERY_ID };

describe('the independent signatures', () => {
  it('are what signWebhook produces (openphone)', () => {
    expect(signWebhook('openphone', OP_SECRET, BODY, NOW)).toEqual(openphoneHeaders(OP_SECRET));
    expect(signWebhook('openphone', OP_SECRET, BODY.toString('utf8'), NOW)).toEqual(openphoneHeaders(OP_SECRET));
  });

  it('are what signWebhook produces (standard webhooks)', () => {
    expect(signWebhook('standard-webhooks', WH_SECRET, BODY, NOW, DELIVERY_ID)).toEqual(standardHeaders(WH_SECRET));
    // Without a delivery id, signWebhook makes one up from the time.
    expect(signWebhook('standard-webhooks', WH_SECRET, BODY, NOW)).toEqual(standardHeaders(WH_SECRET, NOW_S, BODY, `msg_${NOW_MS}`));
  });

  it('match a known HMAC-SHA256 value, so both are not wrong the same way', () => {
    // Standard Webhooks' published example (svix): secret, id, timestamp, body and signature.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = Buffer.from('{"test": 2432232314}');
    expect(standardDigest(secret, id, '1614265330', body)).toBe('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(signWebhook('standard-webhooks', secret, body, new Date(1614265330_000), id)['webhook-signature']).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('signs both schemes with headers that verify', () => {
    expect(verify(signWebhook('openphone', OP_SECRET, BODY, NOW), [OP_SECRET])).toEqual(OPENPHONE_OK);
    expect(verify(signWebhook('standard-webhooks', WH_SECRET, BODY, NOW, DELIVERY_ID), [WH_SECRET])).toEqual(STANDARD_OK);
  });
});

describe('the Standard Webhooks reference library (standardwebhooks) and this verifier agree', () => {
  // The library reads the clock itself: signatures of the present moment.
  const now = new Date();
  const reference = new Webhook(WH_SECRET);
  const body = BODY.toString('utf8');

  it('accepts what the library signs, and the library accepts what signWebhook signs', () => {
    const headers = {
      'webhook-id': DELIVERY_ID,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': reference.sign(DELIVERY_ID, now, body),
    };
    expect(verifyWebhookSignature({ headers, rawBody: BODY, secrets: [WH_SECRET], now })).toEqual(STANDARD_OK);
    expect(reference.verify(body, signWebhook('standard-webhooks', WH_SECRET, BODY, now, DELIVERY_ID))).toEqual(JSON.parse(body));
  });

  it('both refuse a tampered body and another secret', () => {
    const signed = signWebhook('standard-webhooks', WH_SECRET, BODY, now, DELIVERY_ID);
    expect(() => reference.verify(TAMPERED.toString('utf8'), signed)).toThrow(WebhookVerificationError);
    expect(verifyWebhookSignature({ headers: signed, rawBody: TAMPERED, secrets: [WH_SECRET], now })).toMatchObject({ ok: false });
    const other = signWebhook('standard-webhooks', WH_OLD_SECRET, BODY, now, DELIVERY_ID);
    expect(() => reference.verify(body, other)).toThrow(WebhookVerificationError);
    expect(verifyWebhookSignature({ headers: other, rawBody: BODY, secrets: [WH_SECRET], now })).toMatchObject({ ok: false });
  });
});

describe('verifyWebhookSignature accepts', () => {
  const standardTwoEntries = standardHeaders(WH_SECRET);
  const validEntry = String(standardTwoEntries['webhook-signature']);

  it.each<[string, Headers, readonly string[], SignatureCheck]>([
    ['a valid openphone signature', openphoneHeaders(OP_SECRET), [OP_SECRET], OPENPHONE_OK],
    ['a valid standard webhooks signature', standardHeaders(WH_SECRET), [WH_SECRET], STANDARD_OK],
    [
      'a valid v1 entry among several (wrong, other versions, valid)',
      {
        ...standardTwoEntries,
        'webhook-signature': `v1,${standardDigest(OTHER_SECRET, DELIVERY_ID, String(NOW_S), BODY)} v1a,${randomBytes(64).toString('base64')} ${validEntry}`,
      },
      [WH_SECRET],
      STANDARD_OK,
    ],
    ['a valid v1 entry first of several', { ...standardTwoEntries, 'webhook-signature': `${validEntry} v1,${'A'.repeat(44)}` }, [WH_SECRET], STANDARD_OK],
    ['openphone, signed with the new secret of a rotation', openphoneHeaders(OP_SECRET), [OP_OLD_SECRET, OP_SECRET], OPENPHONE_OK],
    ['openphone, signed with the old secret of a rotation', openphoneHeaders(OP_OLD_SECRET), [OP_OLD_SECRET, OP_SECRET], OPENPHONE_OK],
    ['standard, signed with the new secret of a rotation', standardHeaders(WH_SECRET), [WH_OLD_SECRET, WH_SECRET], STANDARD_OK],
    ['standard, signed with the old secret of a rotation', standardHeaders(WH_OLD_SECRET), [WH_OLD_SECRET, WH_SECRET], STANDARD_OK],
    ['standard, secrets of both schemes configured', standardHeaders(WH_SECRET), [OP_SECRET, WH_SECRET], STANDARD_OK],
    ['a secret with surrounding whitespace', openphoneHeaders(OP_SECRET), [` ${OP_SECRET}\n`], OPENPHONE_OK],
    ['an openphone timestamp in seconds', openphoneHeaders(OP_SECRET, NOW_S), [OP_SECRET], OPENPHONE_OK],
    [
      'headers given as lists (the first one counts)',
      { 'openphone-signature': [String(openphoneHeaders(OP_SECRET)['openphone-signature']), 'hmac;1;0;AAAA'] },
      [OP_SECRET],
      OPENPHONE_OK,
    ],
  ])('%s', (_name, headers, secrets, expected) => {
    expect(verify(headers, secrets)).toEqual(expected);
  });
});

describe('verifyWebhookSignature rejects', () => {
  const op = openphoneHeaders(OP_SECRET);
  const wh = standardHeaders(WH_SECRET);
  const opDigest = openphoneDigest(OP_SECRET, String(NOW_MS), BODY);
  const NO_MATCH = 'signature does not match any configured secret';

  it.each<[string, Headers, readonly string[], Buffer, string]>([
    ['openphone: wrong secret', op, [OTHER_SECRET], BODY, NO_MATCH],
    ['standard: wrong secret', wh, [`whsec_${OTHER_SECRET}`], BODY, NO_MATCH],
    ['openphone: body modified by one byte', op, [OP_SECRET], TAMPERED, NO_MATCH],
    ['standard: body modified by one byte', wh, [WH_SECRET], TAMPERED, NO_MATCH],
    ['standard: another webhook-id than the one signed', { ...wh, 'webhook-id': 'msg_other' }, [WH_SECRET], BODY, NO_MATCH],
    ['standard: another timestamp than the one signed', { ...wh, 'webhook-timestamp': String(NOW_S - 1) }, [WH_SECRET], BODY, NO_MATCH],
    ['openphone: another timestamp than the one signed', { 'openphone-signature': `hmac;1;${NOW_MS - 1};${opDigest}` }, [OP_SECRET], BODY, NO_MATCH],
    ['openphone: a signature of another length', { 'openphone-signature': `hmac;1;${NOW_MS};AAAA` }, [OP_SECRET], BODY, NO_MATCH],
    [
      'openphone: a longer signature (33 bytes)',
      { 'openphone-signature': `hmac;1;${NOW_MS};${Buffer.concat([Buffer.from(opDigest, 'base64'), Buffer.from([0])]).toString('base64')}` },
      [OP_SECRET],
      BODY,
      NO_MATCH,
    ],
    [
      'openphone: a shorter signature (31 bytes)',
      { 'openphone-signature': `hmac;1;${NOW_MS};${Buffer.from(opDigest, 'base64').subarray(0, 31).toString('base64')}` },
      [OP_SECRET],
      BODY,
      NO_MATCH,
    ],
    ['openphone: an empty signature', { 'openphone-signature': `hmac;1;${NOW_MS};` }, [OP_SECRET], BODY, NO_MATCH],
    ['openphone: a signature that is not base64', { 'openphone-signature': `hmac;1;${NOW_MS};!!!not base64!!!` }, [OP_SECRET], BODY, NO_MATCH],
    ['standard: a signature of another length', { ...wh, 'webhook-signature': 'v1,AAAA' }, [WH_SECRET], BODY, NO_MATCH],
    ['standard: an empty v1 signature', { ...wh, 'webhook-signature': 'v1,' }, [WH_SECRET], BODY, NO_MATCH],
    [
      'standard: the right digest as hex instead of base64',
      { ...wh, 'webhook-signature': `v1,${Buffer.from(standardDigest(WH_SECRET, DELIVERY_ID, String(NOW_S), BODY), 'base64').toString('hex')}` },
      [WH_SECRET],
      BODY,
      NO_MATCH,
    ],
    ['standard: the openphone digest under the standard headers', { ...wh, 'webhook-signature': `v1,${opDigest}` }, [WH_SECRET, OP_SECRET], BODY, NO_MATCH],

    [
      'no signature header at all',
      { 'content-type': 'application/json' },
      [OP_SECRET],
      BODY,
      'missing signature: expected an openphone-signature or webhook-signature header',
    ],
    ['standard: missing webhook-id', without(wh, 'webhook-id'), [WH_SECRET], BODY, 'missing webhook-id header'],
    ['standard: missing webhook-timestamp', without(wh, 'webhook-timestamp'), [WH_SECRET], BODY, 'missing webhook-timestamp header'],
    ['standard: missing webhook-signature', without(wh, 'webhook-signature'), [WH_SECRET], BODY, 'missing webhook-signature header'],
    ['standard: an empty webhook-id', { ...wh, 'webhook-id': '' }, [WH_SECRET], BODY, 'missing webhook-id header'],
    ['standard: only webhook-id', { 'webhook-id': DELIVERY_ID }, [WH_SECRET], BODY, 'missing webhook-timestamp header'],
    [
      'standard: no v1 entry',
      { ...wh, 'webhook-signature': `v1a,${randomBytes(64).toString('base64')} v2,abc` },
      [WH_SECRET],
      BODY,
      'webhook-signature has no v1 signature',
    ],
    [
      'standard: a v1 signature without the "v1," prefix',
      { ...wh, 'webhook-signature': String(wh['webhook-signature']).slice(3) },
      [WH_SECRET],
      BODY,
      'webhook-signature has no v1 signature',
    ],

    ...(
      [
        ['not hmac', `sha256;1;${NOW_MS};${opDigest}`],
        ['version 2', `hmac;2;${NOW_MS};${opDigest}`],
        ['three parts', `hmac;1;${opDigest}`],
        ['five parts', `hmac;1;${NOW_MS};${opDigest};extra`],
        ['a bare digest', opDigest],
        ['an empty header', ''],
        ['commas instead of semicolons', `hmac,1,${NOW_MS},${opDigest}`],
      ] as const
    ).map(([what, header]): [string, Headers, readonly string[], Buffer, string] => [
      `openphone: malformed header (${what})`,
      { 'openphone-signature': header },
      [OP_SECRET],
      BODY,
      'openphone-signature is not in the form hmac;1;<timestamp>;<signature>',
    ]),

    ...(['', 'abc', '1714564800000.5', '-1714564800000', '1.7e12', ' 1714564800000'] as const).map(
      (ts): [string, Headers, readonly string[], Buffer, string] => [
        `openphone: non-numeric timestamp ${JSON.stringify(ts)}`,
        { 'openphone-signature': `hmac;1;${ts};${opDigest}` },
        [OP_SECRET],
        BODY,
        'openphone-signature timestamp is not a number',
      ],
    ),
    ...(['abc', '2024-05-01T12:00:00Z', '1714564800.0', '-1714564800', '1714564800000ms'] as const).map(
      (ts): [string, Headers, readonly string[], Buffer, string] => [
        `standard: non-numeric timestamp ${JSON.stringify(ts)}`,
        { ...wh, 'webhook-timestamp': ts },
        [WH_SECRET],
        BODY,
        'webhook-timestamp is not a number of seconds',
      ],
    ),

    // Timestamps are checked before the signature, with correct signatures over the stale timestamp.
    ['openphone: 6 minutes old', openphoneHeaders(OP_SECRET, NOW_MS - 360_000), [OP_SECRET], BODY, 'timestamp is 360 s old (over 300 s)'],
    ['openphone: 6 minutes ahead', openphoneHeaders(OP_SECRET, NOW_MS + 360_000), [OP_SECRET], BODY, 'timestamp is 360 s in the future (over 300 s)'],
    ['openphone: a day old, in seconds', openphoneHeaders(OP_SECRET, NOW_S - 86_400), [OP_SECRET], BODY, 'timestamp is 86400 s old (over 300 s)'],
    ['openphone: timestamp 0', openphoneHeaders(OP_SECRET, 0), [OP_SECRET], BODY, `timestamp is ${NOW_S} s old (over 300 s)`],
    ['openphone: 1 s past the tolerance', openphoneHeaders(OP_SECRET, NOW_MS - 301_000), [OP_SECRET], BODY, 'timestamp is 301 s old (over 300 s)'],
    // Rounded to whole seconds: 1 ms over the tolerance reads "300 s old (over 300 s)".
    ['openphone: 1 ms past the tolerance', openphoneHeaders(OP_SECRET, NOW_MS - 300_001), [OP_SECRET], BODY, 'timestamp is 300 s old (over 300 s)'],
    [
      'openphone: 1 ms ahead of the tolerance',
      openphoneHeaders(OP_SECRET, NOW_MS + 300_001),
      [OP_SECRET],
      BODY,
      'timestamp is 300 s in the future (over 300 s)',
    ],
    ['standard: 6 minutes old', standardHeaders(WH_SECRET, NOW_S - 360), [WH_SECRET], BODY, 'timestamp is 360 s old (over 300 s)'],
    ['standard: 6 minutes ahead', standardHeaders(WH_SECRET, NOW_S + 360), [WH_SECRET], BODY, 'timestamp is 360 s in the future (over 300 s)'],
    ['standard: 1 s past the tolerance', standardHeaders(WH_SECRET, NOW_S - 301), [WH_SECRET], BODY, 'timestamp is 301 s old (over 300 s)'],
    ['standard: 1 s ahead of the tolerance', standardHeaders(WH_SECRET, NOW_S + 301), [WH_SECRET], BODY, 'timestamp is 301 s in the future (over 300 s)'],
    [
      'standard: a timestamp in milliseconds',
      standardHeaders(WH_SECRET, NOW_MS),
      [WH_SECRET],
      BODY,
      `timestamp is ${NOW_MS - NOW_S} s in the future (over 300 s)`,
    ],
  ])('%s', (_name, headers, secrets, body, reason) => {
    expect(verify(headers, secrets, body)).toEqual({ ok: false, reason });
  });

  it.each<[string, Headers, readonly string[]]>([
    ['openphone: the digest twice', { 'openphone-signature': `hmac;1;${NOW_MS};${opDigest}${opDigest}` }, [OP_SECRET]],
    ['openphone: the digest with trailing junk', { 'openphone-signature': `hmac;1;${NOW_MS};${opDigest}junk` }, [OP_SECRET]],
    ['standard: the digest with trailing junk', { ...wh, 'webhook-signature': `${String(wh['webhook-signature'])}junk` }, [WH_SECRET]],
  ])('rejects a non-canonical signature (%s)', (_name, headers, secrets) => {
    expect(verify(headers, secrets)).toEqual({ ok: false, reason: NO_MATCH });
  });

  it('a stale timestamp even when the signature is wrong too (the time is checked first)', () => {
    expect(verify({ 'openphone-signature': `hmac;1;${NOW_MS - 360_000};AAAA` }, [OP_SECRET])).toEqual({
      ok: false,
      reason: 'timestamp is 360 s old (over 300 s)',
    });
  });

  it('uses the standard headers when both schemes are present', () => {
    expect(verify({ ...op, ...without(wh, 'webhook-signature') }, [OP_SECRET, WH_SECRET])).toEqual({ ok: false, reason: 'missing webhook-signature header' });
    expect(verify({ ...op, ...wh }, [WH_SECRET])).toEqual(STANDARD_OK);
  });
});

describe('the tolerance boundary', () => {
  it.each<[string, Headers, readonly string[]]>([
    ['openphone, exactly 5 minutes old', openphoneHeaders(OP_SECRET, NOW_MS - 300_000), [OP_SECRET]],
    ['openphone, exactly 5 minutes ahead', openphoneHeaders(OP_SECRET, NOW_MS + 300_000), [OP_SECRET]],
    ['openphone (seconds), exactly 5 minutes old', openphoneHeaders(OP_SECRET, NOW_S - 300), [OP_SECRET]],
    ['standard, exactly 5 minutes old', standardHeaders(WH_SECRET, NOW_S - 300), [WH_SECRET]],
    ['standard, exactly 5 minutes ahead', standardHeaders(WH_SECRET, NOW_S + 300), [WH_SECRET]],
  ])('is inclusive: %s is accepted', (_name, headers, secrets) => {
    expect(verify(headers, secrets)).toMatchObject({ ok: true });
  });

  it('follows toleranceMs', () => {
    expect(verify(openphoneHeaders(OP_SECRET, NOW_MS - 60_000), [OP_SECRET], BODY, 60_000)).toEqual(OPENPHONE_OK);
    expect(verify(openphoneHeaders(OP_SECRET, NOW_MS - 61_000), [OP_SECRET], BODY, 60_000)).toEqual({ ok: false, reason: 'timestamp is 61 s old (over 60 s)' });
    expect(verify(standardHeaders(WH_SECRET, NOW_S + 61), [WH_SECRET], BODY, 60_000)).toEqual({
      ok: false,
      reason: 'timestamp is 61 s in the future (over 60 s)',
    });
  });
});

describe('with no secrets configured', () => {
  it.each<[string, Headers, SignatureCheck]>([
    ['no headers at all', {}, { ok: true, scheme: 'unsigned', deliveryId: null }],
    ['a webhook-id only', { 'webhook-id': DELIVERY_ID }, { ok: true, scheme: 'unsigned', deliveryId: DELIVERY_ID }],
    ['a webhook-id as a list', { 'webhook-id': [DELIVERY_ID, 'msg_second'] }, { ok: true, scheme: 'unsigned', deliveryId: DELIVERY_ID }],
    [
      'full standard headers with a bogus signature',
      { ...standardHeaders(WH_SECRET), 'webhook-signature': 'v1,AAAA' },
      { ok: true, scheme: 'unsigned', deliveryId: DELIVERY_ID },
    ],
    ['a malformed openphone header', { 'openphone-signature': 'garbage' }, { ok: true, scheme: 'unsigned', deliveryId: null }],
  ])('accepts %s as unsigned', (_name, headers, expected) => {
    expect(verify(headers, [])).toEqual(expected);
  });

  it.each<[string, readonly string[]]>([
    ['whsec_ alone', ['whsec_']],
    ['a single character', ['a']],
    ['only non-base64 characters', ['!!!']],
  ])('does not fail open when the only configured secret decodes to nothing (%s)', (_name, secrets) => {
    expect(verify({ 'webhook-id': DELIVERY_ID }, secrets)).toMatchObject({ ok: false });
  });
});
