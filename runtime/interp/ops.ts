/**
 * Operators and conversions of the IR (compiler/ir/ir.ts, LANGUAGE.md §8.1, §8.2.6) over
 * IrConst values. Functions throw RuntimeTrap without a location; the interpreter adds it.
 */
import type { IrBinaryOp, IrConst, IrConvertKind, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../errors.ts';
import { boxAny, fromAny } from '../values/dynamic.ts';
import { compareValues, valuesEqual } from '../values/equality.ts';
import { enumDef, fitsInt, intRange, typeName, ValueError, wrapInt } from '../values/types.ts';

const utf8 = new TextEncoder();
const utf8Lossy = new TextDecoder();

function intOf(t: IrType): (IrType & { k: 'int' }) | undefined {
  return t.k === 'int' ? t : undefined;
}

const OP_WORD: Record<string, string> = { add: 'addition', sub: 'subtraction', mul: 'multiplication', neg: 'negation' };

/** Exact result → the type: wraps, or traps `overflow` when checked (§8.1.1). */
function fitArith(r: bigint, t: IrType & { k: 'int' }, checked: boolean, op: string, types: IrTypeDef[]): bigint {
  const wrapped = t.signed ? BigInt.asIntN(t.bits, r) : BigInt.asUintN(t.bits, r);
  if (wrapped === r || !checked) return wrapped;
  throw new RuntimeTrap('overflow', `${typeName(t, types)} ${OP_WORD[op] ?? op} overflowed (exact result ${r})`);
}

function f32(t: IrType, x: number): number {
  return t.k === 'float' && t.bits === 32 ? Math.fround(x) : x;
}

/**
 * A binary operation. `operandType` is the left operand's type (both operands have it after
 * the front end's conversions; shift counts may be any integer type).
 */
export function binaryOp(op: IrBinaryOp, l: IrConst, r: IrConst, operandType: IrType, checked: boolean, types: IrTypeDef[]): IrConst {
  switch (op) {
    case 'eq':
      return valuesEqual(l, r);
    case 'ne':
      return !valuesEqual(l, r);
    case 'lt':
      return compareValues(l, r) < 0;
    case 'le':
      return compareValues(l, r) <= 0;
    case 'gt':
      return compareValues(l, r) > 0;
    case 'ge':
      return compareValues(l, r) >= 0;
  }
  if (typeof l === 'number' || typeof r === 'number') return floatOp(op, Number(l), Number(r), operandType);
  if (typeof l === 'boolean' && typeof r === 'boolean') {
    if (op === 'and') return l && r;
    if (op === 'or') return l || r;
    if (op === 'xor') return l !== r;
  }
  if (typeof l !== 'bigint' || typeof r !== 'bigint') {
    throw new RuntimeTrap('conversion', `operator ${op} applied to ${typeName(operandType, types)} values`);
  }
  const t = intOf(operandType) ?? { k: 'int', bits: 64, signed: l < 0n };
  switch (op) {
    case 'add':
      return fitArith(l + r, t, checked, op, types);
    case 'sub':
      return fitArith(l - r, t, checked, op, types);
    case 'mul':
      return fitArith(l * r, t, checked, op, types);
    case 'div':
    case 'rem': {
      if (r === 0n) throw new RuntimeTrap('div_by_zero', `${op === 'div' ? 'division' : 'remainder'} by zero`);
      if (op === 'div') {
        const q = l / r; // BigInt division truncates toward zero (§8.1.1)
        if (!fitsInt(q, t.bits, t.signed)) throw new RuntimeTrap('overflow', `${typeName(t, types)} division ${l} / ${r} overflowed`);
        return q;
      }
      return l % r; // takes the dividend's sign; MIN % -1 is 0
    }
    case 'and':
      return wrapInt(l & r, t.bits, t.signed);
    case 'or':
      return wrapInt(l | r, t.bits, t.signed);
    case 'xor':
      return wrapInt(l ^ r, t.bits, t.signed);
    case 'shl':
    case 'shr': {
      // §8.1.2: a count ≥ the width traps; bits shifted out are dropped; >> on signed is arithmetic.
      if (r < 0n || r >= BigInt(t.bits)) {
        throw new RuntimeTrap('overflow', `shift count ${r} is out of range for ${typeName(t, types)} (0..${t.bits - 1})`);
      }
      return op === 'shl' ? wrapInt(l << r, t.bits, t.signed) : wrapInt(l >> r, t.bits, t.signed);
    }
  }
}

function floatOp(op: IrBinaryOp, l: number, r: number, t: IrType): number {
  // §8.1.7: floats are IEEE-754 and never trap.
  switch (op) {
    case 'add':
      return f32(t, l + r);
    case 'sub':
      return f32(t, l - r);
    case 'mul':
      return f32(t, l * r);
    case 'div':
      return f32(t, l / r);
    case 'rem':
      return f32(t, l % r);
    default:
      throw new RuntimeTrap('conversion', `operator ${op} does not apply to floats`);
  }
}

export function unaryOp(op: 'neg' | 'not' | 'bnot', v: IrConst, type: IrType, checked: boolean, types: IrTypeDef[]): IrConst {
  if (op === 'not') return !v;
  if (typeof v === 'number') {
    if (op === 'neg') return -v;
    throw new RuntimeTrap('conversion', 'bitwise not does not apply to floats');
  }
  if (typeof v !== 'bigint') throw new RuntimeTrap('conversion', `operator ${op} applied to ${typeName(type, types)}`);
  const t = intOf(type) ?? { k: 'int', bits: 64, signed: true };
  if (op === 'neg') return fitArith(-v, t, checked, 'neg', types);
  return wrapInt(~v, t.bits, t.signed);
}

export function checkedArith(op: 'add' | 'sub' | 'mul', l: bigint, r: bigint, type: IrType): IrConst {
  const t = intOf(type) ?? { k: 'int', bits: 64, signed: false };
  const x = op === 'add' ? l + r : op === 'sub' ? l - r : l * r;
  return fitsInt(x, t.bits, t.signed) ? { some: x } : null;
}

export function saturatingArith(op: 'add' | 'sub', l: bigint, r: bigint, type: IrType): bigint {
  const t = intOf(type) ?? { k: 'int', bits: 64, signed: false };
  const x = op === 'add' ? l + r : l - r;
  const range = intRange(t.bits, t.signed);
  return x < range.min ? range.min : x > range.max ? range.max : x;
}

function toBytes(v: IrConst): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return utf8.encode(v);
  throw new RuntimeTrap('conversion', 'expected bytes or a string');
}

