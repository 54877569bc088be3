/**
 * Operators (LANGUAGE.md §7.2, §8.1, §8.2.7–8): arithmetic with operand unification and
 * implicit widening, structural equality, ordering, logic, shifts, `??`, and the predicate
 * word operators.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrBinaryOp, IrExpr, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { BinaryExpr, Expr, UnaryExpr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalUntypedLiteral } from '../../check/literal-eval.ts';
import { unifyNumeric } from '../../check/numeric.ts';
import { binaryE, blockE, constE, convertE, exprS, ifE, isSomeE, localE, notE, setS, unwrapE } from './build.ts';
import type { FnCtx } from './context.ts';
import { coerce, isPoison, poison, show, tryCoerce } from './convert.ts';
import { isUntyped, lowerExpr, lowerExprTo } from './expr.ts';
import { lowerWordOperator } from './predicate-ops.ts';
import { pendingOperands } from './pending.ts';

const ARITH: Record<string, IrBinaryOp> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'rem' };
const BITS: Record<string, IrBinaryOp> = { '&': 'and', '|': 'or', '^': 'xor' };
const ORDER: Record<string, IrBinaryOp> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

export function lowerBinary(cx: FnCtx, e: BinaryExpr, hint?: IrType): IrExpr {
  const op = e.op;
  if (op === '&&' || op === '||') {
    const l = lowerCond(cx, e.left);
    const r = lowerCond(cx, e.right);
    return { e: 'logic', op: op === '&&' ? 'and' : 'or', left: l, right: r, type: T.bool };
  }
  if (op === '??') return lowerCoalesce(cx, e, hint);
  if (op === 'implies' || op === 'subset_of' || op === 'does_not_contain') return lowerWordOperator(cx, e);
  if (op === '==' || op === '!=') return lowerEquality(cx, e);
  if (op in ORDER) return lowerOrdering(cx, e, ORDER[op]!);
  if (op === '<<' || op === '>>') return lowerShift(cx, e, hint);
  const [l, r] = unifyOperands(cx, e.left, e.right, numericHint(hint), e.opSpan);
  if (isPoison(l) || isPoison(r)) return poison(hint ?? l.type);
  if (op in ARITH) {
    if (l.type.k !== 'int' && l.type.k !== 'float') {
      cx.prog.diagnostics.error(Codes.operatorType, `'${op}' needs numbers, found ${show(cx, l.type)}`, e.opSpan);
      return poison(l.type);
    }
    return binaryE(ARITH[op]!, l, r, l.type, e.opSpan);
  }
  // Bitwise operators apply to integers (§8.1.8); on bools they are the non-short-circuit
  // logical forms (specs/checking.md).
  if (l.type.k === 'bool') {
    if (op === '^') return binaryE('ne', l, r, T.bool, e.opSpan);
    return { e: 'logic', op: op === '&' ? 'and' : 'or', left: l, right: r, type: T.bool };
  }
  if (l.type.k !== 'int') {
    cx.prog.diagnostics.error(Codes.operatorType, `'${op}' needs integers, found ${show(cx, l.type)}; for bytes use bitwise_*`, e.opSpan);
    return poison(l.type);
  }
  return binaryE(BITS[op]!, l, r, l.type, e.opSpan);
}

function numericHint(hint?: IrType): IrType | undefined {
  const t = hint?.k === 'option' ? hint.inner : hint;
  return t && (t.k === 'int' || t.k === 'float') ? t : undefined;
}

/** A condition: a bool (options unwrap, `any` is checked at run time). */
export function lowerCond(cx: FnCtx, e: Expr): IrExpr {
  const x = lowerExpr(cx, e, T.bool);
  const base = x.type.k === 'option' ? x.type.inner : x.type;
  if (base.k === 'bool' || base.k === 'any') return coerce(cx, x, T.bool, e.span, 'condition');
  cx.prog.diagnostics.error(Codes.notBool, `condition has type ${show(cx, x.type)}, expected bool`, e.span);
  return poison(T.bool);
}

/**
 * Lowers two operands of an arithmetic or ordering operator to one numeric type. Untyped
 * literals take the other operand's type; otherwise the narrower operand widens (§8.1.5).
 */
