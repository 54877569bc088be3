import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { Span } from '../../compiler/diagnostics/source.ts';
import {
  anyField,
  boxAny,
  compareValues,
  fromAny,
  isAnyBox,
  structDef,
  enumDef,
  toJson,
  typeName,
  valuesEqual,
  fitsInt,
  wrapInt,
  zeroValue,
  ValueError,
} from '../../runtime/values/index.ts';
import { bigEndian } from '../../compiler/check/numeric.ts';

/**
 * Values of the journey evaluator (LANGUAGE.md §8.10). Journeys are lenient, dynamically
 * typed scripts: literals stay untyped until they meet a parameter or a typed value
 * (§8.1.4), party and fixture blocks are records that convert to structs by field name
 * (§8.10.2), and a bare name that resolves to nothing stays a *symbol* (a role such as
 * `commuter`, or an enum variant named without its type) until it is used.
 */
export type JValue =
  | { k: 'typed'; type: IrType; v: IrConst }
  | { k: 'int'; v: bigint; hexDigits?: number }
  | { k: 'float'; v: number }
  | { k: 'str'; v: string; bytes: Uint8Array }
  | { k: 'nil' }
  | { k: 'record'; fields: Map<string, JValue>; name?: string }
  | { k: 'list'; items: JValue[] }
  | { k: 'symbol'; name: string; span?: Span };

/** An error of the journey script itself (wrong name, wrong value), located in the .flj. */
export class JourneyError extends Error {
  constructor(
    message: string,
    readonly span?: Span,
  ) {
    super(message);
    this.name = 'JourneyError';
  }
}

export const BOOL: IrType = { k: 'bool' };
export const U64: IrType = { k: 'int', bits: 64, signed: false };
export const I64: IrType = { k: 'int', bits: 64, signed: true };
export const U8: IrType = { k: 'int', bits: 8, signed: false };

export const typed = (type: IrType, v: IrConst): JValue => ({ k: 'typed', type, v });
export const jbool = (b: boolean): JValue => typed(BOOL, b);

const utf8 = new TextEncoder();
export const jstr = (s: string): JValue => ({ k: 'str', v: s, bytes: utf8.encode(s) });

/**
 * Converts a journey value to an IrConst of `type`, with the implicit conversions of
 * §8.2.6 and §8.2.8, and the structural record conversion of §8.10.2. Extra record fields
 * are reported through `warn` (they are a warning, not an error).
 */
export function toIr(v: JValue, type: IrType, types: IrTypeDef[], path: string, warn: (m: string) => void): IrConst {
  const fail = (why: string): never => {
    throw new ValueError(why, path);
  };
  if (type.k === 'any') return toAny(v, types);
  if (type.k === 'option') {
    if (v.k === 'nil') return null;
    if (v.k === 'typed' && v.type.k === 'option') {
      return v.v === null ? null : { some: toIr(typed(v.type.inner, (v.v as { some: IrConst }).some), type.inner, types, path, warn) };
    }
    return { some: toIr(v, type.inner, types, path, warn) };
  }
  switch (v.k) {
    case 'nil':
      // `nil` is accepted for any type (§8.2.8); where no option can hold it, it is the zero value.
      return zeroValue(type, types);
    case 'typed':
      return convertTyped(v.type, v.v, type, types, path, warn);
    case 'int':
      return intTo(v.v, v.hexDigits, type, types, path);
    case 'float':
      if (type.k === 'float') return type.bits === 32 ? Math.fround(v.v) : v.v;
      return fail(`expected ${typeName(type, types)}, got the number ${v.v}`);
    case 'str':
      if (type.k === 'string') return v.v;
      if (type.k === 'bytes') return v.bytes;
      if (type.k === 'bytesN') return padRight(v.bytes, type.n, path);
      if (type.k === 'enum') return variantByName(v.v, type, types, path);
      return fail(`expected ${typeName(type, types)}, got the string "${v.v}"`);
    case 'symbol':
      if (type.k === 'enum') return variantByName(v.name, type, types, path);
      if (type.k === 'string') return v.name;
      throw new JourneyError(`undefined name '${v.name}'`, v.span);
    case 'record': {
      if (type.k !== 'struct') return fail(`expected ${typeName(type, types)}, got a record`);
      const def = structDef(type, types);
      for (const key of v.fields.keys()) {
        if (!def.fields.some((f) => f.name === key)) warn(`${path}: field '${key}' is not a field of ${def.name}; ignored`);
      }
      return def.fields.map((f) => {
        const fv = v.fields.get(f.name);
        return fv === undefined ? zeroValue(f.type, types) : toIr(fv, f.type, types, `${path}.${f.name}`, warn);
      });
    }
    case 'list': {
      if (type.k === 'list' || type.k === 'array') {
        if (type.k === 'array' && v.items.length !== type.n) fail(`expected ${type.n} elements, got ${v.items.length}`);
        return v.items.map((x, i) => toIr(x, type.elem, types, `${path}[${i}]`, warn));
      }
      if (type.k === 'bytes' || type.k === 'bytesN') {
        const bytes = new Uint8Array(v.items.length);
        v.items.forEach((x, i) => {
          bytes[i] = Number(toIr(x, U8, types, `${path}[${i}]`, warn) as bigint);
        });
        return type.k === 'bytes' ? bytes : padRight(bytes, type.n, path);
      }
      return fail(`expected ${typeName(type, types)}, got a list`);
    }
  }
}

