/**
 * Integer and float arithmetic (LANGUAGE.md §8.1): wrapping by default, trapping under
 * overflow checks, explicit checked/saturating forms, division and shift traps.
 * Narrow integers (8/16 bits) live normalised in i32 slots: zero-extended when unsigned,
 * sign-extended when signed; every operation re-normalises.
 */
import type { Span } from '../diagnostics/source.ts';
import type { IrBinaryOp, IrType } from '../ir/ir.ts';
import { BackendError, type Ref } from './context.ts';
import type { FnCx, IntInfo } from './fn-context.ts';
import { enumDef } from './layout.ts';

export function intInfo(fx: FnCx, t: IrType, loc?: Span): IntInfo {
  if (t.k === 'int') return { bits: t.bits, signed: t.signed, kind: t.bits === 128 ? 'wide' : t.bits === 64 ? 'i64' : 'i32' };
  if (t.k === 'bool') return { bits: 8, signed: false, kind: 'i32' };
  if (t.k === 'enum') {
    const bits = enumDef(fx.cx.types, t.id).reprBits;
    return { bits, signed: false, kind: bits === 64 ? 'i64' : 'i32' };
  }
  throw new BackendError(`expected an integer operand, got ${t.k}`, loc);
}

/** Re-normalise a narrow integer held in an i32. */
export function norm(fx: FnCx, x: Ref, info: IntInfo): Ref {
  const m = fx.cx.m;
  if (info.kind !== 'i32' || info.bits >= 32) return x;
  if (info.signed) return info.bits === 8 ? m.i32.extend8_s(x) : m.i32.extend16_s(x);
  return m.i32.and(x, m.i32.const(info.bits === 8 ? 0xff : 0xffff));
}

export function minValue(info: IntInfo): bigint {
  return info.signed ? -(1n << BigInt(info.bits - 1)) : 0n;
}
export function maxValue(info: IntInfo): bigint {
  return info.signed ? (1n << BigInt(info.bits - 1)) - 1n : (1n << BigInt(info.bits)) - 1n;
}

export function intConst(fx: FnCx, info: IntInfo, v: bigint): Ref {
  return info.kind === 'i64' ? fx.cx.i64(BigInt.asIntN(64, v)) : fx.cx.m.i32.const(Number(BigInt.asIntN(32, v)));
}

type ArithOp = 'add' | 'sub' | 'mul';

/** Overflow-aware arithmetic: statements that set temps, the result, and the overflow flag. */
interface Checked {
  pre: Ref[];
  result: () => Ref;
  overflow: () => Ref;
}

function checkedOp(fx: FnCx, op: ArithOp, a: Ref, b: Ref, info: IntInfo): Checked {
  const { B, m } = fx.cx;
  if (info.kind === 'i32' && info.bits < 32) {
    const r = fx.tmp('i32');
    const raw = op === 'add' ? m.i32.add(a, b) : op === 'sub' ? m.i32.sub(a, b) : m.i32.mul(a, b);
    return {
      pre: [m.local.set(r, raw)],
      result: () => m.local.get(r, B.i32),
      overflow: () => m.i32.ne(norm(fx, m.local.get(r, B.i32), info), m.local.get(r, B.i32)),
    };
  }
  if (info.kind === 'i32') {
    const r = fx.tmp('i64');
    const ext = (x: Ref) => (info.signed ? m.i64.extend_s(x) : m.i64.extend_u(x));
    const raw = op === 'add' ? m.i64.add(ext(a), ext(b)) : op === 'sub' ? m.i64.sub(ext(a), ext(b)) : m.i64.mul(ext(a), ext(b));
    const get = () => m.local.get(r, B.i64);
    return {
      pre: [m.local.set(r, raw)],
      result: () => m.i32.wrap(get()),
      overflow: () => (info.signed ? m.i64.ne(m.i64.extend_s(m.i32.wrap(get())), get()) : m.i64.gt_u(get(), m.i64.const(0xffffffffn))),
    };
  }
  // 64-bit
  const ta = fx.tmp('i64');
  const tb = fx.tmp('i64');
  const r = fx.tmp('i64');
  const A = () => m.local.get(ta, B.i64);
  const Bv = () => m.local.get(tb, B.i64);
  const R = () => m.local.get(r, B.i64);
  const raw = op === 'add' ? m.i64.add(A(), Bv()) : op === 'sub' ? m.i64.sub(A(), Bv()) : m.i64.mul(A(), Bv());
  const pre = [m.local.set(ta, a), m.local.set(tb, b), m.local.set(r, raw)];
  let overflow: () => Ref;
  if (op === 'add') overflow = info.signed ? () => m.i64.lt_s(m.i64.and(m.i64.xor(A(), R()), m.i64.xor(Bv(), R())), m.i64.const(0n)) : () => m.i64.lt_u(R(), A());
  else if (op === 'sub') overflow = info.signed ? () => m.i64.lt_s(m.i64.and(m.i64.xor(A(), Bv()), m.i64.xor(A(), R())), m.i64.const(0n)) : () => m.i64.lt_u(A(), Bv());
  else if (info.signed)
    overflow = () =>
      m.if(
        m.i64.eqz(A()),
        m.i32.const(0),
        m.if(m.i64.eq(A(), m.i64.const(-1n)), m.i64.eq(Bv(), fx.cx.i64(-(1n << 63n))), m.i64.ne(m.i64.div_s(R(), A()), Bv())),
      );
  else overflow = () => m.if(m.i64.eqz(A()), m.i32.const(0), m.i64.ne(m.i64.div_u(R(), A()), Bv()));
  return { pre, result: R, overflow };
}

