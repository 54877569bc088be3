/**
 * What the expression checker asks of the body's owner (ESCIR.md §6 name lookup): how
 * names resolve, which can be assigned, and where findings go.
 */
import type { IrConst } from '../../ir/ir.ts';
import type { EType } from '../types/etype.ts';
import type { TypeTable } from '../types/type-table.ts';

/** What a top-level name (or `a.b` path head) resolves to in the circuit. */
export type NameBinding =
  | { kind: 'value'; key: string; type: EType }
  /** A node id: its ports are reached with `.port`; used bare it is the default output. */
  | { kind: 'node'; id: string; defaultKey?: string; defaultType?: EType; port(name: string): { key: string; type: EType } | undefined; ports(): string[] }
  | { kind: 'const'; value: IrConst; type: EType; warn?: { code: string; message: string } };

export interface CheckEnv {
  table: TypeTable;
  canonical: boolean;
  resolve(name: string): NameBinding | undefined;
  /** Every top-level name, for did-you-mean hints. */
  names(): string[];
  externs?: Map<string, { params: EType[]; result: EType }>;
  /** Names assignable as outputs at top level of a body (expr named outputs, process wires/state). */
  assignable?(name: string): { key: string; type: EType | undefined } | undefined;
  report(severity: 'error' | 'warning', code: string, message: string, start: number, end: number, hint?: string): void;
}

/** Functions every body may call (ESCIR.md §6). */
export const BUILTINS = ['min', 'max', 'abs', 'len', 'hex', 'sha3_256', 'blake3', 'fnv1a32'];
