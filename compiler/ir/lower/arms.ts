/**
 * The value of a multi-armed expression (`if`/`else`, `match`): arms unify the way binary
 * operands do (§8.1.5) — untyped literal and `nil` arms take the type of the typed arms, a
 * `nil` arm makes the result an option (§8.2.8), diverging arms (`return`, `fail`) do not
 * count, and arms without a value make the whole expression a statement.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrStmt, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { Block, Expr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalUntypedLiteral, type LiteralValue } from '../../check/literal-eval.ts';
import { unifyNumeric } from '../../check/numeric.ts';
import { blockE, constE, exprS, noneE, trapE } from './build.ts';
import type { FnCtx } from './context.ts';
import { coerce, show } from './convert.ts';
import { defaultFor } from './pending.ts';
import { isAmbiguousVariant } from './variants.ts';

export interface ArmResult {
  stmts: IrStmt[];
  value?: IrExpr;
  diverges: boolean;
}

export interface ArmSpec {
  lower: (hint: IrType | undefined) => ArmResult;
  /** Where the arm's value is written (for conversion errors). */
  span?: Span;
  /**
   * The arm's tail expression, when it has one: whether the arm takes its type from the
   * others (isDeferredTail) and the literal arms' common default follow from it.
   */
  tail?: Expr;
}

export type ArmsOutcome = { kind: 'value'; type: IrType; values: IrExpr[] } | { kind: 'statements'; bodies: IrStmt[][] };

/** The tail expression of an arm body (a block's last expression statement). */
export function tailExpr(body: Block | Expr): Expr | undefined {
  if ('stmts' in body) {
    const last = body.stmts[body.stmts.length - 1];
    return last?.kind === 'ExprStmt' ? tailExpr(last.expr) : undefined;
  }
  if (body.kind === 'BlockExpr') return tailExpr(body.block);
  return body;
}

/**
 * The arm's values all take their type from context (through nested if/match/blocks):
 * untyped literals, nil, untyped struct/list/bytes literals, and bare variant names that
 * several enums have — those resolve against the typed arms' enum (LANGUAGE.md §8.2.3, the
 * expected type first), so `A => E::X, B => Y` keeps E even when another enum has a `Y`.
 */
function isDeferredTail(e: Expr | undefined, ambiguousVariant: (name: string) => boolean = () => false): boolean {
  if (e === undefined) return false;
  if (e.kind === 'Nil' || evalUntypedLiteral(e) !== undefined) return true;
  if (e.kind === 'Name' && ambiguousVariant(e.name)) return true;
  // Literals whose type comes from context also follow the typed arms.
  if ((e.kind === 'StructLit' && !e.type) || e.kind === 'ListLit' || e.kind === 'BytesLit' || e.kind === 'String') return true;
  const branches = branchTails(e);
  return branches !== undefined && branches.length > 0 && branches.every((b) => isDeferredTail(b, ambiguousVariant));
}

/** The tails an `if`/`else` or a `match` takes its value from; undefined for any other expression. */
function branchTails(e: Expr): (Expr | undefined)[] | undefined {
  if (e.kind === 'If') return e.else ? [tailExpr(e.then), tailExpr(e.else)] : undefined;
  if (e.kind === 'Match') return e.arms.map((a) => tailExpr(a.body));
  return undefined;
}

/** The default type the literal tails share, when they mix defaults (a negative or a float among them). */
function commonLiteralDefault(tails: (Expr | undefined)[]): IrType | undefined {
  const values: LiteralValue[] = [];
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    const v = evalUntypedLiteral(e);
    if (v) values.push(v);
    else branchTails(e)?.forEach(visit);
  };
  tails.forEach(visit);
  const t = values.length > 0 ? defaultFor(values) : undefined;
  return t && !sameType(t, T.u64) ? t : undefined;
}

const isNil = (v: IrExpr | undefined) => v !== undefined && (v.e === 'none' || (v.e === 'const' && v.value === null && v.type.k === 'any'));

