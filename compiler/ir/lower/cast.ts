/**
 * `x as T` (LANGUAGE.md §8.1.6): integer truncation and extension, int↔float, bool and enum
 * discriminants, integer → enum (trapping), `as bytes(N)` big-endian keeping the low N bytes,
 * and the implicit conversions written explicitly.
 */
import type { IrExpr, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { CastExpr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalUntypedLiteral } from '../../check/literal-eval.ts';
import { bigEndian, intFits, wrapInt } from '../../check/numeric.ts';
import { binaryE, blockE, constE, convertE, indexE, lenE, localE, setS, u64E, unwrapE } from './build.ts';
import type { FnCtx } from './context.ts';
import { poison, show, tryCoerce } from './convert.ts';
import { lowerExpr } from './expr.ts';

export function lowerCast(cx: FnCtx, e: CastExpr): IrExpr {
  const to = cx.prog.resolver.resolve(e.type, cx.file);
  const lit = evalUntypedLiteral(e.expr);
  if (lit) {
    if (lit.kind === 'int' && to.k === 'int') return constE(intFits(lit.value, to) ? lit.value : wrapInt(lit.value, to), to);
    if (lit.kind === 'int' && to.k === 'bytesN') return constE(bigEndian(BigInt.asUintN(to.n * 8, lit.value), to.n), to);
    if (to.k === 'float') return constE(Number(lit.value), to);
  }
  let x = lowerExpr(cx, e.expr, to.k === 'enum' || to.k === 'int' || to.k === 'float' ? undefined : to);
  if (x.type.k === 'option' && to.k !== 'option' && to.k !== 'any') x = unwrapE(x, x.type.inner, e.expr.span);
  const r = castValue(cx, x, to, e);
  if (r) return r;
  cx.prog.diagnostics.error(Codes.invalidCast, `cannot cast ${show(cx, x.type)} to ${show(cx, to)}`, e.span);
  return poison(to);
}

function castValue(cx: FnCtx, x: IrExpr, to: IrType, e: CastExpr): IrExpr | undefined {
  const from = x.type;
  if (sameType(from, to)) return x;
  if (to.k === 'any' || from.k === 'any') return tryCoerce(cx, x, to, e.span);
  switch (to.k) {
    case 'int':
      if (from.k === 'int') return convertE('int', x, to);
      if (from.k === 'float') return convertE('float_int', x, to);
      if (from.k === 'bool') return convertE('bool_int', x, to);
      if (from.k === 'enum') return convertE('enum_int', x, to);
      if (from.k === 'bytesN' || from.k === 'bytes') return bytesToInt(cx, x, to, e);
      return undefined;
    case 'float':
      if (from.k === 'int') return convertE('int_float', x, to);
      if (from.k === 'float') return convertE('float_float', x, to);
      return undefined;
    case 'bool':
      if (from.k === 'int') return binaryE('ne', x, constE(0n, from), T.bool);
      return undefined;
    case 'enum':
      if (from.k === 'int') return convertE('int_enum', x, to, e.span);
      if (from.k === 'enum') {
        const bits = cx.prog.types.enum(from.id).reprBits;
        return convertE('int_enum', convertE('enum_int', x, { k: 'int', bits, signed: false }), to, e.span);
      }
      return undefined;
    case 'bytesN':
      if (from.k === 'int') return convertE('int_bytes', x, to);
      if (from.k === 'bool') return convertE('int_bytes', convertE('bool_int', x, T.u8), to);
      if (from.k === 'enum') {
        const bits = cx.prog.types.enum(from.id).reprBits;
        return convertE('int_bytes', convertE('enum_int', x, { k: 'int', bits, signed: false }), to);
      }
      // A longer bytes(M) keeps its first N bytes (specs/checking.md).
      if (from.k === 'bytesN' && from.n > to.n) {
        return { e: 'slice', object: x, lo: u64E(0), hi: u64E(to.n), type: to, loc: e.span };
      }
      return tryCoerce(cx, x, to, e.span);
    default:
      return tryCoerce(cx, x, to, e.span);
  }
}

/**
 * bytes → integer: big-endian, keeping the low bytes (the inverse of `as bytes(N)`):
 * `acc = (acc << 8) | b[i]` over every byte, wrapping.
 */
function bytesToInt(cx: FnCtx, x: IrExpr, to: Extract<IrType, { k: 'int' }>, e: CastExpr): IrExpr {
  const src = cx.fb.temp(x.type, 'b');
  const acc = cx.fb.temp(to, 'acc');
  const i = cx.fb.temp(T.u64, 'i');
  const byte = convertE('int', indexE(localE(src, x.type), localE(i, T.u64), T.u8, e.span), to);
  const shifted = to.bits === 8 ? constE(0n, to) : binaryE('shl', localE(acc, to), constE(8n, to), to, undefined, false);
  const body = [
    { s: 'if' as const, cond: binaryE('ge', localE(i, T.u64), lenE(localE(src, x.type)), T.bool), then: [{ s: 'break' as const }], else: [] },
    setS(acc, binaryE('or', shifted, byte, to)),
    setS(i, binaryE('add', localE(i, T.u64), u64E(1), T.u64, undefined, false)),
  ];
  return blockE([setS(src, x), setS(acc, constE(0n, to)), setS(i, u64E(0)), { s: 'loop', body, loc: e.span }], localE(acc, to));
}
