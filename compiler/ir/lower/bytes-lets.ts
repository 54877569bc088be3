/**
 * `let mut buf = bytes [0x03, 0x14]` followed by `buf = concat(buf, …)`: the initialiser has
 * type bytes(2), but the variable is plainly a growing buffer. When a later assignment in the
 * same block gives the variable an unsized byte value (a `concat`, `serialize`, … call, a
 * circuit returning `bytes`, or a slice with run-time bounds), a `let` without a type is
 * declared `bytes` instead of `bytes(N)` (specs/checking.md, "Growing byte buffers"), so the
 * assignment does not trap with a size mismatch.
 */
import type { Block, Expr, Stmt } from '../../syntax/ast.ts';
import { walkStmt } from '../../check/ast-walk.ts';
import { evalUntypedLiteral } from '../../check/literal-eval.ts';
import type { FnCtx } from './context.ts';
import { findFunction } from './calls.ts';

/** Builtins whose result is unsized `bytes` (§9). */
const UNSIZED_BYTES_BUILTINS = new Set(['concat', 'alloc', 'serialize', 'encode_cbor', 'extract_fix_tag']);

/** True when a statement after the `let` assigns an unsized byte value to `name`. */
export function growsAsBytes(cx: FnCtx, name: string, rest: readonly Stmt[]): boolean {
  let found = false;
  const check = (list: readonly Stmt[]): void => {
    for (const s of list) {
      if (found) return;
      if (s.kind === 'Assign' && s.target.kind === 'Name' && s.target.name === name && unsizedBytes(cx, s.value)) found = true;
      if (s.kind === 'While' || s.kind === 'For' || s.kind === 'Forall') check(s.body.stmts);
    }
  };
  check(rest);
  for (const s of rest) {
    if (found) break;
    walkStmt(s, (e) => {
      for (const b of blocksOf(e)) check(b.stmts);
    });
  }
  return found;
}

function blocksOf(e: Expr): Block[] {
  if (e.kind === 'If') return [e.then, ...(e.else?.kind === 'Block' ? [e.else] : [])];
  if (e.kind === 'BlockExpr') return [e.block];
  return [];
}

function unsizedBytes(cx: FnCtx, e: Expr): boolean {
  if (e.kind === 'Slice') return !(e.lo === undefined || evalUntypedLiteral(e.lo)) || !(e.hi === undefined || evalUntypedLiteral(e.hi));
  if (e.kind !== 'Call' || e.callee.kind !== 'Name') return false;
  const def = findFunction(cx, e.callee.name);
  if (def) {
    const sig = cx.prog.sigs.get(def);
    return sig?.declared.k === 'bytes';
  }
  return UNSIZED_BYTES_BUILTINS.has(e.callee.name);
}