function padRight(b: Uint8Array, n: number, path: string): Uint8Array {
  if (b.length > n) throw new ValueError(`${b.length} bytes do not fit bytes(${n})`, path);
  if (b.length === n) return b;
  const out = new Uint8Array(n);
  out.set(b);
  return out;
}

function variantByName(name: string, type: IrType & { k: 'enum' }, types: IrTypeDef[], path: string): IrConst {
  const def = enumDef(type, types);
  const short = name.includes('::') ? name.slice(name.lastIndexOf('::') + 2) : name;
  const variant = def.variants.find((x) => x.name === short);
  if (!variant) throw new ValueError(`'${name}' is not a variant of ${def.name}`, path);
  return variant.value;
}

function intTo(n: bigint, hexDigits: number | undefined, type: IrType, types: IrTypeDef[], path: string): IrConst {
  switch (type.k) {
    case 'int':
      if (!fitsInt(n, type.bits, type.signed)) throw new ValueError(`${n} does not fit ${typeName(type, types)}`, path);
      return n;
    case 'float':
      return type.bits === 32 ? Math.fround(Number(n)) : Number(n);
    case 'bytesN': {
      // Integer and hex constants are big-endian, left-padded (§8.2.6).
      if (n < 0n) throw new ValueError(`negative ${n} cannot convert to bytes(${type.n})`, path);
      if (n >> BigInt(type.n * 8) !== 0n) {
        throw new ValueError(`${n} does not fit bytes(${type.n})`, path);
      }
      return bigEndian(n, type.n);
    }
    case 'bytes': {
      const width = hexDigits !== undefined ? Math.ceil(hexDigits / 2) : Math.max(1, Math.ceil(n.toString(16).length / 2));
      return bigEndian(n, width);
    }
    case 'enum': {
      const def = enumDef(type, types);
      const variant = def.variants.find((x) => x.value === n);
      if (!variant) throw new ValueError(`${n} is not a discriminant of ${def.name}`, path);
      return variant.value;
    }
    case 'bool':
      return n !== 0n;
    default:
      throw new ValueError(`expected ${typeName(type, types)}, got the integer ${n}`, path);
  }
}


