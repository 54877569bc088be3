/** A small builder for hand-written IR modules in back-end and runtime tests. */
import { SourceFile, type Span } from '../../compiler/diagnostics/source.ts';
import type { IrBinaryOp, IrConst, IrConvertKind, IrExpr, IrFunc, IrLocal, IrModule, IrPlaceStep, IrProc, IrStmt, IrStream, IrType, IrTypeDef, TrapKind } from '../../compiler/ir/ir.ts';
import { T } from '../../compiler/ir/ir.ts';

export { T };

/** A fake source file of 200 lines of 80 columns, so spans resolve to predictable line:col. */
export const SRC = new SourceFile('test/prog.fl', Array.from({ length: 200 }, () => ' '.repeat(79)).join('\n'));

/** Span at 1-based line and column (length 3). */
export function at(line: number, column: number): Span {
  const start = SRC.offsetOf(line, column);
  return { file: SRC, start, end: start + 3 };
}

export const E = {
  c: (value: IrConst, type: IrType, loc?: Span): IrExpr => ({ e: 'const', value, type, ...(loc ? { loc } : {}) }),
  int: (v: number | bigint, type: IrType = T.u64): IrExpr => ({ e: 'const', value: BigInt(v), type }),
  bool: (v: boolean): IrExpr => ({ e: 'const', value: v, type: T.bool }),
  str: (v: string): IrExpr => ({ e: 'const', value: v, type: T.string }),
  bytes: (v: Uint8Array | number[], type?: IrType): IrExpr => {
    const b = v instanceof Uint8Array ? v : new Uint8Array(v);
    return { e: 'const', value: b, type: type ?? T.bytesN(b.length) };
  },
  bin: (op: IrBinaryOp, left: IrExpr, right: IrExpr, loc?: Span, checked?: boolean): IrExpr => {
    const cmp = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
    return { e: 'binary', op, left, right, type: cmp ? T.bool : left.type, ...(loc ? { loc } : {}), ...(checked !== undefined ? { checked } : {}) };
  },
  convert: (kind: IrConvertKind, value: IrExpr, type: IrType, loc?: Span): IrExpr => ({ e: 'convert', kind, value, type, ...(loc ? { loc } : {}) }),
  struct: (type: IrType, fields: IrExpr[]): IrExpr => ({ e: 'struct', fields, type }),
  field: (object: IrExpr, index: number, type: IrType): IrExpr => ({ e: 'field', object, index, type }),
  list: (elem: IrType, elems: IrExpr[]): IrExpr => ({ e: 'list', elems, type: T.list(elem) }),
  index: (object: IrExpr, index: IrExpr, type: IrType, loc?: Span): IrExpr => ({ e: 'index', object, index, type, ...(loc ? { loc } : {}) }),
  len: (object: IrExpr): IrExpr => ({ e: 'len', object, type: T.u64 }),
  some: (value: IrExpr): IrExpr => ({ e: 'some', value, type: T.option(value.type) }),
  none: (inner: IrType): IrExpr => ({ e: 'none', type: T.option(inner) }),
  isSome: (value: IrExpr): IrExpr => ({ e: 'isSome', value, type: T.bool }),
  unwrap: (value: IrExpr, loc?: Span): IrExpr => ({ e: 'unwrap', value, type: (value.type as { inner: IrType }).inner, ...(loc ? { loc } : {}) }),
  call: (func: string, args: IrExpr[], type: IrType, loc?: Span): IrExpr => ({ e: 'call', func, args, type, ...(loc ? { loc } : {}) }),
  builtin: (name: string, args: IrExpr[], type: IrType, loc?: Span): IrExpr => ({ e: 'builtin', name, args, type, ...(loc ? { loc } : {}) }),
  host: (name: string, args: IrExpr[], type: IrType, loc?: Span, target?: string): IrExpr => ({ e: 'host', name, args, type, ...(loc ? { loc } : {}), ...(target ? { target } : {}) }),
  if: (cond: IrExpr, then: IrExpr, els: IrExpr): IrExpr => ({ e: 'if', cond, then, else: els, type: then.type }),
};

