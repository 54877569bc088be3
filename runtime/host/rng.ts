/**
 * Host randomness (`mlkem_encaps`, §8.4.1). Seeded, it is a deterministic stream of blocks
 * SHA3-256(seed ‖ counter as u64 big-endian); tests seed it with SHA3-256 of the test name
 * (§8.4.3). Unseeded, it draws from the platform CSPRNG.
 */
import { randomBytes } from 'node:crypto';
import { sha3_256 } from '@noble/hashes/sha3.js';

export class HostRng {
  private counter = 0n;
  private readonly seed: Uint8Array | undefined;

  constructor(seed?: Uint8Array) {
    this.seed = seed ? new Uint8Array(seed) : undefined;
  }

  static forTestName(name: string): HostRng {
    return new HostRng(sha3_256(new TextEncoder().encode(name)));
  }

  get deterministic(): boolean {
    return this.seed !== undefined;
  }

  bytes(n: number): Uint8Array {
    if (!this.seed) return new Uint8Array(randomBytes(n));
    const out = new Uint8Array(n);
    const input = new Uint8Array(this.seed.length + 8);
    input.set(this.seed);
    const view = new DataView(input.buffer);
    for (let at = 0; at < n; at += 32) {
      view.setBigUint64(this.seed.length, this.counter++);
      const block = sha3_256(input);
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  }
}
