/**
 * Statements and blocks (LANGUAGE.md §7.1, §8.3). A block's value is its last statement when
 * that is an expression, with or without `;` (§8.3 item 1).
 */
import type { IrExpr, IrStmt, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { AssertStmt, AssignStmt, Block, Expr, LetStmt, ReturnStmt, Stmt } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { blockE, exprS, ifS, notE, setPlaceS, setS, trapE, trapS, voidE } from './build.ts';
import type { Binding, FnCtx } from './context.ts';
import { coerce, poison, show } from './convert.ts';
import { lowerFor, lowerIfStmt, lowerWhile } from './control.ts';
import { lowerExpr, lowerExprTo, nilValue } from './expr.ts';
import { lowerMatchStmt } from './match.ts';
import { lowerCond } from './ops.ts';
import { fixPending, joinGroup, lowerPendingArith, pendingShape } from './pending.ts';
import { assignPending, lowerLiteralList, opensPendingList } from './pending-list.ts';
import { growsAsBytes } from './bytes-lets.ts';
import { lowerRangeAssign } from './range-assign.ts';
import { lowerPlace } from './places.ts';
import { lowerEffectStmt } from './effects.ts';

export interface BlockResult {
  stmts: IrStmt[];
  /** The block's value, when it ends with an expression and a value was asked for. */
  value?: IrExpr;
  /** Control never reaches the end of the block (return, break, continue, fail). */
  diverges: boolean;
}

export function lowerBlock(cx: FnCtx, block: Block, hint: IrType | undefined, wantValue: boolean, ownScope = true): BlockResult {
  const run = (): BlockResult => {
    const stmts: IrStmt[] = [];
    const list = block.stmts;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      const last = i === list.length - 1;
      if (last && wantValue && s.kind === 'ExprStmt' && !stmtDiverges(s)) {
        const value = lowerExpr(cx, s.expr, hint);
        if (value.type.k === 'void') {
          pushEffect(stmts, value);
          return { stmts, diverges: false };
        }
        return { stmts, value, diverges: false };
      }
      // The literal arms' shared default (arms.ts) is for the block's value only.
      const shared = cx.literalDefault;
      cx.literalDefault = undefined;
      try {
        lowerStmt(cx, s, stmts, s.kind === 'Let' ? list.slice(i + 1) : undefined);
      } finally {
        cx.literalDefault = shared;
      }
    }
    const lastStmt = list[list.length - 1];
    return { stmts, diverges: lastStmt !== undefined && stmtDiverges(lastStmt) };
  };
  // A circuit body shares the parameters' scope, so its top-level lets stay visible to
  // the predicate lowering after it (§8.6 item 2).
  return ownScope ? cx.fb.scoped(run) : run();
}

/** A block used as a value: its statements, then its value (void when it has none). */
export function lowerBlockValue(cx: FnCtx, block: Block, hint?: IrType): IrExpr {
  const r = lowerBlock(cx, block, hint, true);
  if (r.value) return blockE(r.stmts, r.value);
  if (r.diverges) return blockE(r.stmts, trapE('fail', 'unreachable', hint && hint.k !== 'void' ? hint : T.any));
  return blockE(r.stmts, voidE());
}

export function lowerStmts(cx: FnCtx, block: Block): IrStmt[] {
  return lowerBlock(cx, block, undefined, false).stmts;
}

/** True when control cannot continue after the statement (syntactically). */
export function stmtDiverges(s: Stmt): boolean {
  switch (s.kind) {
    case 'Return':
    case 'Break':
    case 'Continue':
      return true;
    case 'ExprStmt':
      return exprDiverges(s.expr);
    default:
      return false;
  }
}

export function exprDiverges(e: Expr): boolean {
  if (e.kind === 'Call' && e.callee.kind === 'Name' && e.callee.name === 'fail') return true;
  if (e.kind === 'If') {
    if (!e.else) return false;
    const thenD = blockDiverges(e.then);
    const elseD = e.else.kind === 'Block' ? blockDiverges(e.else) : exprDiverges(e.else);
    return thenD && elseD;
  }
  if (e.kind === 'BlockExpr') return blockDiverges(e.block);
  if (e.kind === 'Match') return e.arms.length > 0 && e.arms.every((a) => exprDiverges(a.body));
  return false;
}

export function blockDiverges(b: Block): boolean {
  const last = b.stmts[b.stmts.length - 1];
  return last !== undefined && stmtDiverges(last);
}

