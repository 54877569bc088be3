/**
 * Structural equality and ordering over IrConst values (LANGUAGE.md §8.1.9): `==` compares
 * bytes, structs, lists, options and dynamic values by content; ordering applies to
 * numbers and same-size bytes (lexicographic), and to strings by UTF-16 code units.
 */
import type { IrConst, IrType } from '../../compiler/ir/ir.ts';
import { sameType } from '../../compiler/ir/ir.ts';
import { isAnyBox, isDynamicRecord } from './dynamic.ts';

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function valuesEqual(a: IrConst, b: IrConst): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (a === null || b === null) return false;
  switch (typeof a) {
    case 'bigint':
      return typeof b === 'bigint' ? a === b : typeof b === 'number' && Number(a) === b;
    case 'number':
      // IEEE: NaN is unequal to itself, -0 equals 0 (handled by ===).
      return typeof b === 'number' ? a === b : typeof b === 'bigint' && a === Number(b);
    case 'boolean':
    case 'string':
      return false; // identical primitives returned above
  }
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i]!, b[i]!)) return false;
    return true;
  }
  if (typeof b !== 'object' || b instanceof Uint8Array || Array.isArray(b)) return false;
  if ('some' in a) return 'some' in b && valuesEqual(a.some, b.some);
  if (isAnyBox(a) && isAnyBox(b)) {
    if (isDynamicRecord(a) || isDynamicRecord(b)) {
      if (!isDynamicRecord(a) || !isDynamicRecord(b) || a.keys.length !== b.keys.length) return false;
      return a.keys.every((k, i) => k === b.keys[i]) && valuesEqual(a.value, b.value);
    }
    return sameDynamicValue(a.any, a.value, b.any, b.value);
  }
  return false;
}

const NUMERIC = new Set(['int', 'enum', 'float']);
const BYTES = new Set(['bytes', 'bytesN']);

/**
 * Equality of two dynamic values: numbers compare by value whatever their width (a stored
 * u32 equals the literal 5 boxed as u64), bytes by content whatever their sizing, and
 * everything else needs the same type.
 */
function sameDynamicValue(ta: IrType, va: IrConst, tb: IrType, vb: IrConst): boolean {
  if (NUMERIC.has(ta.k) && NUMERIC.has(tb.k)) return valuesEqual(va, vb);
  if (BYTES.has(ta.k) && BYTES.has(tb.k)) return valuesEqual(va, vb);
  return sameType(ta, tb) && valuesEqual(va, vb);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Three-way comparison for ordering operators. Returns NaN when the values are unordered
 * (a float NaN), so every ordering comparison against it is false, as IEEE requires.
 */
export function compareValues(a: IrConst, b: IrConst): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return NaN;
}
