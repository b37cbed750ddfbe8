import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A signed-in reviewer: the session id (the CSRF token derives from it), a name for the record, and the expiry. */
export type Session = { id: string; name: string; expires: number };

export type AdminAuth = {
  /** True when `given` is the admin token (compared in constant time). */
  checkToken(given: string): boolean;
  /** A new session's cookie value. */
  issue(name: string): string;
  /** The session a cookie value carries, or null when it is forged, malformed or expired. */
  verify(cookie: string | undefined): Session | null;
  /** The CSRF token every form of the session carries. */
  csrfToken(session: Session): string;
  checkCsrf(session: Session, given: unknown): boolean;
};

export const SESSION_TTL_MS = 12 * 3_600_000;

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Stateless sessions signed with a key derived from ADMIN_TOKEN, so every replica behind a load
 * balancer accepts them and changing the token signs everyone out. The cookie holds
 * `id.expires.name.mac` (name base64url-encoded); nothing in it is secret, everything is signed.
 */
export function createAdminAuth(options: { token: string; now?: () => number; ttlMs?: number }): AdminAuth {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? SESSION_TTL_MS;
  const key = createHmac('sha256', options.token).update('sop admin session key v1').digest();
  const tokenDigest = createHmac('sha256', key).update(options.token).digest('hex');
  const mac = (purpose: string, text: string) => createHmac('sha256', key).update(`${purpose}\n${text}`).digest('base64url');

  return {
    // Digests of equal length, compared in constant time: the token's length does not leak either.
    checkToken: (given) => equal(createHmac('sha256', key).update(given).digest('hex'), tokenDigest),
    issue: (name) => {
      const body = `${randomBytes(16).toString('hex')}.${now() + ttl}.${Buffer.from(Array.from(name).slice(0, 80).join('')).toString('base64url')}`;
      return `${body}.${mac('session', body)}`;
    },
    verify: (cookie) => {
      const parts = (cookie ?? '').split('.');
      if (parts.length !== 4) return null;
      const [id, expires, name, signature] = parts as [string, string, string, string];
      if (!equal(mac('session', `${id}.${expires}.${name}`), signature)) return null;
      if (!(Number(expires) > now())) return null;
      return { id, expires: Number(expires), name: Buffer.from(name, 'base64url').toString('utf8') };
    },
    csrfToken: (session) => mac('csrf', session.id),
    checkCsrf: (session, given) => typeof given === 'string' && equal(mac('csrf', session.id), given),
  };
}

/**
 * Failed sign-ins per address: after `max` failures in `windowMs` that address waits for the rest of
 * the window. Failures from many addresses (guessing spread over a botnet) slow everyone down rather
 * than lock everyone out: once `maxOverall` pile up in the window, sign-ins from anywhere are spaced
 * `spacingMs` apart, so a reviewer with the right token still gets in within seconds while guessing
 * runs at one try per `spacingMs` in all.
 */
export function createLoginThrottle(options: { max?: number; maxOverall?: number; windowMs?: number; spacingMs?: number; now?: () => number } = {}) {
  const max = options.max ?? 10;
  const maxOverall = options.maxOverall ?? 200;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const spacingMs = options.spacingMs ?? 1000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, { count: number; since: number }>();
  const ALL = '*';
  let lastAttempt = -Infinity;
  const current = (key: string) => {
    const entry = failures.get(key);
    if (entry && now() - entry.since > windowMs) failures.delete(key);
    return failures.get(key);
  };
  const wait = (key: string, limit: number) => {
    const entry = current(key);
    return entry && entry.count >= limit ? Math.ceil((entry.since + windowMs - now()) / 1000) : 0;
  };
  const count = (key: string) => {
    const entry = current(key);
    if (entry) entry.count++;
    else {
      // Bounded memory: the oldest address is forgotten first (the overall count still holds).
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
      failures.set(key, { count: 1, since: now() });
    }
  };
  /** Seconds until the next sign-in from anywhere, while the overall failures are over their cap. */
  const spaced = () => {
    const entry = current(ALL);
    if (!entry || entry.count < maxOverall) return 0;
    const left = lastAttempt + spacingMs - now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  };
  return {
    /** Seconds to wait before trying again, or 0: the address's own lock, or the spacing of everyone's tries under a spread-out attack. */
    retryAfter: (address: string) => Math.max(wait(address, max), spaced()),
    fail: (address: string) => {
      lastAttempt = now();
      count(address);
      count(ALL);
    },
    succeed: (address: string) => {
      lastAttempt = now();
      failures.delete(address);
    },
  };
}
