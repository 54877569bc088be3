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
  /**
   * A process operation (ESCIR.md §7): `p.recv()`, `p.send(v)`, a core slot method, a ROM
   * lookup. `op` names it (`recv`, `send`, `core:FNV1aHasher.push_segment`, `rom.lookup`, …)
   * and `target` the port, slot or ROM; the lowering environment gives it meaning.
   */
  | { k: 'effect'; op: string; target: string; args: TExpr[] }
  /** Aborts the activation (a `match` used as a value that no arm covers). */
  | { k: 'trap'; message: string }
);

/** One step of an assignment place: `.field` or `[index]`. */
export type TPlaceStep = { k: 'field'; index: number } | { k: 'index'; index: TExpr };

/**
 * A typed statement. `start`/`end` are offsets into the body string of the source
 * statement it was checked from (set by the checker), so the lowering can locate it.
 */
export type TStmt = { start?: number; end?: number } & (
  | { k: 'let'; id: number; value: TExpr }
  | { k: 'set'; id: number; value: TExpr }
  /** Assignment to a named output / state register / wire: bound by the lowering environment. */
  | { k: 'out'; key: string; value: TExpr }
  | { k: 'if'; cond: TExpr; then: TStmt[]; else: TStmt[] }
  | { k: 'for'; id: number; from: TExpr; to: TExpr; body: TStmt[] }
  | { k: 'expr'; value: TExpr }
  /** Process bodies: `reg[i].f = v` on a local or on a register / wire named by key. */
  | { k: 'place'; base: { local: number } | { key: string }; path: TPlaceStep[]; value: TExpr }
  | { k: 'return' }
  | { k: 'break' }
  | { k: 'continue' }
);

export interface TLocal {
  id: number;
  name: string;
  type: EType;
}
