/**
 * fast-check arbitraries for IR types and values over a fixed type table, used by the
 * canonical-encoding and JS-conversion property tests.
 */
import fc from 'fast-check';
import type { IrConst, IrType, IrTypeDef } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import { dynamicRecord } from '../../../runtime/values/index.ts';

export const TYPES: IrTypeDef[] = [
  { kind: 'enum', name: 'Gate', reprBits: 8, variants: [{ name: 'Entry', value: 0n }, { name: 'Exit', value: 1n }] },
  { kind: 'enum', name: 'Wide', reprBits: 16, variants: [{ name: 'A', value: 5n }, { name: 'B', value: 0xfffen }] },
  {
    kind: 'struct',
    name: 'Spot',
    fields: [
      { name: 'level', type: T.u8 },
      { name: 'plate', type: T.bytes },
      { name: 'note', type: T.option(T.string) },
    ],
  },
  { kind: 'struct', name: 'Empty', fields: [] },
  {
    kind: 'struct',
    name: 'Lot',
    fields: [
      { name: 'spots', type: T.list({ k: 'struct', id: 2 }) },
      { name: 'gate', type: { k: 'enum', id: 0 } },
      { name: 'id', type: T.bytesN(4) },
    ],
  },
];

const INT_TYPES: IrType[] = [
  T.u8,
  T.u16,
  T.u32,
  T.u64,
  T.u128,
  T.i16,
  T.i32,
  T.i64,
  { k: 'int', bits: 128, signed: true },
];

export interface TypeOptions {
  /** Include `any` (dynamic values do not survive a JS round trip by design). */
  any: boolean;
  /** Include floats. */
  floats: boolean;
}

function leafTypes(o: TypeOptions): fc.Arbitrary<IrType> {
  const leaves: fc.Arbitrary<IrType>[] = [
    fc.constantFrom(...INT_TYPES),
    fc.constant(T.bool),
    fc.constant(T.bytes),
    fc.constant(T.string),
    fc.integer({ min: 0, max: 40 }).map((n) => T.bytesN(n)),
    fc.constantFrom<IrType>({ k: 'enum', id: 0 }, { k: 'enum', id: 1 }),
    fc.constantFrom<IrType>({ k: 'struct', id: 2 }, { k: 'struct', id: 3 }, { k: 'struct', id: 4 }),
  ];
  if (o.floats) leaves.push(fc.constantFrom(T.f32, T.f64));
  if (o.any) leaves.push(fc.constant(T.any));
  return fc.oneof(...leaves);
}

export function arbType(o: TypeOptions, depth = 3): fc.Arbitrary<IrType> {
  if (depth === 0) return leafTypes(o);
  const inner = arbType(o, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leafTypes(o) },
    { weight: 1, arbitrary: inner.map((elem) => T.list(elem)) },
    { weight: 1, arbitrary: fc.tuple(inner, fc.integer({ min: 0, max: 3 })).map(([elem, n]): IrType => ({ k: 'array', elem, n })) },
    // option<option<T>> is excluded: public JS has a single null, so it cannot round-trip.
    { weight: 1, arbitrary: inner.filter((t) => t.k !== 'option').map((t) => T.option(t)) },
  );
}

function floatArb(bits: 32 | 64, json: boolean): fc.Arbitrary<number> {
  const a = bits === 32 ? fc.float() : fc.double();
  return json ? a.map((x) => (Object.is(x, -0) ? 0 : x)) : a;
}

function arbAny(depth: number): fc.Arbitrary<IrConst> {
  const leaf = fc.oneof(
    fc.constant(null),
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v): IrConst => ({ any: T.u64, value: v })),
    fc.string().map((s): IrConst => ({ any: T.string, value: s })),
    fc.uint8Array({ maxLength: 8 }).map((b): IrConst => ({ any: T.bytes, value: b })),
    fc.boolean().map((b): IrConst => ({ any: T.bool, value: b })),
  );
  if (depth === 0) return leaf;
  return fc.oneof(
    leaf,
    fc.array(arbAny(depth - 1), { maxLength: 3 }).map((xs): IrConst => ({ any: T.list(T.any), value: xs })),
    fc.uniqueArray(fc.string({ maxLength: 5 }), { maxLength: 3 }).chain((keys) =>
      fc.tuple(...keys.map(() => arbAny(depth - 1))).map((vals) => dynamicRecord(keys, vals)),
    ),
  );
}

export function arbValue(type: IrType, json = false): fc.Arbitrary<IrConst> {
  switch (type.k) {
    case 'int': {
      const half = 1n << BigInt(type.bits - 1);
      return type.signed ? fc.bigInt({ min: -half, max: half - 1n }) : fc.bigInt({ min: 0n, max: half * 2n - 1n });
    }
    case 'float':
      return floatArb(type.bits, json);
    case 'bool':
      return fc.boolean();
    case 'void':
      return fc.constant(null);
    case 'bytes':
      return fc.uint8Array({ maxLength: 24 });
    case 'bytesN':
      return fc.uint8Array({ minLength: type.n, maxLength: type.n });
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'enum': {
      const def = TYPES[type.id] as Extract<IrTypeDef, { kind: 'enum' }>;
      return fc.constantFrom(...def.variants.map((v) => v.value));
    }
    case 'struct': {
      const def = TYPES[type.id] as Extract<IrTypeDef, { kind: 'struct' }>;
      return fc.tuple(...def.fields.map((f) => arbValue(f.type, json))).map((xs) => xs as IrConst[]);
    }
    case 'list':
      return fc.array(arbValue(type.elem, json), { maxLength: 4 });
    case 'array':
      return fc.array(arbValue(type.elem, json), { minLength: type.n, maxLength: type.n });
    case 'option':
      return fc.option(arbValue(type.inner, json).map((v): IrConst => ({ some: v })), { nil: null });
    case 'any':
      return arbAny(2);
  }
}

export function arbTyped(o: TypeOptions, json = false): fc.Arbitrary<{ type: IrType; value: IrConst }> {
  return arbType(o).chain((type) => arbValue(type, json).map((value) => ({ type, value })));
}
