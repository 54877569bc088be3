import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IrConst, IrType } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import { decodeCanonical, dynamicRecord, encodeCanonical, ValueError } from '../../../runtime/values/index.ts';
import { arbTyped, TYPES } from './arbitraries.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const enc = (v: IrConst, t: IrType): string => hex(encodeCanonical(v, t, TYPES));
const SPOT: IrType = { k: 'struct', id: 2 };
const LOT: IrType = { k: 'struct', id: 4 };

describe('canonical encoding (LANGUAGE.md §8.3.6)', () => {
  it('writes integers big-endian at full width, two’s complement', () => {
    expect(enc(0x0102n, T.u32)).toBe('00000102');
    expect(enc(-2n, T.i16)).toBe('fffe');
    expect(enc(1n, T.u64)).toBe('0000000000000001');
    expect(enc((1n << 128n) - 1n, T.u128)).toBe('ff'.repeat(16));
    expect(enc(0x0102030405060708090a0b0c0d0e0f10n, T.u128)).toBe('0102030405060708090a0b0c0d0e0f10');
  });

  it('writes bool as one byte and floats as IEEE-754 big-endian', () => {
    expect(enc(true, T.bool)).toBe('01');
    expect(enc(1.5, T.f64)).toBe('3ff8000000000000');
    expect(enc(1.5, T.f32)).toBe('3fc00000');
  });

  it('writes bytes(N) raw, enums at their width, options with a tag', () => {
    expect(enc(Uint8Array.of(1, 2, 3), T.bytesN(3))).toBe('010203');
    expect(enc(0xfffen, { k: 'enum', id: 1 })).toBe('fffe');
    expect(enc(null, T.option(T.u16))).toBe('00');
    expect(enc({ some: 7n }, T.option(T.u16))).toBe('010007');
  });

  it('writes bytes and strings raw at the top level and length-prefixed when nested', () => {
    expect(enc(Uint8Array.of(0xaa, 0xbb), T.bytes)).toBe('aabb');
    expect(enc('hi', T.string)).toBe('6869');
    expect(enc({ some: 'hi' }, T.option(T.string))).toBe('01000000026869');
    expect(enc(['a', 'bc'], T.list(T.string))).toBe('00000002' + '0000000161' + '000000026263');
  });

  it('writes structs field by field and lists with a u32 count; arrays have no count', () => {
    expect(enc([3n, Uint8Array.of(9), null], SPOT)).toBe('03' + '0000000109' + '00');
    expect(enc([[], 1n, Uint8Array.of(1, 2, 3, 4)], LOT)).toBe('00000000' + '01' + '01020304');
    expect(enc([1n, 2n], { k: 'array', elem: T.u8, n: 2 })).toBe('0102');
  });

  it('encodes any values self-describingly (specs/values.md)', () => {
    expect(enc(null, T.any)).toBe('00');
    expect(enc({ any: T.u16, value: 5n }, T.any)).toBe('01' + '10' + '00' + '0005');
    expect(enc(dynamicRecord(['k'], [{ any: T.bool, value: true }]), T.any)).toBe('0e' + '00000001' + '000000016b' + '03' + '01');
  });

  it('rejects values that do not match the type, naming the place', () => {
    expect(() => encodeCanonical([3n, 'x', null], SPOT, TYPES)).toThrow(/plate: cannot encode string as bytes/);
    expect(() => encodeCanonical(Uint8Array.of(1), T.bytesN(2), TYPES)).toThrow(ValueError);
    expect(() => encodeCanonical(1, T.u8, TYPES)).toThrow(/expected|cannot encode/);
  });

  it('decodes with precise errors on bad input', () => {
    expect(() => decodeCanonical(Uint8Array.of(0, 0, 1), T.u32, TYPES)).toThrow(/truncated input at byte 0 reading u32/);
    expect(() => decodeCanonical(Uint8Array.of(0, 0, 0, 1, 9), T.u32, TYPES)).toThrow(/1 trailing bytes/);
    expect(() => decodeCanonical(Uint8Array.of(2), T.bool, TYPES)).toThrow(/not 0 or 1/);
    expect(() => decodeCanonical(Uint8Array.of(7), T.option(T.u8), TYPES)).toThrow(/option tag 7/);
    expect(() => decodeCanonical(Uint8Array.of(3), { k: 'enum', id: 0 }, TYPES)).toThrow(/not a variant of Gate/);
    expect(() => decodeCanonical(Uint8Array.of(0xff, 0xfe), T.string, TYPES)).toThrow(/invalid UTF-8/);
    expect(() => decodeCanonical(Uint8Array.of(0xff, 0xff, 0xff, 0xff), T.list(T.u32), TYPES)).toThrow(/exceeds the remaining input/);
    expect(() => decodeCanonical(Uint8Array.of(0x42), T.any, TYPES)).toThrow(/unknown type tag 0x42/);
  });

  it('property: decode(encode(v)) = v for random types and values', () => {
    fc.assert(
      fc.property(arbTyped({ any: true, floats: true }), ({ type, value }) => {
        const bytes = encodeCanonical(value, type, TYPES);
        expect(decodeCanonical(bytes, type, TYPES)).toEqual(value);
      }),
      { numRuns: 400 },
    );
  });

  it('property: encoding is deterministic and decoding never throws anything but ValueError', () => {
    fc.assert(
      fc.property(arbTyped({ any: true, floats: false }), fc.uint8Array({ maxLength: 40 }), ({ type, value }, junk) => {
        expect(encodeCanonical(value, type, TYPES)).toEqual(encodeCanonical(value, type, TYPES));
        try {
          decodeCanonical(junk, type, TYPES);
        } catch (e) {
          expect(e).toBeInstanceOf(ValueError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
