/**
 * Member access, indexing and slicing (LANGUAGE.md §8.2.5, §8.2.9, §9.1 `.len`).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Expr, IndexExpr, MemberExpr, SliceExpr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalConstInt } from '../../check/literal-eval.ts';
import { constE, convertE, indexE, lenE, u64E, unwrapE, withLoc } from './build.ts';
import type { FnCtx } from './context.ts';
import { coerce, poison, show } from './convert.ts';
import { fieldOf, lowerExpr } from './expr.ts';
import { variantOf } from './variants.ts';

/** Options are used as their value (§8.2.8): unwrap at the object's span. */
export function valueOf(x: IrExpr, span: Span): IrExpr {
  return x.type.k === 'option' ? unwrapE(x, x.type.inner, span) : x;
}

export function lowerMember(cx: FnCtx, e: MemberExpr): IrExpr {
  // `Status.Active` written for `Status::Active` (specs/checking.md).
  if (e.object.kind === 'Name' && !cx.fb.lookup(e.object.name) && !cx.prog.consts.lookup(cx.file, e.object.name)) {
    const def = cx.prog.resolver.lookup(e.object.name, cx.file, undefined);
    const t = def ? cx.prog.resolver.typeOfDef(def) : undefined;
    const v = t?.k === 'enum' ? variantOf(cx, t, e.field.name) : undefined;
    if (v) return v;
  }
  const obj = valueOf(lowerExpr(cx, e.object), e.object.span);
  return memberOf(cx, obj, e.field.name, e.field.span);
}

export function memberOf(cx: FnCtx, obj: IrExpr, name: string, span: Span): IrExpr {
  const t = obj.type;
  if (t.k === 'any') {
    // Fields of `any` are `any` (§8.2.9), looked up by name at run time.
    return withLoc({ e: 'builtin', name: 'any_field', args: [obj, constE(name, T.string)], type: T.any }, span);
  }
  const f = fieldOf(cx, obj, name);
  if (f) return f;
  if (name === 'len' && isSized(t)) return lenE(obj);
  if (t.k === 'struct') {
    const fields = cx.prog.types.struct(t.id).fields.map((x) => x.name);
    cx.prog.diagnostics.error(Codes.unknownField, `${show(cx, t)} has no field '${name}'`, span, fields.length > 0 ? { hint: `fields: ${fields.join(', ')}` } : {});
  } else {
    cx.prog.diagnostics.error(Codes.unknownField, `${show(cx, t)} has no field '${name}'`, span);
  }
  return poison(T.any);
}

function isSized(t: IrType): boolean {
  return t.k === 'list' || t.k === 'array' || t.k === 'bytes' || t.k === 'bytesN' || t.k === 'string';
}

/** An index or bound as u64 (signed values convert; a negative one is out of range). */
export function lowerIndexValue(cx: FnCtx, e: Expr): IrExpr {
  let i = valueOf(lowerExpr(cx, e, T.u64), e.span);
  if (i.type.k === 'int' && i.type.signed) return convertE('int', i, T.u64);
  if (i.type.k === 'enum') i = convertE('enum_int', i, T.u64);
  return coerce(cx, i, T.u64, e.span, 'index');
}

export function lowerIndex(cx: FnCtx, e: IndexExpr, hint?: IrType): IrExpr {
  // `let x: u16 = table[1]` with `let table = [10, 20]` still open: the element the use
  // expects types the list (pending-list.ts); any other object is lowered as it is.
  const open = e.object.kind === 'Name' ? cx.fb.lookup(e.object.name) : undefined;
  const elemHint = hint?.k === 'option' ? hint.inner : hint;
  const listHint = open && (open.pendingList || open.pending?.listBindings?.includes(open)) && elemHint && (elemHint.k === 'int' || elemHint.k === 'float') ? T.list(elemHint) : undefined;
  const obj = valueOf(lowerExpr(cx, e.object, listHint), e.object.span);
  const t = obj.type;
  if (t.k === 'any') {
    return withLoc({ e: 'builtin', name: 'any_index', args: [obj, lowerIndexValue(cx, e.index)], type: T.any }, e.span);
  }
  const elem = elementType(t);
  if (!elem) {
    cx.prog.diagnostics.error(Codes.operatorType, `${show(cx, t)} cannot be indexed`, e.span);
    return poison(T.any);
  }
  return indexE(obj, lowerIndexValue(cx, e.index), elem, e.span);
}

export function elementType(t: IrType): IrType | undefined {
  switch (t.k) {
    case 'list':
    case 'array':
      return t.elem;
    case 'bytes':
    case 'bytesN':
    case 'string':
      return T.u8;
    default:
      return undefined;
  }
}

/** `x[lo..hi]`, `x[lo..]`, `x[..hi]`, `x[lo:hi]`: bytes(hi-lo) with constant bounds (§8.2.5). */
export function lowerSlice(cx: FnCtx, e: SliceExpr): IrExpr {
  const obj = valueOf(lowerExpr(cx, e.object), e.object.span);
  const t = obj.type;
  const constOf = (b: Expr | undefined) => (b ? evalConstInt(b, (n) => cx.prog.consts.constInt(cx.file, n)) : undefined);
  const loC = e.lo ? constOf(e.lo) : 0n;
  let hiC = e.hi ? constOf(e.hi) : undefined;
  if (!e.hi && t.k === 'bytesN') hiC = BigInt(t.n);
  if (t.k === 'bytesN' && loC !== undefined && hiC !== undefined && (hiC > BigInt(t.n) || loC > hiC)) {
    cx.prog.diagnostics.warning(Codes.sliceBounds, `slice [${loC}..${hiC}] is out of range for bytes(${t.n}); it traps at run time`, e.span);
  }
  const lo = e.lo ? lowerIndexValue(cx, e.lo) : u64E(0);
  const hi = e.hi ? lowerIndexValue(cx, e.hi) : hiC !== undefined ? u64E(hiC) : undefined;
  let type: IrType;
  if (t.k === 'list' || t.k === 'array') type = T.list(t.elem);
  else if (t.k === 'bytes' || t.k === 'bytesN' || t.k === 'string') {
    type = loC !== undefined && hiC !== undefined && hiC >= loC ? T.bytesN(Number(hiC - loC)) : T.bytes;
  } else if (t.k === 'any') {
    const b = coerce(cx, obj, T.bytes, e.object.span);
    const s: IrExpr = { e: 'slice', object: b, lo, type: T.bytes, loc: e.span };
    if (hi) s.hi = hi;
    return s;
  } else {
    cx.prog.diagnostics.error(Codes.operatorType, `${show(cx, t)} cannot be sliced`, e.span);
    return poison(T.bytes);
  }
  const s: IrExpr = { e: 'slice', object: obj, lo, type, loc: e.span };
  if (hi) s.hi = hi;
  return s;
}
