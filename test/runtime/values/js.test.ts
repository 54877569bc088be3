import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IrType } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import { formatJson, fromJs, fromJson, toJs, toJson, ValueError } from '../../../runtime/values/index.ts';
import { arbTyped, TYPES } from './arbitraries.ts';

const SPOT: IrType = { k: 'struct', id: 2 };
const LOT: IrType = { k: 'struct', id: 4 };
const GATE: IrType = { k: 'enum', id: 0 };

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    return (e as Error).message;
  }
  throw new Error('expected a ValueError');
}

describe('fromJs (public JS → IrConst)', () => {
  it('accepts numbers for small integers and bigint, safe numbers or decimal strings for wide ones', () => {
    expect(fromJs(7, T.u8, TYPES)).toBe(7n);
    expect(fromJs(2n ** 64n - 1n, T.u64, TYPES)).toBe(2n ** 64n - 1n);
    expect(fromJs(12, T.u64, TYPES)).toBe(12n);
    expect(fromJs('18446744073709551615', T.u64, TYPES)).toBe(2n ** 64n - 1n);
    expect(fromJs('-5', T.i64, TYPES)).toBe(-5n);
  });

  it('names the path and the problem', () => {
    expect(errorOf(() => fromJs({ spots: [{ level: 'x' }] }, LOT, TYPES))).toBe('input.spots[0].level: expected u8, got string');
    expect(errorOf(() => fromJs(300, T.u8, TYPES, 'input.qty'))).toBe('input.qty: 300 does not fit u8');
    expect(errorOf(() => fromJs(1.5, T.u32, TYPES))).toContain('non-integer 1.5');
    expect(errorOf(() => fromJs(2 ** 60, T.u64, TYPES))).toContain('bigint or a decimal string');
    expect(errorOf(() => fromJs({ level: 1, colour: 2 }, SPOT, TYPES))).toContain("unknown field 'colour' for Spot");
    expect(errorOf(() => fromJs('Sideways', GATE, TYPES))).toContain("'Sideways' is not a variant of Gate (expected one of Entry, Exit)");
  });

  it('fills missing struct fields with zero values', () => {
    expect(fromJs({ level: 2 }, SPOT, TYPES)).toEqual([2n, new Uint8Array(0), null]);
  });

  it('accepts bytes as Uint8Array, 0x-hex, byte arrays or text; pads bytes(N) on the right', () => {
    expect(fromJs('0xA0b1', T.bytesN(2), TYPES)).toEqual(Uint8Array.of(0xa0, 0xb1));
    expect(fromJs([1, 2], T.bytesN(4), TYPES)).toEqual(Uint8Array.of(1, 2, 0, 0));
    expect(fromJs('ab', T.bytesN(3), TYPES)).toEqual(Uint8Array.of(97, 98, 0));
    expect(fromJs(Uint8Array.of(9), T.bytes, TYPES)).toEqual(Uint8Array.of(9));
    expect(errorOf(() => fromJs('0x010203', T.bytesN(2), TYPES))).toContain('3 bytes do not fit bytes(2)');
    expect(errorOf(() => fromJs('0x123', T.bytes, TYPES))).toContain('malformed hex');
    expect(errorOf(() => fromJs([1, 256], T.bytes, TYPES))).toBe('input[1]: byte value 256 is not an integer 0..255');
  });

  it('accepts enum names (optionally qualified) and discriminants', () => {
    expect(fromJs('Exit', GATE, TYPES)).toBe(1n);
    expect(fromJs('Gate::Exit', GATE, TYPES)).toBe(1n);
    expect(fromJs(0, GATE, TYPES)).toBe(0n);
    expect(errorOf(() => fromJs(9, GATE, TYPES))).toContain('9 is not a discriminant of Gate');
  });

  it('maps options to null or the value and checks array lengths', () => {
    expect(fromJs(null, T.option(T.u8), TYPES)).toBeNull();
    expect(fromJs(undefined, T.option(T.u8), TYPES)).toBeNull();
    expect(fromJs(4, T.option(T.u8), TYPES)).toEqual({ some: 4n });
    expect(errorOf(() => fromJs([1], { k: 'array', elem: T.u8, n: 2 }, TYPES))).toContain('expected 2 elements');
  });

  it('turns JSON-like values into dynamic any values', () => {
    const v = fromJs({ score: 0.5, label: 'hot', tags: [1, 2] }, T.any, TYPES);
    expect(toJs(v, T.any, TYPES)).toEqual({ score: 0.5, label: 'hot', tags: [1n, 2n] });
  });
});

describe('toJs (IrConst → public JS)', () => {
  it('uses number up to 32 bits, bigint from 64, names for enums, objects for structs', () => {
    expect(toJs(5n, T.u32, TYPES)).toBe(5);
    expect(toJs(5n, T.u64, TYPES)).toBe(5n);
    expect(toJs(1n, GATE, TYPES)).toBe('Exit');
    expect(toJs([3n, Uint8Array.of(1), { some: 'n' }], SPOT, TYPES)).toEqual({ level: 3, plate: Uint8Array.of(1), note: 'n' });
  });

  it('property: fromJs(toJs(v)) = v', () => {
    fc.assert(
      fc.property(arbTyped({ any: false, floats: true }), ({ type, value }) => {
        expect(fromJs(toJs(value, type, TYPES), type, TYPES)).toEqual(value);
      }),
      { numRuns: 400 },
    );
  });
});

describe('canonical JSON', () => {
  it('writes wide integers as strings, bytes as lower-case hex, fields in order, enums by name', () => {
    expect(toJson(2n ** 53n - 1n, T.u64, TYPES)).toBe(9007199254740991);
    expect(toJson(2n ** 53n, T.u64, TYPES)).toBe('9007199254740992');
    expect(toJson(-(2n ** 60n), T.i64, TYPES)).toBe('-1152921504606846976');
    expect(toJson(Uint8Array.of(0xab, 1), T.bytesN(2), TYPES)).toBe('0xab01');
    expect(toJson(NaN, T.f64, TYPES)).toBe('NaN');
    const json = toJson([[[1n, new Uint8Array(0), null]], 0n, Uint8Array.of(1, 2, 3, 4)], LOT, TYPES);
    expect(formatJson(json)).toBe(
      '{\n  "spots": [\n    {\n      "level": 1,\n      "plate": "0x",\n      "note": null\n    }\n  ],\n  "gate": "Entry",\n  "id": "0x01020304"\n}\n',
    );
  });

  it('property: fromJson(parse(stringify(toJson(v)))) = v', () => {
    fc.assert(
      fc.property(arbTyped({ any: false, floats: true }, true), ({ type, value }) => {
        const text = JSON.stringify(toJson(value, type, TYPES));
        expect(fromJson(JSON.parse(text), type, TYPES)).toEqual(value);
      }),
      { numRuns: 400 },
    );
  });
});
