/**
 * Typed expressions: the output of the checker and the input of IR lowering. Every name is
 * resolved: locals by id, everything else (inputs, node ports, state, consts) to an operand
 * key that the lowering environment binds to an IR value.
 */
import type { IrConst } from '../../ir/ir.ts';
import type { BinaryOp } from './ast.ts';
import type { EType } from '../types/etype.ts';

export type TExpr = { type: EType; start: number; end: number } & (
  | { k: 'const'; value: IrConst }
  | { k: 'local'; id: number; name: string }
  | { k: 'operand'; key: string }
  | { k: 'field'; object: TExpr; index: number; name: string }
  | { k: 'index'; object: TExpr; index: TExpr }
  | { k: 'slice'; object: TExpr; lo: TExpr; hi?: TExpr }
  | { k: 'len'; object: TExpr }
  | { k: 'unary'; op: '!' | '-' | '~'; operand: TExpr }
  | { k: 'binary'; op: Exclude<BinaryOp, '&&' | '||'>; left: TExpr; right: TExpr }
  | { k: 'logic'; op: '&&' | '||'; left: TExpr; right: TExpr }
  | { k: 'cond'; cond: TExpr; then: TExpr; else: TExpr }
  | { k: 'convert'; value: TExpr }
  | { k: 'builtin'; name: string; args: TExpr[] }
  | { k: 'struct'; fields: TExpr[] }
  | { k: 'list'; elems: TExpr[] }
  | { k: 'extern'; name: string; args: TExpr[] }
  | { k: 'block'; stmts: TStmt[]; value: TExpr }
);

export type TStmt =
  | { k: 'let'; id: number; value: TExpr }
  | { k: 'set'; id: number; value: TExpr }
  /** Assignment to a named output / state register / wire: bound by the lowering environment. */
  | { k: 'out'; key: string; value: TExpr }
  | { k: 'if'; cond: TExpr; then: TStmt[]; else: TStmt[] }
  | { k: 'for'; id: number; from: TExpr; to: TExpr; body: TStmt[] }
  | { k: 'expr'; value: TExpr };

export interface TLocal {
  id: number;
  name: string;
  type: EType;
}
