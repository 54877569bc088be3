/**
 * Type-table helpers every runtime part shares: resolving struct and enum ids, printing
 * types the way users write them, integer ranges, and zero values (LANGUAGE.md §8.2.2).
 */
import type { IrConst, IrEnumDef, IrStructDef, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { tableDefs, typeText, zeroOf } from '../../compiler/ir/type-rules.ts';

/** A value or type that does not fit what the runtime expected; `path` names the place. */
export class ValueError extends Error {
  constructor(
    message: string,
    /** Where in the value the problem is, e.g. `input.order.qty`. */
    readonly path: string = '',
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'ValueError';
  }
}

export function structDef(type: IrType & { k: 'struct' }, types: IrTypeDef[]): IrStructDef {
  const def = types[type.id];
  if (!def || def.kind !== 'struct') throw new ValueError(`type id ${type.id} is not a struct in the type table`);
  return def;
}

export function enumDef(type: IrType & { k: 'enum' }, types: IrTypeDef[]): IrEnumDef {
  const def = types[type.id];
  if (!def || def.kind !== 'enum') throw new ValueError(`type id ${type.id} is not an enum in the type table`);
  return def;
}

/** The type as FastLang spells it: `u32`, `bytes(32)`, `list<Spot>`, `[u8; 4]`. */
export function typeName(type: IrType, types: IrTypeDef[]): string {
  return typeText(type, (t) => types[t.id]?.name ?? `${t.k}#${t.id}`);
}

export interface IntRange {
  min: bigint;
  max: bigint;
}

const rangeCache = new Map<number, IntRange>();

/** Inclusive range of an integer type. */
export function intRange(bits: number, signed: boolean): IntRange {
  const key = bits * 2 + (signed ? 1 : 0);
  let r = rangeCache.get(key);
  if (!r) {
    const b = BigInt(bits);
    r = signed ? { min: -(1n << (b - 1n)), max: (1n << (b - 1n)) - 1n } : { min: 0n, max: (1n << b) - 1n };
    rangeCache.set(key, r);
  }
  return r;
}

/** Two's-complement wrap of an exact integer into the type (LANGUAGE.md §8.1.1). */
export function wrapInt(v: bigint, bits: number, signed: boolean): bigint {
  return signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

export function fitsInt(v: bigint, bits: number, signed: boolean): boolean {
  const r = intRange(bits, signed);
  return v >= r.min && v <= r.max;
}

/**
 * The zero value of a type (§8.2.2; the rule lives in compiler/ir/type-rules.ts). A bad type
 * id is a ValueError.
 */
export function zeroValue(type: IrType, types: IrTypeDef[]): IrConst {
  return zeroOf(type, tableDefs(types, (m) => new ValueError(m)));
}

/** Byte width of a fixed-width scalar (int, float, bool, enum); undefined otherwise. */
export function scalarWidth(type: IrType, types: IrTypeDef[]): number | undefined {
  switch (type.k) {
    case 'int':
      return type.bits / 8;
    case 'float':
      return type.bits / 8;
    case 'bool':
      return 1;
    case 'enum':
      return enumDef(type, types).reprBits / 8;
    default:
      return undefined;
  }
}
