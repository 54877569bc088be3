/**
 * Function signatures and bodies: circuits, `cloud` circuits, transactions and `extern`
 * items. Every function is emitted; one with errors keeps its signature (so callers link)
 * and its body becomes a `not_compiled` trap quoting its first diagnostic (§10).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { Span } from '../../diagnostics/source.ts';
import type { IrFunc, IrFuncKind, IrStmt, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Block, Param, TypeExpr } from '../../syntax/ast.ts';
import { BUILTINS } from '../../check/builtins.ts';
import { clauseAttrs, type Json } from '../../check/clauses.ts';
import { Codes } from '../../check/codes.ts';
import type { FileInfo, FuncDef } from '../../check/program-index.ts';
import type { Clause } from '../../syntax/ast.ts';
import { noneE, trapS } from './build.ts';
import { lowerEmit } from './effects.ts';
import { FuncBuilder, firstErrorSince, uniqueSymbol, type CallTarget, type FnCtx, type FnMode, type FuncSig, type ProgramCtx } from './context.ts';
import { coerce } from './convert.ts';
import { bodyMayEndWithoutValue, bodyMayReturnNil } from './nil-scan.ts';
import { lowerBlock } from './stmt.ts';

export function overflowFor(prog: ProgramCtx, file: FileInfo): boolean {
  const o = prog.options.overflowChecks;
  return typeof o === 'function' ? o(file.path) : o === true;
}

function paramsOf(def: FuncDef): Param[] {
  const n = def.decl;
  return n.kind === 'circuit' ? n.decl.params : n.kind === 'transaction' ? n.decl.params : n.decl.params;
}

function returnTypeOf(def: FuncDef): TypeExpr | undefined {
  const n = def.decl;
  return n.kind === 'circuit' ? n.decl.returnType : n.decl.returnType;
}

function bodyOf(def: FuncDef): Block | undefined {
  const n = def.decl;
  return n.kind === 'circuit' ? n.decl.body : n.kind === 'transaction' ? n.decl.body : undefined;
}

/**
 * Helpers of the runtime library that code declares with `extern "fl"` rather than calling
 * as builtins (§9: "list_append returns a new list"); they lower to pure builtin calls.
 */
export const LIBRARY_HELPERS: ReadonlySet<string> = new Set(['list_append']);

/** Signature of a declared function: parameter types, result type and call target. */
export function computeSignature(prog: ProgramCtx, def: FuncDef): FuncSig & { errors: Diagnostic[] } {
  const before = prog.diagnostics.items.length;
  const params = paramsOf(def).map((p) => ({ name: p.name.name, type: prog.resolver.resolve(p.type, def.file), span: p.name.span }));
  const rt = returnTypeOf(def);
  const declared = rt ? prog.resolver.resolve(rt, def.file) : T.void;
  const body = bodyOf(def);
  let result = declared;
  if (body && declared.k !== 'void' && declared.k !== 'option' && declared.k !== 'any' && bodyMayReturnNil(body)) result = T.option(declared);
  let target: CallTarget;
  const n = def.decl;
  if (n.kind === 'extern') {
    const builtin = n.abi === 'fl' ? (BUILTINS.get(def.name)?.canonical ?? (LIBRARY_HELPERS.has(def.name) ? def.name : undefined)) : undefined;
    target = builtin !== undefined ? { kind: 'builtin', name: builtin } : { kind: 'host', name: def.name };
  } else {
    target = { kind: 'func', symbol: '' };
  }
  const sig: FuncSig & { errors: Diagnostic[] } = { def, symbol: '', params, declared, result, target, errors: [] };
  sig.errors = prog.diagnostics.items.slice(before).filter((d) => d.severity === 'error');
  return sig;
}

/** Assigns unique IR symbols: the first declaration of a name keeps it (path order). */
export function assignSymbol(prog: ProgramCtx, sig: FuncSig): void {
  if (sig.target.kind !== 'func') return;
  const wanted = prog.symbols.has(sig.def.name) ? `${sig.def.name}@${sig.def.file.stem}` : sig.def.name;
  sig.symbol = uniqueSymbol(prog, wanted);
  sig.def.symbol = sig.symbol;
  sig.target = { kind: 'func', symbol: sig.symbol };
}