/** 128-bit operation codes understood by the loader's `wide` import. */
export const WIDE_OP = { add: 0, sub: 1, mul: 2, div: 3, rem: 4, and: 5, or: 6, xor: 7, shl: 8, shr: 9, neg: 10, bnot: 11 } as const;
export const WIDE_MODE = { wrap: 0, checked: 2, saturate: 4 } as const;

/** Call the wide-integer import; traps per status unless `onOverflow` handles status 1. */
export function wideOp(
  fx: FnCx,
  op: keyof typeof WIDE_OP,
  a: Ref,
  b: Ref,
  info: IntInfo,
  mode: keyof typeof WIDE_MODE,
  loc: Span | undefined,
  onOverflow?: (out: number) => Ref,
): Ref {
  const { B, m } = fx.cx;
  const out = fx.tmp('i32');
  const st = fx.tmp('i32');
  const flags = (info.signed ? 1 : 0) | WIDE_MODE[mode];
  const S = () => m.local.get(st, B.i32);
  return m.block(null, [
    m.local.set(out, m.call('rt.alloc', [m.i32.const(16)], B.i32)),
    m.local.set(st, m.call('rt.wide', [m.i32.const(WIDE_OP[op]), a, b, m.i32.const(flags), m.local.get(out, B.i32)], B.i32)),
    m.if(m.i32.eq(S(), m.i32.const(2)), fx.trap('div_by_zero', 'division by zero', loc)),
    m.if(m.i32.eq(S(), m.i32.const(3)), fx.trap('overflow', 'shift count out of range', loc)),
    onOverflow ? m.nop() : m.if(m.i32.eq(S(), m.i32.const(1)), fx.trap('overflow', `integer overflow in ${op}`, loc)),
    onOverflow ? m.if(m.i32.eq(S(), m.i32.const(1)), onOverflow(out), m.local.get(out, B.i32)) : m.local.get(out, B.i32),
  ], B.i32);
}

/** `+ - *` in wrap or trap mode. */
export function arith(fx: FnCx, op: ArithOp, a: Ref, b: Ref, info: IntInfo, checked: boolean, loc?: Span): Ref {
  const { B, m } = fx.cx;
  if (info.kind === 'wide') return wideOp(fx, op, a, b, info, checked ? 'checked' : 'wrap', loc);
  if (!checked) {
    if (info.kind === 'i64') return op === 'add' ? m.i64.add(a, b) : op === 'sub' ? m.i64.sub(a, b) : m.i64.mul(a, b);
    return norm(fx, op === 'add' ? m.i32.add(a, b) : op === 'sub' ? m.i32.sub(a, b) : m.i32.mul(a, b), info);
  }
  const c = checkedOp(fx, op, a, b, info);
  const t = info.kind === 'i64' ? B.i64 : B.i32;
  return m.block(null, [...c.pre, m.if(c.overflow(), fx.trap('overflow', `integer overflow in ${op}`, loc)), c.result()], t);
}