/** `rest`: the statements after a `let` in its block (bytes-lets.ts looks ahead). */
export function lowerStmt(cx: FnCtx, s: Stmt, out: IrStmt[], rest?: readonly Stmt[]): void {
  switch (s.kind) {
    case 'Let':
      return lowerLet(cx, s, out, rest);
    case 'Assign':
      return lowerAssign(cx, s, out);
    case 'Return':
      return lowerReturn(cx, s, out);
    case 'While':
      out.push(lowerWhile(cx, s));
      return;
    case 'For':
      out.push(...lowerFor(cx, s));
      return;
    case 'Continue':
    case 'Break':
      if (cx.fb.loopDepth === 0) {
        cx.prog.diagnostics.error(Codes.loopControlOutsideLoop, `'${s.kind.toLowerCase()}' outside a loop`, s.span);
        return;
      }
      out.push({ s: s.kind === 'Break' ? 'break' : 'continue' });
      return;
    case 'Assert':
      out.push(lowerAssert(cx, s));
      return;
    case 'Emit':
    case 'Observe':
    case 'Invariant':
      lowerEffectStmt(cx, s, out);
      return;
    case 'Forall':
      if (cx.mode !== 'test') {
        cx.prog.diagnostics.error(Codes.unsupported, `'${s.keyword}' is only allowed in a test`, s.span);
        return;
      }
      // The test lowering made the variables the test function's parameters (§8.8).
      out.push(...lowerStmts(cx, s.body));
      return;
    case 'ExprStmt':
      return lowerExprStmt(cx, s.expr, out);
  }
}

/** An expression evaluated for its effects. */
export function lowerExprStmt(cx: FnCtx, e: Expr, out: IrStmt[]): void {
  switch (e.kind) {
    case 'If':
      out.push(lowerIfStmt(cx, e));
      return;
    case 'Match':
      out.push(...lowerMatchStmt(cx, e));
      return;
    case 'BlockExpr':
      out.push(...lowerStmts(cx, e.block));
      return;
    default:
      pushEffect(out, lowerExpr(cx, e));
  }
}

/** An expression kept for its effects: a void block contributes its statements. */
function pushEffect(out: IrStmt[], v: IrExpr): void {
  if (v.e === 'block' && v.value.e === 'const' && v.value.type.k === 'void') out.push(...v.stmts);
  else if (v.e === 'trap') out.push(trapS(v.kind, v.message, v.loc));
  else if (v.e === 'const') return;
  else out.push(exprS(v));
}

function lowerLet(cx: FnCtx, s: LetStmt, out: IrStmt[], rest?: readonly Stmt[]): void {
  const declared = s.type ? cx.prog.resolver.resolve(s.type, cx.file) : undefined;
  if (!s.name) {
    const v = declared ? lowerExprTo(cx, s.value, declared) : lowerExpr(cx, s.value);
    out.push(exprS(v));
    return;
  }
  const name = s.name.name;
  let value: IrExpr;
  let type: IrType;
  if (s.value.kind === 'Nil') {
    // `let x: T = nil`: x may hold nil, so it is an option<T> (§8.2.8).
    type = declared ? (declared.k === 'option' || declared.k === 'any' ? declared : T.option(declared)) : T.option(T.any);
    value = nilValue(type);
  } else if (declared) {
    value = lowerExprTo(cx, s.value, declared, `'${name}'`);
    type = declared;
  } else {
    // `let b = a + 1` over pending literal lets: b joins their open type (pending.ts).
    const arith = lowerPendingArith(cx, s.value);
    if (arith) {
      const local = cx.fb.addLocal(name, arith.expr.type, true, s.name.span);
      out.push(setS(local.id, arith.expr, s.span));
      const binding: Binding = { id: local.id, type: arith.expr.type };
      cx.fb.declare(name, binding);
      joinGroup(binding, arith.group, local);
      return;
    }
    // `let xs = [1, 2]`: the element type stays open until a use expects a list (pending-list.ts).
    const literalList = lowerLiteralList(cx, s.value);
    if (literalList) {
      const local = cx.fb.addLocal(name, literalList.value.type, true, s.name.span);
      out.push(setS(local.id, literalList.value, s.span));
      cx.fb.declare(name, { id: local.id, type: literalList.value.type, pendingList: { ...literalList.open, local } });
      return;
    }
    value = lowerExpr(cx, s.value);
    type = value.type;
    // `let x = 0` (or a match of literals): the type is fixed by the first use (pending.ts).
    const shape = cx.literals ? pendingShape(value, cx.literals) : undefined;
    if (shape) {
      const local = cx.fb.addLocal(name, type, true, s.name.span);
      out.push(setS(local.id, value, s.span));
      cx.fb.declare(name, { id: local.id, type, pending: { ...shape, local } });
      return;
    }
    // `let xs = []`: the element type is fixed by the first typed push or use (pending-list.ts).
    if (type.k === 'bytesN' && rest && growsAsBytes(cx, name, rest)) {
      value = coerce(cx, value, T.bytes, s.value.span);
      type = T.bytes;
    }
    if (opensPendingList(value, s.value)) {
      const local = cx.fb.addLocal(name, type, true, s.name.span);
      out.push(setS(local.id, value, s.span));
      cx.fb.declare(name, { id: local.id, type, pendingList: { nodes: [value], leaves: [], local, provisional: false } });
      return;
    }
    if (type.k === 'void') {
      cx.prog.diagnostics.error(Codes.typeMismatch, `'${name}' is bound to an expression with no value`, s.value.span);
      type = T.any;
      value = poison(T.any);
    }
  }
  const local = cx.fb.addLocal(name, type, true, s.name.span);
  out.push(setS(local.id, value, s.span));
  cx.fb.declare(name, { id: local.id, type });
}