function convertTyped(from: IrType, v: IrConst, to: IrType, types: IrTypeDef[], path: string, warn: (m: string) => void): IrConst {
  if (sameShape(from, to)) return v;
  if (from.k === 'option') {
    if (v === null) {
      if (to.k === 'option') return null;
      throw new ValueError(`value is nil where ${typeName(to, types)} is required`, path);
    }
    return convertTyped(from.inner, (v as { some: IrConst }).some, to, types, path, warn);
  }
  if (from.k === 'any') return fromAny(v, to, types, path);
  switch (to.k) {
    case 'int':
      if (from.k === 'int' || from.k === 'enum') return intTo(v as bigint, undefined, to, types, path);
      if (from.k === 'bool') return v ? 1n : 0n;
      break;
    case 'float':
      if (from.k === 'float') return to.bits === 32 ? Math.fround(v as number) : v;
      if (from.k === 'int') return Number(v as bigint);
      break;
    case 'bytesN':
      if (from.k === 'bytesN' || from.k === 'bytes') return padRight(v as Uint8Array, to.n, path);
      if (from.k === 'string') return padRight(utf8.encode(v as string), to.n, path);
      if (from.k === 'int' && !from.signed) return intTo(v as bigint, undefined, to, types, path);
      if (from.k === 'struct') return keyFromBundle(v as IrConst[], from, to.n, types, path);
      break;
    case 'bytes':
      if (from.k === 'bytesN') return v;
      if (from.k === 'string') return utf8.encode(v as string);
      if (from.k === 'struct') return keyFromBundle(v as IrConst[], from, undefined, types, path);
      break;
    case 'string':
      if (from.k === 'bytes' || from.k === 'bytesN') return new TextDecoder().decode(v as Uint8Array);
      break;
    case 'enum':
      if (from.k === 'int') return intTo(v as bigint, undefined, to, types, path);
      if (from.k === 'enum') return variantByName(enumDef(from, types).variants.find((x) => x.value === v)?.name ?? '', to, types, path);
      break;
    case 'struct':
      if (from.k === 'struct') {
        // Another struct with the same field names converts structurally (§8.10.2).
        const src = structDef(from, types);
        const fields = new Map<string, JValue>();
        src.fields.forEach((f, i) => fields.set(f.name, typed(f.type, (v as IrConst[])[i]!)));
        return toIr({ k: 'record', fields }, to, types, path, warn);
      }
      break;
    case 'list':
    case 'array':
      if (from.k === 'list' || from.k === 'array') {
        const items = v as IrConst[];
        if (to.k === 'array' && items.length !== to.n) break;
        return items.map((x, i) => convertTyped(from.elem, x, to.elem, types, `${path}[${i}]`, warn));
      }
      if (from.k === 'bytes' || from.k === 'bytesN') {
        return Array.from(v as Uint8Array, (b, i) => convertTyped(U8, BigInt(b), to.elem, types, `${path}[${i}]`, warn));
      }
      break;
    case 'bool':
      break;
  }
  throw new ValueError(`expected ${typeName(to, types)}, got ${typeName(from, types)}`, path);
}

/** A `test_keygen` key bundle where a key is expected (§8.5.4): the key of that size. */
function keyFromBundle(v: IrConst[], from: IrType & { k: 'struct' }, n: number | undefined, types: IrTypeDef[], path: string): Uint8Array {
  const def = structDef(from, types);
  const want = n ?? 2592;
  for (let i = 0; i < def.fields.length; i++) {
    const f = def.fields[i]!;
    if (f.type.k === 'bytesN' && f.type.n === want) return v[i] as Uint8Array;
  }
  throw new ValueError(`expected bytes${n === undefined ? '' : `(${n})`}, got ${def.name}`, path);
}

