/**
 * Numeric typing rules of LANGUAGE.md §8.1: integer ranges, literal fitting, implicit
 * widening and the unification of two numeric types (binary operators, `if`/`match` arms).
 */
import type { IrType } from '../ir/ir.ts';

export type IntT = Extract<IrType, { k: 'int' }>;

export function intMin(t: IntT): bigint {
  return t.signed ? -(1n << BigInt(t.bits - 1)) : 0n;
}

export function intMax(t: IntT): bigint {
  return t.signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
}

export function intFits(value: bigint, t: IntT): boolean {
  return value >= intMin(t) && value <= intMax(t);
}

/** Wraps an arbitrary-precision value into the type (two's complement), as `as` does. */
export function wrapInt(value: bigint, t: IntT): bigint {
  return t.signed ? BigInt.asIntN(t.bits, value) : BigInt.asUintN(t.bits, value);
}

/**
 * §8.1 item 5: implicit widening within the same signedness, and from unsigned to a wider
 * signed type; f32 widens to f64.
 */
export function canWiden(from: IrType, to: IrType): boolean {
  if (from.k === 'int' && to.k === 'int') {
    if (from.signed === to.signed) return to.bits >= from.bits;
    return !from.signed && to.signed && to.bits > from.bits;
  }
  if (from.k === 'float' && to.k === 'float') return to.bits >= from.bits;
  return false;
}

/**
 * The common type two numeric operands widen to, or undefined when they need an explicit
 * `as` (mixed signedness that cannot widen, int with float). With `promoteFloat` (predicates,
 * §8.6 item 3) an integer mixed with a float becomes the float type.
 */
export function unifyNumeric(a: IrType, b: IrType, promoteFloat = false): IrType | undefined {
  if (canWiden(a, b)) return b;
  if (canWiden(b, a)) return a;
  if (promoteFloat) {
    if (a.k === 'float' && b.k === 'int') return a;
    if (b.k === 'float' && a.k === 'int') return b;
  }
  return undefined;
}

/** Default type of an untyped integer literal with no context (§8.1 item 4). */
export function defaultIntType(value: bigint): IntT {
  if (value < 0n) return { k: 'int', bits: 64, signed: true };
  if (value <= 0xffff_ffff_ffff_ffffn) return { k: 'int', bits: 64, signed: false };
  return { k: 'int', bits: 128, signed: false };
}

/** Number of bytes needed to hold a non-negative value big-endian (at least 1). */
export function byteLength(value: bigint): number {
  let n = 1;
  let v = value >> 8n;
  while (v > 0n) {
    n++;
    v >>= 8n;
  }
  return n;
}

/** Big-endian encoding of a non-negative value, left-padded to n bytes. */
export function bigEndian(value: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let v = value;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
