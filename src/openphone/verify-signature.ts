import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true; scheme: 'openphone' | 'standard-webhooks' | 'unsigned'; deliveryId: string | null } | { ok: false; reason: string };

export type VerifyOptions = {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** Accepted signing secrets; several during a rotation. Empty: unsigned requests are accepted (development only). */
  secrets: readonly string[];
  now: Date;
  toleranceMs?: number;
};

const TOLERANCE_MS = 5 * 60_000;

/**
 * Verifies a webhook on its raw bytes, before anything is parsed. Two schemes:
 * OpenPhone's `openphone-signature: hmac;1;<timestamp>;<base64>` (HMAC-SHA256 over `<timestamp>.<body>`)
 * and Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> ...`, over
 * `<id>.<timestamp>.<body>`). Keys are the base64-decoded secrets (`whsec_` prefix dropped).
 */
export function verifyWebhookSignature(options: VerifyOptions): SignatureCheck {
  const header = (name: string) => {
    const v = options.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const tolerance = options.toleranceMs ?? TOLERANCE_MS;
  const keys = options.secrets.map(signingKey);
  const standard = header('webhook-signature') ?? header('webhook-id') ?? header('webhook-timestamp');
  const legacy = header('openphone-signature');

  if (keys.length === 0) {
    return { ok: true, scheme: 'unsigned', deliveryId: header('webhook-id') ?? null };
  }
  // A secret that decodes to nothing must never make every signature pass.
  if (keys.some((k) => k.length === 0)) return { ok: false, reason: 'a configured signing secret is not a base64 key' };
  if (standard !== undefined) {
    const id = header('webhook-id');
    const timestamp = header('webhook-timestamp');
    const signature = header('webhook-signature');
    if (!id) return { ok: false, reason: 'missing webhook-id header' };
    if (!timestamp) return { ok: false, reason: 'missing webhook-timestamp header' };
    if (!signature) return { ok: false, reason: 'missing webhook-signature header' };
    if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
    const stale = checkTime(Number(timestamp) * 1000, options.now, tolerance);
    if (stale) return { ok: false, reason: stale };
    const given = signature.split(' ').flatMap((part) => (part.startsWith('v1,') ? [part.slice(3)] : []));
    if (given.length === 0) return { ok: false, reason: 'webhook-signature has no v1 signature' };
    const match = keys.some((key) => given.some((g) => safeEqual(hmac(key, [`${id}.${timestamp}.`, options.rawBody]), g)));
    return match ? { ok: true, scheme: 'standard-webhooks', deliveryId: id } : { ok: false, reason: 'signature does not match any configured secret' };
  }
  if (legacy !== undefined) {
    const parts = legacy.split(';');
    if (parts.length !== 4 || parts[0] !== 'hmac' || parts[1] !== '1')
      return { ok: false, reason: 'openphone-signature is not in the form hmac;1;<timestamp>;<signature>' };
    const [, , timestamp = '', digest = ''] = parts;
    if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'openphone-signature timestamp is not a number' };
    // OpenPhone sends milliseconds; seconds are accepted too.
    const ms = timestamp.length >= 13 ? Number(timestamp) : Number(timestamp) * 1000;
    const stale = checkTime(ms, options.now, tolerance);
    if (stale) return { ok: false, reason: stale };
    const match = keys.some((key) => safeEqual(hmac(key, [`${timestamp}.`, options.rawBody]), digest));
    return match ? { ok: true, scheme: 'openphone', deliveryId: null } : { ok: false, reason: 'signature does not match any configured secret' };
  }
  return { ok: false, reason: 'missing signature: expected an openphone-signature or webhook-signature header' };
}

function checkTime(ms: number, now: Date, tolerance: number): string | null {
  const skew = ms - now.getTime();
  if (skew < -tolerance) return `timestamp is ${Math.round(-skew / 1000)} s old (over ${tolerance / 1000} s)`;
  if (skew > tolerance) return `timestamp is ${Math.round(skew / 1000)} s in the future (over ${tolerance / 1000} s)`;
  return null;
}

function hmac(key: Buffer, parts: (string | Buffer)[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Constant-time comparison of a digest with a base64 signature; anything but canonical base64 fails. */
function safeEqual(expected: Buffer, givenBase64: string): boolean {
  const given = Buffer.from(givenBase64, 'base64');
  return given.length === expected.length && given.toString('base64') === givenBase64 && timingSafeEqual(given, expected);
}

/** The HMAC key of a secret: base64, with Standard Webhooks' `whsec_` prefix dropped. */
function signingKey(secret: string): Buffer {
  return Buffer.from(secret.trim().replace(/^whsec_/, ''), 'base64');
}

/** Signs a body the way the sender does: for tests, benchmarks and local tools. */
export function signWebhook(
  scheme: 'openphone' | 'standard-webhooks',
  secret: string,
  rawBody: string | Buffer,
  at: Date,
  deliveryId = `msg_${at.getTime()}`,
): Record<string, string> {
  const key = signingKey(secret);
  if (scheme === 'openphone') {
    const ts = String(at.getTime());
    return { 'openphone-signature': `hmac;1;${ts};${hmac(key, [`${ts}.`, Buffer.from(rawBody)]).toString('base64')}` };
  }
  const ts = String(Math.floor(at.getTime() / 1000));
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': ts,
    'webhook-signature': `v1,${hmac(key, [`${deliveryId}.${ts}.`, Buffer.from(rawBody)]).toString('base64')}`,
  };
}
