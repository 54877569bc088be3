/**
 * `if`/`else` as a value and as a statement, `while`, and `for` over lists, bytes and ranges
 * (LANGUAGE.md §7.1, §8.3), lowered to the IR's structured `if` and `loop`.
 */
import type { IrExpr, IrLocal, IrStmt, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { ForStmt, IfExpr, WhileStmt } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { valueOf } from './access.ts';
import { lowerArms, tailExpr, type ArmResult, type ArmSpec } from './arms.ts';
import { binaryE, blockE, ifE, ifS, indexE, lenE, localE, notE, setS, u64E, voidE } from './build.ts';
import type { Binding, FnCtx, PendingLiteral } from './context.ts';
import type { Span } from '../../diagnostics/source.ts';
import { evalUntypedLiteral, type LiteralValue } from '../../check/literal-eval.ts';
import { coerce, literalValue, show } from './convert.ts';
import { lowerExpr } from './expr.ts';
import { lowerCond, unifyOperands } from './ops.ts';
import { lowerBlock, lowerStmts } from './stmt.ts';

export function lowerIfExpr(cx: FnCtx, e: IfExpr, hint?: IrType): IrExpr {
  const cond = lowerCond(cx, e.cond);
  if (!e.else) {
    // An `if` without `else` has no value (§8.3 item 1).
    return blockE([ifS(cond, lowerStmts(cx, e.then))], voidE());
  }
  const elseBranch = e.else;
  const thenTail = tailExpr(e.then);
  const elseTail = tailExpr(elseBranch);
  const arms: ArmSpec[] = [
    { lower: (h) => lowerBlock(cx, e.then, h, true), span: (thenTail ?? e.then).span, tail: thenTail },
    {
      lower: (h): ArmResult => {
        if (elseBranch.kind === 'Block') return lowerBlock(cx, elseBranch, h, true);
        const v = lowerIfExpr(cx, elseBranch, h);
        if (v.type.k === 'void') return { stmts: v.e === 'block' ? v.stmts : [], diverges: false };
        return { stmts: [], value: v, diverges: false };
      },
      span: (elseTail ?? elseBranch).span,
      tail: elseTail,
    },
  ];
  const out = lowerArms(cx, arms, hint, e.span);
  if (out.kind === 'statements') return blockE([ifS(cond, out.bodies[0]!, out.bodies[1]!)], voidE());
  return ifE(cond, out.values[0]!, out.values[1]!, out.type);
}

export function lowerIfStmt(cx: FnCtx, e: IfExpr): IrStmt {
  const cond = lowerCond(cx, e.cond);
  const then = lowerStmts(cx, e.then);
  if (!e.else) return ifS(cond, then);
  const els = e.else.kind === 'Block' ? lowerStmts(cx, e.else) : [lowerIfStmt(cx, e.else)];
  return ifS(cond, then, els);
}

function loopBody(cx: FnCtx, f: () => IrStmt[]): IrStmt[] {
  cx.fb.loopDepth++;
  try {
    return f();
  } finally {
    cx.fb.loopDepth--;
  }
}

export function lowerWhile(cx: FnCtx, s: WhileStmt): IrStmt {
  const cond = lowerCond(cx, s.cond);
  const body = loopBody(cx, () => lowerStmts(cx, s.body));
  return { s: 'loop', body: [ifS(notE(cond), [{ s: 'break' }]), ...body], loc: s.span };
}

/**
 * `for x in e`: over a list or array, over bytes (as u8), or over a range `lo..hi`. The
 * counter advances before the body so `continue` needs no special case.
 */
export function lowerFor(cx: FnCtx, s: ForStmt): IrStmt[] {
  if (s.iterable.kind === 'Range') return lowerRangeFor(cx, s);
  const literal = literalListFor(cx, s) ?? openListFor(cx, s);
  if (literal) return literal;
  let seq = valueOf(lowerExpr(cx, s.iterable), s.iterable.span);
  if (seq.type.k === 'any') seq = coerce(cx, seq, T.list(T.any), s.iterable.span);
  const t = seq.type;
  const elem: IrType | undefined =
    t.k === 'list' || t.k === 'array' ? t.elem : t.k === 'bytes' || t.k === 'bytesN' || t.k === 'string' ? T.u8 : undefined;
  if (!elem) {
    cx.prog.diagnostics.error(Codes.operatorType, `cannot iterate over ${show(cx, t)}; 'for' takes a list, bytes or a range`, s.iterable.span);
    return [];
  }
  return sequenceLoop(cx, s, seq, elem);
}

/** The nodes of a sequence loop that a pending group retypes (literalListFor, openListFor). */
interface LoopParts {
  /** The loop variable's local. */
  x: IrLocal;
  /** The temporary holding the sequence, and the two reads of it (element, length). */
  src: IrLocal;
  item: IrExpr;
  srcRef: IrExpr;
  lenSrc: IrExpr;
}

/**
 * The counted loop every `for x in seq` over a list, array or bytes lowers to: the sequence
 * is held in a temporary, `x` is its element at the counter, and the counter advances before
 * the body so `continue` needs no special case. `bind` gives the loop variable's binding
 * (default: plain, of type `elem`).
 */
function sequenceLoop(cx: FnCtx, s: ForStmt, seq: IrExpr, elem: IrType, bind?: (parts: LoopParts) => Binding): IrStmt[] {
  const t = seq.type;
  const src = cx.fb.locals[cx.fb.temp(t, 'seq')]!;
  const n = cx.fb.temp(T.u64, 'n');
  const i = cx.fb.temp(T.u64, 'i');
  return cx.fb.scoped(() => {
    const head: IrStmt[] = [ifS(binaryE('ge', localE(i, T.u64), localE(n, T.u64), T.bool), [{ s: 'break' }])];
    const lenSrc = localE(src.id, t);
    if (s.binding) {
      const x = cx.fb.addLocal(s.binding.name, elem, false, s.binding.span);
      const srcRef = localE(src.id, t);
      const item = indexE(srcRef, localE(i, T.u64), elem, s.iterable.span);
      head.push(setS(x.id, item));
      cx.fb.declare(s.binding.name, bind ? bind({ x, src, item, srcRef, lenSrc }) : { id: x.id, type: elem });
    }
    head.push(setS(i, binaryE('add', localE(i, T.u64), u64E(1), T.u64, undefined, false)));
    const body = loopBody(cx, () => lowerStmts(cx, s.body));
    return [setS(src.id, seq), setS(n, lenE(lenSrc)), setS(i, u64E(0)), { s: 'loop', body: [...head, ...body], loc: s.span }];
  });
}

function lowerRangeFor(cx: FnCtx, s: ForStmt): IrStmt[] {
  const range = s.iterable as Extract<ForStmt['iterable'], { kind: 'Range' }>;
  const literal = literalRangeFor(cx, s, range);
  if (literal) return literal;
  let lo: IrExpr;
  let hi: IrExpr | undefined;
  if (range.lo && range.hi) [lo, hi] = unifyOperands(cx, range.lo, range.hi, undefined, range.span);
  else if (range.hi) {
    hi = valueOf(lowerExpr(cx, range.hi), range.hi.span);
    lo = { e: 'const', value: 0n, type: hi.type.k === 'int' ? hi.type : T.u64 };
  } else lo = valueOf(lowerExpr(cx, range.lo!), range.lo!.span);
  const t = lo.type;
  if (t.k !== 'int') {
    cx.prog.diagnostics.error(Codes.operatorType, `a range needs integer bounds, found ${show(cx, t)}`, range.span);
    return [];
  }
  const i = cx.fb.temp(t, 'i');
  const end = hi ? cx.fb.temp(t, 'end') : undefined;
  return cx.fb.scoped(() => {
    const head: IrStmt[] = [];
    if (end !== undefined) head.push(ifS(binaryE('ge', localE(i, t), localE(end, t), T.bool), [{ s: 'break' }]));
    if (s.binding) {
      const x = cx.fb.addLocal(s.binding.name, t, false, s.binding.span);
      head.push(setS(x.id, localE(i, t)));
      cx.fb.declare(s.binding.name, { id: x.id, type: t });
    }
    head.push(setS(i, binaryE('add', localE(i, t), { e: 'const', value: 1n, type: t }, t, undefined, false)));
    const body = loopBody(cx, () => lowerStmts(cx, s.body));
    const init: IrStmt[] = [setS(i, lo)];
    if (end !== undefined && hi) init.push(setS(end, hi));
    return [...init, { s: 'loop', body: [...head, ...body], loc: s.span }];
  });
}

/**
 * `for i in 0..8` with untyped literal bounds: the counter's type stays open like a literal
 * `let` (pending.ts) and the first typed use fixes it, so `for s in 1..41 { f(s) }` with
 * `f(x: u32)` counts in u32 (specs/checking.md, "Literal lets").
 */
function literalRangeFor(cx: FnCtx, s: ForStmt, range: Extract<ForStmt['iterable'], { kind: 'Range' }>): IrStmt[] | undefined {
  if (!s.binding || !range.hi) return undefined;
  const hiLit = evalUntypedLiteral(range.hi);
  const loLit = range.lo ? evalUntypedLiteral(range.lo) : { kind: 'int' as const, value: 0n };
  if (!hiLit || !loLit || hiLit.kind !== 'int' || loLit.kind !== 'int') return undefined;
  if (range.hi.kind === 'Int' && range.hi.suffix) return undefined;
  if (range.lo?.kind === 'Int' && range.lo.suffix) return undefined;
  const t = loLit.value < 0n || hiLit.value < 0n ? T.i64 : T.u64;
  const leaves: PendingLiteral['leaves'] = [];
  const nodes: IrExpr[] = [];
  const lit = (value: LiteralValue, span: Span): IrExpr => {
    const c = literalValue(cx, value, t, span);
    leaves.push({ node: c, value, span });
    nodes.push(c);
    return c;
  };
  const ref = (id: number): IrExpr => {
    const r = localE(id, t);
    nodes.push(r);
    return r;
  };
  const iLocal = cx.fb.locals[cx.fb.temp(t, 'i')]!;
  const endLocal = cx.fb.locals[cx.fb.temp(t, 'end')]!;
  const lo = lit(loLit, range.lo?.span ?? range.span);
  const hi = lit(hiLit, range.hi.span);
  return cx.fb.scoped(() => {
    const x = cx.fb.addLocal(s.binding!.name, t, false, s.binding!.span);
    const head: IrStmt[] = [ifS(binaryE('ge', ref(iLocal.id), ref(endLocal.id), T.bool), [{ s: 'break' }]), setS(x.id, ref(iLocal.id))];
    const step = binaryE('add', ref(iLocal.id), lit({ kind: 'int', value: 1n }, range.span), t, undefined, false);
    nodes.push(step);
    head.push(setS(iLocal.id, step));
    cx.fb.declare(s.binding!.name, { id: x.id, type: t, pending: { leaves, nodes, local: x, extraLocals: [iLocal, endLocal] } });
    const body = loopBody(cx, () => lowerStmts(cx, s.body));
    return [setS(iLocal.id, lo), setS(endLocal.id, hi), { s: 'loop', body: [...head, ...body], loc: s.span }];
  });
}

/**
 * `for j in [1, 2, 3]` over a list literal of plain integer literals: like a literal range,
 * the element type stays open and the first typed use of `j` fixes it, so
 * `acc = acc + j` with `acc: u32` iterates a list<u32> (specs/checking.md, "Literal lets").
 */
function literalListFor(cx: FnCtx, s: ForStmt): IrStmt[] | undefined {
  const list = s.iterable;
  if (!s.binding || list.kind !== 'ListLit' || list.elements.length === 0) return undefined;
  const values: LiteralValue[] = [];
  for (const el of list.elements) {
    if (el.kind === 'Int' && el.suffix) return undefined;
    const v = evalUntypedLiteral(el);
    if (!v || v.kind !== 'int') return undefined;
    values.push(v);
  }
  const t = values.some((v) => v.value < 0n) ? T.i64 : T.u64;
  const lt = T.list(t);
  const leaves: PendingLiteral['leaves'] = [];
  const nodes: IrExpr[] = [];
  const elems = list.elements.map((el, k) => {
    const c = literalValue(cx, values[k]!, t, el.span);
    leaves.push({ node: c, value: values[k]!, span: el.span });
    nodes.push(c);
    return c;
  });
  const seq: IrExpr = { e: 'list', elems, type: lt };
  return sequenceLoop(cx, s, seq, t, ({ x, src, item, srcRef, lenSrc }) => {
    nodes.push(item);
    return { id: x.id, type: t, pending: { leaves, nodes, local: x, listNodes: [seq, srcRef, lenSrc], listLocals: [src] } };
  });
}

/**
 * `for w in weights` where `let weights = [3, 1, 2]` still has an open element type
 * (pending-list.ts): the loop variable and the list's literals become one pending group, so
 * the first typed use of `w` (`total = total + w` with `total: u32`) types the list too, and
 * any use of `weights` itself fixes the group (specs/checking.md, "Literal lets").
 */
function openListFor(cx: FnCtx, s: ForStmt): IrStmt[] | undefined {
  if (!s.binding || s.iterable.kind !== 'Name') return undefined;
  const lb = cx.fb.lookup(s.iterable.name);
  const open = lb?.pendingList;
  if (!lb || !open?.provisional || lb.type.k !== 'list' || open.leaves.length === 0) return undefined;
  const t = lb.type.elem;
  const seq = localE(lb.id, lb.type);
  return sequenceLoop(cx, s, seq, t, ({ x, src, item, srcRef, lenSrc }) => {
    const xb: Binding = { id: x.id, type: t };
    const group: PendingLiteral = {
      leaves: open.leaves,
      nodes: [item],
      local: x,
      listNodes: [...open.nodes, seq, srcRef, lenSrc],
      listLocals: [open.local, src],
      bindings: [xb],
      listBindings: [lb],
    };
    xb.pending = group;
    lb.pending = group;
    lb.pendingList = undefined;
    return xb;
  });
}
