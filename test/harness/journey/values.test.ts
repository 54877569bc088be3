import { describe, expect, it } from 'vitest';
import type { IrTypeDef } from '../../../compiler/ir/ir.ts';
import { jCompare, jEquals, jstr, toIr, typed, type JValue } from '../../../harness/journey/values.ts';

const types: IrTypeDef[] = [
  { kind: 'struct', name: 'Trip', fields: [{ name: 'dock_id', type: { k: 'int', bits: 8, signed: false } }, { name: 'minutes', type: { k: 'int', bits: 32, signed: false } }] },
  { kind: 'enum', name: 'Status', reprBits: 8, variants: [{ name: 'Pending', value: 0n }, { name: 'Paid', value: 1n }] },
];
const rec = (o: Record<string, JValue>): JValue => ({ k: 'record', fields: new Map(Object.entries(o)) });
const int = (v: number): JValue => ({ k: 'int', v: BigInt(v) });

describe('journey value conversions (LANGUAGE.md §8.10.2, §8.2.6)', () => {
  it('records convert to structs by field name: missing fields zero, extra fields warn', () => {
    const warnings: string[] = [];
    const v = toIr(rec({ minutes: int(25), colour: jstr('red') }), { k: 'struct', id: 0 }, types, 'trip', (m) => warnings.push(m));
    expect(v).toEqual([0n, 25n]);
    expect(warnings).toEqual(["trip: field 'colour' is not a field of Trip; ignored"]);
  });
  it('literals take the parameter type and must fit', () => {
    expect(toIr(int(10), { k: 'int', bits: 8, signed: false }, types, 'x', () => {})).toBe(10n);
    expect(() => toIr(int(300), { k: 'int', bits: 8, signed: false }, types, 'x', () => {})).toThrow(/does not fit u8/);
  });
  it('strings pad right and integers pad left into bytes(N)', () => {
    expect(toIr(jstr('ab'), { k: 'bytesN', n: 4 }, types, 'b', () => {})).toEqual(new Uint8Array([97, 98, 0, 0]));
    expect(toIr({ k: 'int', v: 0x0an, hexDigits: 2 }, { k: 'bytesN', n: 2 }, types, 'b', () => {})).toEqual(new Uint8Array([0, 10]));
    expect(() => toIr(jstr('toolong'), { k: 'bytesN', n: 2 }, types, 'b', () => {})).toThrow(/do not fit bytes\(2\)/);
  });
  it('symbols name enum variants; unknown symbols are undefined names', () => {
    expect(toIr({ k: 'symbol', name: 'Paid' }, { k: 'enum', id: 1 }, types, 's', () => {})).toBe(1n);
    expect(() => toIr({ k: 'symbol', name: 'commuter' }, { k: 'int', bits: 8, signed: false }, types, 's', () => {})).toThrow(/undefined name 'commuter'/);
  });
  it('nil is none for options and the zero value elsewhere (§8.2.8)', () => {
    expect(toIr({ k: 'nil' }, { k: 'option', inner: { k: 'bool' } }, types, 'n', () => {})).toBe(null);
    expect(toIr({ k: 'nil' }, { k: 'struct', id: 0 }, types, 'n', () => {})).toEqual([0n, 0n]);
  });
});

describe('journey equality and ordering', () => {
  const u32 = { k: 'int', bits: 32, signed: false } as const;
  it('compares typed and untyped values structurally', () => {
    expect(jEquals(typed(u32, 5n), int(5), types)).toBe(true);
    expect(jEquals(typed({ k: 'int', bits: 8, signed: false }, 5n), typed(u32, 5n), types)).toBe(true);
    expect(jEquals(typed({ k: 'enum', id: 1 }, 1n), { k: 'symbol', name: 'Paid' }, types)).toBe(true);
    expect(jEquals(typed({ k: 'bytesN', n: 4 }, new Uint8Array([97, 0, 0, 0])), jstr('a'), types)).toBe(true);
    expect(jEquals(typed({ k: 'option', inner: u32 }, { some: 3n }), int(3), types)).toBe(true);
    expect(jEquals(typed({ k: 'option', inner: u32 }, null), { k: 'nil' }, types)).toBe(true);
    expect(jEquals(typed({ k: 'struct', id: 0 }, [1n, 2n]), rec({ dock_id: int(1), minutes: int(2) }), types)).toBe(true);
    expect(jEquals(typed(u32, 5n), int(6), types)).toBe(false);
  });
  it('orders numbers and same-size bytes', () => {
    expect(jCompare(typed(u32, 5n), int(6), types)).toBe(-1);
    expect(jCompare(typed({ k: 'bytesN', n: 2 }, new Uint8Array([1, 2])), typed({ k: 'bytesN', n: 2 }, new Uint8Array([1, 1])), types)).toBe(1);
    expect(Number.isNaN(jCompare(jstr('a'), rec({}), types))).toBe(true);
  });
});
