/**
 * Calls: to circuits and other declared functions (nearest declaration, §10), to `extern`
 * items (§5.10), and to builtins (§9). A user declaration shadows a builtin of the same name;
 * a local binding with a builtin's name shadows it only as a value (specs/checking.md).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { CallExpr, Expr } from '../../syntax/ast.ts';
import { BUILTINS } from '../../check/builtins.ts';
import { Codes } from '../../check/codes.ts';
import type { FuncDef } from '../../check/program-index.ts';
import { withLoc } from './build.ts';
import { lowerBuiltinCall } from './builtin-calls.ts';
import { lowerByteFill, lowerTypeValue } from './collections.ts';
import { machineStepSymbol, type FnCtx, type FuncSig } from './context.ts';
import { poison } from './convert.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';

export function lowerCall(cx: FnCtx, e: CallExpr, hint?: IrType): IrExpr {
  const callee = e.callee;
  if (callee.kind === 'TypeValue') {
    if (e.args.length > 0) cx.prog.diagnostics.error(Codes.wrongArity, `${callee.member?.name ?? 'constructor'}() takes no arguments`, e.span);
    return lowerTypeValue(cx, callee);
  }
  if (callee.kind === 'Name' || callee.kind === 'Path') {
    const name = callee.kind === 'Name' ? callee.name : callee.segments[callee.segments.length - 1]!.name;
    const qualifier = callee.kind === 'Path' && callee.segments.length > 1 ? callee.segments[callee.segments.length - 2]!.name : undefined;
    if (name === 'bytes' && !qualifier && (e.args.length === 1 || e.args.length === 2)) {
      const fill: Expr | undefined = e.args[1];
      return lowerByteFill(cx, { kind: 'ByteFill', size: e.args[0]!, ...(fill ? { fill } : {}), span: e.span });
    }
    const def = findFunction(cx, name, qualifier);
    if (def) return callDeclared(cx, def, e, hint);
    const builtin = BUILTINS.get(name);
    if (builtin) return lowerBuiltinCall(cx, name, builtin, e.args, e.span, hint);
    const step = name.endsWith('__step') ? stepFunctionCall(cx, name.slice(0, -'__step'.length), qualifier, e) : undefined;
    if (step) return step;
    const local = cx.fb.lookup(name);
    if (local) {
      cx.prog.diagnostics.error(Codes.notCallable, `'${name}' is a value, not a function`, callee.span);
    } else {
      cx.prog.diagnostics.error(Codes.unknownFunction, `unknown function '${callee.kind === 'Path' ? callee.segments.map((s) => s.name).join('::') : name}'`, callee.span);
    }
    for (const a of e.args) if (a.kind !== 'Closure') lowerExpr(cx, a);
    return poison(hint ?? T.any);
  }
  cx.prog.diagnostics.error(Codes.notCallable, 'this expression cannot be called', callee.span);
  return poison(hint ?? T.any);
}

/** `m__step(state, event)`: the transition function every state machine compiles to (§8.9). */
function stepFunctionCall(cx: FnCtx, machineName: string, qualifier: string | undefined, e: CallExpr): IrExpr | undefined {
  const machine = cx.prog.index.nearest(cx.file, cx.prog.index.machines.get(machineName), qualifier)[0];
  if (!machine) return undefined;
  if (e.args.length !== 2) {
    cx.prog.diagnostics.error(Codes.wrongArity, `'${machineName}__step' takes 2 arguments (state, event), got ${e.args.length}`, e.span);
    for (const a of e.args) lowerExpr(cx, a);
    return poison(T.i32);
  }
  const args = e.args.map((a, i) => lowerExprTo(cx, a, T.i32, i === 0 ? 'state' : 'event'));
  return withLoc({ e: 'call', func: machineStepSymbol(cx.prog, machine), args, type: T.i32 }, e.span);
}

/** The declared function (circuit, transaction, extern item) a call resolves to. */
export function findFunction(cx: FnCtx, name: string, qualifier?: string): FuncDef | undefined {
  const cands = cx.prog.index.nearest(cx.file, cx.prog.index.funcs.get(name), qualifier) as FuncDef[];
  // A definition beats an extern declaration of the same name at the same distance.
  return cands.find((c) => c.decl.kind !== 'extern') ?? cands[0];
}

function callDeclared(cx: FnCtx, def: FuncDef, e: CallExpr, hint?: IrType): IrExpr {
  // `extern "fl"` naming a builtin is that builtin (§5.10), with its own typing rules.
  const builtin = def.decl.kind === 'extern' && def.decl.abi === 'fl' ? BUILTINS.get(def.name) : undefined;
  if (builtin) return lowerBuiltinCall(cx, def.name, builtin, e.args, e.span, hint);
  const sig = cx.prog.sigs.get(def);
  if (!sig) return poison(hint ?? T.any);
  return callSig(cx, sig, e.args, e.span);
}

export function callSig(cx: FnCtx, sig: FuncSig, argExprs: Expr[], span: Span): IrExpr {
  if (argExprs.length !== sig.params.length) {
    cx.prog.diagnostics.error(
      Codes.wrongArity,
      `'${sig.def.name}' takes ${sig.params.length} argument${sig.params.length === 1 ? '' : 's'}, got ${argExprs.length}`,
      span,
      { related: [{ message: 'declared here', file: sig.def.span.file.path, ...sig.def.span.file.lineCol(sig.def.span.start) }] },
    );
    for (const a of argExprs) lowerExpr(cx, a);
    return poison(sig.result);
  }
  const args = argExprs.map((a, i) => {
    const p = sig.params[i]!;
    if (a.kind === 'Nil' && p.type.k !== 'option' && p.type.k !== 'any') {
      // nil passed where the parameter cannot hold it is the parameter type's zero value.
      return { e: 'const' as const, value: cx.prog.types.zero(p.type), type: p.type };
    }
    return lowerExprTo(cx, a, p.type, `argument '${p.name}'`);
  });
  switch (sig.target.kind) {
    case 'func':
      return withLoc({ e: 'call', func: sig.target.symbol, args, type: sig.result }, span);
    case 'host':
      return withLoc({ e: 'host', name: sig.target.name, args, type: sig.result }, span);
    case 'builtin':
      return withLoc({ e: 'builtin', name: sig.target.name, args, type: sig.result }, span);
  }
}