export function unifyOperands(
  cx: FnCtx,
  left: Expr,
  right: Expr,
  hint: IrType | undefined,
  opSpan: Span,
  /** Type of an integer literal ordered against an `any` operand when `hint` is not numeric. */
  dynamicLiteral?: IrType,
): [IrExpr, IrExpr] {
  let l: IrExpr;
  let r: IrExpr;
  // In predicates an integer mixed with a float literal is promoted (§8.6 item 3).
  const literalHint = (lit: Expr, other: IrType): IrType | undefined => {
    if (other.k === 'any') {
      if (dynamicLiteral && !(hint && (hint.k === 'int' || hint.k === 'float')) && evalUntypedLiteral(lit)?.kind === 'int') return dynamicLiteral;
      return hint;
    }
    if (cx.mode === 'predicate' && other.k === 'int' && evalUntypedLiteral(lit)?.kind === 'float') return undefined;
    return other;
  };
  if (isUntyped(cx, left) && !isUntyped(cx, right)) {
    r = strip(cx, lowerExpr(cx, right, hint), right.span);
    l = lowerExpr(cx, left, literalHint(left, r.type));
  } else {
    l = strip(cx, lowerExpr(cx, left, hint), left.span);
    r = lowerExpr(cx, right, literalHint(right, l.type));
  }
  l = strip(cx, l, left.span);
  r = strip(cx, r, right.span);
  if (isPoison(l) || isPoison(r)) return [poison(hint ?? T.any), poison(hint ?? T.any)];
  if (l.type.k === 'void' || r.type.k === 'void') {
    const bad = l.type.k === 'void' ? left : right;
    cx.prog.diagnostics.error(Codes.typeMismatch, 'this operand has no value', bad.span);
    return [poison(hint ?? T.any), poison(hint ?? T.any)];
  }
  if (l.type.k === 'any' && r.type.k !== 'any') l = coerce(cx, l, r.type, left.span);
  else if (r.type.k === 'any' && l.type.k !== 'any') r = coerce(cx, r, l.type, right.span);
  else if (l.type.k === 'any') {
    // Both dynamic (e.g. fields of an opaque type): the expected numeric type, else u64,
    // checked at run time (specs/checking.md).
    const t = hint && (hint.k === 'int' || hint.k === 'float') ? hint : T.u64;
    return [coerce(cx, l, t, left.span), coerce(cx, r, t, right.span)];
  }
  if (sameType(l.type, r.type)) return [l, r];
  // An enum next to an integer stands for its discriminant (§8.1.9).
  if (l.type.k === 'enum' && r.type.k === 'int') l = enumToInt(cx, l);
  if (r.type.k === 'enum' && l.type.k === 'int') r = enumToInt(cx, r);
  if (sameType(l.type, r.type)) return [l, r];
  const common = unifyNumeric(l.type, r.type, cx.mode === 'predicate');
  if (common) {
    return [widen(l, common), widen(r, common)];
  }
  if ((l.type.k === 'int' || l.type.k === 'float') && (r.type.k === 'int' || r.type.k === 'float')) {
    const why = l.type.k !== r.type.k ? 'integer and float' : 'mixed signedness';
    cx.prog.diagnostics.error(Codes.mixedNumeric, `${why}: ${show(cx, l.type)} and ${show(cx, r.type)} need an explicit 'as'`, opSpan);
    return [l, poison(l.type)];
  }
  const rr = tryCoerce(cx, r, l.type, right.span);
  if (rr) return [l, rr];
  const ll = tryCoerce(cx, l, r.type, left.span);
  if (ll) return [ll, r];
  cx.prog.diagnostics.error(Codes.typeMismatch, `operands have types ${show(cx, l.type)} and ${show(cx, r.type)}`, opSpan);
  return [l, poison(l.type)];
}

function widen(x: IrExpr, to: IrType): IrExpr {
  if (sameType(x.type, to)) return x;
  if (x.e === 'const' && typeof x.value === 'bigint' && to.k === 'int') return constE(x.value, to);
  if (x.e === 'const' && to.k === 'float' && (typeof x.value === 'bigint' || typeof x.value === 'number')) return constE(Number(x.value), to);
  if (x.type.k === 'int' && to.k === 'float') return convertE('int_float', x, to);
  return convertE(x.type.k === 'float' ? 'float_float' : 'int', x, to);
}

