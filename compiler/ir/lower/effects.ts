/**
 * Statements with effects or metadata: `emit ID Expr` (and the `emit(s, v)` call), body
 * `observe NAME: [metrics]` and body `@invariant` (LANGUAGE.md §7.1, §8.4 item 4, §8.6).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrStmt } from '../ir.ts';
import { T } from '../ir.ts';
import type { EmitStmt, Expr, Ident, InvariantStmt, ObserveStmt } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { blockE, constE, exprS, ifE, ifS, localE, notE, setS, trapS, withLoc } from './build.ts';
import type { FnCtx, StreamInfo } from './context.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';
import { lowerCond } from './ops.ts';

export function lowerEffectStmt(cx: FnCtx, s: EmitStmt | ObserveStmt | InvariantStmt, out: IrStmt[]): void {
  switch (s.kind) {
    case 'Emit':
      out.push(exprS(lowerEmit(cx, s.stream, s.value, s.span)));
      return;
    case 'Observe':
      cx.bodyAttrs ??= { metrics: [], invariants: [] };
      for (const m of s.metrics) if (!cx.bodyAttrs.metrics.includes(m.name)) cx.bodyAttrs.metrics.push(m.name);
      return;
    case 'Invariant': {
      // A body invariant is checked where it stands (§8.6 item 1); a false one aborts the
      // call as a failed assertion naming the invariant (specs/checking.md).
      cx.bodyAttrs ??= { metrics: [], invariants: [] };
      const inv: { label?: string; loc: Span } = { loc: s.span };
      if (s.label !== undefined) inv.label = s.label;
      cx.bodyAttrs.invariants.push(inv);
      const cond = lowerCond(cx, s.expr);
      out.push(ifS(notE(cond), [trapS('assert', `invariant ${s.label !== undefined ? `'${s.label}' ` : ''}violated`, s.span)]));
      return;
    }
  }
}

/** The stream, store, series or graph a name denotes from this file. */
export function lookupStream(cx: FnCtx, name: string): StreamInfo | undefined {
  const def = cx.prog.index.nearest(cx.file, cx.prog.index.streams.get(name))[0];
  return def ? cx.prog.streams.get(def) : undefined;
}

/** The stream argument of a stream builtin: a name (or a string naming it). */
export function streamName(e: Expr): { name: string; span: Span } | undefined {
  if (e.kind === 'Name') return { name: e.name, span: e.span };
  if (e.kind === 'Path') return { name: e.segments[e.segments.length - 1]!.name, span: e.span };
  if (e.kind === 'String') return { name: e.value, span: e.span };
  return undefined;
}

/**
 * `emit(s, v)`: the stream's `| filter` stages run here, in the compiled code, with `record`
 * bound to v; the host effect appends (and throttles) only values that pass (§8.4 item 4).
 */
export function lowerEmit(cx: FnCtx, stream: Ident | { name: string; span: Span }, value: Expr, span: Span): IrExpr {
  const info = lookupStream(cx, stream.name);
  if (!info) {
    cx.prog.diagnostics.warning(Codes.unknownStream, `stream '${stream.name}' is not declared; the value goes to the host as is`, stream.span);
    const v = lowerExpr(cx, value);
    return withLoc({ e: 'host', name: 'emit', args: [v], target: stream.name, type: T.bool }, span);
  }
  const elem = info.elem;
  const v = lowerExprTo(cx, value, elem, `value emitted to '${stream.name}'`);
  const t = cx.fb.temp(elem, 'rec');
  const host: IrExpr = withLoc({ e: 'host', name: 'emit', args: [localE(t, elem)], target: info.ir.name, type: T.bool }, span);
  let pass: IrExpr | undefined;
  for (const f of info.ir.filters) {
    const call: IrExpr = { e: 'call', func: f, args: [localE(t, elem)], type: T.bool, loc: span };
    pass = pass ? { e: 'logic', op: 'and', left: pass, right: call, type: T.bool } : call;
  }
  return blockE([setS(t, v)], pass ? ifE(pass, host, constE(false, T.bool), T.bool) : host);
}
