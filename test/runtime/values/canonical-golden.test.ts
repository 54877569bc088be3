/**
 * Golden bytes of the canonical encoding (specs/values.md, LANGUAGE.md §8.3.6) for the edges
 * the unit tests do not reach: extreme integers at every width, special floats, multi-byte
 * and unpaired-surrogate strings, nested `any`, and values that outgrow the scratch buffer.
 * Hashes, witnesses and stored values depend on these bytes: they must never change.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import type { IrConst, IrType } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import { decodeCanonical, dynamicRecord, encodeCanonical } from '../../../runtime/values/index.ts';
import { TYPES } from './arbitraries.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const int = (bits: 8 | 16 | 32 | 64 | 128, signed: boolean): IrType => ({ k: 'int', bits, signed });
const anyArray = (n: number): IrType => ({ k: 'array', elem: T.any, n });

const GOLDEN: [string, IrType, IrConst, string][] = [
  ['i8 min', int(8, true), -128n, '80'],
  ['u8 max', int(8, false), 255n, 'ff'],
  ['i16 -1', int(16, true), -1n, 'ffff'],
  ['i32 min', int(32, true), -2147483648n, '80000000'],
  ['u32 max', int(32, false), 4294967295n, 'ffffffff'],
  ['i64 min', int(64, true), -9223372036854775808n, '8000000000000000'],
  ['u64 max', int(64, false), 18446744073709551615n, 'ffffffffffffffff'],
  ['i128 min', int(128, true), -(1n << 127n), '80000000000000000000000000000000'],
  ['f32 NaN', T.f32, NaN, '7fc00000'],
  ['f64 -0', T.f64, -0, '8000000000000000'],
  ['f64 inf', T.f64, Infinity, '7ff0000000000000'],
  ['f32 subnormal', T.f32, -1e-40, '800116c2'],
  ['f64 min subnormal', T.f64, 5e-324, '0000000000000001'],
  ['string with NUL, é, emoji, lone surrogate', T.string, 'a\u0000é😀\ud800z', '6100c3a9f09f9880efbfbd7a'],
  ['nested string', T.option(T.string), { some: '😀' }, '0100000004f09f9880'],
  ['list of bytes', T.list(T.bytes), [new Uint8Array(0), Uint8Array.of(1, 2, 3)], '000000020000000000000003010203'],
  [
    'any list of option<i128>',
    T.any,
    { any: T.list(T.option(int(128, true))), value: [{ some: -1n }, null] },
    '0a0c01800100000002' + '01' + 'ff'.repeat(16) + '00',
  ],
  ['any record', T.any, dynamicRecord(['a', 'ü'], [{ any: T.string, value: 'x' }, null]), '0e00000002000000016100000002c3bc07000000017800'],
  [
    'any struct and enum',
    anyArray(2),
    [
      { any: { k: 'struct', id: 2 }, value: [1n, Uint8Array.of(9), { some: 'n' }] },
      { any: { k: 'enum', id: 1 }, value: 0xfffen },
    ],
    '080000000201000000010901000000016e0900000001fffe',
  ],
  ['any fixed array of f32', anyArray(1), [{ any: { k: 'array', elem: T.f32, n: 1 }, value: [0.5] }], '0b0000000102203f000000'],
  ['any bytes(2)', anyArray(1), [{ any: T.bytesN(2), value: Uint8Array.of(7, 8) }], '05000000020708'],
];

describe('canonical encoding golden bytes', () => {
  it.each(GOLDEN)('%s', (_name, type, value, expected) => {
    expect(hex(encodeCanonical(value, type, TYPES))).toBe(expected);
  });

  it('round-trips every golden value except the lossy ones', () => {
    for (const [name, type, value, expected] of GOLDEN) {
      if (name.includes('lone surrogate') || name.includes('NaN')) continue;
      expect(hex(encodeCanonical(decodeCanonical(Buffer.from(expected, 'hex'), type, TYPES), type, TYPES)), name).toBe(expected);
    }
  });

  it('encodes values larger than the scratch buffer, and small ones after them, unchanged', () => {
    const text = 'x'.repeat(3000) + '€'.repeat(2000);
    const a = encodeCanonical(text, T.string, TYPES);
    expect(a.length).toBe(9000);
    expect(hex(sha3_256(a))).toBe('beca391b1660d47e76990750a6d655c86ec0182e5e4e8ff4d855b673aadf0b75');
    // Over 1 MiB: the writer drops its grown buffer afterwards; the next value must not notice.
    const wide = Array.from({ length: 70000 }, (_, i) => BigInt(i) * 977n);
    const b = encodeCanonical(wide, T.list(T.u128), TYPES);
    expect(b.length).toBe(1120004);
    expect(hex(sha3_256(b))).toBe('9907e6289d80ae31e233a980e37189bfa10fa60f665e22afd7d54b28293e9c28');
    expect(hex(encodeCanonical(1n, T.u8, TYPES))).toBe('01');
    expect(hex(encodeCanonical({ some: 'hi' }, T.option(T.string), TYPES))).toBe('01000000026869');
  });

  it('keeps its decoding error messages', () => {
    expect(() => decodeCanonical(Uint8Array.of(0, 0, 0, 5, 1), T.list(T.u32), TYPES)).toThrow('canonical decoding: list count 5 at byte 0 exceeds the remaining input');
    expect(() => decodeCanonical(Uint8Array.of(1), T.f64, TYPES)).toThrow('canonical decoding: truncated input at byte 0 reading f64 (8 bytes needed, 1 left)');
    expect(() => decodeCanonical(Uint8Array.of(0, 0, 0, 9, 1), T.option(T.u8), TYPES)).toThrow('canonical decoding: 4 trailing bytes after option<u8> at byte 1');
    expect(() => decodeCanonical(Uint8Array.of(1, 0, 0, 0, 9), T.option(T.string), TYPES)).toThrow(
      'canonical decoding: truncated input at byte 5 reading string (9 bytes needed, 0 left)',
    );
  });
});