function lowerAssign(cx: FnCtx, s: AssignStmt, out: IrStmt[]): void {
  if (s.target.kind === 'Name') {
    const b = cx.fb.lookup(s.target.name);
    if (b?.pendingList) {
      const v = lowerExpr(cx, s.value);
      assignPending(cx, b, v);
      out.push(setS(b.id, coerce(cx, v, b.type, s.value.span, `value assigned to '${s.target.name}'`), s.span));
      return;
    }
    if (b?.pending) {
      // `n = n + 1` keeps the literal's type open (pending.ts).
      const update = lowerPendingArith(cx, s.value, b);
      if (update) {
        out.push(setS(b.id, update.expr, s.span));
        return;
      }
      // The assigned value decides the literal's type when it is numeric.
      const v = lowerExpr(cx, s.value);
      fixPending(cx, b, v.type);
      out.push(setS(b.id, coerce(cx, v, b.type, s.value.span), s.span));
      return;
    }
  }
  if (s.target.kind === 'Slice') {
    out.push(...lowerRangeAssign(cx, s.target, s.value, s.span));
    return;
  }
  const place = lowerPlace(cx, s.target);
  if (!place) {
    lowerExpr(cx, s.value);
    return;
  }
  let value: IrExpr;
  if (s.value.kind === 'Nil' && place.type.k !== 'option' && place.type.k !== 'any') {
    // nil stored into a place that cannot hold it is that type's zero (specs/checking.md).
    value = { e: 'const', value: cx.prog.types.zero(place.type), type: place.type };
  } else value = lowerExprTo(cx, s.value, place.type, `value assigned to '${place.root}'`);
  if (place.path.length === 0) out.push(setS(place.local, value, s.span));
  else out.push(setPlaceS(place.local, place.path, value, s.span));
}

function lowerReturn(cx: FnCtx, s: ReturnStmt, out: IrStmt[]): void {
  const result = cx.result;
  if (!s.value) {
    if (result.k === 'void') out.push({ s: 'return' });
    else if (result.k === 'option' || result.k === 'any') out.push({ s: 'return', value: nilValue(result) });
    else {
      cx.prog.diagnostics.error(Codes.typeMismatch, `'return' without a value in a function returning ${show(cx, result)}`, s.span);
    }
    return;
  }
  if (result.k === 'void') {
    out.push(exprS(lowerExpr(cx, s.value)), { s: 'return' });
    return;
  }
  const value = s.value.kind === 'Nil' ? nilValue(result) : lowerExprTo(cx, s.value, result, 'returned value');
  out.push({ s: 'return', value });
}

/** `assert`/`require c, "msg"`: in a test `assert` fails the test; elsewhere both abort (§8.3). */
function lowerAssert(cx: FnCtx, s: AssertStmt): IrStmt {
  const cond = lowerCond(cx, s.cond);
  const kind = s.keyword === 'assert' && cx.mode === 'test' ? 'assert' : 'require';
  const text = s.span.file.text.slice(s.cond.span.start, s.cond.span.end);
  const message = s.message ?? `${s.keyword} failed: ${text}`;
  return ifS(notE(cond), [trapS(kind, message, s.span)]);
}
