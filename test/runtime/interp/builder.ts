/**
 * A small hand-written IR builder for interpreter tests: typed expressions, functions with
 * named locals, and spans in a synthetic source file so trap locations can be asserted.
 */
import { SourceFile, spanOf, type Span } from '../../../compiler/diagnostics/source.ts';
import type {
  IrBinaryOp,
  IrConst,
  IrConvertKind,
  IrExpr,
  IrFunc,
  IrLocal,
  IrModule,
  IrPlaceStep,
  IrStmt,
  IrType,
  IrTypeDef,
  TrapKind,
} from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';

export { T };

/** A source file whose line N is `line N`; at(l, c) is a span at line l, column c. */
export const SOURCE = new SourceFile('test/prog.fl', Array.from({ length: 100 }, (_, i) => `line ${i + 1} ${'x'.repeat(40)}`).join('\n'));

export function at(line: number, column: number): Span {
  const off = SOURCE.offsetOf(line, column);
  return spanOf(SOURCE, off, off + 1);
}

export const c = (value: IrConst, type: IrType): IrExpr => ({ e: 'const', value, type });
export const u64 = (n: number | bigint): IrExpr => c(BigInt(n), T.u64);
export const u32 = (n: number | bigint): IrExpr => c(BigInt(n), T.u32);
export const u8 = (n: number | bigint): IrExpr => c(BigInt(n), T.u8);
export const i32 = (n: number | bigint): IrExpr => c(BigInt(n), T.i32);
export const bool = (b: boolean): IrExpr => c(b, T.bool);

export const bin = (op: IrBinaryOp, left: IrExpr, right: IrExpr, extra: { checked?: boolean; loc?: Span } = {}): IrExpr => {
  const cmp = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
  return { e: 'binary', op, left, right, type: cmp ? T.bool : left.type, ...extra };
};
export const unary = (op: 'neg' | 'not' | 'bnot', operand: IrExpr, extra: { checked?: boolean; loc?: Span } = {}): IrExpr => ({
  e: 'unary',
  op,
  operand,
  type: operand.type,
  ...extra,
});
export const convert = (kind: IrConvertKind, value: IrExpr, type: IrType, loc?: Span): IrExpr => ({ e: 'convert', kind, value, type, ...(loc ? { loc } : {}) });
export const builtin = (name: string, args: IrExpr[], type: IrType, loc?: Span): IrExpr => ({ e: 'builtin', name, args, type, ...(loc ? { loc } : {}) });
export const host = (name: string, args: IrExpr[], type: IrType, target?: string, loc?: Span): IrExpr => ({
  e: 'host',
  name,
  args,
  type,
  ...(target !== undefined ? { target } : {}),
  ...(loc ? { loc } : {}),
});
export const call = (func: string, args: IrExpr[], type: IrType, loc?: Span): IrExpr => ({ e: 'call', func, args, type, ...(loc ? { loc } : {}) });

/** Builds one function: declare locals, then write statements referring to them. */
export class FuncBuilder {
  readonly locals: IrLocal[] = [];
  readonly params: number[] = [];
  readonly body: IrStmt[] = [];

  constructor(
    readonly name: string,
    readonly result: IrType,
    readonly options: { overflowChecks?: boolean; kind?: IrFunc['kind']; attrs?: Record<string, unknown>; loc?: Span } = {},
  ) {}

  param(name: string, type: IrType): IrExpr {
    const id = this.locals.length;
    this.locals.push({ id, name, type, witness: false });
    this.params.push(id);
    return { e: 'local', id, type };
  }

  local(name: string, type: IrType): { id: number; get: IrExpr } {
    const id = this.locals.length;
    this.locals.push({ id, name, type, witness: true });
    return { id, get: { e: 'local', id, type } };
  }

  add(...stmts: IrStmt[]): this {
    this.body.push(...stmts);
    return this;
  }

  build(): IrFunc {
    return {
      name: this.name,
      sourceName: this.name,
      kind: this.options.kind ?? 'circuit',
      params: this.params,
      result: this.result,
      locals: this.locals,
      body: this.body,
      exported: true,
      overflowChecks: this.options.overflowChecks ?? false,
      attrs: this.options.attrs ?? {},
      ...(this.options.loc ? { loc: this.options.loc } : {}),
    };
  }
}

export const set = (local: number, value: IrExpr, loc?: Span): IrStmt => ({ s: 'set', local, value, ...(loc ? { loc } : {}) });
export const setPlace = (local: number, path: IrPlaceStep[], value: IrExpr, loc?: Span): IrStmt => ({ s: 'setPlace', local, path, value, ...(loc ? { loc } : {}) });
export const push = (local: number, path: IrPlaceStep[], value: IrExpr): IrStmt => ({ s: 'push', local, path, value });
export const ret = (value?: IrExpr): IrStmt => (value ? { s: 'return', value } : { s: 'return' });
export const ifs = (cond: IrExpr, then: IrStmt[], els: IrStmt[] = []): IrStmt => ({ s: 'if', cond, then, else: els });
export const loop = (body: IrStmt[], loc?: Span): IrStmt => ({ s: 'loop', body, ...(loc ? { loc } : {}) });
export const brk: IrStmt = { s: 'break' };
export const cont: IrStmt = { s: 'continue' };
export const trapStmt = (kind: TrapKind, message: string, loc?: Span): IrStmt => ({ s: 'trap', kind, message, ...(loc ? { loc } : {}) });
export const expr = (value: IrExpr): IrStmt => ({ s: 'expr', value });

export function module(funcs: IrFunc[], types: IrTypeDef[] = [], extra: Partial<IrModule> = {}): IrModule {
  return { types, funcs, procs: [], streams: [], stateMachines: [], tests: [], attrs: {}, ...extra };
}

/** A one-function module whose body returns `value`, for expression tests. */
export function exprModule(value: IrExpr, types: IrTypeDef[] = [], overflowChecks = false): IrModule {
  const f = new FuncBuilder('main', value.type, { overflowChecks });
  f.add(ret(value));
  return module([f.build()], types);
}
