import { describe, expect, it } from 'vitest';
import type { IrType } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import {
  anyField,
  anyFromJs,
  anyIndex,
  boxAny,
  compareValues,
  fromAny,
  valuesEqual,
  ValueError,
  zeroValue,
} from '../../../runtime/values/index.ts';
import { TYPES } from './arbitraries.ts';

const SPOT: IrType = { k: 'struct', id: 2 };
const GATE: IrType = { k: 'enum', id: 0 };

describe('dynamic values (LANGUAGE.md §8.2.9)', () => {
  it('boxes values, with one nil for options', () => {
    expect(boxAny(5n, T.u8)).toEqual({ any: T.u8, value: 5n });
    expect(boxAny(null, T.option(T.u8))).toBeNull();
    expect(boxAny({ some: 5n }, T.option(T.u8))).toEqual({ any: T.u8, value: 5n });
    expect(boxAny({ any: T.u8, value: 1n }, T.any)).toEqual({ any: T.u8, value: 1n });
  });

  it('converts records to structs by field name and checks the shape', () => {
    const rec = anyFromJs({ level: 3, plate: Uint8Array.of(1), note: 'x', extra: true });
    expect(fromAny(rec, SPOT, TYPES)).toEqual([3n, Uint8Array.of(1), { some: 'x' }]);
    expect(() => fromAny(anyFromJs({ level: 3 }), SPOT, TYPES)).toThrow(/missing field 'plate' of Spot/);
    expect(() => fromAny(anyFromJs({ level: 300, plate: '', note: null }), SPOT, TYPES)).toThrow(/value.level: 300 does not fit u8/);
  });

  it('converts integers, names and discriminants to enums', () => {
    expect(fromAny(anyFromJs('Exit'), GATE, TYPES)).toBe(1n);
    expect(fromAny(anyFromJs(0), GATE, TYPES)).toBe(0n);
    expect(() => fromAny(anyFromJs(7), GATE, TYPES)).toThrow(ValueError);
  });

  it('converts numbers and bytes with exact sizes', () => {
    expect(fromAny(anyFromJs(2), T.f64, TYPES)).toBe(2);
    expect(fromAny(anyFromJs(2.0), T.u8, TYPES)).toBe(2n);
    expect(() => fromAny(anyFromJs(2.5), T.u8, TYPES)).toThrow(/expected u8, got float/);
    expect(fromAny({ any: T.bytesN(2), value: Uint8Array.of(1, 2) }, T.bytesN(2), TYPES)).toEqual(Uint8Array.of(1, 2));
    expect(() => fromAny({ any: T.bytes, value: Uint8Array.of(1) }, T.bytesN(2), TYPES)).toThrow(/expected 2 bytes, got 1/);
    expect(fromAny(null, T.option(T.u8), TYPES)).toBeNull();
    expect(() => fromAny(null, T.u8, TYPES)).toThrow(/expected u8, got nil/);
  });

  it('reads fields and elements of any values as any', () => {
    const rec = anyFromJs({ a: { b: [10, 20] } });
    const b = anyField(anyField(rec, 'a', TYPES), 'b', TYPES);
    expect(anyIndex(b, 1n)).toEqual({ any: T.u64, value: 20n });
    expect(anyIndex(b, 5n)).toBeNull();
    expect(anyField(rec, 'zzz', TYPES)).toBeNull();
    expect(anyField({ any: SPOT, value: [1n, new Uint8Array(0), null] }, 'level', TYPES)).toEqual({ any: T.u8, value: 1n });
  });
});

describe('zero values, equality and ordering', () => {
  it('zero values follow §8.2.2', () => {
    expect(zeroValue(SPOT, TYPES)).toEqual([0n, new Uint8Array(0), null]);
    expect(zeroValue({ k: 'enum', id: 1 }, TYPES)).toBe(5n); // no discriminant 0: the first variant
    expect(zeroValue({ k: 'array', elem: T.bytesN(2), n: 2 }, TYPES)).toEqual([new Uint8Array(2), new Uint8Array(2)]);
  });

  it('equality is structural and IEEE for floats', () => {
    expect(valuesEqual([1n, Uint8Array.of(2), { some: 'x' }], [1n, Uint8Array.of(2), { some: 'x' }])).toBe(true);
    expect(valuesEqual([1n, Uint8Array.of(2)], [1n, Uint8Array.of(3)])).toBe(false);
    expect(valuesEqual(NaN, NaN)).toBe(false);
    expect(valuesEqual(0, -0)).toBe(true);
    expect(valuesEqual({ some: null }, null)).toBe(false);
    // Dynamic values compare by value: a stored u32 matches a u64 literal pattern.
    expect(valuesEqual({ any: T.u32, value: 5n }, { any: T.u64, value: 5n })).toBe(true);
    expect(valuesEqual({ any: T.bytesN(2), value: Uint8Array.of(1, 2) }, { any: T.bytes, value: Uint8Array.of(1, 2) })).toBe(true);
    expect(valuesEqual({ any: T.string, value: '5' }, { any: T.u64, value: 5n })).toBe(false);
  });

  it('orders numbers and bytes lexicographically', () => {
    expect(compareValues(2n, 10n)).toBeLessThan(0);
    expect(compareValues(Uint8Array.of(1, 9), Uint8Array.of(2, 0))).toBeLessThan(0);
    expect(Number.isNaN(compareValues(NaN, 1))).toBe(true);
  });
});
