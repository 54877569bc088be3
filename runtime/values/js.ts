/**
 * Public JS values ↔ IrConst (issue 3, specs/values.md "JS values"). Inputs are accepted
 * liberally where the meaning is unambiguous (numbers for 64-bit integers, hex strings for
 * bytes, discriminants for enums) and rejected with a ValueError naming the path otherwise.
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { dynamicRecord, isAnyBox, isDynamicRecord } from './dynamic.ts';
import { enumDef, fitsInt, structDef, typeName, ValueError, zeroValue } from './types.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Uint8Array) return 'Uint8Array';
  return typeof v;
}

function expected(type: IrType, types: IrTypeDef[], v: unknown, path: string): never {
  throw new ValueError(`expected ${typeName(type, types)}, got ${kindOf(v)}`, path);
}

/** Parses "0x…" hex (even digit count, `_` separators allowed) into bytes; undefined if not hex. */
export function parseHex(s: string): Uint8Array | undefined {
  if (!/^0[xX][0-9a-fA-F_]*$/.test(s)) return undefined;
  const digits = s.slice(2).replace(/_/g, '');
  if (digits.length % 2 !== 0) return undefined;
  return hexToBytes(digits);
}

export function toHex(b: Uint8Array): string {
  return '0x' + bytesToHex(b);
}

function parseInteger(v: unknown, type: IrType & { k: 'int' }, types: IrTypeDef[], path: string): bigint {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new ValueError(`expected ${typeName(type, types)}, got non-integer ${v}`, path);
    if (!Number.isSafeInteger(v)) {
      throw new ValueError(`${v} is beyond ±(2^53−1); pass a bigint or a decimal string for ${typeName(type, types)}`, path);
    }
    n = BigInt(v);
  } else if (typeof v === 'string' && /^-?[0-9]+$/.test(v.trim())) n = BigInt(v.trim());
  else if (typeof v === 'string' && /^0[xX][0-9a-fA-F_]+$/.test(v.trim())) n = BigInt(v.trim().replace(/_/g, ''));
  else return expected(type, types, v, path);
  if (!fitsInt(n, type.bits, type.signed)) throw new ValueError(`${n} does not fit ${typeName(type, types)}`, path);
  return n;
}

function parseFloatValue(v: unknown, type: IrType & { k: 'float' }, types: IrTypeDef[], path: string): number {
  let x: number;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'bigint') x = Number(v);
  else if (typeof v === 'string' && v === 'NaN') x = NaN;
  else if (typeof v === 'string' && (v === 'Infinity' || v === '+Infinity')) x = Infinity;
  else if (typeof v === 'string' && v === '-Infinity') x = -Infinity;
  else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) x = Number(v);
  else return expected(type, types, v, path);
  return type.bits === 32 ? Math.fround(x) : x;
}

function parseBytes(v: unknown, type: IrType, types: IrTypeDef[], path: string): Uint8Array {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (typeof v === 'string') {
    const hex = parseHex(v);
    if (hex) return hex;
    if (/^0[xX]/.test(v)) throw new ValueError(`malformed hex string (odd digit count or bad digit)`, path);
    return utf8.encode(v); // text converts to bytes as a string literal does (§8.2.6)
  }
  if (Array.isArray(v)) {
    const out = new Uint8Array(v.length);
    v.forEach((x, i) => {
      const n = typeof x === 'bigint' ? Number(x) : x;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 255) {
        throw new ValueError(`byte value ${String(x)} is not an integer 0..255`, `${path}[${i}]`);
      }
      out[i] = n;
    });
    return out;
  }
  return expected(type, types, v, path);
}

