/** What expression/statement emitters need from the function being compiled. */
import type { Span } from '../diagnostics/source.ts';
import type { IrExpr, IrType, TrapKind } from '../ir/ir.ts';
import type { Ref, WasmContext } from './context.ts';
import type { SlotKind } from './layout.ts';

export interface FnCx {
  readonly cx: WasmContext;
  readonly funcName: string;
  /** A fresh scratch local of this slot kind ('none' gets an i32). */
  tmp(kind: SlotKind): number;
  expr(e: IrExpr): Ref;
  trap(kind: TrapKind, message: string, loc?: Span): Ref;
  /** Zero value of a type as an expression (LANGUAGE.md §8.2.2). */
  zero(t: IrType): Ref;
}

export interface IntInfo {
  bits: number;
  signed: boolean;
  /** 'wide' = boxed 128-bit (pointer to 16 bytes). */
  kind: 'i32' | 'i64' | 'wide';
}
