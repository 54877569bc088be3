/**
 * Type checker of ESCIR bodies (ESCIR.md §6): statements — `let`, assignments to locals and
 * to what the owner makes assignable (named outputs, state registers, process wires), `if`,
 * `for` — and blocks used as values, over the expression typing of check-expr.ts.
 */
import { ET, type EType } from '../types/etype.ts';
import type { Block, Expr, Stmt } from './ast.ts';
import type { TExpr, TStmt } from './typed.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import { ExpressionChecker } from './check-expr.ts';
export { wrapInt } from './check-util.ts';
export type { CheckEnv, NameBinding } from './check-env.ts';

export class ExprChecker extends ExpressionChecker {
  // ── bodies ───────────────────────────────────────────────────────────────────────────

  /** Checks a body; returns its statements and its value (undefined when it ends in a statement). */
  body(block: Block, expected?: EType): { stmts: TStmt[]; value?: TExpr } {
    const stmts = this.stmts(block.stmts, true);
    const value = block.result ? this.expr(block.result, expected) : undefined;
    return value ? { stmts, value } : { stmts };
  }

  protected stmts(list: Stmt[], topLevel: boolean): TStmt[] {
    const out: TStmt[] = [];
    for (const s of list) {
      const t = this.stmt(s, topLevel);
      if (t) out.push(...positioned(t, s));
    }
    return out;
  }

  protected stmt(s: Stmt, topLevel: boolean): TStmt[] | undefined {
    switch (s.k) {
      case 'let': {
        const type = s.type ? this.typeFromText(s.type.text, s.type) : undefined;
        const value = this.expr(s.value, type);
        const v = type ? this.coerce(value, type, s.value) : value;
        const id = this.declare(s.name, v.type);
        return [{ k: 'let', id, value: v }];
      }
      case 'assign': {
        let value: TExpr;
        if (s.target.k === 'name') {
          const local = this.lookupLocal(s.target.name);
          if (local !== undefined) {
            const lt = this.locals[local]!.type;
            value = this.coerce(this.compound(s, lt), lt, s.value);
            return [{ k: 'set', id: local, value }];
          }
          const a = this.env.assignable?.(s.target.name);
          if (a) {
            value = this.compound(s, a.type);
            if (a.type) value = this.coerce(value, a.type, s.value);
            if (!this.assigned.some((x) => x.name === (s.target as { name: string }).name)) this.assigned.push({ name: s.target.name, key: a.key, type: value.type });
            return [{ k: 'out', key: a.key, value }];
          }
          if (topLevel || !this.env.assignable) {
            // Unknown name on the left: an undeclared variable.
            this.err('E033', `assignment to undefined name \`${s.target.name}\``, s.target, didYouMean(s.target.name, this.allNames()) ?? 'declare it with `let`');
            return undefined;
          }
        }
        this.err('E035', 'only names can be assigned here', s.target);
        return undefined;
      }
      case 'expr':
        return [{ k: 'expr', value: this.expr(s.value) }];
      case 'if': {
        const cond = this.coerce(this.expr(s.cond, ET.bool), ET.bool, s.cond);
        this.push();
        const then = this.stmts(s.then.stmts, false);
        if (s.then.result) then.push(...this.exprAsStmts(s.then.result));
        this.pop();
        this.push();
        const other = s.else ? this.stmts(s.else.stmts, false) : [];
        if (s.else?.result) other.push(...this.exprAsStmts(s.else.result));
        this.pop();
        return [{ k: 'if', cond, then, else: other }];
      }
      case 'for': {
        const from = this.expr(s.from, ET.u32);
        const to = this.expr(s.to, from.type);
        if (to.k !== 'const' || from.k !== 'const') this.err('E035', '`for` bounds must be constants', s.to);
        this.push();
        const id = this.declare(s.name, from.type);
        const body = this.stmts(s.body.stmts, false);
        if (s.body.result) body.push(...this.exprAsStmts(s.body.result));
        this.pop();
        return [{ k: 'for', id, from, to, body }];
      }
      case 'match':
        this.err('E035', '`match` is only supported in process bodies', s);
        return undefined;
      case 'return':
      case 'break':
      case 'continue':
        this.err('E035', `\`${s.k}\` is not allowed in an expression body`, s);
        return undefined;
      case 'elision':
        return undefined;
    }
  }

  protected exprAsStmts(e: Expr): TStmt[] {
    if (e.k === 'ifExpr') {
      const st = this.stmt({ k: 'if', cond: e.cond, then: e.then, else: e.else, start: e.start, end: e.end }, false);
      return positioned(st ?? [], e);
    }
    return [{ k: 'expr', value: this.expr(e), start: e.start, end: e.end }];
  }

  private compound(s: Stmt & { k: 'assign' }, type: EType | undefined): TExpr {
    if (!s.op) return this.expr(s.value, type);
    return this.expr({ k: 'binary', op: s.op, left: s.target, right: s.value, start: s.start, end: s.end }, type);
  }

  protected blockExpr(b: Block, expected?: EType): TExpr {
    this.push();
    const stmts = this.stmts(b.stmts, false);
    const value = b.result ? this.expr(b.result, expected) : ({ k: 'const', value: null, type: ET.unknown, start: b.end, end: b.end } as TExpr);
    if (!b.result) this.err('E035', 'this block has no value', b);
    this.pop();
    return stmts.length === 0 ? value : { k: 'block', stmts, value, type: value.type, start: b.start, end: b.end };
  }
}

/** Gives the statements checked from one source statement its position (kept where set). */
export function positioned(stmts: TStmt[], at: { start: number; end: number }): TStmt[] {
  for (const t of stmts) {
    if (t.start === undefined) {
      t.start = at.start;
      t.end = at.end;
    }
  }
  return stmts;
}
