import { describe, expect, it } from 'vitest';
import { createAdminAuth, createLoginThrottle, SESSION_TTL_MS } from '../../src/http/admin/session.ts';

const TOKEN = 'a-test-admin-token-0123456789';
const T0 = Date.parse('2025-06-02T09:00:00Z');

/** An AdminAuth on a clock the test moves. */
function authAt(start = T0, options: { token?: string; ttlMs?: number } = {}) {
  const clock = { now: start };
  const auth = createAdminAuth({ token: options.token ?? TOKEN, now: () => clock.now, ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}) });
  return { auth, clock };
}

describe('createAdminAuth', () => {
  it('issues a cookie that verifies to the session: a random id, the name, and the expiry after the ttl', () => {
    const { auth } = authAt();
    const session = auth.verify(auth.issue('Ada Lovelace'));
    expect(session).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'Ada Lovelace', expires: T0 + SESSION_TTL_MS });
  });

  it.each([
    ['dots and accents', 'Zoë O.Brien-Smith', 'Zoë O.Brien-Smith'],
    ['an empty name', '', ''],
    ['a name over 80 characters, cut to 80', 'x'.repeat(100), 'x'.repeat(80)],
  ])('keeps %s in the session', (_case, name, expected) => {
    const { auth } = authAt();
    expect(auth.verify(auth.issue(name))?.name).toBe(expected);
  });

  it('expires the session exactly ttl after issuing it', () => {
    const { auth, clock } = authAt(T0, { ttlMs: 60_000 });
    const cookie = auth.issue('Ada');
    clock.now = T0 + 59_999;
    expect(auth.verify(cookie)?.name).toBe('Ada');
    clock.now = T0 + 60_000;
    expect(auth.verify(cookie)).toBeNull();
    clock.now = T0 + 3_600_000;
    expect(auth.verify(cookie)).toBeNull();
  });

  describe('refuses forged and malformed cookies', () => {
    const { auth } = authAt();
    const genuine = auth.issue('Ada');
    const [id, expires, name, mac] = genuine.split('.') as [string, string, string, string];
    const other = authAt(T0, { token: 'another-admin-token-9876543210' }).auth;
    const flip = (text: string) => `${text.startsWith('A') ? 'B' : 'A'}${text.slice(1)}`;

    it.each<[string, string | undefined]>([
      ['no cookie', undefined],
      ['an empty cookie', ''],
      ['a value without dots', 'garbage'],
      ['three parts', `${id}.${expires}.${name}`],
      ['five parts', `${genuine}.extra`],
      ['an empty signature', `${id}.${expires}.${name}.`],
      ['a tampered signature', `${id}.${expires}.${name}.${flip(mac)}`],
      ['a truncated signature', `${id}.${expires}.${name}.${mac.slice(0, -1)}`],
      ['a padded signature', `${id}.${expires}.${name}.${mac}=`],
      ['another name', `${id}.${expires}.${Buffer.from('Mallory').toString('base64url')}.${mac}`],
      ['a later expiry', `${id}.${Number(expires) + 1}.${name}.${mac}`],
      ['another id', `${'0'.repeat(32)}.${expires}.${name}.${mac}`],
      ["the signature of another session's id", `${id}.${expires}.${name}.${auth.issue('Ada').split('.')[3]}`],
      ['a cookie signed with another ADMIN_TOKEN', other.issue('Ada')],
    ])('%s', (_case, cookie) => {
      expect(auth.verify(cookie)).toBeNull();
    });

    it('accepts the untampered cookie (the control for the cases above)', () => {
      expect(auth.verify(genuine)?.name).toBe('Ada');
    });
  });

  it.each([
    ['the token', TOKEN, true],
    ['an empty string', '', false],
    ['the token with a trailing space', `${TOKEN} `, false],
    ['the token in capitals', TOKEN.toUpperCase(), false],
    ['a prefix of the token', TOKEN.slice(0, -1), false],
  ])('checkToken(%s) is %s', (_case, given, expected) => {
    expect(authAt().auth.checkToken(given)).toBe(expected);
  });

  describe('CSRF tokens', () => {
    const { auth } = authAt();
    const ada = auth.verify(auth.issue('Ada'))!;
    const bob = auth.verify(auth.issue('Bob'))!;

    it('differ between sessions and stay the same within one', () => {
      expect(auth.csrfToken(ada)).toMatch(/^[\w-]{43}$/);
      expect(auth.csrfToken(ada)).not.toBe(auth.csrfToken(bob));
      expect(auth.csrfToken(ada)).toBe(auth.csrfToken({ ...ada, name: 'renamed' }));
    });

    it('differ under another ADMIN_TOKEN for the same session id', () => {
      const other = authAt(T0, { token: 'another-admin-token-9876543210' }).auth;
      expect(other.csrfToken(ada)).not.toBe(auth.csrfToken(ada));
      expect(auth.checkCsrf(ada, other.csrfToken(ada))).toBe(false);
    });

    it("accept the session's own token", () => {
      expect(auth.checkCsrf(ada, auth.csrfToken(ada))).toBe(true);
    });

    it.each<[string, () => unknown]>([
      ['undefined', () => undefined],
      ['null', () => null],
      ['a number', () => 123],
      ['an empty string', () => ''],
      ["another session's token", () => auth.csrfToken(bob)],
      ['an array holding the token', () => [auth.csrfToken(ada)]],
      ['an object holding the token', () => ({ _csrf: auth.csrfToken(ada) })],
    ])('reject %s', (_case, given) => {
      expect(auth.checkCsrf(ada, given())).toBe(false);
    });
  });
});

