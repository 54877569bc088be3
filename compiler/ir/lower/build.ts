/** Small constructors for IR nodes, so the lowering reads as the IR it produces. */
import type { Span } from '../../diagnostics/source.ts';
import type { IrBinaryOp, IrConst, IrConvertKind, IrExpr, IrPlaceStep, IrStmt, IrType, TrapKind } from '../ir.ts';
import { T } from '../ir.ts';

export function withLoc<E extends IrExpr>(e: E, loc?: Span): E {
  if (loc) e.loc = loc;
  return e;
}

export const constE = (value: IrConst, type: IrType): IrExpr => ({ e: 'const', value, type });
export const boolE = (value: boolean): IrExpr => ({ e: 'const', value, type: T.bool });
export const u64E = (value: bigint | number): IrExpr => ({ e: 'const', value: BigInt(value), type: T.u64 });
export const localE = (id: number, type: IrType): IrExpr => ({ e: 'local', id, type });

export function convertE(kind: IrConvertKind, value: IrExpr, type: IrType, loc?: Span): IrExpr {
  return withLoc({ e: 'convert', kind, value, type }, loc);
}

export function binaryE(op: IrBinaryOp, left: IrExpr, right: IrExpr, type: IrType, loc?: Span, checked?: boolean): IrExpr {
  const e: IrExpr = { e: 'binary', op, left, right, type };
  if (checked !== undefined) e.checked = checked;
  return withLoc(e, loc);
}

export const notE = (operand: IrExpr): IrExpr => ({ e: 'unary', op: 'not', operand, type: T.bool });
export const andE = (left: IrExpr, right: IrExpr): IrExpr => ({ e: 'logic', op: 'and', left, right, type: T.bool });
export const orE = (left: IrExpr, right: IrExpr): IrExpr => ({ e: 'logic', op: 'or', left, right, type: T.bool });
export const isSomeE = (value: IrExpr): IrExpr => ({ e: 'isSome', value, type: T.bool });
export const someE = (value: IrExpr, type: IrType): IrExpr => ({ e: 'some', value, type });
export const noneE = (type: IrType): IrExpr => ({ e: 'none', type });
export const unwrapE = (value: IrExpr, type: IrType, loc?: Span): IrExpr => withLoc({ e: 'unwrap', value, type }, loc);
export const fieldE = (object: IrExpr, index: number, type: IrType): IrExpr => ({ e: 'field', object, index, type });
export const lenE = (object: IrExpr): IrExpr => ({ e: 'len', object, type: T.u64 });
export const indexE = (object: IrExpr, index: IrExpr, type: IrType, loc?: Span): IrExpr => withLoc({ e: 'index', object, index, type }, loc);
export const ifE = (cond: IrExpr, then: IrExpr, els: IrExpr, type: IrType): IrExpr => ({ e: 'if', cond, then, else: els, type });

export function blockE(stmts: IrStmt[], value: IrExpr): IrExpr {
  if (stmts.length === 0) return value;
  return { e: 'block', stmts, value, type: value.type };
}

export function trapE(kind: TrapKind, message: string, type: IrType, loc?: Span): IrExpr {
  return withLoc({ e: 'trap', kind, message, type }, loc);
}

export function setS(local: number, value: IrExpr, loc?: Span): IrStmt {
  const s: IrStmt = { s: 'set', local, value };
  if (loc) s.loc = loc;
  return s;
}

export function setPlaceS(local: number, path: IrPlaceStep[], value: IrExpr, loc?: Span): IrStmt {
  const s: IrStmt = { s: 'setPlace', local, path, value };
  if (loc) s.loc = loc;
  return s;
}

export function pushS(local: number, path: IrPlaceStep[], value: IrExpr, loc?: Span): IrStmt {
  const s: IrStmt = { s: 'push', local, path, value };
  if (loc) s.loc = loc;
  return s;
}

export function trapS(kind: TrapKind, message: string, loc?: Span): IrStmt {
  const s: IrStmt = { s: 'trap', kind, message };
  if (loc) s.loc = loc;
  return s;
}

export const ifS = (cond: IrExpr, then: IrStmt[], els: IrStmt[] = []): IrStmt => ({ s: 'if', cond, then, else: els });
export const exprS = (value: IrExpr): IrStmt => ({ s: 'expr', value });

/** A value of type void, for expressions evaluated only for their effects. */
export const voidE = (): IrExpr => ({ e: 'const', value: null, type: T.void });
