/**
 * `buf[lo..hi] = v` (also `buf[lo..]`, `buf[..hi]`, `buf[lo:hi]`): a `Place` whose last
 * index is a range (LANGUAGE.md §7.1 `Place = ID ( … | '[' Expr ']' )*`, a range being an
 * expression inside `[ ]`, §7.2 level 2). It writes `v`'s bytes over that range of a bytes
 * place in place, like `copy(buf, lo, v, 0, hi - lo)`; `v` must have exactly `hi - lo` bytes,
 * otherwise the write traps with `index_out_of_bounds` (specs/checking.md, "Byte-range
 * assignment").
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrStmt } from '../ir.ts';
import { T } from '../ir.ts';
import type { Expr, SliceExpr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { lowerIndexValue } from './access.ts';
import { binaryE, ifS, lenE, localE, setPlaceS, setS, trapS, u64E, withLoc } from './build.ts';
import type { FnCtx } from './context.ts';
import { show } from './convert.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';
import { lowerPlace } from './places.ts';

export function lowerRangeAssign(cx: FnCtx, target: SliceExpr, valueExpr: Expr, span: Span): IrStmt[] {
  const place = lowerPlace(cx, target.object);
  if (!place) {
    lowerExpr(cx, valueExpr);
    return [];
  }
  const t = place.type;
  if (t.k !== 'bytes' && t.k !== 'bytesN') {
    cx.prog.diagnostics.error(Codes.invalidAssignTarget, `only a byte range can be assigned, not a range of ${show(cx, t)}`, target.span);
    lowerExpr(cx, valueExpr);
    return [];
  }
  const current = (): IrExpr => lowerExpr(cx, target.object);
  const lo = cx.fb.temp(T.u64, 'lo');
  const hi = cx.fb.temp(T.u64, 'hi');
  const src = cx.fb.temp(T.bytes, 'src');
  const value = lowerExprTo(cx, valueExpr, T.bytes, 'value assigned to a byte range');
  const out: IrStmt[] = [
    setS(lo, target.lo ? lowerIndexValue(cx, target.lo) : u64E(0)),
    setS(hi, target.hi ? lowerIndexValue(cx, target.hi) : lenE(current())),
    setS(src, value),
  ];
  const width = binaryE('sub', localE(hi, T.u64), localE(lo, T.u64), T.u64, undefined, false);
  // hi < lo, or a value of another length: the range write cannot happen.
  const bad: IrExpr = {
    e: 'logic',
    op: 'or',
    left: binaryE('lt', localE(hi, T.u64), localE(lo, T.u64), T.bool),
    right: binaryE('ne', lenE(localE(src, T.bytes)), width, T.bool),
    type: T.bool,
  };
  out.push(ifS(bad, [trapS('index_out_of_bounds', 'the value assigned to a byte range must have exactly as many bytes as the range', target.span)]));
  const copy: IrExpr = withLoc(
    { e: 'builtin', name: 'copy', args: [current(), localE(lo, T.u64), localE(src, T.bytes), u64E(0), width], type: t },
    span,
  );
  out.push(place.path.length === 0 ? setS(place.local, copy, span) : setPlaceS(place.local, place.path, copy, span));
  return out;
}
