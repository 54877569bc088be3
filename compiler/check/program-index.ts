/**
 * The program as a set of files and the declarations they contain, with the name-resolution
 * rules of LANGUAGE.md §10: names resolve within the file, then through explicit `import`/`use`/
 * `domain` bindings, then the directory, then the rest of the package by directory distance.
 * Duplicate declarations are reported here, once, at the declaration.
 */
import { posix } from 'node:path';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Span } from '../diagnostics/source.ts';
import type {
  CircuitDecl,
  ConstDecl,
  DataDecl,
  ExternItem,
  GraphDecl,
  SeriesDecl,
  SourceFileAst,
  StateMachineDecl,
  StoreDecl,
  StreamDecl,
  TransactionDecl,
  TypeDecl,
} from '../syntax/ast.ts';
import { walkBlock, walkExpr } from './ast-walk.ts';
import { Codes } from './codes.ts';

export interface FileInfo {
  ast: SourceFileAst;
  path: string;
  dir: string;
  stem: string;
  /** Position in path order (the order files were given / collected). */
  order: number;
  /** Default lex path: `lex` preamble, else `/// govern lex` (§2.1, §5.1). */
  lex?: string;
  /** Names bound explicitly by `import "…" { A, B }`, `import p/q { A }`, `use m::{A}`, `use m::A`. */
  importedNames: Map<string, FileInfo[]>;
  /** Files whose names are all bound explicitly (`use m::*`, `import m from "…"`). */
  globFiles: FileInfo[];
  /** Module qualifiers usable as `m::x` in this file (import aliases, use paths, domain modules). */
  moduleAliases: Map<string, FileInfo[]>;
  /** Field names written in struct literals per type name, for best-field-match (§10). */
  fieldHints: Map<string, Set<string>>;
}

export interface Def<D> {
  name: string;
  decl: D;
  file: FileInfo;
  span: Span;
  /** A second declaration of the name in the same file (an error; never chosen by lookup). */
  duplicate?: boolean;
  /** The error reported for a duplicate, quoted by its `not_compiled` trap. */
  error?: import('../diagnostics/diagnostic.ts').Diagnostic;
}

export type TypeDeclLike = TypeDecl | DataDecl;

export type FuncNode =
  | { kind: 'circuit'; decl: CircuitDecl }
  | { kind: 'transaction'; decl: TransactionDecl }
  | { kind: 'extern'; decl: ExternItem; abi: string };

export interface FuncDef extends Def<FuncNode> {
  /** Unique IR symbol (set by the lowering). */
  symbol?: string;
}

export type StreamNode = StreamDecl | StoreDecl | SeriesDecl | GraphDecl;

export class ProgramIndex {
  readonly files: FileInfo[];
  readonly types = new Map<string, Def<TypeDeclLike>[]>();
  readonly funcs = new Map<string, FuncDef[]>();
  readonly consts = new Map<string, Def<ConstDecl>[]>();
  readonly streams = new Map<string, Def<StreamNode>[]>();
  readonly machines = new Map<string, Def<StateMachineDecl>[]>();
  readonly byPath = new Map<string, FileInfo>();

  constructor(asts: SourceFileAst[], diagnostics: DiagnosticBag) {
    this.files = asts.map((ast, order) => makeFileInfo(ast, order));
    for (const f of this.files) this.byPath.set(posix.normalize(toPosix(f.path)), f);
    for (const f of this.files) this.collect(f, diagnostics);
    this.reportCrossFileCircuits(diagnostics);
  }

  private collect(file: FileInfo, diagnostics: DiagnosticBag): void {
    const seenTypes = new Map<string, Span>();
    const seenFuncs = new Map<string, Span>();
    const seenOther = new Map<string, Span>();
    const addType = (name: string, span: Span, decl: TypeDeclLike) => {
      const first = seenTypes.get(name);
      const def: Def<TypeDeclLike> = { name, decl, file, span };
      if (first) {
        def.duplicate = true;
        diagnostics.error(Codes.duplicateType, `type '${name}' is declared twice in this file`, span, {
          related: [related('first declared here', first)],
        });
      } else seenTypes.set(name, span);
      push(this.types, name, def);
    };
    const addFunc = (name: string, span: Span, node: FuncNode) => {
      const first = seenFuncs.get(name);
      const def: FuncDef = { name, decl: node, file, span };
      if (first) {
        def.duplicate = true;
        def.error = diagnostics.error(Codes.duplicateCircuit, `circuit '${name}' is declared twice in this file`, span, {
          related: [related('first declared here', first)],
        });
      } else seenFuncs.set(name, span);
      push(this.funcs, name, def);
    };
    const addOther = <D>(map: Map<string, Def<D>[]>, what: string, name: string, span: Span, decl: D) => {
      const key = `${what}:${name}`;
      const first = seenOther.get(key);
      const def: Def<D> = { name, decl, file, span };
      if (first) {
        def.duplicate = true;
        diagnostics.error(Codes.duplicateName, `${what} '${name}' is declared twice in this file`, span, {
          related: [related('first declared here', first)],
        });
      } else seenOther.set(key, span);
      push(map, name, def);
    };
    for (const d of file.ast.decls) {
      switch (d.kind) {
        case 'TypeDecl':
        case 'Data':
          addType(d.name.name, d.name.span, d);
          break;
        case 'Circuit':
          addFunc(d.name.name, d.name.span, { kind: 'circuit', decl: d });
          break;
        case 'Transaction':
          addFunc(d.name.name, d.name.span, { kind: 'transaction', decl: d });
          break;
        case 'Extern':
          // Extern items are declarations of something defined elsewhere: they never clash
          // with a definition in the same file (§5.10, a note is given at lowering).
          for (const item of d.items) push(this.funcs, item.name.name, { name: item.name.name, decl: { kind: 'extern', decl: item, abi: d.abi }, file, span: item.name.span });
          break;
        case 'Const':
          addOther(this.consts, 'constant', d.name.name, d.name.span, d);
          break;
        case 'Stream':
        case 'Store':
        case 'Series':
          addOther(this.streams, 'stream', d.name.name, d.name.span, d);
          break;
        case 'Graph':
          addOther(this.streams, 'stream', d.name.name, d.name.span, d);
          break;
        case 'StateMachine':
          addOther(this.machines, 'state machine', d.name.name, d.name.span, d);
          break;
        default:
          break;
      }
    }
  }

