/**
 * `fold`, `all` and `query` with their closures (LANGUAGE.md §8.3 item 4, §9) lowered to
 * loops: the closure body is inlined with its parameters bound to the accumulator and the
 * current element. Closures capture by value; the inlined body reads the enclosing locals,
 * which no closure can assign (its body is an expression).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrStmt, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { ClosureExpr, Expr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalUntypedLiteral } from '../../check/literal-eval.ts';
import { valueOf } from './access.ts';
import { binaryE, blockE, boolE, constE, ifS, indexE, lenE, localE, notE, pushS, setS, u64E, withLoc } from './build.ts';
import type { Binding, FnCtx } from './context.ts';
import { fixPending } from './pending.ts';
import { coerce, literalValue, poison, show } from './convert.ts';
import { lowerEffectsStream } from './stream-calls.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';
import { lowerCond } from './ops.ts';

/**
 * The closure argument of fold/all/query. *(decision, specs/checking.md §9)* A closure with
 * fewer parameters than the call passes ignores the rest: `query(s, || true)` reads every
 * record.
 */
function closureArg(cx: FnCtx, e: Expr | undefined, params: number, what: string, span: Span): ClosureExpr | undefined {
  if (e?.kind === 'Closure' && e.params.length <= params) return e;
  const shape = params === 2 ? '|acc, x| …' : '|x| …';
  cx.prog.diagnostics.error(Codes.closurePlacement, `${what} expects a closure ${shape}`, e?.span ?? span);
  return undefined;
}

/** A loop over the elements of `seq` running `body(element)`; returns the statements. */
export function eachElement(cx: FnCtx, seq: IrExpr, span: Span, body: (elem: IrExpr) => IrStmt[]): IrStmt[] {
  const t = seq.type;
  const elem: IrType = t.k === 'list' || t.k === 'array' ? t.elem : T.u8;
  const src = cx.fb.temp(t, 'seq');
  const n = cx.fb.temp(T.u64, 'n');
  const i = cx.fb.temp(T.u64, 'i');
  const x = cx.fb.temp(elem, 'x');
  const loop: IrStmt[] = [
    ifS(binaryE('ge', localE(i, T.u64), localE(n, T.u64), T.bool), [{ s: 'break' }]),
    setS(x, indexE(localE(src, t), localE(i, T.u64), elem, span)),
    setS(i, binaryE('add', localE(i, T.u64), u64E(1), T.u64, undefined, false)),
    ...body(localE(x, elem)),
  ];
  return [setS(src, seq), setS(n, lenE(localE(src, t))), setS(i, u64E(0)), { s: 'loop', body: loop, loc: span }];
}

function sequence(cx: FnCtx, e: Expr): IrExpr | undefined {
  let seq = valueOf(lowerExpr(cx, e), e.span);
  if (seq.type.k === 'any') seq = coerce(cx, seq, T.list(T.any), e.span);
  const k = seq.type.k;
  if (k === 'list' || k === 'array' || k === 'bytes' || k === 'bytesN' || k === 'string') return seq;
  cx.prog.diagnostics.error(Codes.typeMismatch, `expected a list, found ${show(cx, seq.type)}`, e.span);
  return undefined;
}

/** The element parameter of a one-parameter closure, if the closure names one. */
function paramBinding(fn: ClosureExpr, local: number, type: IrType): { name: string; local: number; type: IrType }[] {
  return fn.params[0] ? [{ name: fn.params[0].name, local, type }] : [];
}

/** Runs `f` with closure parameters bound to locals. */
function withParams<R>(cx: FnCtx, names: { name: string; local: number; type: IrType }[], f: () => R): R {
  return cx.fb.scoped(() => {
    for (const p of names) cx.fb.declare(p.name, { id: p.local, type: p.type });
    return f();
  });
}

