/**
 * Program → IR: name resolution (§10), type checking (§8) and lowering to the shared IR, in
 * one deterministic pass per stage:
 *  1. index declarations and bind imports/uses/domains;
 *  2. resolve every type declaration (path order, so the type table is in file order);
 *  3. declare streams and stores;
 *  4. compute every function signature (so calls and nil-returning circuits are known);
 *  5. lower bodies, predicates, filters, tests and state machines, each isolated (§10).
 * Diagnostics go to the bag; nothing here prints or throws on bad input.
 */
import { posix } from 'node:path';
import type { Diagnostic, DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import type { IrFunc, IrModule, IrStateMachine, IrTest, IrType } from '../ir.ts';
import type { SourceFileAst } from '../../syntax/ast.ts';
import { clauseAttrs, type Json } from '../../check/clauses.ts';
import { Codes } from '../../check/codes.ts';
import { resolveImports } from '../../check/imports.ts';
import { checkJourneys } from './journeys.ts';
import { registerCryptoTypes } from '../../check/key-types.ts';
import { ProgramIndex, toPosix, type Def, type FuncDef, type StreamNode } from '../../check/program-index.ts';
import { TypeResolver } from '../../check/resolve-types.ts';
import { TypeTable } from '../../check/type-table.ts';
import { ConstEvaluator } from './consts.ts';
import type { LowerOptions, ProgramCtx, StreamInfo } from './context.ts';
import { lowerDataDecl } from './data.ts';
import { assignSymbol, computeSignature, lowerDeclaredFunction } from './functions.ts';
import { lowerCircuitPredicates, lowerDataPredicates } from './predicates.ts';
import { lowerStateMachine } from './state-machines.ts';
import { declareStream, lowerStreamFilters, streamAttrs } from './streams.ts';
import { lowerTest } from './tests.ts';

export type { LowerOptions } from './context.ts';

export function lowerProgram(files: readonly SourceFileAst[], diagnostics: DiagnosticBag, options: LowerOptions = {}): IrModule {
  const parseErrors: Diagnostic[] = diagnostics.items.filter((d) => d.severity === 'error');
  const index = new ProgramIndex([...files], diagnostics);
  resolveImports(index, options.root ?? commonRoot(files.map((f) => f.path)), diagnostics);
  const types = new TypeTable();
  const { keyBundle, encapsulation } = registerCryptoTypes(types);
  const consts = new ConstEvaluator();
  const resolver = new TypeResolver(index, types, diagnostics, (file, name) => consts.constInt(file, name));
  const prog: ProgramCtx = {
    index,
    types,
    resolver,
    diagnostics,
    consts,
    options,
    sigs: new Map(),
    streams: new Map(),
    funcs: [],
    symbols: new Set(),
    keyBundle,
    encapsulation,
    parseErrors,
    circuitLets: new Map(),
  };
  consts.attach(prog);
  const attrs: Record<string, Record<string, unknown>> = {};
  const put = (kind: string, name: string, value: unknown) => ((attrs[kind] ??= {})[name] = value);

  // 2. Types, in path order; data verbs become struct layouts and attrs.
  const dataTypes: { def: Def<import('../../check/program-index.ts').TypeDeclLike>; type: IrType }[] = [];
  for (const file of index.files) {
    for (const defs of [...index.types.values()]) {
      for (const def of defs) {
        if (def.file !== file) continue;
        const type = resolver.typeOfDef(def);
        if (def.decl.kind === 'Data') dataTypes.push({ def, type });
      }
    }
  }
  dataTypes.sort((a, b) => a.def.file.order - b.def.file.order || a.def.span.start - b.def.span.start);
  for (const { def, type } of dataTypes) put('data', def.name, lowerDataDecl(prog, def, type));

  // 3. Streams and stores.
  const streamDefs = sortedDefs([...index.streams.values()].flat());
  const infos: StreamInfo[] = [];
  for (const def of streamDefs) {
    if (def.duplicate) continue;
    const info = declareStream(prog, def as Def<StreamNode>);
    prog.streams.set(def as Def<StreamNode>, info);
    infos.push(info);
  }
  // A series records its target stream's elements (§5.6).
  for (const info of infos) {
    const d = info.def.decl;
    if (d.kind !== 'Series') continue;
    const target = index.nearest(info.def.file, index.streams.get(d.target.name))[0];
    const t = target ? prog.streams.get(target as Def<StreamNode>) : undefined;
    if (t && t !== info && t.elem.k !== 'any') {
      info.elem = t.elem;
      info.ir.elem = t.elem;
    }
  }

  // 4. Signatures.
  const funcDefs = index.allFuncs();
  const sigs = funcDefs.map((def) => {
    const sig = computeSignature(prog, def);
    prog.sigs.set(def, sig);
    return sig;
  });
  for (const sig of sigs) assignSymbol(prog, sig);
  reportExterns(prog, funcDefs);

  // 5. Bodies and everything attached to them.
  const funcs: IrFunc[] = [];
  const tests: IrTest[] = [];
  for (const info of infos) funcs.push(...lowerStreamFilters(prog, info));
  for (const sig of sigs) {
    const node = sig.def.decl;
    // Extern items are declarations: calls go to the host, a builtin or the circuit itself.
    if (node.kind === 'extern') continue;
    const circuit = lowerDeclaredFunction(prog, sig);
    funcs.push(circuit);
    const clauses = node.decl.clauses;
    funcs.push(...lowerCircuitPredicates(prog, sig, circuit, clauses));
    for (const c of clauses) {
      if (c.detail?.kind !== 'test') continue;
      const t = lowerTest(prog, c.detail.test, sig.def.file, { circuit: sig.symbol, circuitName: sig.def.name });
      funcs.push(t.func);
      tests.push(t.test);
    }
  }
  for (const { def, type } of dataTypes) funcs.push(...lowerDataPredicates(prog, def, type));
  for (const file of index.files) {
    for (const d of file.ast.decls) {
      if (d.kind !== 'Test') continue;
      const t = lowerTest(prog, d, file);
      funcs.push(t.func);
      tests.push(t.test);
    }
  }
  const machines: IrStateMachine[] = [];
  for (const def of sortedDefs([...index.machines.values()].flat())) {
    if (def.duplicate) continue;
    const { machine, step } = lowerStateMachine(prog, def);
    machines.push(machine);
    funcs.push(step);
  }
  checkJourneys(prog);
  collectMetadata(prog, put);
  for (const info of infos) put('streams', info.ir.name, streamAttrs(prog, info));

  return {
    types: types.defs,
    funcs,
    procs: [],
    streams: infos.map((i) => i.ir),
    stateMachines: machines,
    tests,
    attrs,
  };
}

function sortedDefs<D>(defs: Def<D>[]): Def<D>[] {
  return [...defs].sort((a, b) => a.file.order - b.file.order || a.span.start - b.span.start);
}

/** §5.10: an `extern "fl"` item naming a known circuit or builtin is a note (a warning when incompatible). */
function reportExterns(prog: ProgramCtx, defs: FuncDef[]): void {
  for (const def of defs) {
    const n = def.decl;
    if (n.kind !== 'extern' || n.abi !== 'fl') continue;
    const sig = prog.sigs.get(def)!;
    const defined = (prog.index.funcs.get(def.name) ?? []).find((d) => d.decl.kind !== 'extern' && !d.duplicate);
    if (defined) {
      const other = prog.sigs.get(defined)!;
      const compatible =
        other.params.length === sig.params.length &&
        other.params.every((p, i) => compatibleType(p.type, sig.params[i]!.type)) &&
        compatibleType(other.declared, sig.declared);
      if (compatible) prog.diagnostics.note(Codes.externRedeclares, `extern "fl" '${def.name}' re-declares the circuit in ${defined.file.path}`, def.span);
      else prog.diagnostics.warning(Codes.externIncompatible, `extern "fl" '${def.name}' does not match the circuit in ${defined.file.path}; calls use the circuit`, def.span);
      // Calls through the extern go to the circuit itself.
      sig.target = { kind: 'func', symbol: other.symbol };
      sig.params = other.params;
      sig.result = other.result;
    } else if (sig.target.kind === 'builtin') {
      prog.diagnostics.note(Codes.externRedeclares, `extern "fl" '${def.name}' is the runtime library's ${def.name}`, def.span);
    } else {
      prog.diagnostics.warning(Codes.externNoDefinition, `extern "fl" '${def.name}' has no FastLang definition; calls go to the host`, def.span);
    }
  }
}

function compatibleType(a: IrType, b: IrType): boolean {
  if (a.k === 'any' || b.k === 'any') return true;
  if (a.k === 'bytes' && b.k === 'bytesN') return true;
  if (b.k === 'bytes' && a.k === 'bytesN') return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Declarations that are metadata only (§8.7 "IR metadata only"). */
function collectMetadata(prog: ProgramCtx, put: (kind: string, name: string, value: unknown) => void): void {
  for (const file of prog.index.files) {
    for (const d of file.ast.decls) {
      switch (d.kind) {
        case 'CloudConfig':
          put('cloud', d.name.name, { ...clauseAttrs(d.clauses, prog.diagnostics), items: clauseAttrs(d.items, prog.diagnostics) });
          break;
        case 'Cortex':
          put('cortex', d.name.name, clauseAttrs(d.items, prog.diagnostics));
          break;
        case 'Platform':
          put('platform', d.name.name, { version: d.version.name, ...clauseAttrs(d.items, prog.diagnostics) });
          break;
        case 'Audience':
          put('audience', d.name.name, { inherits: d.parent.name, ...clauseAttrs(d.clauses, prog.diagnostics) });
          break;
        case 'Domain':
          put('domain', d.path.map((p) => p.name).join('.'), {
            items: d.items.map((i) => ({ kind: i.itemKind, name: i.name.name, from: i.from })) as Json,
          });
          break;
        case 'Circuit':
        case 'Transaction':
        case 'TypeDecl':
        case 'Data':
        case 'Test':
          break;
        default:
          break;
      }
    }
  }
}

/**
 * The IR symbol of a circuit by the name written in the source: the one declared in `file`
 * when given (for `estream run FILE CIRCUIT`), else the one that kept the plain name.
 */
export function findCircuitSymbol(module: IrModule, name: string, file?: string): string | undefined {
  const circuits = module.funcs.filter((f) => f.kind === 'circuit' && f.sourceName === name);
  const inFile = file === undefined ? undefined : circuits.find((f) => f.loc && toPosix(f.loc.file.path) === toPosix(file));
  return (inFile ?? circuits.find((f) => f.name === name) ?? circuits[0])?.name;
}

/** The deepest directory containing every file (the default package root). */
export function commonRoot(paths: readonly string[]): string {
  if (paths.length === 0) return '.';
  const dirs = paths.map((p) => posix.dirname(posix.normalize(toPosix(p))).split('/'));
  const first = dirs[0]!;
  let n = first.length;
  for (const d of dirs.slice(1)) {
    let i = 0;
    while (i < n && i < d.length && d[i] === first[i]) i++;
    n = i;
  }
  const root = first.slice(0, n).join('/');
  return root === '' ? (paths[0]!.startsWith('/') ? '/' : '.') : root;
}
