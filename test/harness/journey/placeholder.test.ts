import { sha3_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { placeholderBytes } from '../../../harness/journey/placeholder.ts';

describe('journey placeholders (LANGUAGE.md §8.10.2)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('bytes(N) ≤ 32 is a prefix of SHA3-256("<block>.<k>")', () => {
    expect(placeholderBytes('rider', 'card', 32)).toEqual(sha3_256(enc('rider.card')));
    expect(placeholderBytes('rider', 'card', 16)).toEqual(sha3_256(enc('rider.card')).slice(0, 16));
  });
  it('longer values continue the hash chain', () => {
    const h1 = sha3_256(enc('bank.key'));
    const h2 = sha3_256(h1);
    const v = placeholderBytes('bank', 'key', 48);
    expect(v.slice(0, 32)).toEqual(h1);
    expect(v.slice(32)).toEqual(h2.slice(0, 16));
  });
  it('differs per block and key', () => {
    expect(placeholderBytes('a', 'k', 8)).not.toEqual(placeholderBytes('b', 'k', 8));
  });
});
