/**
 * `let x = 0` leaves x's numeric type open until the first use that gives one: `x + v` with
 * `v: i64` makes x an i64, `x = y` with `y: u32` a u32 (specs/checking.md, "Literal lets").
 * The same holds for an initialiser whose every value is an untyped literal
 * (`let kind = match f { A => 1, _ => 0 }`). Without such a use the literal default applies.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrBinaryOp, IrExpr, IrLocal, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { Expr } from '../../syntax/ast.ts';
import { evalUntypedLiteral, type LiteralValue } from '../../check/literal-eval.ts';
import { binaryE, localE, withLoc } from './build.ts';
import { intFits } from '../../check/numeric.ts';
import type { Binding, FnCtx, PendingLiteral } from './context.ts';
import { literalValue } from './convert.ts';

/** Fixes the type of a pending literal binding from a hint (numeric hints only). */
export function fixPending(cx: FnCtx, b: Binding, hint: IrType | undefined): void {
  const p = b.pending;
  if (!p) return;
  const group = p.bindings ?? [b];
  for (const m of group) m.pending = undefined;
  let t = hint?.k === 'option' ? hint.inner : hint;
  // A list binding of the group is fixed by a use that expects a list of the element type.
  if (p.listBindings?.includes(b)) t = t?.k === 'list' ? t.elem : undefined;
  if (t && !p.leaves.every((l) => accepts(t!, l.value))) t = undefined;
  const type = t ?? defaultFor(p.leaves.map((l) => l.value));
  for (const leaf of p.leaves) {
    const c = literalValue(cx, leaf.value, type, leaf.span);
    Object.assign(leaf.node, { value: (c as { value: unknown }).value, type: c.type });
  }
  for (const n of p.nodes) n.type = type;
  for (const n of p.listNodes ?? []) n.type = T.list(type);
  for (const l of p.listLocals ?? []) l.type = T.list(type);
  for (const m of group) m.type = type;
  for (const lb of p.listBindings ?? []) {
    lb.type = T.list(type);
    lb.pending = undefined;
  }
  p.local.type = type;
  for (const l of p.extraLocals ?? []) l.type = type;
}

function accepts(t: IrType, v: LiteralValue): boolean {
  if (t.k === 'float') return true;
  if (t.k === 'int') return v.kind === 'int' && intFits(v.value, t);
  return false;
}

/** The default type of a set of untyped literals taken together (§8.1.4: u64, i64 if negative, f64; u128 past u64). */
export function defaultFor(values: LiteralValue[]): IrType {
  if (values.some((v) => v.kind === 'float')) return T.f64;
  const ints = values as { kind: 'int'; value: bigint }[];
  if (ints.some((v) => v.value < 0n)) return T.i64;
  if (ints.some((v) => v.value > 0xffff_ffff_ffff_ffffn)) return T.u128;
  return T.u64;
}

/**
 * The literal leaves of a lowered initialiser whose values are all untyped literals, or
 * undefined when some value is typed. `literals` maps each literal constant node to the
 * literal it came from (recorded while lowering).
 */
export function pendingShape(value: IrExpr, literals: Map<IrExpr, { value: LiteralValue; span: Span }>): Omit<PendingLiteral, 'local'> | undefined {
  const leaves: PendingLiteral['leaves'] = [];
  const nodes: IrExpr[] = [];
  const visit = (e: IrExpr): boolean => {
    if (e.e === 'const') {
      const lit = literals.get(e);
      if (!lit) return false;
      leaves.push({ node: e, value: lit.value, span: lit.span });
      nodes.push(e);
      return true;
    }
    if (e.e === 'trap') {
      nodes.push(e);
      return true;
    }
    if (e.e === 'if') {
      nodes.push(e);
      return visit(e.then) && visit(e.else);
    }
    if (e.e === 'block') {
      nodes.push(e);
      return visit(e.value);
    }
    return false;
  };
  if (!visit(value) || leaves.length === 0) return undefined;
  return { leaves, nodes };
}

/**
 * `x < 10` where x is a pending literal let and 10 an untyped literal gives no type: both
 * operands are built with x's provisional type and registered, so a later typed use retypes
 * them too. Returns undefined unless the operands have that shape.
 */
export function pendingOperands(cx: FnCtx, left: Expr, right: Expr): [IrExpr, IrExpr] | undefined {
  const side = (name: Expr, lit: Expr): [IrExpr, IrExpr] | undefined => {
    if (name.kind !== 'Name') return undefined;
    const b = cx.fb.lookup(name.name);
    const value = evalUntypedLiteral(lit);
    if (!b?.pending || b.type.k === 'list' || !value) return undefined;
    const p = b.pending;
    const ref = localE(b.id, b.type);
    const c = literalValue(cx, value, b.type, lit.span);
    if (c.e !== 'const') return undefined;
    p.nodes.push(ref);
    p.leaves.push({ node: c, value, span: lit.span });
    return [ref, c];
  };
  const l = side(left, right);
  if (l) return l;
  const r = side(right, left);
  return r ? [r[1], r[0]] : undefined;
}