function conversionTrap(message: string): never {
  throw new RuntimeTrap('conversion', message);
}

/** Float → integer: truncate, saturate, NaN → 0 (§8.1.6). */
function floatToInt(x: number, t: IrType & { k: 'int' }): bigint {
  if (Number.isNaN(x)) return 0n;
  const range = intRange(t.bits, t.signed);
  if (x === Infinity) return range.max;
  if (x === -Infinity) return range.min;
  const n = BigInt(Math.trunc(x));
  return n < range.min ? range.min : n > range.max ? range.max : n;
}

/** An IR `convert` from `from` to `to` (see IrConvertKind in ir.ts). */
export function convertValue(kind: IrConvertKind, v: IrConst, from: IrType, to: IrType, types: IrTypeDef[]): IrConst {
  switch (kind) {
    case 'int': {
      const t = intOf(to);
      if (!t) return v;
      return wrapInt(typeof v === 'boolean' ? (v ? 1n : 0n) : (v as bigint), t.bits, t.signed);
    }
    case 'int_float':
      return f32(to, Number(v as bigint));
    case 'float_int':
      return floatToInt(v as number, intOf(to) ?? { k: 'int', bits: 64, signed: true });
    case 'float_float':
      return f32(to, v as number);
    case 'bool_int':
      return v ? 1n : 0n;
    case 'enum_int': {
      const t = intOf(to);
      return t ? wrapInt(v as bigint, t.bits, t.signed) : v;
    }
    case 'int_enum': {
      if (to.k !== 'enum') return v;
      const def = enumDef(to, types);
      const n = v as bigint;
      const variant = def.variants.find((x) => x.value === n);
      if (!variant) return conversionTrap(`${n} is not a variant of ${def.name}`);
      return variant.value;
    }
    case 'int_bytes': {
      // Big-endian, the low N bytes (§8.1.6); unsized bytes take the source's full width.
      const src = intOf(from);
      const n = to.k === 'bytesN' ? to.n : src ? src.bits / 8 : 8;
      const out = new Uint8Array(n);
      let x = BigInt.asUintN(n * 8, v as bigint);
      for (let i = n - 1; i >= 0; i--) {
        out[i] = Number(x & 0xffn);
        x >>= 8n;
      }
      return out;
    }
    case 'pad_bytes': {
      const b = toBytes(v);
      if (to.k !== 'bytesN') return b;
      if (b.length > to.n) return conversionTrap(`${b.length} bytes do not fit bytes(${to.n})`);
      if (b.length === to.n) return v instanceof Uint8Array ? v : b;
      const out = new Uint8Array(to.n); // right-padded with zeros (§8.2.6)
      out.set(b);
      return out;
    }
    case 'to_bytes':
      return toBytes(v);
    case 'list_bytes': {
      const items = v as IrConst[];
      const n = to.k === 'bytesN' ? to.n : items.length;
      if (items.length > n) return conversionTrap(`${items.length} elements do not fit bytes(${n})`);
      const out = new Uint8Array(n);
      items.forEach((x, i) => {
        const b = typeof x === 'bigint' ? x : BigInt(x as number);
        if (b < 0n || b > 255n) conversionTrap(`element ${i} = ${b} is not a byte (0..255)`);
        out[i] = Number(b);
      });
      return out;
    }
    case 'to_any':
      return boxAny(v, from);
    case 'from_any':
      try {
        return fromAny(v, to, types);
      } catch (e) {
        if (e instanceof ValueError) return conversionTrap(`any as ${typeName(to, types)}: ${e.message}`);
        throw e;
      }
  }
}

/** Text of bytes for a string-typed result of a slice or copy. */
export function bytesToString(b: Uint8Array): string {
  return utf8Lossy.decode(b);
}

export { utf8 };
