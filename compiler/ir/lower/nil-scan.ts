/**
 * "Any circuit may return nil. If its body can produce nil, callers see the result as
 * option<T>" (LANGUAGE.md §8.2.8). Decided syntactically before any body is lowered, so
 * callers know the result type: a `return nil`, a bare `return`, a `nil` in tail position,
 * or a body that can end without a value.
 */
import type { Block, Expr, Stmt } from '../../syntax/ast.ts';

export function bodyMayReturnNil(body: Block): boolean {
  let found = false;
  forEachStmt(body, (s) => {
    if (s.kind === 'Return' && (!s.value || tailIsNil(s.value))) found = true;
  });
  return found || blockTailNil(body) || bodyMayEndWithoutValue(body);
}

function tailIsNil(e: Expr): boolean {
  switch (e.kind) {
    case 'Nil':
      return true;
    case 'If':
      return blockTailNil(e.then) || (e.else !== undefined && (e.else.kind === 'Block' ? blockTailNil(e.else) : tailIsNil(e.else)));
    case 'Match':
      return e.arms.some((a) => tailIsNil(a.body));
    case 'BlockExpr':
      return blockTailNil(e.block);
    default:
      return false;
  }
}

function blockTailNil(b: Block): boolean {
  const last = b.stmts[b.stmts.length - 1];
  return last?.kind === 'ExprStmt' && tailIsNil(last.expr);
}

/** True when control can reach the end of the body without producing a value. */
export function bodyMayEndWithoutValue(body: Block): boolean {
  return blockMissing(body);
}

function blockMissing(b: Block): boolean {
  const last = b.stmts[b.stmts.length - 1];
  if (!last) return true;
  return stmtMissing(last);
}

function stmtMissing(s: Stmt): boolean {
  switch (s.kind) {
    case 'Return':
    case 'Break':
    case 'Continue':
      return false;
    case 'ExprStmt':
      return exprMissing(s.expr);
    default:
      return true;
  }
}

function exprMissing(e: Expr): boolean {
  switch (e.kind) {
    case 'If':
      if (!e.else) return true;
      return blockMissing(e.then) || (e.else.kind === 'Block' ? blockMissing(e.else) : exprMissing(e.else));
    case 'Match':
      return e.arms.some((a) => exprMissing(a.body));
    case 'BlockExpr':
      return blockMissing(e.block);
    case 'MethodCall':
      return e.method.name === 'push';
    case 'Call':
      return e.callee.kind === 'Name' && (e.callee.name === 'append' || e.callee.name === 'copy');
    default:
      return false;
  }
}

/** Visits every statement, including those in blocks nested inside expressions. */
export function forEachStmt(b: Block, visit: (s: Stmt) => void): void {
  for (const s of b.stmts) {
    visit(s);
    if (s.kind === 'While' || s.kind === 'For' || s.kind === 'Forall') forEachStmt(s.body, visit);
    for (const e of stmtExprs(s)) nestedBlocks(e, (blk) => forEachStmt(blk, visit));
  }
}

/** Calls `onBlock` for each block directly nested in an expression (not descending into it). */
function nestedBlocks(e: Expr, onBlock: (b: Block) => void): void {
  switch (e.kind) {
    case 'If':
      nestedBlocks(e.cond, onBlock);
      onBlock(e.then);
      if (e.else) {
        if (e.else.kind === 'Block') onBlock(e.else);
        else nestedBlocks(e.else, onBlock);
      }
      return;
    case 'BlockExpr':
      onBlock(e.block);
      return;
    case 'Match':
      nestedBlocks(e.scrutinee, onBlock);
      for (const a of e.arms) nestedBlocks(a.body, onBlock);
      return;
    case 'Binary':
      nestedBlocks(e.left, onBlock);
      nestedBlocks(e.right, onBlock);
      return;
    case 'Unary':
      nestedBlocks(e.operand, onBlock);
      return;
    case 'Cast':
      nestedBlocks(e.expr, onBlock);
      return;
    case 'Call':
      for (const a of e.args) nestedBlocks(a, onBlock);
      return;
    case 'MethodCall':
      nestedBlocks(e.receiver, onBlock);
      for (const a of e.args) nestedBlocks(a, onBlock);
      return;
    case 'StructLit':
      for (const f of e.fields) nestedBlocks(f.value, onBlock);
      return;
    case 'ListLit':
    case 'BytesLit':
      for (const x of e.elements) nestedBlocks(x, onBlock);
      return;
    default:
      return;
  }
}

function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case 'Let':
      return [s.value];
    case 'Assign':
      return [s.value];
    case 'Return':
      return s.value ? [s.value] : [];
    case 'While':
      return [s.cond];
    case 'For':
      return [s.iterable];
    case 'ExprStmt':
      return [s.expr];
    default:
      return [];
  }
}