const PENDING_ARITH: Record<string, IrBinaryOp> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'rem', '&': 'and', '|': 'or', '^': 'xor' };

/**
 * An arithmetic expression made only of pending literal lets and untyped literals gives no
 * type either, so it keeps the type open instead of fixing the default:
 * * `n = n + 1` — `let mut n = 0; for … { n = n + 1 }; n` in a `-> u32` circuit makes n a u32;
 * * `let b = a * 2 + 1` — b joins a's group, so `let base = 250; let fee = base * 2; fee` in a
 *   `-> u32` circuit makes both u32 (specs/checking.md, "Literal lets").
 * The value is built with the provisional type, every group it mentions is merged into one,
 * and every node is registered, so the first typed use retypes the lot. Returns undefined
 * (nothing lowered) when the value has another shape. `target`, when given, joins the group.
 */
export function lowerPendingArith(cx: FnCtx, value: Expr, target?: Binding): { expr: IrExpr; group: PendingLiteral } | undefined {
  const members = arithShape(cx, value);
  if (!members || (target && !target.pending)) return undefined;
  const group = mergeGroups(target ? [target, ...members] : members);
  const type = members[0]!.type;
  const build = (e: Expr): IrExpr => {
    if (e.kind === 'Name') {
      const ref = localE(cx.fb.lookup(e.name)!.id, type);
      group.nodes.push(ref);
      return ref;
    }
    if (e.kind === 'Unary') {
      const operand = build(e.operand);
      const n: IrExpr = withLoc({ e: 'unary', op: 'neg', operand, type }, e.span);
      group.nodes.push(n);
      return n;
    }
    if (e.kind === 'Binary') {
      const n = binaryE(PENDING_ARITH[e.op]!, build(e.left), build(e.right), type, e.opSpan);
      group.nodes.push(n);
      return n;
    }
    const lit = evalUntypedLiteral(e)!;
    const c = literalValue(cx, lit, type, e.span);
    group.leaves.push({ node: c, value: lit, span: e.span });
    group.nodes.push(c);
    return c;
  };
  return { expr: build(value), group };
}

/** A new binding joins `group` (the pending group of the value it is bound to). */
export function joinGroup(b: Binding, group: PendingLiteral, local: IrLocal): void {
  (group.extraLocals ??= []).push(local);
  group.bindings!.push(b);
  b.pending = group;
}

/** The pending bindings `e` mentions, when it is only those, plain literals and arithmetic. */
function arithShape(cx: FnCtx, e: Expr): Binding[] | undefined {
  const members: Binding[] = [];
  let ok = true;
  const visit = (x: Expr): void => {
    if (!ok) return;
    if (x.kind === 'Name') {
      const b = cx.fb.lookup(x.name);
      if (b?.pending && b.type.k !== 'list' && sameGroupType(members, b)) {
        if (!members.includes(b)) members.push(b);
        return;
      }
      ok = false;
      return;
    }
    if (x.kind === 'Unary' && x.op === '-') return visit(x.operand);
    if (x.kind === 'Binary' && x.op in PENDING_ARITH) {
      visit(x.left);
      visit(x.right);
      return;
    }
    // only plain integer and float literals: a suffix or a duration already has a type
    if ((x.kind === 'Int' && !x.suffix) || x.kind === 'Float') {
      if (evalUntypedLiteral(x)) return;
    }
    ok = false;
  };
  visit(e);
  return ok && members.length > 0 ? members : undefined;
}

/** Groups merge only while their provisional types agree (u64 with u64, never u64 with i64 or f64). */
function sameGroupType(members: Binding[], b: Binding): boolean {
  if (members.length === 0) return true;
  return sameType(members[0]!.type, b.type);
}

/** One group for all of `members`' groups; each member (and every binding of each group) points at it. */
function mergeGroups(members: Binding[]): PendingLiteral {
  const into = members[0]!.pending!;
  into.bindings ??= [members[0]!];
  for (const m of members.slice(1)) {
    const p = m.pending!;
    if (p === into) continue;
    into.leaves.push(...p.leaves);
    into.nodes.push(...p.nodes);
    (into.listNodes ??= []).push(...(p.listNodes ?? []));
    (into.listLocals ??= []).push(...(p.listLocals ?? []));
    if (p.listBindings) {
      (into.listBindings ??= []).push(...p.listBindings);
      for (const lb of p.listBindings) lb.pending = into;
    }
    (into.extraLocals ??= []).push(p.local, ...(p.extraLocals ?? []));
    for (const other of p.bindings ?? [m]) {
      other.pending = into;
      if (!into.bindings.includes(other)) into.bindings.push(other);
    }
  }
  return into;
}
