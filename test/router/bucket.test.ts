import { describe, expect, it } from 'vitest';
import { bucketOf, murmurhash3 } from '../../src/router/index.ts';

describe('sticky buckets', () => {
  it('match the buckets the Unleash SDKs compute', () => {
    expect(bucketOf('gr1', '123')).toBe(73);
    expect(bucketOf('groupX', '999')).toBe(25);
  });

  it('hash with MurmurHash3 x86 32-bit (published test vectors)', () => {
    expect(murmurhash3('', 0)).toBe(0);
    expect(murmurhash3('', 1)).toBe(0x514e28b7);
    expect(murmurhash3('hello', 0)).toBe(0x248bfa47);
    expect(murmurhash3('The quick brown fox jumps over the lazy dog', 0x9747b28c)).toBe(0x2fa826cd);
    // Tails of one, two and three bytes.
    expect(murmurhash3('a', 0x9747b28c)).toBe(0x7fa09ea6);
    expect(murmurhash3('aa', 0x9747b28c)).toBe(0x5d211726);
    expect(murmurhash3('aaa', 0x9747b28c)).toBe(0x283e0130);
  });

  it('send p% ± 0.5% of 100,000 keys to the SOP share at every p', () => {
    const counts = new Array<number>(101).fill(0);
    for (let i = 0; i < 100_000; i++) counts[bucketOf('booking', `+1555${String(i).padStart(7, '0')}`)]!++;
    let within = 0;
    for (let p = 1; p <= 100; p++) {
      within += counts[p]!;
      expect(Math.abs(within / 1000 - p)).toBeLessThanOrEqual(0.5);
    }
  });
});
