import { sha3_256 } from '@noble/hashes/sha3.js';

/**
 * The value of a journey placeholder `k: bytes(N)` in party or fixture `block`
 * (LANGUAGE.md §8.10.2): the first N bytes of repeated SHA3-256 of "<block>.<k>".
 * "Repeated" is a hash chain: h1 = SHA3-256(utf8("<block>.<k>")), h(i+1) = SHA3-256(h(i)),
 * and the value is the first N bytes of h1 ‖ h2 ‖ … (specs/testing.md §Journeys).
 */
export function placeholderBytes(block: string, key: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let h = sha3_256(new TextEncoder().encode(`${block}.${key}`));
  let filled = 0;
  while (filled < n) {
    const take = Math.min(h.length, n - filled);
    out.set(h.subarray(0, take), filled);
    filled += take;
    if (filled < n) h = sha3_256(h);
  }
  return out;
}