export interface FuncSpec {
  name: string;
  sourceName: string;
  kind: IrFuncKind;
  mode: FnMode;
  file: FileInfo;
  loc: Span;
  result: IrType;
  declared: IrType;
  exported: boolean;
  attrs: Record<string, unknown>;
  /** Errors found before the body (signature, parse errors, duplicates). */
  priorError?: Diagnostic;
  /** Declares the parameters and returns their local ids. */
  params: (cx: FnCtx) => number[];
  body: (cx: FnCtx) => IrStmt[];
  /** Extra work after the body (predicate extras, top-level lets). */
  after?: (cx: FnCtx, func: IrFunc) => void;
}

/** Lowers one function with error isolation: errors and internal failures never escape. */
export function buildFunction(prog: ProgramCtx, spec: FuncSpec): IrFunc {
  const cx: FnCtx = {
    prog,
    file: spec.file,
    fb: new FuncBuilder(),
    mode: spec.mode,
    result: spec.result,
    declared: spec.declared,
    name: spec.sourceName,
    errorsBefore: prog.diagnostics.items.length,
    overflowChecks: overflowFor(prog, spec.file),
  };
  let params: number[] = [];
  let body: IrStmt[] = [];
  try {
    params = spec.params(cx);
    body = spec.body(cx);
  } catch (err) {
    // An internal failure is a located error for this declaration only, never a crash.
    const msg = err instanceof Error ? err.message : String(err);
    cx.firstError ??= prog.diagnostics.error(Codes.internal, `internal error while compiling '${spec.sourceName}': ${msg}`, spec.loc);
  }
  const func: IrFunc = {
    name: spec.name,
    sourceName: spec.sourceName,
    kind: spec.kind,
    params,
    result: spec.result,
    locals: cx.fb.locals,
    body,
    loc: spec.loc,
    exported: spec.exported,
    overflowChecks: cx.overflowChecks,
    attrs: spec.attrs,
  };
  if (cx.bodyAttrs) {
    if (cx.bodyAttrs.metrics.length > 0) func.attrs.bodyMetrics = cx.bodyAttrs.metrics;
    if (cx.bodyAttrs.invariants.length > 0) func.attrs.bodyInvariants = cx.bodyAttrs.invariants.map((i) => i.label ?? null);
  }
  try {
    spec.after?.(cx, func);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    cx.firstError ??= prog.diagnostics.error(Codes.internal, `internal error while compiling '${spec.sourceName}': ${msg}`, spec.loc);
  }
  const error = spec.priorError ?? firstErrorSince(cx);
  if (error) isolate(func, error);
  return func;
}

/** §10 error isolation: the body traps `not_compiled`, quoting the first diagnostic. */
export function isolate(func: IrFunc, error: Diagnostic): void {
  func.notCompiled = error;
  func.body = [trapS('not_compiled', `${func.sourceName} was not compiled: ${error.file}:${error.line}:${error.column}: ${error.message}`, func.loc)];
}

/** Declares parameters as witness-recorded locals (§8.4: inputs are recorded). */
export function declareParams(cx: FnCtx, params: { name: string; type: IrType; span: Span }[], witness = true): number[] {
  return params.map((p) => {
    const type = p.type.k === 'void' ? T.any : p.type;
    const local = cx.fb.addLocal(p.name, type, witness, p.span);
    cx.fb.declare(p.name, { id: local.id, type });
    return local.id;
  });
}