/** `checked_add/sub/mul`: an option<T> box, none on overflow. */
export function checkedArith(fx: FnCx, op: ArithOp, a: Ref, b: Ref, info: IntInfo, loc?: Span): Ref {
  const { B, m } = fx.cx;
  const box = (v: Ref, kind: 'i32' | 'i64') => {
    const p = fx.tmp('i32');
    return m.block(null, [
      m.local.set(p, m.call('rt.alloc', [m.i32.const(8)], B.i32)),
      kind === 'i64' ? m.i64.store(0, 8, m.local.get(p, B.i32), v) : m.i32.store(0, 4, m.local.get(p, B.i32), v),
      m.local.get(p, B.i32),
    ], B.i32);
  };
  if (info.kind === 'wide') {
    const w = fx.tmp('i32');
    return m.block(null, [
      m.local.set(w, wideOp(fx, op, a, b, info, 'checked', loc, () => m.i32.const(0))),
      m.if(m.local.get(w, B.i32), box(m.local.get(w, B.i32), 'i32'), m.i32.const(0)),
    ], B.i32);
  }
  const c = checkedOp(fx, op, a, b, info);
  return m.block(null, [...c.pre, m.if(c.overflow(), m.i32.const(0), box(c.result(), info.kind))], B.i32);
}

/** `saturating_add/sub`: clamp to the type's range. */
export function saturatingArith(fx: FnCx, op: 'add' | 'sub', a: Ref, b: Ref, info: IntInfo, loc?: Span): Ref {
  const { B, m } = fx.cx;
  if (info.kind === 'wide') return wideOp(fx, op, a, b, info, 'saturate', loc);
  const tb = fx.tmp(info.kind);
  const c = checkedOp(fx, op, a, m.local.get(tb, info.kind === 'i64' ? B.i64 : B.i32), info);
  const max = intConst(fx, info, maxValue(info));
  const min = intConst(fx, info, minValue(info));
  let clamp: Ref;
  if (!info.signed) clamp = op === 'add' ? max : min;
  else {
    const bNeg = info.kind === 'i64' ? m.i64.lt_s(m.local.get(tb, B.i64), m.i64.const(0n)) : m.i32.lt_s(m.local.get(tb, B.i32), m.i32.const(0));
    clamp = op === 'add' ? m.select(bNeg, min, max) : m.select(bNeg, max, min);
  }
  const t = info.kind === 'i64' ? B.i64 : B.i32;
  return m.block(null, [m.local.set(tb, b), ...c.pre, m.if(c.overflow(), clamp, c.result())], t);
}

/** Unary minus, wrapping or trapping. */
export function negate(fx: FnCx, a: Ref, info: IntInfo, checked: boolean, loc?: Span): Ref {
  const m = fx.cx.m;
  if (info.kind === 'wide') return wideOp(fx, 'neg', a, m.i32.const(0), info, checked ? 'checked' : 'wrap', loc);
  return arith(fx, 'sub', intConst(fx, info, 0n), a, info, checked, loc);
}

export function bitNot(fx: FnCx, a: Ref, info: IntInfo, loc?: Span): Ref {
  const m = fx.cx.m;
  if (info.kind === 'wide') return wideOp(fx, 'bnot', a, m.i32.const(0), info, 'wrap', loc);
  if (info.kind === 'i64') return m.i64.xor(a, m.i64.const(-1n));
  return norm(fx, m.i32.xor(a, m.i32.const(-1)), info);
}

