/** ESCIR.md §7 XPath hash and §11 item 8: FNV test values, incremental hashing, E078. */
import { describe, expect, it } from 'vitest';
import { fnv1a32, XPathHasher } from '../../../compiler/escir/index.ts';
import { loadFixture } from '../helpers.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('FNV-1a 32 path hashes', () => {
  it('matches the reference values', () => {
    expect(fnv1a32(enc(''))).toBe(0x811c9dc5);
    expect(fnv1a32(enc('a'))).toBe(0xe40c292c);
    expect(fnv1a32(enc('/Doc/Hdr/Ref'))).toBe(0x377e7f9b);
    expect(fnv1a32(enc('/Document/FIToFICstmrCdtTrf/GrpHdr/MsgId'))).toBe(0xa948038e);
  });

  it('incremental hashing equals the full-path hash after opens and closes', () => {
    const h = new XPathHasher();
    h.open('Doc');
    h.open('Hdr');
    h.open('Tmp');
    h.close();
    expect(h.open('Ref')).toBe(0x377e7f9b);
    expect(h.close()).toBe(fnv1a32(enc('/Doc/Hdr')));
  });

  it('JSON keys truncate the stack to their depth before pushing (siblings work)', () => {
    const h = new XPathHasher();
    h.key(0, 'Doc');
    h.key(1, 'Hdr');
    h.key(2, 'Id');
    expect(h.key(2, 'Ref')).toBe(0x377e7f9b);
    expect(h.path).toBe('/Doc/Hdr/Ref');
  });

  it('ROM rows whose hash mismatches their path, or collide, are E078', () => {
    const { diagnostics } = loadFixture('legacy/rom_defects.escir.yaml');
    const e = diagnostics.filter((d) => d.code === 'E078');
    expect(e.map((d) => d.message)).toEqual([expect.stringContaining('does not match'), expect.stringContaining('collision')]);
  });
});