function enumToInt(cx: FnCtx, x: IrExpr): IrExpr {
  const def = cx.prog.types.enum((x.type as { id: number }).id);
  return convertE('enum_int', x, { k: 'int', bits: def.reprBits, signed: false });
}

/** Options in arithmetic are used as their value (unwrap traps nil_unwrap at the operand). */
function strip(_cx: FnCtx, x: IrExpr, span: Span): IrExpr {
  return x.type.k === 'option' ? unwrapE(x, x.type.inner, span) : x;
}

/** Expressions whose type comes from the other side of a comparison. */
function needsContext(cx: FnCtx, e: Expr): boolean {
  switch (e.kind) {
    case 'String':
    case 'Nil':
    case 'ListLit':
    case 'BytesLit':
      return true;
    case 'StructLit':
      return e.type === undefined;
    case 'Name':
      return isUntyped(cx, e) || (!cx.fb.lookup(e.name) && !cx.prog.consts.lookup(cx.file, e.name));
    default:
      return isUntyped(cx, e);
  }
}

/** `==`/`!=`: structural on every type (§8.1.9); `x == nil` tests presence (§8.2.8). */
function lowerEquality(cx: FnCtx, e: BinaryExpr): IrExpr {
  const negate = e.op === '!=';
  const nilSide = e.right.kind === 'Nil' ? e.left : e.left.kind === 'Nil' ? e.right : undefined;
  if (nilSide) return presence(cx, lowerExpr(cx, nilSide), negate, e.span);
  const provisional = pendingOperands(cx, e.left, e.right);
  if (provisional) return binaryE(negate ? 'ne' : 'eq', provisional[0], provisional[1], T.bool, e.opSpan);
  let l: IrExpr;
  let r: IrExpr;
  if (needsContext(cx, e.left) && !needsContext(cx, e.right)) {
    r = lowerExpr(cx, e.right);
    l = lowerExpr(cx, e.left, literalContext(e.left, r.type));
  } else {
    l = lowerExpr(cx, e.left);
    r = lowerExpr(cx, e.right, literalContext(e.right, l.type));
  }
  [l, r] = unifyForEquality(cx, l, r, e);
  if (isPoison(l) || isPoison(r)) return poison(T.bool);
  return binaryE(negate ? 'ne' : 'eq', l, r, T.bool, e.opSpan);
}

/**
 * The type a context-needing operand of `==`/`!=` is lowered with. An integer literal next
 * to an `any` is i64, as in ordering, so a dynamic -1 compares unequal to 1 instead of
 * failing a u64 conversion (specs/checking.md §6).
 */
function literalContext(operand: Expr, other: IrType): IrType | undefined {
  if (other.k === 'any' && evalUntypedLiteral(operand)?.kind === 'int') return T.i64;
  return contextType(other);
}

function contextType(t: IrType): IrType | undefined {
  return t.k === 'void' ? undefined : t;
}

/** `x == nil` / `x != nil` without unwrapping. */
export function presence(cx: FnCtx, x: IrExpr, negate: boolean, span: Span): IrExpr {
  if (x.type.k === 'option') {
    const some = isSomeE(x);
    return negate ? some : notE(some);
  }
  if (x.type.k === 'any') return binaryE(negate ? 'ne' : 'eq', x, constE(null, T.any), T.bool, span);
  // A value of a non-option type is never nil.
  return blockE([exprS(x)], constE(negate, T.bool));
}