/** Public JS value → IrConst of the type. Throws ValueError naming `path`. */
export function fromJs(value: unknown, type: IrType, types: IrTypeDef[], path = 'input'): IrConst {
  switch (type.k) {
    case 'int':
      return parseInteger(value, type, types, path);
    case 'float':
      return parseFloatValue(value, type, types, path);
    case 'bool':
      if (typeof value !== 'boolean') return expected(type, types, value, path);
      return value;
    case 'void':
      if (value !== null && value !== undefined) return expected(type, types, value, path);
      return null;
    case 'string':
      if (typeof value !== 'string') return expected(type, types, value, path);
      return value;
    case 'bytes':
      return parseBytes(value, type, types, path);
    case 'bytesN': {
      const b = parseBytes(value, type, types, path);
      if (b.length > type.n) throw new ValueError(`${b.length} bytes do not fit bytes(${type.n})`, path);
      if (b.length === type.n) return b;
      const padded = new Uint8Array(type.n); // right-padded with zeros (§8.2.6)
      padded.set(b);
      return padded;
    }
    case 'enum': {
      const def = enumDef(type, types);
      if (typeof value === 'string') {
        const name = value.includes('::') ? value.slice(value.lastIndexOf('::') + 2) : value;
        const variant = def.variants.find((x) => x.name === name);
        if (!variant) {
          throw new ValueError(`'${value}' is not a variant of ${def.name} (expected one of ${def.variants.map((x) => x.name).join(', ')})`, path);
        }
        return variant.value;
      }
      if (typeof value === 'number' || typeof value === 'bigint') {
        const n = typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
        const variant = def.variants.find((x) => x.value === n);
        if (!variant) throw new ValueError(`${String(value)} is not a discriminant of ${def.name}`, path);
        return variant.value;
      }
      return expected(type, types, value, path);
    }
    case 'struct': {
      const def = structDef(type, types);
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
        return expected(type, types, value, path);
      }
      const obj = value as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        if (!def.fields.some((f) => f.name === key)) {
          throw new ValueError(`unknown field '${key}' for ${def.name} (fields: ${def.fields.map((f) => f.name).join(', ')})`, path);
        }
      }
      return def.fields.map((f) =>
        obj[f.name] === undefined ? zeroValue(f.type, types) : fromJs(obj[f.name], f.type, types, `${path}.${f.name}`),
      );
    }
    case 'list':
    case 'array': {
      let items: unknown[];
      if (Array.isArray(value)) items = value;
      else if (value instanceof Uint8Array) items = Array.from(value);
      else return expected(type, types, value, path);
      if (type.k === 'array' && items.length !== type.n) {
        throw new ValueError(`expected ${type.n} elements for ${typeName(type, types)}, got ${items.length}`, path);
      }
      return items.map((x, i) => fromJs(x, type.elem, types, `${path}[${i}]`));
    }
    case 'option':
      if (value === null || value === undefined) return null;
      return { some: fromJs(value, type.inner, types, path) };
    case 'any':
      return anyFromJs(value, path);
  }
}

/** A JSON-like JS value → a dynamic (`any`) value. */
export function anyFromJs(value: unknown, path = 'input'): IrConst {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      return { any: { k: 'bool' }, value };
    case 'string':
      return { any: { k: 'string' }, value };
    case 'bigint':
      return value < 0n
        ? { any: { k: 'int', bits: fitsInt(value, 64, true) ? 64 : 128, signed: true }, value }
        : { any: { k: 'int', bits: fitsInt(value, 64, false) ? 64 : 128, signed: false }, value };
    case 'number':
      if (Number.isSafeInteger(value)) {
        return { any: { k: 'int', bits: 64, signed: value < 0 }, value: BigInt(value) };
      }
      return { any: { k: 'float', bits: 64 }, value };
  }
  if (value instanceof Uint8Array) return { any: { k: 'bytes' }, value: new Uint8Array(value) };
  if (Array.isArray(value)) return { any: { k: 'list', elem: { k: 'any' } }, value: value.map((x, i) => anyFromJs(x, `${path}[${i}]`)) };
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    return dynamicRecord(keys, keys.map((k) => anyFromJs((value as Record<string, unknown>)[k], `${path}.${k}`)));
  }
  throw new ValueError(`cannot use a ${typeof value} as a dynamic value`, path);
}

/** IrConst → public JS value. */
export function toJs(value: IrConst, type: IrType, types: IrTypeDef[]): unknown {
  switch (type.k) {
    case 'int':
      return type.bits <= 32 ? Number(value as bigint) : (value as bigint);
    case 'float':
    case 'bool':
    case 'string':
      return value;
    case 'void':
      return null;
    case 'bytes':
    case 'bytesN':
      return new Uint8Array(value as Uint8Array);
    case 'enum': {
      const variant = enumDef(type, types).variants.find((x) => x.value === value);
      return variant ? variant.name : Number(value as bigint);
    }
    case 'struct': {
      const def = structDef(type, types);
      const out: Record<string, unknown> = {};
      def.fields.forEach((f, i) => {
        out[f.name] = toJs((value as IrConst[])[i]!, f.type, types);
      });
      return out;
    }
    case 'list':
    case 'array':
      return (value as IrConst[]).map((x) => toJs(x, type.elem, types));
    case 'option':
      return value === null ? null : toJs((value as { some: IrConst }).some, type.inner, types);
    case 'any':
      return anyToJs(value, types);
  }
}

/** A dynamic value → JSON-like JS (records become plain objects). */
export function anyToJs(value: IrConst, types: IrTypeDef[]): unknown {
  if (value === null || !isAnyBox(value)) return null;
  if (isDynamicRecord(value)) {
    const out: Record<string, unknown> = {};
    value.keys.forEach((k, i) => {
      out[k] = anyToJs(value.value[i]!, types);
    });
    return out;
  }
  return toJs(value.value, value.any, types);
}