/** `/` and `%`: division by zero always traps; `MIN / -1` traps (§8.1.1). */
export function divRem(fx: FnCx, op: 'div' | 'rem', a: Ref, b: Ref, info: IntInfo, loc?: Span): Ref {
  const { B, m } = fx.cx;
  if (info.kind === 'wide') return wideOp(fx, op, a, b, info, 'checked', loc);
  const k = info.kind;
  const t = k === 'i64' ? B.i64 : B.i32;
  const ta = fx.tmp(k);
  const tb = fx.tmp(k);
  const A = () => m.local.get(ta, t);
  const Bv = () => m.local.get(tb, t);
  const ops = k === 'i64' ? m.i64 : m.i32;
  const pre: Ref[] = [m.local.set(ta, a), m.local.set(tb, b), m.if(ops.eqz(Bv()), fx.trap('div_by_zero', 'division by zero', loc))];
  if (info.signed && op === 'div') {
    if (info.bits >= 32) {
      const min = intConst(fx, info, minValue(info));
      pre.push(m.if(m.i32.and(ops.eq(A(), min), ops.eq(Bv(), intConst(fx, info, -1n))), fx.trap('overflow', 'integer overflow in div (MIN / -1)', loc)));
    } else {
      pre.push(m.if(m.i32.and(m.i32.eq(A(), m.i32.const(Number(minValue(info)))), m.i32.eq(Bv(), m.i32.const(-1))), fx.trap('overflow', 'integer overflow in div (MIN / -1)', loc)));
    }
  }
  let r: Ref;
  if (op === 'div') r = info.signed ? ops.div_s(A(), Bv()) : ops.div_u(A(), Bv());
  else if (info.signed && info.bits >= 32) {
    // wasm rem_s(MIN, -1) is 0 already; keep it explicit for clarity of intent.
    r = ops.rem_s(A(), Bv());
  } else r = info.signed ? ops.rem_s(A(), Bv()) : ops.rem_u(A(), Bv());
  return m.block(null, [...pre, r], t);
}

/** Shifts: a count ≥ the width (or negative) traps (§8.1.2); bits shifted out are dropped. */
export function shift(fx: FnCx, op: 'shl' | 'shr', a: Ref, count: Ref, info: IntInfo, countType: IrType, loc?: Span): Ref {
  const { B, m } = fx.cx;
  const cInfo = intInfo(fx, countType, loc);
  if (info.kind === 'wide' || cInfo.kind === 'wide') {
    const wc = cInfo.kind === 'wide' ? count : toWide(fx, count, cInfo);
    return wideOp(fx, op, a, wc, info, 'checked', loc);
  }
  const ct = cInfo.kind === 'i64' ? B.i64 : B.i32;
  const at = info.kind === 'i64' ? B.i64 : B.i32;
  const ta = fx.tmp(info.kind);
  const c = fx.tmp(cInfo.kind);
  const A = () => m.local.get(ta, at);
  const C = () => m.local.get(c, ct);
  // Counts are compared unsigned, so a negative signed count is also out of range.
  const tooBig = cInfo.kind === 'i64' ? m.i64.ge_u(C(), m.i64.const(BigInt(info.bits))) : m.i32.ge_u(C(), m.i32.const(info.bits));
  const cnt = info.kind === 'i64' ? (cInfo.kind === 'i64' ? C() : m.i64.extend_u(C())) : cInfo.kind === 'i64' ? m.i32.wrap(C()) : C();
  let r: Ref;
  if (info.kind === 'i64') r = op === 'shl' ? m.i64.shl(A(), cnt) : info.signed ? m.i64.shr_s(A(), cnt) : m.i64.shr_u(A(), cnt);
  else r = op === 'shl' ? norm(fx, m.i32.shl(A(), cnt), info) : info.signed ? m.i32.shr_s(A(), cnt) : m.i32.shr_u(A(), cnt);
  return m.block(null, [m.local.set(ta, a), m.local.set(c, count), m.if(tooBig, fx.trap('overflow', `shift count out of range for a ${info.bits}-bit value`, loc)), r], at);
}

/** Extend a 64-bit-or-narrower integer to a boxed 128-bit value. */
export function toWide(fx: FnCx, v: Ref, info: IntInfo): Ref {
  const { B, m } = fx.cx;
  const out = fx.tmp('i32');
  const v64 = info.kind === 'i64' ? v : info.signed ? m.i64.extend_s(v) : m.i64.extend_u(v);
  return m.block(null, [
    m.local.set(out, m.call('rt.alloc', [m.i32.const(16)], B.i32)),
    m.call('rt.wideFrom64', [v64, m.i32.const(info.signed ? 1 : 0), m.local.get(out, B.i32)], B.none),
    m.local.get(out, B.i32),
  ], B.i32);
}

/** Integer/float binary operator dispatch for arithmetic and bitwise ops. */
export function isArith(op: IrBinaryOp): op is 'add' | 'sub' | 'mul' {
  return op === 'add' || op === 'sub' || op === 'mul';
}