/** A circuit body: the block's value converted to the result type (§8.3 item 1). */
export function lowerCircuitBody(cx: FnCtx, body: Block, bodyEnd: Span): IrStmt[] {
  const wantValue = cx.declared.k !== 'void';
  const r = lowerBlock(cx, body, wantValue ? cx.declared : undefined, wantValue, false);
  const stmts = r.stmts;
  if (r.value) {
    if (cx.result.k === 'void') stmts.push({ s: 'expr', value: r.value });
    else stmts.push({ s: 'return', value: coerce(cx, r.value, cx.result, lastExprSpan(body) ?? bodyEnd, 'body value') });
    return stmts;
  }
  if (r.diverges || cx.result.k === 'void') return stmts;
  // The body can end without a value: the circuit returns nil there (§8.2.8).
  if (cx.result.k === 'option') stmts.push({ s: 'return', value: noneE(cx.result) });
  else if (cx.result.k === 'any') stmts.push({ s: 'return', value: { e: 'const', value: null, type: T.any } });
  else stmts.push(trapS('nil_unwrap', `${cx.name} ended without a value`, bodyEnd));
  return stmts;
}

function lastExprSpan(body: Block): Span | undefined {
  const last = body.stmts[body.stmts.length - 1];
  return last?.kind === 'ExprStmt' ? last.expr.span : undefined;
}

/** Lowers a circuit, cloud circuit or transaction. */
export function lowerDeclaredFunction(prog: ProgramCtx, sig: FuncSig & { errors: Diagnostic[] }): IrFunc {
  const def = sig.def;
  const node = def.decl;
  const clauses = node.kind === 'extern' ? node.decl.clauses : node.decl.clauses;
  const attrs: Record<string, Json> = clauseAttrs(clauses, prog.diagnostics);
  if (attrs.lex === undefined && def.file.lex !== undefined) attrs.lex = def.file.lex;
  if (node.kind === 'circuit') {
    if (node.decl.keyword === 'cloud') attrs.cloud = true;
    if (node.decl.testGolden) attrs.golden_test = true;
  }
  if (node.kind === 'transaction') attrs.transaction = true;
  const body = bodyOf(def);
  const bodyEnd = body ? { file: body.span.file, start: Math.max(body.span.start, body.span.end - 1), end: body.span.end } : def.span;
  if (body && sig.declared.k !== 'void' && sig.result.k === 'option' && sig.declared.k !== 'option' && bodyMayEndWithoutValue(body)) {
    prog.diagnostics.warning(Codes.bodyNoValue, `the body of '${def.name}' can end without a value; it returns nil there, so callers see option<${prog.types.show(sig.declared)}>`, bodyEnd);
  }
  const priorError = def.error ?? sig.errors[0] ?? parseErrorWithin(prog, def.decl.decl.span);
  return buildFunction(prog, {
    name: sig.symbol,
    sourceName: def.name,
    kind: 'circuit',
    mode: 'circuit',
    file: def.file,
    loc: def.span,
    result: sig.result,
    declared: sig.declared,
    exported: true,
    attrs,
    ...(priorError ? { priorError } : {}),
    params: (cx) => declareParams(cx, sig.params),
    body: (cx) => {
      const stmts = body ? lowerCircuitBody(cx, body, bodyEnd) : [];
      if (node.kind === 'transaction') stmts.unshift(...transactionEmits(cx, node.decl.clauses));
      return stmts;
    },
    after: (cx) => {
      const lets = new Map<string, IrType>();
      for (const [name, b] of cx.fb.outerNames()) if (!sig.params.some((p) => p.name === name)) lets.set(name, b.type);
      prog.circuitLets.set(sig.symbol, lets);
    },
  });
}

/** A transaction's `emit STREAM value` clauses run when it is called (§5.9). */
function transactionEmits(cx: FnCtx, clauses: readonly Clause[]): IrStmt[] {
  const out: IrStmt[] = [];
  for (const c of clauses) {
    if (c.detail?.kind !== 'emit') continue;
    out.push({ s: 'expr', value: lowerEmit(cx, c.detail.stream, c.detail.value, c.span) });
  }
  return out;
}


/** The first parser error inside a declaration's span (the declaration is then isolated). */
export function parseErrorWithin(prog: ProgramCtx, span: Span): Diagnostic | undefined {
  const start = span.file.lineCol(span.start);
  const end = span.file.lineCol(span.end);
  return prog.parseErrors.find(
    (d) =>
      d.file === span.file.path &&
      (d.line > start.line || (d.line === start.line && d.column >= start.column)) &&
      (d.line < end.line || (d.line === end.line && d.column <= end.column)),
  );
}
