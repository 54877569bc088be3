/**
 * The interface between the graph lowering and each stateful operator: an operator owns a
 * state struct and contributes an `eval` helper (reads pre-step state, produces outputs)
 * and optionally a `commit` helper (applies [W] inputs after every node has run).
 * Helpers are ordinary IR functions `lib.<op>.<phase>` per node (ESCIR.md §10 primitives).
 */
import type { IrConst, IrExpr, IrType } from '../../ir/ir.ts';
import { isSome, unwrap, type FnBuilder } from '../lower/builder.ts';
import { zeroValue } from '../types/literals.ts';
import type { IrTypes } from '../lower/ir-types.ts';
import type { EscirModel, NodeModel } from '../model.ts';
import type { EType } from '../types/etype.ts';

export interface StateField {
  name: string;
  type: IrType;
  init: IrConst;
}

export interface HelperCtx {
  fn: FnBuilder;
  node: NodeModel;
  model: EscirModel;
  types: IrTypes;
  now: IrExpr;
  /** Read a state field (pre-step value, or as updated earlier in this helper). */
  get(field: string): IrExpr;
  set(field: string, value: IrExpr): void;
  /** A [fixed-size array] element of a state field. */
  setAt(field: string, i: IrExpr, value: IrExpr): void;
  /** Any place inside a state field: `field[i].f` = value. */
  setIn(field: string, path: ({ k: 'field'; index: number } | { k: 'index'; index: IrExpr })[], value: IrExpr): void;
  /** The option<T> arriving on a non-[W] input port (none when unwired). */
  input(port: string): IrExpr;
  wired(port: string): boolean;
  /** [W] inputs in edge order (commit only). */
  writes(): { port: string; value: IrExpr }[];
  /** Sets an output port to an option<T> (events) or a T wrapped in some (values). */
  output(port: string, value: IrExpr): void;
  outType(port: string): IrType;
  inType(port: string): EType;
  /** A numeric parameter as an IR value of `type`: literal or `config.x`. */
  param(name: string, type: IrType, fallback?: number): IrExpr;
  constParam(name: string): number | undefined;
}

export interface StatefulOp {
  state(ctx: { node: NodeModel; model: EscirModel; types: IrTypes; inType(port: string): EType; outType(port: string): IrType; constParam(name: string): number | undefined }): StateField[];
  /** Non-[W] input ports read by eval. */
  evalInputs(node: NodeModel): string[];
  /** Runs before the other nodes (timers, ESCIR.md §6 step 2). */
  early?: boolean;
  eval(h: HelperCtx): void;
  commit?(h: HelperCtx): void;
}

/** Whether an event arrived on a non-[W] input port this step. */
export function present(h: HelperCtx, port: string): IrExpr {
  return isSome(h.input(port));
}

/** The value on a non-[W] input port (only where `present`). */
export function payload(h: HelperCtx, port: string): IrExpr {
  return unwrap(h.input(port));
}

/** The zero value of an ESCIR type, as a state field's initial value. */
export function zeroOf(h: { model: EscirModel }, t: EType): IrConst {
  return zeroValue(t, h.model.types);
}