describe('createLoginThrottle', () => {
  const throttleAt = (options: { max?: number; maxOverall?: number; windowMs?: number } = {}) => {
    const clock = { now: T0 };
    return { throttle: createLoginThrottle({ ...options, now: () => clock.now }), clock };
  };
  const failTimes = (throttle: ReturnType<typeof createLoginThrottle>, address: string, n: number) => {
    for (let i = 0; i < n; i++) throttle.fail(address);
  };

  it('locks an address after 10 failures for 15 minutes by default', () => {
    const { throttle } = throttleAt();
    failTimes(throttle, '203.0.113.7', 9);
    expect(throttle.retryAfter('203.0.113.7')).toBe(0);
    throttle.fail('203.0.113.7');
    expect(throttle.retryAfter('203.0.113.7')).toBe(900);
  });

  it('counts down to the end of the window that began with the first failure, then forgets', () => {
    const { throttle, clock } = throttleAt({ max: 3, windowMs: 60_000 });
    throttle.fail('a');
    clock.now = T0 + 20_000;
    failTimes(throttle, 'a', 2);
    expect(throttle.retryAfter('a')).toBe(40);
    clock.now = T0 + 59_001;
    expect(throttle.retryAfter('a')).toBe(1);
    clock.now = T0 + 60_001;
    expect(throttle.retryAfter('a')).toBe(0);
    // A new window: it takes max failures again to lock.
    failTimes(throttle, 'a', 2);
    expect(throttle.retryAfter('a')).toBe(0);
    throttle.fail('a');
    expect(throttle.retryAfter('a')).toBe(60);
  });

  it('does not lock after failures spread over more than one window', () => {
    const { throttle, clock } = throttleAt({ max: 3, windowMs: 60_000 });
    failTimes(throttle, 'a', 2);
    clock.now = T0 + 60_001;
    throttle.fail('a');
    expect(throttle.retryAfter('a')).toBe(0);
  });

  it('clears the failures of an address on succeed()', () => {
    const { throttle } = throttleAt({ max: 3, windowMs: 60_000 });
    failTimes(throttle, 'a', 3);
    expect(throttle.retryAfter('a')).toBe(60);
    throttle.succeed('a');
    expect(throttle.retryAfter('a')).toBe(0);
    failTimes(throttle, 'a', 2);
    expect(throttle.retryAfter('a')).toBe(0);
  });

  it('keeps addresses apart', () => {
    const { throttle } = throttleAt({ max: 3, windowMs: 60_000 });
    failTimes(throttle, 'a', 3);
    failTimes(throttle, 'b', 2);
    expect(throttle.retryAfter('a')).toBe(60);
    expect(throttle.retryAfter('b')).toBe(0);
    throttle.succeed('b');
    expect(throttle.retryAfter('a')).toBe(60);
  });

  it('spaces sign-ins from everyone once failures from many addresses reach the overall cap, never locking everyone out', () => {
    const { throttle, clock } = throttleAt({ max: 10, maxOverall: 5, windowMs: 60_000 });
    for (let i = 0; i < 4; i++) throttle.fail(`198.51.100.${i}`);
    expect(throttle.retryAfter('192.0.2.1')).toBe(0);
    throttle.fail('198.51.100.4');
    // One try a second in all: the reviewer waits a second, not the rest of the window.
    expect(throttle.retryAfter('192.0.2.1')).toBe(1);
    clock.now += 1000;
    expect(throttle.retryAfter('192.0.2.1')).toBe(0);
    throttle.succeed('192.0.2.1');
    expect(throttle.retryAfter('198.51.100.9')).toBe(1);
    // The window over, no spacing at all.
    clock.now += 60_001;
    expect(throttle.retryAfter('198.51.100.9')).toBe(0);
  });
});
