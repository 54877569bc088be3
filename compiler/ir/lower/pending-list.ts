/**
 * `let xs = []` leaves the element type open (specs/checking.md, "Empty list lets"): the first
 * push of a typed value, or the first use that expects a `list<T>` (an argument, a return, a
 * typed assignment), fixes it, so `let ids = []; for n in names { ids.push(hash(n)) }` is a
 * `list<bytes(32)>` — hashed, serialised and compared as such, not as `list<any>`.
 * Untyped literals pushed first give a provisional element type (`u64`, …) that a later
 * typed use may still change while every pushed literal fits it, like literal lets
 * (pending.ts). Any other use ends the open state with the type the list has then.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Expr } from '../../syntax/ast.ts';
import { evalUntypedLiteral, type LiteralValue } from '../../check/literal-eval.ts';
import { intFits } from '../../check/numeric.ts';
import { blockE, localE, pushS, voidE } from './build.ts';
import type { Binding, FnCtx, PendingList } from './context.ts';
import { coerce, literalValue } from './convert.ts';
import { lowerExpr } from './expr.ts';
import { defaultFor as defaultOf } from './pending.ts';

/** A `let` without a type bound to an empty list literal opens its element type. */
export function opensPendingList(value: IrExpr, init: Expr): boolean {
  if (init.kind !== 'ListLit' || init.elements.length !== 0) return false;
  return value.type.k === 'list' && value.type.elem.k === 'any';
}

/**
 * `let xs = [1, 2, 3]`: a list literal made only of untyped number literals keeps its element
 * type open like a pushed literal would — the common default (u64, i64 with a negative, f64
 * with a float) is provisional, and the first use that expects a `list<T>` the literals fit
 * retypes them, so `let words = [0x5055, 0]; decode(words)` passes a list<u16>.
 * Returns the lowered value and the open state, or undefined for any other initialiser.
 */
export function lowerLiteralList(cx: FnCtx, init: Expr): { value: IrExpr; open: Omit<PendingList, 'local'> } | undefined {
  if (init.kind !== 'ListLit' || init.elements.length === 0) return undefined;
  const values: LiteralValue[] = [];
  for (const el of init.elements) {
    const v = evalUntypedLiteral(el);
    // Wide hex literals are bytes and huge ones u128: those lists keep their usual typing.
    if (!v || (v.kind === 'int' && ((v.hexDigits ?? 0) > 16 || (v.value < -(1n << 63n) || v.value >= 1n << 64n)))) return undefined;
    values.push(v);
  }
  const value = lowerExpr(cx, init, T.list(defaultOf(values)));
  if (value.e !== 'list' || value.elems.length !== values.length || !value.elems.every((x) => x.e === 'const')) return undefined;
  const leaves = value.elems.map((node, i) => ({ node, value: values[i]!, span: init.elements[i]!.span }));
  return { value, open: { nodes: [value], leaves, provisional: true } };
}

/** A reference to the binding; `hint` (a list type) may fix the element type first. */
export function pendingListRef(b: Binding, hint: IrType | undefined): IrExpr {
  const h = hint?.k === 'option' ? hint.inner : hint;
  if (h?.k === 'list' && h.elem.k !== 'any') tryFix(b, h.elem, undefined);
  // Any other use ends the open state: later code sees one stable type.
  b.pendingList = undefined;
  return localE(b.id, b.type);
}

/** `xs = value` on an open list: a typed list value fixes the element type. */
export function assignPending(cx: FnCtx, b: Binding, value: IrExpr): void {
  if (value.type.k === 'list' && value.type.elem.k !== 'any') tryFix(b, value.type.elem, cx);
  b.pendingList = undefined;
}

/** `xs.push(v)` / `append(xs, v)` on an open list. */
export function pushPending(cx: FnCtx, b: Binding, arg: Expr, span: Span): IrExpr {
  const p = b.pendingList!;
  const lit = evalUntypedLiteral(arg);
  let v: IrExpr;
  if (lit && (lit.kind === 'int' || lit.kind === 'float')) {
    if (b.type.k === 'list' && b.type.elem.k === 'any') setElem(b, defaultFor(lit), true);
    const elem = (b.type as Extract<IrType, { k: 'list' }>).elem;
    if (!accepts(elem, lit)) return finishPush(cx, b, lowerExpr(cx, arg, elem), arg.span, span);
    v = literalValue(cx, lit, elem, arg.span);
    p.leaves.push({ node: v, value: lit, span: arg.span });
  } else {
    v = lowerExpr(cx, arg, b.type.k === 'list' && b.type.elem.k !== 'any' ? b.type.elem : undefined);
    if (v.type.k !== 'any' && v.type.k !== 'void') tryFix(b, v.type, cx);
  }
  return finishPush(cx, b, v, arg.span, span);
}

function finishPush(cx: FnCtx, b: Binding, v: IrExpr, argSpan: Span, span: Span): IrExpr {
  const elem = (b.type as Extract<IrType, { k: 'list' }>).elem;
  const ref = localE(b.id, b.type);
  b.pendingList?.nodes.push(ref);
  return blockE([pushS(b.id, [], coerce(cx, v, elem, argSpan, 'pushed element'), span)], voidE());
}

/** Fixes the element type when the list is still open and the pushed literals fit. */
function tryFix(b: Binding, elem: IrType, cx: FnCtx | undefined): void {
  const p = b.pendingList;
  if (!p) return;
  const cur = b.type.k === 'list' ? b.type.elem : T.any;
  if (cur.k !== 'any' && !p.provisional) return;
  if (!p.leaves.every((l) => accepts(elem, l.value))) return;
  setElem(b, elem, false);
  if (cx) {
    for (const leaf of p.leaves) {
      const c = literalValue(cx, leaf.value, elem, leaf.span);
      Object.assign(leaf.node, { value: (c as { value: unknown }).value, type: c.type });
    }
  } else {
    for (const leaf of p.leaves) leaf.node.type = elem;
  }
}

function setElem(b: Binding, elem: IrType, provisional: boolean): void {
  const p = b.pendingList!;
  const type = T.list(elem);
  for (const n of p.nodes) n.type = type;
  p.local.type = type;
  b.type = type;
  p.provisional = provisional;
}

function accepts(t: IrType, v: LiteralValue): boolean {
  if (t.k === 'float') return v.kind === 'float' || v.kind === 'int';
  if (t.k === 'int') return v.kind === 'int' && intFits(v.value, t);
  return false;
}

function defaultFor(v: LiteralValue): IrType {
  if (v.kind === 'float') return T.f64;
  if (v.kind === 'int' && v.value < 0n) return T.i64;
  return T.u64;
}
