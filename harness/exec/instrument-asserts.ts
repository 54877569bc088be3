import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrExpr, IrFunc, IrStmt, IrType, TrapKind } from '../../compiler/ir/ir.ts';
import { mapStmtLists } from './ir-walk.ts';

/**
 * Test-mode instrumentation of `assert` and `require` (issue 4 item 2: a failed assert shows
 * both sides' values). The front end lowers `assert l OP r` to a conditional trap; here the
 * two operands are first stored in fresh temporaries, and just before the trap a host call
 * hands their values to the harness:
 *
 *     if !(l == r) { trap assert }
 *   becomes
 *     %l = l; %r = r
 *     if !(%l == %r) { host __estream_test_operands("<site>", %l, %r); trap assert }
 *
 * Evaluation order and effects are unchanged (a comparison evaluates both sides, left
 * first). Conditions that are not comparisons are left alone; the failure then shows the
 * expression text only.
 */
export const OPERANDS_EFFECT = '__estream_test_operands';

export interface AssertSite {
  id: string;
  func: string;
  kind: TrapKind;
  loc?: Span;
  op: string;
  operandTypes: [IrType, IrType];
}

const COMPARISONS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const CAPTURED_KINDS = new Set<TrapKind>(['assert', 'require']);

export function instrumentAsserts(func: IrFunc, sites: Map<string, AssertSite>): IrFunc {
  const locals = [...func.locals];
  let changed = false;
  const temp = (type: IrType, hint: string): number => {
    const id = locals.length;
    locals.push({ id, name: `%${hint}${id}`, type, witness: false });
    return id;
  };
  const body = mapStmtLists(func.body, (list) => {
    const out: IrStmt[] = [];
    for (const s of list) {
      const rewritten = s.s === 'if' ? rewriteGuard(s, func, temp, sites) : undefined;
      if (rewritten) {
        changed = true;
        out.push(...rewritten);
      } else out.push(s);
    }
    return out;
  });
  return changed ? { ...func, locals, body } : func;
}

function isTrapList(list: IrStmt[]): (IrStmt & { s: 'trap' }) | undefined {
  if (list.length !== 1) return undefined;
  const t = list[0]!;
  return t.s === 'trap' && CAPTURED_KINDS.has(t.kind) ? t : undefined;
}

function comparisonOf(e: IrExpr): (IrExpr & { e: 'binary' }) | undefined {
  if (e.e === 'binary' && COMPARISONS.has(e.op)) return e;
  return undefined;
}

function rewriteGuard(
  s: IrStmt & { s: 'if' },
  func: IrFunc,
  temp: (t: IrType, hint: string) => number,
  sites: Map<string, AssertSite>,
): IrStmt[] | undefined {
  // The trap may sit in either branch: `if !c { trap }` or `if c {} else { trap }`.
  const thenTrap = isTrapList(s.then);
  const elseTrap = s.else.length > 0 ? isTrapList(s.else) : undefined;
  const trap = thenTrap && s.else.length === 0 ? thenTrap : elseTrap && s.then.length === 0 ? elseTrap : undefined;
  if (!trap) return undefined;
  let negated = false;
  let cmp = comparisonOf(s.cond);
  if (!cmp && s.cond.e === 'unary' && s.cond.op === 'not') {
    cmp = comparisonOf(s.cond.operand);
    negated = true;
  }
  if (!cmp) return undefined;
  const lt = cmp.left.type;
  const rt = cmp.right.type;
  const l = temp(lt, 'lhs');
  const r = temp(rt, 'rhs');
  const id = `${func.name}#${sites.size}`;
  sites.set(id, trap.loc ? { id, func: func.name, kind: trap.kind, loc: trap.loc, op: cmp.op, operandTypes: [lt, rt] } : { id, func: func.name, kind: trap.kind, op: cmp.op, operandTypes: [lt, rt] });
  const newCmp: IrExpr = { ...cmp, left: { e: 'local', id: l, type: lt }, right: { e: 'local', id: r, type: rt } };
  const cond: IrExpr = negated ? { ...(s.cond as IrExpr & { e: 'unary' }), operand: newCmp } : newCmp;
  const report: IrStmt = {
    s: 'expr',
    value: {
      e: 'host',
      name: OPERANDS_EFFECT,
      args: [
        { e: 'const', value: id, type: { k: 'string' } },
        { e: 'local', id: l, type: lt },
        { e: 'local', id: r, type: rt },
      ],
      type: { k: 'void' },
    },
  };
  const trapBranch = [report, trap];
  return [
    { s: 'set', local: l, value: cmp.left },
    { s: 'set', local: r, value: cmp.right },
    thenTrap && s.else.length === 0 ? { ...s, cond, then: trapBranch } : { ...s, cond, else: trapBranch },
  ];
}