  /** §10: the same circuit name in different files is a warning; the nearest scope wins. */
  private reportCrossFileCircuits(diagnostics: DiagnosticBag): void {
    for (const [name, defs] of [...this.funcs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const real = defs.filter((d) => d.decl.kind !== 'extern' && !d.duplicate);
      const firstByFile = new Map<FileInfo, FuncDef>();
      for (const d of real) if (!firstByFile.has(d.file)) firstByFile.set(d.file, d);
      const ordered = [...firstByFile.values()].sort((a, b) => a.file.order - b.file.order);
      for (const d of ordered.slice(1)) {
        const first = ordered[0]!;
        diagnostics.warning(
          Codes.circuitInOtherFile,
          `circuit '${name}' is also declared in ${first.file.path}; each use picks the nearest declaration`,
          d.span,
          { related: [related('other declaration', first.span)] },
        );
      }
    }
  }

  /**
   * Candidates at the smallest distance from `from` (all of them, in path order).
   * Duplicates within one file are never chosen.
   */
  nearest<D>(from: FileInfo, defs: readonly Def<D>[] | undefined, qualifier?: string): Def<D>[] {
    if (!defs || defs.length === 0) return [];
    let live = defs.filter((d) => !d.duplicate);
    if (qualifier !== undefined) {
      const files = this.moduleFiles(from, qualifier);
      const inModule = live.filter((d) => files.includes(d.file));
      if (inModule.length > 0) live = inModule;
    }
    let best = Infinity;
    let out: Def<D>[] = [];
    for (const d of live) {
      const dist = this.distance(from, d.file, d.name);
      if (dist < best) {
        best = dist;
        out = [d];
      } else if (dist === best) out.push(d);
    }
    return out.sort((a, b) => a.file.order - b.file.order || a.span.start - b.span.start);
  }

  /** Files a module qualifier (`m` in `m::x`) denotes from a file. */
  moduleFiles(from: FileInfo, qualifier: string): FileInfo[] {
    const explicit = from.moduleAliases.get(qualifier);
    if (explicit && explicit.length > 0) return explicit;
    const byStem = this.files.filter((f) => f.stem === qualifier);
    return byStem.sort((a, b) => this.distance(from, a, '') - this.distance(from, b, '') || a.order - b.order);
  }

  /** 0 same file, 1 explicitly bound, then 2 + directory steps between the two files. */
  distance(from: FileInfo, to: FileInfo, name: string): number {
    if (from === to) return 0;
    if (from.importedNames.get(name)?.includes(to) || from.globFiles.includes(to)) return 1;
    return 2 + dirDistance(from.dir, to.dir);
  }

  allFuncs(): FuncDef[] {
    const out: FuncDef[] = [];
    for (const defs of this.funcs.values()) out.push(...defs);
    return out.sort((a, b) => a.file.order - b.file.order || a.span.start - b.span.start);
  }
}

function makeFileInfo(ast: SourceFileAst, order: number): FileInfo {
  const p = toPosix(ast.path);
  const base = posix.basename(p);
  const stem = base.replace(/\.(fl|fld|flj)$/, '');
  const info: FileInfo = {
    ast,
    path: ast.path,
    dir: posix.dirname(posix.normalize(p)),
    stem,
    order,
    importedNames: new Map(),
    globFiles: [],
    moduleAliases: new Map(),
    fieldHints: collectFieldHints(ast),
  };
  const lex = ast.preamble.lex?.normalized ?? ast.pragmas.governLex?.path;
  if (lex !== undefined) info.lex = lex;
  return info;
}

/** Field names used with each named struct literal in the file (for best-field-match). */
function collectFieldHints(ast: SourceFileAst): Map<string, Set<string>> {
  const hints = new Map<string, Set<string>>();
  const visit = (e: import('../syntax/ast.ts').Expr) => {
    if (e.kind === 'StructLit' && e.type?.kind === 'NamedType') {
      const name = e.type.path[e.type.path.length - 1]!.name;
      let set = hints.get(name);
      if (!set) hints.set(name, (set = new Set()));
      for (const f of e.fields) set.add(f.name.name);
    }
  };
  for (const d of ast.decls) {
    if ((d.kind === 'Circuit' || d.kind === 'Test') && d.body) walkBlock(d.body, visit);
    else if (d.kind === 'Transaction' && d.body) walkBlock(d.body, visit);
    else if (d.kind === 'Const') walkExpr(d.value, visit);
  }
  return hints;
}

export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

export function dirDistance(a: string, b: string): number {
  if (a === b) return 0;
  const as = a === '.' ? [] : a.split('/').filter(Boolean);
  const bs = b === '.' ? [] : b.split('/').filter(Boolean);
  let i = 0;
  while (i < as.length && i < bs.length && as[i] === bs[i]) i++;
  return as.length - i + (bs.length - i);
}

export function related(message: string, span: Span) {
  const lc = span.file.lineCol(span.start);
  return { message, file: span.file.path, line: lc.line, column: lc.column };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