/** `fold(list, init, |acc, x| e)`: left fold (§9). */
export function lowerFold(cx: FnCtx, args: Expr[], span: Span, hint?: IrType): IrExpr {
  const seq = sequence(cx, args[0]!);
  const fn = closureArg(cx, args[2], 2, 'fold', span);
  const initLit = evalUntypedLiteral(args[1]!);
  const wanted = hint && hint.k !== 'void' && hint.k !== 'any' ? hint : undefined;
  const written = fn?.paramTypes?.[0] ? cx.prog.resolver.resolve(fn.paramTypes[0], cx.file) : undefined;
  const target = wanted ?? written;
  const init = target ? lowerExprTo(cx, args[1]!, target, 'initial value') : initLit ? literalValue(cx, initLit, undefined, args[1]!.span) : lowerExpr(cx, args[1]!);
  if (!seq || !fn) return poison(init.type);
  const accLocal = cx.fb.addLocal(`%acc`, init.type, false);
  const acc = accLocal.id;
  // `fold(xs, 0, |acc, x| acc + x.n)`: a literal initial value takes the type the step gives
  // the accumulator (pending.ts), so the fold has the element field's type.
  const accBinding: Binding = { id: acc, type: init.type };
  if (!target && initLit && init.e === 'const') accBinding.pending = { leaves: [{ node: init, value: initLit, span: args[1]!.span }], nodes: [init], local: accLocal };
  const elemType = seq.type.k === 'list' || seq.type.k === 'array' ? seq.type.elem : T.u8;
  const loop = eachElement(cx, seq, span, (x) => {
    const xl = cx.fb.temp(elemType, 'elem');
    const step = cx.fb.scoped(() => {
      if (fn.params[0]) cx.fb.declare(fn.params[0].name, accBinding);
      if (fn.params[1]) cx.fb.declare(fn.params[1].name, { id: xl, type: elemType });
      const v = lowerExpr(cx, fn.body, accBinding.pending ? undefined : accBinding.type);
      if (accBinding.pending) fixPending(cx, accBinding, v.type);
      return coerce(cx, v, accBinding.type, fn.body.span, 'fold step');
    });
    return [setS(xl, x), setS(acc, step)];
  });
  return blockE([setS(acc, init), ...loop], localE(acc, accBinding.type));
}

/** `all(list, |x| p)`: true when every element satisfies p (true for an empty list). */
export function lowerAll(cx: FnCtx, args: Expr[], span: Span): IrExpr {
  const seq = sequence(cx, args[0]!);
  const fn = closureArg(cx, args[1], 1, 'all', span);
  if (!seq || !fn) return poison(T.bool);
  const r = cx.fb.temp(T.bool, 'all');
  const elemType = seq.type.k === 'list' || seq.type.k === 'array' ? seq.type.elem : T.u8;
  const loop = eachElement(cx, seq, span, (x) => {
    const xl = cx.fb.temp(elemType, 'elem');
    const pred = withParams(cx, paramBinding(fn, xl, elemType), () => lowerCond(cx, fn.body));
    return [setS(xl, x), ifS(notE(pred), [setS(r, boolE(false)), { s: 'break' }])];
  });
  return blockE([setS(r, boolE(true)), ...loop], localE(r, T.bool));
}

/**
 * `query(stream, |x| p)`: the host returns the stream's live records; the closure filters
 * them here, in the compiled code.
 */
export function lowerQuery(cx: FnCtx, args: Expr[], span: Span): IrExpr {
  const fn = closureArg(cx, args[1], 1, 'query', span);
  const source = lowerEffectsStream(cx, args[0]!);
  const elem = source.elem;
  const listT = T.list(elem);
  const all: IrExpr = withLoc({ e: 'host', name: 'query', args: [], target: source.name, type: listT }, span);
  if (!fn) return poison(listT);
  const out = cx.fb.temp(listT, 'matches');
  const loop = eachElement(cx, all, span, (x) => {
    const xl = cx.fb.temp(elem, 'rec');
    const pred = withParams(cx, paramBinding(fn, xl, elem), () => lowerCond(cx, fn.body));
    return [setS(xl, x), ifS(pred, [pushS(out, [], localE(xl, elem), span)])];
  });
  return blockE([setS(out, constE([], listT)), ...loop], localE(out, listT));
}
