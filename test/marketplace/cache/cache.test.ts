import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackageCache } from '../../../marketplace/cache/cache.ts';
import { MarketplaceError } from '../../../marketplace/core/errors.ts';
import { removeDir, tempDir } from '../helpers.ts';

const tmp = tempDir();
afterAll(() => removeDir(tmp));

function cacheAt(name: string, clock: { now: number }, maxBytes = 1 << 30) {
  return new PackageCache(join(tmp, name), 24 * 3600, maxBytes, () => clock.now);
}
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);
const enc = (s: string) => new TextEncoder().encode(s);

describe('package cache', () => {
  it('serves hits re-hashed, and counts accesses', () => {
    const clock = { now: 1_000 };
    const c = cacheAt('hits', clock);
    const entry = c.write('a', '1.0.0', bytes(100), enc('[package]'), '{}', true);
    clock.now = 2_000;
    const hit = c.read('a', '1.0.0', entry.checksum)!;
    expect(hit.bytes).toEqual(bytes(100));
    expect(hit.stale).toBe(false);
    expect(c.entry('a', '1.0.0')!.access_count).toBe(1);
    expect(c.entry('a', '1.0.0')!.last_accessed_at).toBe(2_000);
  });

  it('marks entries older than the TTL stale and drops ones the index no longer lists', () => {
    const clock = { now: 0 };
    const c = cacheAt('ttl', clock);
    c.write('a', '1.0.0', bytes(10), enc(''), '{}', true);
    clock.now = 24 * 3600;
    expect(c.read('a', '1.0.0')!.stale).toBe(true);
    expect(c.read('a', '1.0.0', 'f'.repeat(64))).toBeUndefined();
    expect(c.entry('a', '1.0.0')).toBeUndefined();
  });

  it('refuses a corrupted entry with E013 and removes it', () => {
    const clock = { now: 0 };
    const c = cacheAt('corrupt', clock);
    c.write('@acme/b', '2.0.0', bytes(64), enc(''), '{}', true);
    const file = join(c.packageDir('@acme/b', '2.0.0'), 'package.escx');
    const data = readFileSync(file);
    data[3]! ^= 1;
    writeFileSync(file, data);
    let err: unknown;
    try {
      c.read('@acme/b', '2.0.0');
    } catch (e) {
      err = e;
    }
    expect((err as MarketplaceError).code).toBe('E013');
    expect(c.entry('@acme/b', '2.0.0')).toBeUndefined();
  });

  it('keeps registry documents with their fetch time', () => {
    const clock = { now: 100 };
    const c = cacheAt('docs', clock);
    c.writeDocument('default', 'index.json', 'http://x', { packages: {} });
    expect(c.readDocument('default', 'index.json')!.stale).toBe(false);
    clock.now = 100 + 24 * 3600;
    expect(c.readDocument('default', 'index.json')!.stale).toBe(true);
  });

  it('evicts stale entries first, then least recently used (ties: larger, then name), never entries in use', () => {
    const clock = { now: 0 };
    const c = cacheAt('evict', clock, 1);
    c.write('stale-old', '1.0.0', bytes(50), enc(''), '{}', true); // accessed at 0, expires at 86400
    clock.now = 10;
    c.write('stale-new', '1.0.0', bytes(50), enc(''), '{}', true);
    clock.now = 90_000;
    c.write('lru-small', '1.0.0', bytes(10), enc(''), '{}', true);
    c.write('lru-big', '1.0.0', bytes(500), enc(''), '{}', true);
    c.write('in-use', '1.0.0', bytes(10), enc(''), '{}', true);
    clock.now = 90_001;
    const sizeOf = (n: string) => c.entries().find((e) => e.entry.name === n)!.bytes;
    const cap = sizeOf('lru-small') + sizeOf('in-use') + 5;
    const capped = new PackageCache(c.dir, 24 * 3600, cap, () => clock.now);
    const r = capped.evict(new Set(['in-use@1.0.0']));
    expect(r.evicted).toEqual(['stale-old@1.0.0', 'stale-new@1.0.0', 'lru-big@1.0.0']);
    expect(capped.entries().map((e) => e.entry.name).sort()).toEqual(['in-use', 'lru-small']);
  });
});
