import type { IrExpr, IrStmt } from '../../compiler/ir/ir.ts';

/**
 * Rewrites statement lists bottom-up: `visit` sees every statement list after its nested
 * lists were rewritten, and returns the replacement list. Expressions holding statements
 * (`block`) are walked too, so no nested list is missed.
 */
export function mapStmtLists(stmts: IrStmt[], visit: (list: IrStmt[]) => IrStmt[]): IrStmt[] {
  const inner = stmts.map((s) => mapStmt(s, visit));
  return visit(inner);
}

function mapStmt(s: IrStmt, visit: (list: IrStmt[]) => IrStmt[]): IrStmt {
  switch (s.s) {
    case 'if':
      return { ...s, cond: mapExprBlocks(s.cond, visit), then: mapStmtLists(s.then, visit), else: mapStmtLists(s.else, visit) };
    case 'loop':
      return { ...s, body: mapStmtLists(s.body, visit) };
    case 'set':
    case 'push':
      return { ...s, value: mapExprBlocks(s.value, visit) };
    case 'setPlace':
      return { ...s, value: mapExprBlocks(s.value, visit) };
    case 'expr':
      return { ...s, value: mapExprBlocks(s.value, visit) };
    case 'return':
      return s.value ? { ...s, value: mapExprBlocks(s.value, visit) } : s;
    default:
      return s;
  }
}

/** Walks an expression tree, rewriting the statement lists of `block` expressions. */
export function mapExprBlocks(e: IrExpr, visit: (list: IrStmt[]) => IrStmt[]): IrExpr {
  return mapExpr(e, (x) => (x.e === 'block' ? { ...x, stmts: mapStmtLists(x.stmts, visit) } : x));
}

/** Bottom-up expression rewrite: children first, then `f` on the node. */
export function mapExpr(e: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
  const m = (x: IrExpr) => mapExpr(x, f);
  let out: IrExpr;
  switch (e.e) {
    case 'binary':
    case 'checkedArith':
    case 'saturatingArith':
    case 'logic':
      out = { ...e, left: m(e.left), right: m(e.right) } as IrExpr;
      break;
    case 'unary':
      out = { ...e, operand: m(e.operand) };
      break;
    case 'convert':
    case 'some':
    case 'isSome':
    case 'unwrap':
      out = { ...e, value: m(e.value) } as IrExpr;
      break;
    case 'struct':
      out = { ...e, fields: e.fields.map(m) };
      break;
    case 'field':
      out = { ...e, object: m(e.object) };
      break;
    case 'list':
      out = { ...e, elems: e.elems.map(m) };
      break;
    case 'fill':
      out = { ...e, fill: m(e.fill) };
      break;
    case 'index':
      out = { ...e, object: m(e.object), index: m(e.index) };
      break;
    case 'slice':
      out = e.hi ? { ...e, object: m(e.object), lo: m(e.lo), hi: m(e.hi) } : { ...e, object: m(e.object), lo: m(e.lo) };
      break;
    case 'len':
      out = { ...e, object: m(e.object) };
      break;
    case 'if':
      out = { ...e, cond: m(e.cond), then: m(e.then), else: m(e.else) };
      break;
    case 'block':
      out = { ...e, stmts: e.stmts.map((s) => mapStmtExprs(s, f)), value: m(e.value) };
      break;
    case 'call':
    case 'builtin':
    case 'host':
      out = { ...e, args: e.args.map(m) } as IrExpr;
      break;
    default:
      out = e;
  }
  return f(out);
}

/** Applies an expression rewrite to every expression of a statement (recursively). */
export function mapStmtExprs(s: IrStmt, f: (e: IrExpr) => IrExpr): IrStmt {
  const m = (x: IrExpr) => mapExpr(x, f);
  switch (s.s) {
    case 'set':
    case 'push':
      return { ...s, value: m(s.value) } as IrStmt;
    case 'setPlace':
      return {
        ...s,
        path: s.path.map((p) => (p.k === 'index' ? { ...p, index: m(p.index) } : p)),
        value: m(s.value),
      };
    case 'expr':
      return { ...s, value: m(s.value) };
    case 'if':
      return { ...s, cond: m(s.cond), then: s.then.map((x) => mapStmtExprs(x, f)), else: s.else.map((x) => mapStmtExprs(x, f)) };
    case 'loop':
      return { ...s, body: s.body.map((x) => mapStmtExprs(x, f)) };
    case 'return':
      return s.value ? { ...s, value: m(s.value) } : s;
    default:
      return s;
  }
}

/** Does any expression in these statements satisfy `pred`? */
export function someExpr(stmts: readonly IrStmt[], pred: (e: IrExpr) => boolean): boolean {
  let found = false;
  const f = (e: IrExpr) => {
    if (pred(e)) found = true;
    return e;
  };
  for (const s of stmts) {
    mapStmtExprs(s, f);
    if (found) return true;
  }
  return false;
}
