/**
 * Dynamic (`any`) values, LANGUAGE.md §8.2.9. An `any` value is nil (`null`) or a box
 * `{ any: T, value }` holding a value of a concrete type T. Host data that has no IR type
 * (a JSON object from a model, a kv entry written by another program) is a *record*: a box
 * of `list<any>` with a `keys` array naming each element. Records exist only inside `any`;
 * using one as a struct matches fields by name (specs/values.md, "Dynamic values").
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { enumDef, fitsInt, structDef, typeName, ValueError, zeroValue } from './types.ts';

export type AnyBox = { any: IrType; value: IrConst };
export type DynamicRecord = { any: IrType; value: IrConst[]; keys: string[] };

export const ANY_LIST: IrType = { k: 'list', elem: { k: 'any' } };

export function isAnyBox(v: IrConst | undefined): v is AnyBox {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && 'any' in v;
}

export function isDynamicRecord(v: IrConst | undefined): v is DynamicRecord {
  return isAnyBox(v) && Array.isArray((v as DynamicRecord).keys);
}

/** A record from parallel key and `any` value arrays. */
export function dynamicRecord(keys: string[], values: IrConst[]): IrConst {
  const rec: DynamicRecord = { any: ANY_LIST, value: values, keys };
  return rec;
}

/** Wraps a value of a static type as `any` (IR `to_any`); boxes are not nested. */
export function boxAny(value: IrConst, type: IrType): IrConst {
  if (type.k === 'any') return value;
  if (type.k === 'option') {
    // An option inside `any` is either nil or its payload: `any` has a single nil.
    if (value === null) return null;
    return boxAny((value as { some: IrConst }).some, type.inner);
  }
  return { any: type, value };
}

/** The named field of an `any` value (fields of `any` are `any`, §8.2.9); nil when absent. */
export function anyField(v: IrConst, name: string, types: IrTypeDef[]): IrConst {
  if (!isAnyBox(v)) return null;
  if (isDynamicRecord(v)) {
    const i = v.keys.indexOf(name);
    return i < 0 ? null : v.value[i]!;
  }
  if (v.any.k === 'struct') {
    const def = structDef(v.any, types);
    const i = def.fields.findIndex((f) => f.name === name);
    return i < 0 ? null : boxAny((v.value as IrConst[])[i]!, def.fields[i]!.type);
  }
  return null;
}

/** Element i of an `any` list, array, bytes or string; nil when out of range or not indexable. */
export function anyIndex(v: IrConst, index: bigint): IrConst {
  if (!isAnyBox(v) || index < 0n) return null;
  const t = v.any;
  const i = Number(index);
  if ((t.k === 'list' || t.k === 'array') && Array.isArray(v.value)) {
    return i < v.value.length ? boxAny(v.value[i]!, t.elem) : null;
  }
  if ((t.k === 'bytes' || t.k === 'bytesN') && v.value instanceof Uint8Array) {
    return i < v.value.length ? { any: { k: 'int', bits: 8, signed: false }, value: BigInt(v.value[i]!) } : null;
  }
  return null;
}

function describe(v: IrConst): string {
  if (v === null) return 'nil';
  if (isDynamicRecord(v)) return 'record';
  if (isAnyBox(v)) return v.any.k === 'struct' || v.any.k === 'enum' ? v.any.k : v.any.k === 'int' ? 'integer' : v.any.k;
  return typeof v;
}

/**
 * Converts an `any` value to the static type T (IR `from_any`), checking its shape. Throws
 * ValueError naming the path on a mismatch; the interpreter turns that into a `conversion`
 * trap. Rules: integers convert when in range; a float accepts any number; bytes(N) needs
 * exactly N bytes; an enum accepts its own enum, a discriminant or a variant name; a struct
 * accepts its own struct or a record with every field (extra keys are ignored); a list or
 * array accepts any list of convertible elements (an array needs exactly N); an option
 * accepts nil as none.
 */