export function lowerArms(cx: FnCtx, arms: ArmSpec[], hint: IrType | undefined, span: Span): ArmsOutcome {
  const h = hint && hint.k !== 'void' ? hint : undefined;
  const results: ArmResult[] = new Array(arms.length);
  let join: IrType | undefined;
  const include = (r: ArmResult) => {
    if (r.diverges || !r.value || isNil(r.value)) return;
    join = join === undefined ? r.value.type : joinTypes(cx, join, r.value.type, span);
  };
  if (h) {
    arms.forEach((a, i) => (results[i] = a.lower(h)));
  } else {
    // Arms whose value is an untyped literal or nil are lowered after the typed arms.
    const ambiguous = (name: string) => isAmbiguousVariant(cx, name);
    const deferred = arms.map((a) => isDeferredTail(a.tail, ambiguous));
    arms.forEach((a, i) => {
      if (!deferred[i]) include((results[i] = a.lower(undefined)));
    });
    // Literal arms take the typed arms' type; when there is none they default together, so
    // `match s { A => 1, B => -1 }` is i64 throughout rather than u64 against i64 (§8.1.4).
    const typed = join;
    const shared = typed ? undefined : commonLiteralDefault(arms.filter((_, i) => deferred[i]).map((a) => a.tail));
    const outer = cx.literalDefault;
    if (shared) cx.literalDefault = shared;
    try {
      arms.forEach((a, i) => {
        if (deferred[i]) include((results[i] = a.lower(typed)));
      });
    } finally {
      cx.literalDefault = outer;
    }
  }
  if (results.some((r) => !r.diverges && !r.value)) {
    return { kind: 'statements', bodies: results.map((r) => (r.value ? [...r.stmts, exprS(r.value)] : r.stmts)) };
  }
  let type: IrType = h ?? join ?? (results.some((r) => isNil(r.value)) ? T.option(T.any) : T.any);
  if (results.some((r) => isNil(r.value)) && type.k !== 'option' && type.k !== 'any') type = T.option(type);
  const values = results.map((r, i) => {
    if (r.diverges || !r.value) return blockE(r.stmts, trapE('fail', 'unreachable', type));
    const v = isNil(r.value) ? (type.k === 'any' ? constE(null, T.any) : noneE(type)) : coerce(cx, r.value, type, arms[i]!.span ?? span);
    return blockE(r.stmts, v);
  });
  return { kind: 'value', type, values };
}

/** The common type of two arm values, or `any` with an error when there is none. */
export function joinTypes(cx: FnCtx, a: IrType, b: IrType, span: Span): IrType {
  if (sameType(a, b)) return a;
  if (a.k === 'any' || b.k === 'any') return T.any;
  if (a.k === 'option' && sameType(a.inner, b)) return a;
  if (b.k === 'option' && sameType(b.inner, a)) return b;
  if (a.k === 'option' && b.k === 'option') {
    const inner = joinTypes(cx, a.inner, b.inner, span);
    return T.option(inner);
  }
  const num = unifyNumeric(a, b);
  if (num) return num;
  if (a.k === 'bytesN' && b.k === 'bytesN') return a.n >= b.n ? a : b;
  if ((a.k === 'bytes' || a.k === 'bytesN') && (b.k === 'bytes' || b.k === 'bytesN')) return T.bytes;
  if (a.k === 'struct' && b.k === 'struct' && cx.prog.types.struct(b.id).name.startsWith('{')) return a;
  if (a.k === 'struct' && b.k === 'struct' && cx.prog.types.struct(a.id).name.startsWith('{')) return b;
  const why = (a.k === 'int' || a.k === 'float') && (b.k === 'int' || b.k === 'float') ? Codes.mixedNumeric : Codes.typeMismatch;
  cx.prog.diagnostics.error(why, `branches have different types: ${show(cx, a)} and ${show(cx, b)}`, span);
  // `any` accepts every arm, so the one error is not repeated as a conversion error per arm.
  return T.any;
}