export const S = {
  set: (local: number, value: IrExpr, loc?: Span): IrStmt => ({ s: 'set', local, value, ...(loc ? { loc } : {}) }),
  setPlace: (local: number, path: IrPlaceStep[], value: IrExpr, loc?: Span): IrStmt => ({ s: 'setPlace', local, path, value, ...(loc ? { loc } : {}) }),
  push: (local: number, path: IrPlaceStep[], value: IrExpr, loc?: Span): IrStmt => ({ s: 'push', local, path, value, ...(loc ? { loc } : {}) }),
  expr: (value: IrExpr): IrStmt => ({ s: 'expr', value }),
  if: (cond: IrExpr, then: IrStmt[], els: IrStmt[] = []): IrStmt => ({ s: 'if', cond, then, else: els }),
  loop: (body: IrStmt[], loc?: Span): IrStmt => ({ s: 'loop', body, ...(loc ? { loc } : {}) }),
  break: (): IrStmt => ({ s: 'break' }),
  continue: (): IrStmt => ({ s: 'continue' }),
  ret: (value?: IrExpr): IrStmt => (value ? { s: 'return', value } : { s: 'return' }),
  trap: (kind: TrapKind, message: string, loc?: Span): IrStmt => ({ s: 'trap', kind, message, ...(loc ? { loc } : {}) }),
};

export class FuncBuilder {
  readonly locals: IrLocal[] = [];
  readonly params: number[] = [];
  readonly body: IrStmt[] = [];
  constructor(readonly name: string) {}

  param(name: string, type: IrType, loc?: Span): IrExpr {
    const id = this.declare(name, type, false, loc);
    this.params.push(id);
    return { e: 'local', id, type };
  }
  /** Declare a local; returns its id. Witness-recorded unless the name starts with '%'. */
  declare(name: string, type: IrType, witness = !name.startsWith('%'), loc?: Span): number {
    const id = this.locals.length;
    this.locals.push({ id, name, type, witness, ...(loc ? { loc } : {}) });
    return id;
  }
  get(id: number): IrExpr {
    return { e: 'local', id, type: this.locals[id]!.type };
  }
  /** `let name = value` (declare + set); returns the local expression. */
  let(name: string, value: IrExpr, loc?: Span): IrExpr {
    const id = this.declare(name, value.type, !name.startsWith('%'), loc);
    this.body.push(S.set(id, value, loc));
    return this.get(id);
  }
  add(...stmts: IrStmt[]): this {
    this.body.push(...stmts);
    return this;
  }
}

export class ModuleBuilder {
  readonly types: IrTypeDef[] = [];
  readonly funcs: IrFunc[] = [];
  readonly procs: IrProc[] = [];
  readonly streams: IrStream[] = [];

  struct(name: string, fields: [string, IrType][]): IrType {
    this.types.push({ kind: 'struct', name, fields: fields.map(([n, t]) => ({ name: n, type: t })) });
    return { k: 'struct', id: this.types.length - 1 };
  }
  enum(name: string, variants: [string, number | bigint][], reprBits: 8 | 16 | 32 | 64 = 8): IrType {
    this.types.push({ kind: 'enum', name, reprBits, variants: variants.map(([n, v]) => ({ name: n, value: BigInt(v) })) });
    return { k: 'enum', id: this.types.length - 1 };
  }
  func(
    name: string,
    result: IrType,
    build: (f: FuncBuilder) => void,
    opts: { kind?: IrFunc['kind']; exported?: boolean; overflowChecks?: boolean; attrs?: Record<string, unknown>; loc?: Span } = {},
  ): this {
    const f = new FuncBuilder(name);
    build(f);
    this.funcs.push({
      name,
      sourceName: name,
      kind: opts.kind ?? 'circuit',
      params: f.params,
      result,
      locals: f.locals,
      body: f.body,
      exported: opts.exported ?? true,
      overflowChecks: opts.overflowChecks ?? false,
      attrs: opts.attrs ?? {},
      loc: opts.loc ?? at(1, 1),
    });
    return this;
  }
  build(): IrModule {
    return { types: this.types, funcs: this.funcs, procs: this.procs, streams: this.streams, stateMachines: [], tests: [], attrs: {} };
  }
}