function unifyForEquality(cx: FnCtx, l: IrExpr, r: IrExpr, e: BinaryExpr): [IrExpr, IrExpr] {
  if (isPoison(l) || isPoison(r)) return [poison(T.bool), poison(T.bool)];
  if (l.type.k === 'void' || r.type.k === 'void') {
    cx.prog.diagnostics.error(Codes.typeMismatch, `cannot compare: the ${l.type.k === 'void' ? 'left' : 'right'} operand has no value`, l.type.k === 'void' ? e.left.span : e.right.span);
    return [poison(T.bool), poison(T.bool)];
  }
  if (sameType(l.type, r.type)) return [l, r];
  const lt = l.type;
  const rt = r.type;
  if (lt.k === 'option' && rt.k !== 'option') return [l, coerce(cx, r, lt, e.right.span)];
  if (rt.k === 'option' && lt.k !== 'option') return [coerce(cx, l, rt, e.left.span), r];
  if (lt.k === 'any') return [coerce(cx, l, rt, e.left.span), r];
  if (rt.k === 'any') return [l, coerce(cx, r, lt, e.right.span)];
  if (lt.k === 'enum' && rt.k === 'int') return unifyEqNumeric(cx, enumToInt(cx, l), r, e);
  if (rt.k === 'enum' && lt.k === 'int') return unifyEqNumeric(cx, l, enumToInt(cx, r), e);
  if ((lt.k === 'int' || lt.k === 'float') && (rt.k === 'int' || rt.k === 'float')) return unifyEqNumeric(cx, l, r, e);
  if (lt.k === 'bytesN' && rt.k === 'bytesN') {
    return lt.n < rt.n ? [convertE('pad_bytes', l, rt, e.left.span), r] : [l, convertE('pad_bytes', r, lt, e.right.span)];
  }
  // bytes(N) against unsized bytes or a string value compares the bytes.
  if ((lt.k === 'bytes' || lt.k === 'string') && (rt.k === 'bytesN' || rt.k === 'bytes' || rt.k === 'string')) {
    return [coerce(cx, l, T.bytes, e.left.span), coerce(cx, r, T.bytes, e.right.span)];
  }
  if (lt.k === 'bytesN' && (rt.k === 'bytes' || rt.k === 'string')) {
    return [coerce(cx, l, T.bytes, e.left.span), coerce(cx, r, T.bytes, e.right.span)];
  }
  const rr = tryCoerce(cx, r, lt, e.right.span);
  if (rr) return [l, rr];
  const ll = tryCoerce(cx, l, rt, e.left.span);
  if (ll) return [ll, r];
  cx.prog.diagnostics.error(Codes.typeMismatch, `cannot compare ${show(cx, lt)} with ${show(cx, rt)}`, e.opSpan);
  return [l, poison(lt)];
}

function unifyEqNumeric(cx: FnCtx, l: IrExpr, r: IrExpr, e: BinaryExpr): [IrExpr, IrExpr] {
  if (sameType(l.type, r.type)) return [l, r];
  const common = unifyNumeric(l.type, r.type, cx.mode === 'predicate');
  if (common) return [widen(l, common), widen(r, common)];
  const why = l.type.k !== r.type.k ? 'integer and float' : 'mixed signedness';
  cx.prog.diagnostics.error(Codes.mixedNumeric, `${why}: ${show(cx, l.type)} and ${show(cx, r.type)} need an explicit 'as'`, e.opSpan);
  return [l, poison(l.type)];
}

/** Ordering: numbers, and bytes(N) of one size (lexicographic); enums compare discriminants. */
function lowerOrdering(cx: FnCtx, e: BinaryExpr, op: IrBinaryOp): IrExpr {
  const provisional = pendingOperands(cx, e.left, e.right);
  if (provisional) return binaryE(op, provisional[0], provisional[1], T.bool, e.opSpan);
  // A dynamic value ordered against an integer literal is read as i64, so a negative value
  // held in an `any` compares as a number instead of failing a u64 conversion (specs/checking.md §6).
  let [l, r] = unifyOperands(cx, e.left, e.right, undefined, e.opSpan, T.i64);
  if (isPoison(l) || isPoison(r)) return poison(T.bool);
  if (l.type.k === 'enum') {
    l = enumToInt(cx, l);
    r = sameType(r.type, l.type) ? r : r.type.k === 'enum' ? enumToInt(cx, r) : r;
  }
  const t = l.type;
  if (t.k !== 'int' && t.k !== 'float' && t.k !== 'bytesN' && !(t.k === 'any')) {
    cx.prog.diagnostics.error(Codes.operatorType, `'${e.op}' orders numbers and bytes(N), not ${show(cx, t)}`, e.opSpan);
    return poison(T.bool);
  }
  return binaryE(op, l, r, T.bool, e.opSpan);
}

