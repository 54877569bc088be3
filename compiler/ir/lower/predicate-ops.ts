/**
 * Predicate word operators (LANGUAGE.md §8.6 item 4): `implies`, `subset_of`,
 * `does_not_contain`, lowered to core logic and membership loops.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { BinaryExpr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { valueOf } from './access.ts';
import { binaryE, blockE, boolE, constE, ifS, localE, notE, orE, setS } from './build.ts';
import { eachElement } from './closures.ts';
import type { FnCtx } from './context.ts';
import { coerce, poison, show } from './convert.ts';
import { isUntyped, lowerExpr } from './expr.ts';
import { lowerCond, unifyOperands } from './ops.ts';

export function lowerWordOperator(cx: FnCtx, e: BinaryExpr): IrExpr {
  if (e.op === 'implies') return orE(notE(lowerCond(cx, e.left)), lowerCond(cx, e.right));
  const a = valueOf(lowerExpr(cx, e.left), e.left.span);
  if (a.type.k === 'int' || (e.op === 'subset_of' && a.type.k !== 'list' && a.type.k !== 'array')) {
    if (e.op === 'subset_of') {
      // For integers: every bit of a is in b, a & ~b == 0.
      const [l, r] = unifyOperands(cx, e.left, e.right, undefined, e.opSpan);
      if (l.type.k !== 'int') {
        cx.prog.diagnostics.error(Codes.operatorType, `subset_of needs lists or integers, found ${show(cx, l.type)}`, e.opSpan);
        return poison(T.bool);
      }
      const masked = binaryE('and', l, { e: 'unary', op: 'bnot', operand: r, type: r.type }, l.type);
      return binaryE('eq', masked, constE(0n, l.type), T.bool, e.opSpan);
    }
  }
  if (a.type.k !== 'list' && a.type.k !== 'array') {
    cx.prog.diagnostics.error(Codes.operatorType, `${e.op} needs a list on the left, found ${show(cx, a.type)}`, e.left.span);
    return poison(T.bool);
  }
  const elem = a.type.elem;
  const b = valueOf(lowerExpr(cx, e.right, isUntyped(cx, e.right) ? elem : a.type), e.right.span);
  const bIsList = (b.type.k === 'list' || b.type.k === 'array') && !sameType(b.type, elem);
  if (e.op === 'subset_of') {
    if (!bIsList) {
      cx.prog.diagnostics.error(Codes.operatorType, `subset_of needs a list on the right, found ${show(cx, b.type)}`, e.right.span);
      return poison(T.bool);
    }
    // Every element of a is in b.
    return everyIn(cx, a, b, e.span, true);
  }
  // does_not_contain: neither b nor any element of b is in a.
  if (bIsList) return everyIn(cx, b, a, e.span, false);
  const needle = coerce(cx, b, elem, e.right.span);
  return notE(member(cx, a, needle, e.span));
}

/** True when x is an element of list. */
function member(cx: FnCtx, list: IrExpr, x: IrExpr, span: Span): IrExpr {
  const elem = (list.type as { elem: IrType }).elem;
  const n = cx.fb.temp(elem, 'needle');
  const found = cx.fb.temp(T.bool, 'found');
  const loop = eachElement(cx, list, span, (y) => [ifS(binaryE('eq', y, localE(n, elem), T.bool), [setS(found, boolE(true)), { s: 'break' }])]);
  return blockE([setS(n, x), setS(found, boolE(false)), ...loop], localE(found, T.bool));
}

/** `inside`: every element of xs is in ys; otherwise: no element of xs is in ys. */
function everyIn(cx: FnCtx, xs: IrExpr, ys: IrExpr, span: Span, inside: boolean): IrExpr {
  const ysT = cx.fb.temp(ys.type, 'set');
  const ok = cx.fb.temp(T.bool, 'ok');
  const yElem = (ys.type as { elem: IrType }).elem;
  const loop = eachElement(cx, xs, span, (x) => {
    const hit = member(cx, localE(ysT, ys.type), coerce(cx, x, yElem, span), span);
    return [ifS(inside ? notE(hit) : hit, [setS(ok, boolE(false)), { s: 'break' }])];
  });
  return blockE([setS(ysT, ys), setS(ok, boolE(true)), ...loop], localE(ok, T.bool));
}
