/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `key` (Austin Appleby's public-domain algorithm), the
 * hash feature-flag SDKs use for sticky percentages.
 */
export function murmurhash3(key: string, seed = 0): number {
  const bytes = Buffer.from(key, 'utf8');
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = bytes.length >> 2;
  for (let i = 0; i < blocks; i++) {
    let k = bytes.readUInt32LE(i * 4);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = 0;
    for (let i = rest - 1; i >= 0; i--) k = (k << 8) | bytes[tail + i]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The customer's sticky bucket on a route, 1..100: the same key always lands in the same bucket, so
 * raising a route's percentage only adds customers to the SOP share.
 */
export function bucketOf(route: string, stickyKey: string): number {
  return (murmurhash3(`${route}:${stickyKey}`, 0) % 100) + 1;
}
