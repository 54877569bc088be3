/**
 * Byte and list values (LANGUAGE.md §7.4, §8.2.5–6): `bytes(N)`, `bytes(N){v}`, `bytes [..]`,
 * list literals (also coerced to bytes(N)), `list<T>`, `list<T>::new()`, `option<T>`.
 */
import type { IrExpr, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { ByteFillExpr, BytesLit, Expr, ListLit, TypeValueExpr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalConstInt, evalUntypedLiteral } from '../../check/literal-eval.ts';
import { unifyNumeric } from '../../check/numeric.ts';
import { constE, convertE, noneE } from './build.ts';
import type { FnCtx } from './context.ts';
import { coerce, poison, show } from './convert.ts';
import { isUntyped, lowerExpr, lowerExprTo } from './expr.ts';

export function lowerByteFill(cx: FnCtx, e: ByteFillExpr): IrExpr {
  const n = evalConstInt(e.size, (name) => cx.prog.consts.constInt(cx.file, name));
  if (n === undefined) {
    // A run-time size: unsized bytes from the runtime library's `bytes(n[, v])`.
    const args = [lowerExprTo(cx, e.size, T.u64, 'size')];
    if (e.fill) args.push(lowerExprTo(cx, e.fill, T.u8, 'fill byte'));
    return { e: 'builtin', name: 'bytes', args, type: T.bytes, loc: e.span };
  }
  if (n < 0n || n > 1n << 32n) {
    cx.prog.diagnostics.error(Codes.literalRange, `bytes size ${n} is out of range`, e.size.span);
    return poison(T.bytes);
  }
  const type = T.bytesN(Number(n));
  if (!e.fill) return constE(new Uint8Array(Number(n)), type);
  const lit = evalUntypedLiteral(e.fill);
  if (lit?.kind === 'int' && lit.value >= 0n && lit.value <= 255n) return constE(new Uint8Array(Number(n)).fill(Number(lit.value)), type);
  return { e: 'fill', fill: lowerExprTo(cx, e.fill, T.u8, 'fill byte'), type };
}

/** `bytes [e, …]`: bytes(k); a run-time element above 255 traps. */
export function lowerBytesLit(cx: FnCtx, e: BytesLit, hint?: IrType): IrExpr {
  const b = byteElements(cx, e.elements);
  const h = hint?.k === 'option' ? hint.inner : hint;
  return h?.k === 'bytesN' && h.n > e.elements.length ? coerce(cx, b, h, e.span) : b;
}

function byteElements(cx: FnCtx, elements: Expr[]): IrExpr {
  const k = elements.length;
  const consts = elements.map((x) => evalUntypedLiteral(x));
  if (consts.every((c) => c?.kind === 'int')) {
    const out = new Uint8Array(k);
    consts.forEach((c, i) => {
      const v = (c as { value: bigint }).value;
      if (v < 0n || v > 255n) cx.prog.diagnostics.error(Codes.literalRange, `byte value ${v} is not in 0..255`, elements[i]!.span);
      out[i] = Number(BigInt.asUintN(8, v));
    });
    return constE(out, T.bytesN(k));
  }
  const items = elements.map((x) => {
    let v = lowerExpr(cx, x, T.u8);
    if (v.type.k === 'option' || v.type.k === 'any' || v.type.k === 'enum' || v.type.k === 'bool') {
      v = v.type.k === 'enum' ? convertE('enum_int', v, T.u64) : v.type.k === 'bool' ? convertE('bool_int', v, T.u64) : coerce(cx, v, T.u64, x.span);
    }
    if (v.type.k !== 'int') {
      cx.prog.diagnostics.error(Codes.typeMismatch, `byte element has type ${show(cx, v.type)}, expected an integer`, x.span);
      return poison(T.u64);
    }
    return sameType(v.type, T.u64) ? v : convertE('int', v, T.u64);
  });
  return convertE('list_bytes', { e: 'list', elems: items, type: T.list(T.u64) }, T.bytesN(k));
}

export function lowerListLit(cx: FnCtx, e: ListLit, hint?: IrType): IrExpr {
  const h = hint?.k === 'option' ? hint.inner : hint;
  if (h?.k === 'bytesN' || h?.k === 'bytes') {
    // §8.2.6: a list literal of k ≤ N bytes converts to bytes(N), right-padded.
    const b = byteElements(cx, e.elements);
    if (h.k === 'bytesN' && e.elements.length > h.n) {
      cx.prog.diagnostics.error(Codes.bytesLiteralTooLarge, `list of ${e.elements.length} bytes does not fit in bytes(${h.n})`, e.span);
      return poison(h);
    }
    return coerce(cx, b, h, e.span);
  }
  if (h?.k === 'list' || h?.k === 'array') {
    if (h.k === 'array' && h.n !== e.elements.length) {
      cx.prog.diagnostics.error(Codes.typeMismatch, `array of length ${h.n} given ${e.elements.length} elements`, e.span);
    }
    return { e: 'list', elems: e.elements.map((x) => lowerExprTo(cx, x, h.elem, 'element')), type: h.k === 'array' ? h : T.list(h.elem) };
  }
  if (e.elements.length === 0) return constE([], T.list(T.any));
  // No context: the element type is the join of the typed elements; literals follow it.
  const typed = e.elements.filter((x) => !isUntyped(cx, x) && x.kind !== 'Nil');
  const lowered = new Map<Expr, IrExpr>();
  let elem: IrType | undefined;
  for (const x of typed) {
    const v = lowerExpr(cx, x, elem);
    lowered.set(x, v);
    elem = elem === undefined ? v.type : joinElem(elem, v.type);
  }
  const items = e.elements.map((x) => {
    const v = lowered.get(x) ?? lowerExpr(cx, x, elem);
    if (elem === undefined) elem = v.type;
    return coerce(cx, v, elem, x.span, 'element');
  });
  return { e: 'list', elems: items, type: T.list(elem ?? T.any) };
}

function joinElem(a: IrType, b: IrType): IrType {
  if (sameType(a, b)) return a;
  if (b.k === 'option' && sameType(b.inner, a)) return b;
  return unifyNumeric(a, b) ?? a;
}

export function lowerTypeValue(cx: FnCtx, e: TypeValueExpr): IrExpr {
  const t = cx.prog.resolver.resolve(e.type, cx.file);
  if (e.member && e.member.name !== 'new' && e.member.name !== 'none' && e.member.name !== 'empty') {
    cx.prog.diagnostics.error(Codes.unknownMethod, `unknown constructor '${e.member.name}' (use ::new())`, e.member.span);
  }
  if (t.k === 'list' || t.k === 'array') return constE([], T.list(t.elem));
  if (t.k === 'option') return noneE(t);
  return constE(cx.prog.types.zero(t), t);
}
