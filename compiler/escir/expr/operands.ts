/** Operand keys a typed body reads: what must be present for it to fire, and what it depends on. */
import type { TExpr, TStmt } from './typed.ts';

export function operandKeys(stmts: TStmt[], value?: TExpr): Set<string> {
  const out = new Set<string>();
  const expr = (e: TExpr): void => {
    switch (e.k) {
      case 'operand':
        out.add(e.key);
        return;
      case 'field':
      case 'len':
      case 'convert':
        expr(e.k === 'convert' ? e.value : e.object);
        return;
      case 'index':
        expr(e.object);
        expr(e.index);
        return;
      case 'slice':
        expr(e.object);
        expr(e.lo);
        if (e.hi) expr(e.hi);
        return;
      case 'unary':
        expr(e.operand);
        return;
      case 'binary':
      case 'logic':
        expr(e.left);
        expr(e.right);
        return;
      case 'cond':
        expr(e.cond);
        expr(e.then);
        expr(e.else);
        return;
      case 'builtin':
      case 'extern':
      case 'effect':
        e.args.forEach(expr);
        return;
      case 'struct':
        e.fields.forEach(expr);
        return;
      case 'list':
        e.elems.forEach(expr);
        return;
      case 'block':
        e.stmts.forEach(stmt);
        expr(e.value);
        return;
      default:
        return;
    }
  };
  const stmt = (s: TStmt): void => {
    switch (s.k) {
      case 'let':
      case 'set':
      case 'out':
      case 'expr':
        expr(s.value);
        return;
      case 'if':
        expr(s.cond);
        s.then.forEach(stmt);
        s.else.forEach(stmt);
        return;
      case 'for':
        expr(s.from);
        expr(s.to);
        s.body.forEach(stmt);
        return;
      case 'place':
        for (const p of s.path) if (p.k === 'index') expr(p.index);
        expr(s.value);
        return;
      default:
        return;
    }
  };
  stmts.forEach(stmt);
  if (value) expr(value);
  return out;
}
