/**
 * FNV-1a 32 (ESCIR.md §7 "XPath hash"): h = 0x811c9dc5; per byte h ^= b; h = h·0x01000193 mod 2^32.
 * Used at compile time for ROM rows; at run time the IR `fnv1a32` builtin computes the same.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fnv1a32(bytes: Uint8Array, start = FNV_OFFSET): number {
  let h = start >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/**
 * Incremental XPath hashing as the ISO 20022 parser does it: on open, feed `/` and the name;
 * on close, pop the segment and recompute from the remaining path. The result always equals
 * the hash of the full slash path.
 */
export class XPathHasher {
  private readonly segments: string[] = [];
  private hash = FNV_OFFSET;

  open(name: string): number {
    this.segments.push(name);
    this.hash = fnv1a32(new TextEncoder().encode(`/${name}`), this.hash);
    return this.hash;
  }

  close(): number {
    this.segments.pop();
    this.hash = fnv1a32(new TextEncoder().encode(this.segments.map((s) => `/${s}`).join('')));
    return this.hash;
  }

  /** JSON paths: at a key of depth d, truncate the stack to d, then push (ESCIR.md §7 JSON). */
  key(depth: number, name: string): number {
    while (this.segments.length > depth) this.segments.pop();
    this.hash = fnv1a32(new TextEncoder().encode(this.segments.map((s) => `/${s}`).join('')));
    return this.open(name);
  }

  get value(): number {
    return this.hash;
  }

  get path(): string {
    return this.segments.map((s) => `/${s}`).join('');
  }
}
