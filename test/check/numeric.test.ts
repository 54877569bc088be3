import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bigEndian, byteLength, canWiden, defaultIntType, intFits, intMax, intMin, unifyNumeric, wrapInt } from '../../compiler/check/numeric.ts';
import { T } from '../../compiler/ir/ir.ts';

describe('numeric rules (LANGUAGE.md §8.1)', () => {
  it('widens within the same signedness and unsigned into a wider signed type', () => {
    expect(canWiden(T.u8, T.u64)).toBe(true);
    expect(canWiden(T.i16, T.i64)).toBe(true);
    expect(canWiden(T.u32, T.i64)).toBe(true);
    expect(canWiden(T.u32, T.i32)).toBe(false);
    expect(canWiden(T.i32, T.u64)).toBe(false);
    expect(canWiden(T.u64, T.u32)).toBe(false);
    expect(canWiden(T.f32, T.f64)).toBe(true);
    expect(canWiden(T.u8, T.f64)).toBe(false);
  });

  it('unifies operands to the wider type, or refuses mixed signedness and int/float', () => {
    expect(unifyNumeric(T.u8, T.u32)).toEqual(T.u32);
    expect(unifyNumeric(T.u16, T.i32)).toEqual(T.i32);
    expect(unifyNumeric(T.i64, T.u64)).toBeUndefined();
    expect(unifyNumeric(T.u64, T.f64)).toBeUndefined();
    expect(unifyNumeric(T.u64, T.f64, true)).toEqual(T.f64);
  });

  it('gives literals their default types', () => {
    expect(defaultIntType(5n)).toEqual(T.u64);
    expect(defaultIntType(-5n)).toEqual(T.i64);
    expect(defaultIntType(1n << 70n)).toEqual(T.u128);
  });

  it('knows every integer range', () => {
    expect(intMax(T.u8 as never)).toBe(255n);
    expect(intMin(T.i16 as never)).toBe(-32768n);
    expect(intFits(128n, T.i16 as never)).toBe(true);
    expect(intFits(-1n, T.u32 as never)).toBe(false);
  });

  it('wraps like a two-complement cast', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), (v) => {
        const w = wrapInt(v, T.u16 as never);
        expect(w >= 0n && w <= 0xffffn).toBe(true);
        expect((w - v) % 65536n).toBe(0n);
      }),
    );
  });

  it('encodes big-endian with left padding', () => {
    expect([...bigEndian(0x1234n, 4)]).toEqual([0, 0, 0x12, 0x34]);
    expect(byteLength(0n)).toBe(1);
    expect(byteLength(256n)).toBe(2);
  });
});
