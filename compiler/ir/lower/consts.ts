/**
 * `const` declarations (LANGUAGE.md §5.4). Each initialiser is lowered once, in its own file's
 * scope, and folded to an IR constant. Sizes (`bytes(N)`, `[T; N]`) and enum values use the
 * integer value. An initialiser that does not fold (a pure call such as `sha3_256("x")`) is
 * re-lowered at each use: it is pure, so this is the same value.
 */
import { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import type { Span } from '../../diagnostics/source.ts';
import type { IrConst, IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { ConstDecl } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalConstInt } from '../../check/literal-eval.ts';
import type { Def, FileInfo } from '../../check/program-index.ts';
import { constE } from './build.ts';
import { FuncBuilder, type FnCtx, type ProgramCtx } from './context.ts';
import { lowerExprTo } from './expr.ts';

type Folded = { kind: 'const'; value: IrConst; type: IrType } | { kind: 'inline'; type: IrType } | { kind: 'error'; type: IrType };

export class ConstEvaluator {
  private prog!: ProgramCtx;
  private readonly folded = new Map<Def<ConstDecl>, Folded>();
  private readonly inProgress = new Set<Def<ConstDecl>>();

  attach(prog: ProgramCtx): void {
    this.prog = prog;
  }

  lookup(file: FileInfo, name: string, qualifier?: string): Def<ConstDecl> | undefined {
    return this.prog.index.nearest(file, this.prog.index.consts.get(name), qualifier)[0];
  }

  /** The integer value of a named constant visible from `file` (sizes, enum values). */
  constInt(file: FileInfo, name: string): bigint | undefined {
    const def = this.lookup(file, name);
    if (!def || this.inProgress.has(def)) return undefined;
    this.inProgress.add(def);
    try {
      const v = evalConstInt(def.decl.value, (n) => this.constInt(def.file, n));
      if (v !== undefined) return v;
    } finally {
      this.inProgress.delete(def);
    }
    const f = this.fold(def);
    return f.kind === 'const' && typeof f.value === 'bigint' ? f.value : undefined;
  }

  /** The constant's value at a use site. */
  valueAt(cx: FnCtx, def: Def<ConstDecl>, span: Span): IrExpr {
    const f = this.fold(def);
    if (f.kind === 'const') return constE(cloneConst(f.value), f.type);
    if (f.kind === 'error') return { e: 'trap', kind: 'not_compiled', message: `constant '${def.name}' has errors`, type: f.type, loc: span };
    // Re-lower the pure initialiser here, in the constant's own scope; its diagnostics were
    // reported once at the declaration.
    const quiet: FnCtx = { ...cx, file: def.file, prog: { ...cx.prog, diagnostics: new DiagnosticBag() } };
    return cx.fb.isolated(() => lowerExprTo(quiet, def.decl.value, f.type));
  }

  private fold(def: Def<ConstDecl>): Folded {
    const known = this.folded.get(def);
    if (known) return known;
    if (this.inProgress.has(def)) {
      this.prog.diagnostics.error(Codes.typeCycle, `constant '${def.name}' depends on itself`, def.span);
      return { kind: 'error', type: T.any };
    }
    this.inProgress.add(def);
    const type = this.prog.resolver.resolve(def.decl.type, def.file);
    const diagnostics = this.prog.diagnostics;
    const before = diagnostics.items.length;
    const cx: FnCtx = {
      prog: this.prog,
      file: def.file,
      fb: new FuncBuilder(),
      mode: 'const',
      result: type,
      declared: type,
      name: def.name,
      errorsBefore: before,
      overflowChecks: false,
    };
    const ir = lowerExprTo(cx, def.decl.value, type, `constant '${def.name}'`);
    this.inProgress.delete(def);
    const hasError = diagnostics.items.slice(before).some((d) => d.severity === 'error');
    const value = hasError ? undefined : foldIr(ir);
    const result: Folded = hasError ? { kind: 'error', type } : value !== undefined ? { kind: 'const', value, type } : { kind: 'inline', type };
    this.folded.set(def, result);
    return result;
  }
}

/** The value of an IR expression built only from constants, or undefined. */
export function foldIr(e: IrExpr): IrConst | undefined {
  switch (e.e) {
    case 'const':
      return e.value;
    case 'struct':
    case 'list': {
      const parts = e.e === 'struct' ? e.fields : e.elems;
      const out: IrConst[] = [];
      for (const p of parts) {
        const v = foldIr(p);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'some': {
      const v = foldIr(e.value);
      return v === undefined ? undefined : { some: v };
    }
    case 'none':
      return null;
    case 'fill': {
      const v = foldIr(e.fill);
      if (typeof v !== 'bigint' || e.type.k !== 'bytesN') return undefined;
      return new Uint8Array(e.type.n).fill(Number(BigInt.asUintN(8, v)));
    }
    case 'convert': {
      const v = foldIr(e.value);
      if (v === undefined) return undefined;
      if (e.kind === 'pad_bytes' && v instanceof Uint8Array && e.type.k === 'bytesN' && v.length <= e.type.n) {
        const out = new Uint8Array(e.type.n);
        out.set(v);
        return out;
      }
      if (e.kind === 'int' && typeof v === 'bigint') return v;
      if (e.kind === 'to_bytes' && v instanceof Uint8Array) return v;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Constants are shared data; each use gets its own copy of mutable parts (byte arrays). */
export function cloneConst(v: IrConst): IrConst {
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) return v.map(cloneConst);
  if (v !== null && typeof v === 'object') {
    if ('some' in v) return { some: cloneConst(v.some) };
  }
  return v;
}
