/**
 * Read-only traversal of statements and expressions, used by pre-passes that need to look at
 * every expression of a body (field-usage hints for type disambiguation, nil-return scans).
 */
import type { Block, Expr, Stmt } from '../syntax/ast.ts';

export function walkBlock(block: Block, visit: (e: Expr) => void): void {
  for (const s of block.stmts) walkStmt(s, visit);
}

export function walkStmt(s: Stmt, visit: (e: Expr) => void): void {
  switch (s.kind) {
    case 'Let':
      walkExpr(s.value, visit);
      break;
    case 'Assign':
      walkExpr(s.target, visit);
      walkExpr(s.value, visit);
      break;
    case 'Return':
      if (s.value) walkExpr(s.value, visit);
      break;
    case 'While':
      walkExpr(s.cond, visit);
      walkBlock(s.body, visit);
      break;
    case 'For':
      walkExpr(s.iterable, visit);
      walkBlock(s.body, visit);
      break;
    case 'Assert':
      walkExpr(s.cond, visit);
      break;
    case 'Emit':
      walkExpr(s.value, visit);
      break;
    case 'Forall':
      walkBlock(s.body, visit);
      break;
    case 'Invariant':
      walkExpr(s.expr, visit);
      break;
    case 'ExprStmt':
      walkExpr(s.expr, visit);
      break;
    default:
      break;
  }
}

export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'Binary':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      break;
    case 'Unary':
      walkExpr(e.operand, visit);
      break;
    case 'Cast':
      walkExpr(e.expr, visit);
      break;
    case 'Call':
      walkExpr(e.callee, visit);
      for (const a of e.args) walkExpr(a, visit);
      break;
    case 'MethodCall':
      walkExpr(e.receiver, visit);
      for (const a of e.args) walkExpr(a, visit);
      break;
    case 'Member':
      walkExpr(e.object, visit);
      break;
    case 'Index':
      walkExpr(e.object, visit);
      walkExpr(e.index, visit);
      break;
    case 'Slice':
      walkExpr(e.object, visit);
      if (e.lo) walkExpr(e.lo, visit);
      if (e.hi) walkExpr(e.hi, visit);
      break;
    case 'StructLit':
      for (const f of e.fields) walkExpr(f.value, visit);
      if (e.rest?.base) walkExpr(e.rest.base, visit);
      break;
    case 'ByteFill':
      walkExpr(e.size, visit);
      if (e.fill) walkExpr(e.fill, visit);
      break;
    case 'BytesLit':
    case 'ListLit':
      for (const x of e.elements) walkExpr(x, visit);
      break;
    case 'If':
      walkExpr(e.cond, visit);
      walkBlock(e.then, visit);
      if (e.else) {
        if (e.else.kind === 'Block') walkBlock(e.else, visit);
        else walkExpr(e.else, visit);
      }
      break;
    case 'Match':
      walkExpr(e.scrutinee, visit);
      for (const arm of e.arms) walkExpr(arm.body, visit);
      break;
    case 'BlockExpr':
      walkBlock(e.block, visit);
      break;
    case 'Closure':
      walkExpr(e.body, visit);
      break;
    case 'Range':
      if (e.lo) walkExpr(e.lo, visit);
      if (e.hi) walkExpr(e.hi, visit);
      break;
    default:
      break;
  }
}
