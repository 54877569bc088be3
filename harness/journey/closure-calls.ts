/**
 * The builtins of a journey script that take a closure (§8.3.4): `fold`, `all` and `query`.
 * `apply` runs a closure body with its parameters bound to the given values (missing ones
 * are nil, extra ones ignored).
 */
import type * as A from '../../compiler/syntax/ast.ts';
import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrConst, IrTypeDef } from '../../compiler/ir/ir.ts';
import { JourneyError, jbool, truth, typed, type JValue } from './values.ts';

export type ApplyClosure = (closure: A.ClosureExpr, values: JValue[]) => JValue;

export function foldOrAll(types: IrTypeDef[], name: string, items: JValue[], closure: A.ClosureExpr, init: () => JValue, apply: ApplyClosure): JValue {
  if (name === 'all') return jbool(items.every((x) => truth(apply(closure, [x]), closure.span, types)));
  let acc = init();
  for (const x of items) acc = apply(closure, [acc, x]);
  return acc;
}

/** The records of a `query` (from the host's stream) that satisfy the closure. */
export function queryRecords(types: IrTypeDef[], records: JValue | undefined, closure: A.ClosureExpr, apply: ApplyClosure, span: Span): JValue {
  if (!records || records.k !== 'typed' || records.type.k !== 'list') throw new JourneyError(`query needs a declared stream`, span);
  const elem = records.type.elem;
  const kept = (records.v as IrConst[]).filter((x) => truth(apply(closure, [typed(elem, x)]), closure.span, types));
  return typed(records.type, kept);
}
