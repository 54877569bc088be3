/**
 * 128-bit integer operations for the `wide` imports (specs/abi.md §2.2). u128 is rare in
 * real code, so its arithmetic runs in JS bigint on boxed 16-byte values.
 */
import { WIDE_OP } from '../../compiler/wasm/arith.ts';

export const WIDE_STATUS = { ok: 0, overflow: 1, divByZero: 2, shift: 3 } as const;

function range(signed: boolean): [bigint, bigint] {
  return signed ? [-(1n << 127n), (1n << 127n) - 1n] : [0n, (1n << 128n) - 1n];
}

/** Result of op on a, b; `mode` 0 wrap, 2 checked (overflow status), 4 saturate. */
export function wideCompute(op: number, a: bigint, b: bigint, signed: boolean, mode: number): { status: number; value: bigint } {
  const [lo, hi] = range(signed);
  const wrap = (v: bigint) => (signed ? BigInt.asIntN(128, v) : BigInt.asUintN(128, v));
  let exact: bigint;
  switch (op) {
    case WIDE_OP.add:
      exact = a + b;
      break;
    case WIDE_OP.sub:
      exact = a - b;
      break;
    case WIDE_OP.mul:
      exact = a * b;
      break;
    case WIDE_OP.neg:
      exact = -a;
      break;
    case WIDE_OP.div:
    case WIDE_OP.rem:
      if (b === 0n) return { status: WIDE_STATUS.divByZero, value: 0n };
      exact = op === WIDE_OP.div ? a / b : a % b; // bigint division truncates toward zero
      break;
    case WIDE_OP.and:
      return { status: 0, value: wrap(a & b) };
    case WIDE_OP.or:
      return { status: 0, value: wrap(a | b) };
    case WIDE_OP.xor:
      return { status: 0, value: wrap(a ^ b) };
    case WIDE_OP.bnot:
      return { status: 0, value: wrap(~a) };
    case WIDE_OP.shl:
    case WIDE_OP.shr:
      if (b < 0n || b >= 128n) return { status: WIDE_STATUS.shift, value: 0n };
      return { status: 0, value: op === WIDE_OP.shl ? wrap(a << b) : wrap(a >> b) };
    default:
      throw new Error(`unknown wide op ${op}`);
  }
  if (exact >= lo && exact <= hi) return { status: 0, value: exact };
  if (mode === 4) return { status: 0, value: exact < lo ? lo : hi };
  if (mode === 2) return { status: WIDE_STATUS.overflow, value: 0n };
  return { status: 0, value: wrap(exact) };
}

export function readWide(view: DataView, p: number, signed: boolean): bigint {
  const u = view.getBigUint64(p, true) | (view.getBigUint64(p + 8, true) << 64n);
  return signed ? BigInt.asIntN(128, u) : u;
}

export function writeWide(view: DataView, p: number, v: bigint): void {
  const u = BigInt.asUintN(128, v);
  view.setBigUint64(p, BigInt.asUintN(64, u), true);
  view.setBigUint64(p + 8, u >> 64n, true);
}

/** Float → 128-bit integer: truncate, saturate, NaN → 0 (LANGUAGE.md §8.1.6). */
export function wideFromFloat(f: number, signed: boolean): bigint {
  if (Number.isNaN(f)) return 0n;
  const [lo, hi] = range(signed);
  if (f === Infinity) return hi;
  if (f === -Infinity) return lo;
  const t = BigInt(Math.trunc(f));
  return t < lo ? lo : t > hi ? hi : t;
}