export function fromAny(v: IrConst, type: IrType, types: IrTypeDef[], path = 'value'): IrConst {
  if (type.k === 'any') return v;
  if (type.k === 'option') return v === null ? null : { some: fromAny(v, type.inner, types, path) };
  if (type.k === 'void') return null;
  const fail = (): never => {
    throw new ValueError(`expected ${typeName(type, types)}, got ${describe(v)}`, path);
  };
  if (!isAnyBox(v)) return fail();
  const src = v.any;
  const val = v.value;
  switch (type.k) {
    case 'int': {
      let n: bigint;
      if (src.k === 'int' || src.k === 'enum') n = val as bigint;
      else if (src.k === 'float' && Number.isInteger(val)) n = BigInt(val as number);
      else return fail();
      if (!fitsInt(n, type.bits, type.signed)) {
        throw new ValueError(`${n} does not fit ${typeName(type, types)}`, path);
      }
      return n;
    }
    case 'float':
      if (src.k === 'float') return type.bits === 32 ? Math.fround(val as number) : (val as number);
      if (src.k === 'int') return type.bits === 32 ? Math.fround(Number(val)) : Number(val);
      return fail();
    case 'bool':
      return src.k === 'bool' ? val : fail();
    case 'string':
      return src.k === 'string' ? val : fail();
    case 'bytes':
      return src.k === 'bytes' || src.k === 'bytesN' ? val : fail();
    case 'bytesN':
      if ((src.k === 'bytes' || src.k === 'bytesN') && (val as Uint8Array).length === type.n) return val;
      if (src.k === 'bytes' || src.k === 'bytesN') {
        throw new ValueError(`expected ${type.n} bytes, got ${(val as Uint8Array).length}`, path);
      }
      return fail();
    case 'enum': {
      const def = enumDef(type, types);
      if (src.k === 'enum' && src.id === type.id) return val;
      let found: bigint | undefined;
      if (src.k === 'int' || src.k === 'enum') found = def.variants.find((x) => x.value === val)?.value;
      else if (src.k === 'string') found = def.variants.find((x) => x.name === val)?.value;
      else return fail();
      if (found === undefined) throw new ValueError(`${String(val)} is not a variant of ${def.name}`, path);
      return found;
    }
    case 'struct': {
      const def = structDef(type, types);
      if (src.k === 'struct' && src.id === type.id) return val;
      if (isDynamicRecord(v)) {
        return def.fields.map((f) => {
          const i = v.keys.indexOf(f.name);
          if (i < 0) throw new ValueError(`missing field '${f.name}' of ${def.name}`, path);
          return fromAny(v.value[i]!, f.type, types, `${path}.${f.name}`);
        });
      }
      if (src.k === 'struct') {
        // Same-named fields of another struct convert structurally.
        const other = structDef(src, types);
        return def.fields.map((f) => {
          const i = other.fields.findIndex((g) => g.name === f.name);
          if (i < 0) throw new ValueError(`missing field '${f.name}' of ${def.name}`, path);
          return fromAny(boxAny((val as IrConst[])[i]!, other.fields[i]!.type), f.type, types, `${path}.${f.name}`);
        });
      }
      return fail();
    }
    case 'list':
    case 'array': {
      if (src.k !== 'list' && src.k !== 'array') {
        if (src.k === 'bytes' || src.k === 'bytesN') {
          const bytes = val as Uint8Array;
          const items: IrConst[] = Array.from(bytes, (b) => ({ any: { k: 'int', bits: 8, signed: false }, value: BigInt(b) }) as IrConst);
          return fromAny({ any: ANY_LIST, value: items }, type, types, path);
        }
        return fail();
      }
      const items = val as IrConst[];
      if (type.k === 'array' && items.length !== type.n) {
        throw new ValueError(`expected ${type.n} elements, got ${items.length}`, path);
      }
      return items.map((x, i) => fromAny(boxAny(x, src.elem), type.elem, types, `${path}[${i}]`));
    }
  }
  return zeroValue(type, types);
}