function sameShape(a: IrType, b: IrType): boolean {
  if (a.k !== b.k) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A journey value as a dynamic `any` value. */
export function toAny(v: JValue, types: IrTypeDef[]): IrConst {
  switch (v.k) {
    case 'nil':
      return null;
    case 'typed':
      return boxAny(v.v, v.type);
    case 'int':
      return { any: v.v < 0n ? I64 : U64, value: v.v };
    case 'float':
      return { any: { k: 'float', bits: 64 }, value: v.v };
    case 'str':
      return { any: { k: 'string' }, value: v.v };
    case 'symbol':
      return { any: { k: 'string' }, value: v.name };
    case 'list':
      return { any: { k: 'list', elem: { k: 'any' } }, value: v.items.map((x) => toAny(x, types)) };
    case 'record': {
      const keys = [...v.fields.keys()];
      return { any: { k: 'list', elem: { k: 'any' } }, value: keys.map((k) => toAny(v.fields.get(k)!, types)), keys } as IrConst;
    }
  }
}

/** The natural IR type of an untyped value (literals default to u64/i64/f64, §8.1.4). */
export function naturalType(v: JValue): IrType {
  switch (v.k) {
    case 'typed':
      return v.type;
    case 'int':
      return v.hexDigits !== undefined && v.hexDigits > 16 ? { k: 'bytesN', n: Math.ceil(v.hexDigits / 2) } : v.v < 0n ? I64 : U64;
    case 'float':
      return { k: 'float', bits: 64 };
    case 'str':
    case 'symbol':
      return { k: 'string' };
    case 'nil':
      return { k: 'option', inner: { k: 'any' } };
    case 'list':
      return { k: 'list', elem: v.items.length > 0 ? naturalType(v.items[0]!) : { k: 'any' } };
    case 'record':
      return { k: 'any' };
  }
}

/** A journey value as an IrConst of its natural type. */
export function toNatural(v: JValue, types: IrTypeDef[], warn: (m: string) => void): { type: IrType; value: IrConst } {
  const type = naturalType(v);
  return { type, value: toIr(v, type, types, 'value', warn) };
}

/** Wraps an exact integer result into a typed integer type (journey arithmetic wraps, §8.1.1). */
export function wrapTo(type: IrType & { k: 'int' }, n: bigint): JValue {
  return typed(type, wrapInt(n, type.bits, type.signed));
}

/** Structural equality across typed and untyped values (§8.1.9, with journey conversions). */
export function jEquals(a: JValue, b: JValue, types: IrTypeDef[]): boolean {
  if (a.k === 'nil' || b.k === 'nil') {
    const other = a.k === 'nil' ? b : a;
    if (other.k === 'nil') return true;
    if (other.k === 'typed') return other.v === null && (other.type.k === 'option' || other.type.k === 'any');
    return false;
  }
  if (a.k === 'typed' && b.k === 'typed') {
    if (sameShape(a.type, b.type)) return valuesEqual(a.v, b.v);
    const unwrapped = unwrapOption(a) ?? a;
    const unwrappedB = unwrapOption(b) ?? b;
    if (unwrapped !== a || unwrappedB !== b) {
      if (unwrapped.k === 'nil' || unwrappedB.k === 'nil') return unwrapped.k === unwrappedB.k;
      return jEquals(unwrapped, unwrappedB, types);
    }
    if (isNumeric(a.type, a.v) && isNumeric(b.type, b.v)) return compareValues(numeric(a), numeric(b)) === 0;
    try {
      return valuesEqual(a.v, convertTyped(b.type, b.v, a.type, types, 'value', () => {}));
    } catch {
      try {
        return valuesEqual(convertTyped(a.type, a.v, b.type, types, 'value', () => {}), b.v);
      } catch {
        return false;
      }
    }
  }
  if (a.k === 'typed' || b.k === 'typed') {
    const t = (a.k === 'typed' ? a : b) as JValue & { k: 'typed' };
    const u = a.k === 'typed' ? b : a;
    const target = t.type.k === 'option' ? t.type.inner : t.type;
    const tv = t.type.k === 'option' ? (t.v === null ? undefined : (t.v as { some: IrConst }).some) : t.v;
    if (tv === undefined) return false;
    try {
      return valuesEqual(tv, toIr(u, target, types, 'value', () => {}));
    } catch {
      return false;
    }
  }
  if (a.k === 'int' && b.k === 'int') return a.v === b.v;
  if ((a.k === 'int' || a.k === 'float') && (b.k === 'int' || b.k === 'float')) return Number(a.v) === Number(b.v);
  if ((a.k === 'str' || a.k === 'symbol') && (b.k === 'str' || b.k === 'symbol')) {
    return (a.k === 'str' ? a.v : a.name) === (b.k === 'str' ? b.v : b.name);
  }
  if (a.k === 'list' && b.k === 'list') return a.items.length === b.items.length && a.items.every((x, i) => jEquals(x, b.items[i]!, types));
  if (a.k === 'record' && b.k === 'record') {
    if (a.fields.size !== b.fields.size) return false;
    for (const [k, v] of a.fields) {
      const w = b.fields.get(k);
      if (w === undefined || !jEquals(v, w, types)) return false;
    }
    return true;
  }
  return false;
}

function unwrapOption(v: JValue & { k: 'typed' }): JValue | undefined {
  if (v.type.k !== 'option') return undefined;
  return v.v === null ? { k: 'nil' } : typed(v.type.inner, (v.v as { some: IrConst }).some);
}

function isNumeric(t: IrType, v: IrConst): boolean {
  return t.k === 'int' || t.k === 'float' || (t.k === 'enum' && typeof v === 'bigint');
}

function numeric(v: JValue & { k: 'typed' }): IrConst {
  return v.v;
}

/** Ordering (§8.1.9): numbers, and bytes of the same size. NaN when unordered. */
export function jCompare(a: JValue, b: JValue, types: IrTypeDef[]): number {
  const na = asOrderable(a, b, types);
  const nb = asOrderable(b, a, types);
  if (na === undefined || nb === undefined) return NaN;
  return compareValues(na, nb);
}

function asOrderable(v: JValue, other: JValue, types: IrTypeDef[]): IrConst | undefined {
  switch (v.k) {
    case 'int':
      if (other.k === 'typed' && (other.type.k === 'bytesN' || other.type.k === 'bytes')) {
        try {
          return toIr(v, other.type, types, 'value', () => {});
        } catch {
          return undefined;
        }
      }
      return v.v;
    case 'float':
      return v.v;
    case 'str':
      return other.k === 'typed' && other.type.k === 'bytesN' ? padRight(v.bytes, other.type.n, 'value') : v.v;
    case 'typed': {
      const inner = v.type.k === 'option' ? unwrapOption(v) : v;
      if (!inner || inner.k !== 'typed') return undefined;
      return inner.v as IrConst;
    }
    default:
      return undefined;
  }
}

/** Member access on a journey value: record fields, struct fields, `any` fields, `.len`. */
export function member(v: JValue, name: string, types: IrTypeDef[], span: Span | undefined): JValue {
  switch (v.k) {
    case 'record': {
      const f = v.fields.get(name);
      if (f === undefined) throw new JourneyError(`${v.name ?? 'record'} has no field '${name}'`, span);
      return f;
    }
    case 'typed': {
      const t = v.type;
      if (t.k === 'option') {
        if (v.v === null) throw new JourneyError(`cannot read '.${name}' of nil`, span);
        return member(typed(t.inner, (v.v as { some: IrConst }).some), name, types, span);
      }
      if (t.k === 'struct') {
        const def = structDef(t, types);
        const i = def.fields.findIndex((f) => f.name === name);
        if (i >= 0) return typed(def.fields[i]!.type, (v.v as IrConst[])[i]!);
        if (name === 'len') break;
        throw new JourneyError(`${def.name} has no field '${name}' (fields: ${def.fields.map((f) => f.name).join(', ')})`, span);
      }
      if (t.k === 'any') {
        if (!isAnyBox(v.v)) throw new JourneyError(`cannot read '.${name}' of nil`, span);
        return typed({ k: 'any' }, anyField(v.v, name, types));
      }
      break;
    }
    case 'nil':
      throw new JourneyError(`cannot read '.${name}' of nil`, span);
    default:
      break;
  }
  if (name === 'len') return lengthOf(v, span);
  throw new JourneyError(`a ${describeKind(v, types)} has no field '${name}'`, span);
}

export function lengthOf(v: JValue, span: Span | undefined): JValue {
  switch (v.k) {
    case 'str':
      return typed(U64, BigInt(v.bytes.length));
    case 'list':
      return typed(U64, BigInt(v.items.length));
    case 'typed': {
      const x = v.type.k === 'option' && v.v !== null ? (v.v as { some: IrConst }).some : v.v;
      if (x instanceof Uint8Array || Array.isArray(x)) return typed(U64, BigInt(x.length));
      if (typeof x === 'string') return typed(U64, BigInt(utf8.encode(x).length));
      if (isAnyBox(x) && (x.value instanceof Uint8Array || Array.isArray(x.value))) return typed(U64, BigInt(x.value.length));
      break;
    }
    default:
      break;
  }
  throw new JourneyError(`cannot take the length of a ${v.k}`, span);
}

export function describeKind(v: JValue, types: IrTypeDef[]): string {
  switch (v.k) {
    case 'typed':
      return typeName(v.type, types);
    case 'int':
    case 'float':
      return 'number';
    case 'str':
      return 'string';
    case 'symbol':
      return `name '${v.name}'`;
    default:
      return v.k;
  }
}

/** How a value is shown in messages: canonical JSON for typed values, literal syntax otherwise. */
export function showValue(v: JValue, types: IrTypeDef[]): string {
  let s: string;
  switch (v.k) {
    case 'typed':
      try {
        s = JSON.stringify(toJson(v.v, v.type, types));
      } catch {
        s = String(v.v);
      }
      break;
    case 'int':
      s = v.v.toString();
      break;
    case 'float':
      s = String(v.v);
      break;
    case 'str':
      s = JSON.stringify(v.v);
      break;
    case 'nil':
      s = 'nil';
      break;
    case 'symbol':
      s = v.name;
      break;
    case 'list':
      s = `[${v.items.map((x) => showValue(x, types)).join(', ')}]`;
      break;
    case 'record':
      s = `{ ${[...v.fields].map(([k, x]) => `${k}: ${showValue(x, types)}`).join(', ')} }`;
      break;
  }
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/** Truthiness of an `expect`/`assert` value: a bool, or an option of one. */
export function truth(v: JValue, span: Span | undefined, types: IrTypeDef[]): boolean {
  if (v.k === 'typed') {
    if (v.type.k === 'bool') return v.v as boolean;
    if (v.type.k === 'option' && v.type.inner.k === 'bool') {
      if (v.v === null) throw new JourneyError(`condition is nil`, span);
      return (v.v as { some: IrConst }).some as boolean;
    }
    if (v.type.k === 'any' && isAnyBox(v.v) && v.v.any.k === 'bool') return v.v.value as boolean;
  }
  throw new JourneyError(`condition is a ${describeKind(v, types)}, not a bool`, span);
}