/** Shifts: the result has the left operand's type; the count converts to it (§8.1.2). */
function lowerShift(cx: FnCtx, e: BinaryExpr, hint?: IrType): IrExpr {
  const h = numericHint(hint);
  let l = lowerExpr(cx, e.left, h?.k === 'int' ? h : undefined);
  if (l.type.k === 'option') l = unwrapE(l, l.type.inner, e.left.span);
  if (l.type.k === 'any') l = coerce(cx, l, T.u64, e.left.span);
  if (l.type.k !== 'int') {
    cx.prog.diagnostics.error(Codes.operatorType, `'${e.op}' needs an integer, found ${show(cx, l.type)}`, e.opSpan);
    return poison(l.type);
  }
  let r = lowerExpr(cx, e.right, l.type);
  if (r.type.k === 'option') r = unwrapE(r, r.type.inner, e.right.span);
  if (r.type.k === 'any') r = coerce(cx, r, l.type, e.right.span);
  if (r.type.k !== 'int') {
    cx.prog.diagnostics.error(Codes.operatorType, `shift count must be an integer, found ${show(cx, r.type)}`, e.right.span);
    return poison(l.type);
  }
  if (!sameType(r.type, l.type)) r = convertE('int', r, l.type);
  return binaryE(e.op === '<<' ? 'shl' : 'shr', l, r, l.type, e.opSpan);
}

export function lowerUnary(cx: FnCtx, e: UnaryExpr, hint?: IrType): IrExpr {
  let x = lowerExpr(cx, e.operand, e.op === '!' ? T.bool : numericHint(hint));
  if (x.type.k === 'option') x = unwrapE(x, x.type.inner, e.operand.span);
  if (e.op === '!') {
    if (x.type.k === 'any') x = coerce(cx, x, T.bool, e.operand.span);
    if (x.type.k === 'bool') return notE(x);
    // `!n` on an integer is the bitwise complement (specs/checking.md).
    if (x.type.k === 'int') return { e: 'unary', op: 'bnot', operand: x, type: x.type };
    cx.prog.diagnostics.error(Codes.notBool, `'!' needs a bool, found ${show(cx, x.type)}`, e.span);
    return poison(T.bool);
  }
  if (x.type.k === 'any') x = coerce(cx, x, numericHint(hint) ?? T.i64, e.operand.span);
  if (x.type.k !== 'int' && x.type.k !== 'float') {
    cx.prog.diagnostics.error(Codes.operatorType, `unary '-' needs a number, found ${show(cx, x.type)}`, e.span);
    return poison(x.type);
  }
  return { e: 'unary', op: 'neg', operand: x, type: x.type, loc: e.span };
}

/** `a ?? b`: a's value when present, else b (§7.4). */
function lowerCoalesce(cx: FnCtx, e: BinaryExpr, hint?: IrType): IrExpr {
  const want = hint && hint.k !== 'option' && hint.k !== 'void' ? T.option(hint) : hint;
  const a = lowerExpr(cx, e.left, want);
  if (a.type.k === 'option') {
    const inner = a.type.inner;
    const t = cx.fb.temp(a.type, 'opt');
    const present = unwrapE(localE(t, a.type), inner, e.left.span);
    if (e.right.kind === 'Nil') return a;
    const b = lowerExprTo(cx, e.right, inner.k === 'any' && hint && hint.k !== 'void' ? hint : inner);
    const value = inner.k === 'any' && b.type.k !== 'any' ? coerce(cx, present, b.type, e.left.span) : present;
    return blockE([setS(t, a)], ifE(isSomeE(localE(t, a.type)), value, b, b.type));
  }
  if (a.type.k === 'any') {
    const t = cx.fb.temp(T.any, 'dyn');
    const target = hint && hint.k !== 'void' && hint.k !== 'any' ? hint : undefined;
    const b = target ? lowerExprTo(cx, e.right, target) : lowerExpr(cx, e.right);
    const present = b.type.k === 'any' ? localE(t, T.any) : coerce(cx, localE(t, T.any), b.type, e.left.span);
    return blockE([setS(t, a)], ifE(binaryE('eq', localE(t, T.any), constE(null, T.any), T.bool), b, present, b.type));
  }
  // A value that cannot be nil: the fallback is never needed.
  return a;
}
