/**
 * What `map` and `multimap` (ESCIR.md §5.2) share: a table of `capacity` keys in insertion
 * order, whose values are structs keyed by one of their fields.
 */
import type { IrExpr, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, convert, index, not, FALSE, TRUE } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import { cachedTypeParam } from '../graph/port-types.ts';
import type { EscirModel, NodeModel } from '../model.ts';
import type { EType } from '../types/etype.ts';
import type { HelperCtx } from './op-context.ts';
import { stringParam } from './params.ts';

/** The node's `key_type` and `value_type` (both required). */
export function keyValueTypes(op: string, x: { node: NodeModel; model: EscirModel }): { k: EType; v: EType } {
  const k = cachedTypeParam(x.model, x.node, 'key_type');
  const v = cachedTypeParam(x.model, x.node, 'value_type');
  if (!k || !v || k.k === 'unknown' || v.k === 'unknown') throw new LoweringError(`\`${op}\` needs \`key_type\` and \`value_type\``);
  return { k, v };
}

/**
 * The field of a value that is its key: the `key_of` field, else the first `*_id` field, else
 * the first field. With `keyType`, the field must have that type.
 */
export function keyFieldIndex(op: string, h: HelperCtx, v: EType, keyType?: EType): number {
  if (v.k !== 'struct') throw new LoweringError(`\`${op}\` values must be structs (their key is a field)`);
  const d = h.model.types.struct(v.name);
  // A value struct whose declaration failed (E030/E032 already reported) has no usable fields.
  if (!d || d.fields.length === 0) throw new LoweringError(`\`${op}\` value type \`${v.name}\` has no fields to key on`);
  const named = stringParam(h.node, 'key_of');
  let i = named ? d.fields.findIndex((f) => f.name === named) : d.fields.findIndex((f) => /(^id|_id)$/.test(f.name));
  if (i < 0 && !named) i = 0;
  if (keyType === undefined) {
    if (i < 0) throw new LoweringError(`\`${op}\` has no key field \`${named}\``);
  } else if (i < 0 || JSON.stringify(d.fields[i]!.type) !== JSON.stringify(keyType)) {
    throw new LoweringError(`\`${op}\` key field \`${named ?? d.fields[i]?.name ?? '?'}\` must have the key type`);
  }
  return i;
}

/**
 * A local holding the slot of `key` among the first `count` keys (state field `countField`),
 * or `count` when the key is absent. Scans all `capacity` slots (a fixed loop).
 */
export function findKeySlot(h: HelperCtx, capacity: number, countField: string, keyType: IrType, key: IrExpr): number {
  const at = h.fn.let('at', h.get(countField));
  const hit = h.fn.let('hit', FALSE);
  h.fn.forRange('i', capacity, (i) =>
    h.fn.if(and(and(not(h.fn.get(hit)), bin('lt', i, h.get(countField))), bin('eq', index(h.get('keys'), convert('int', i, T.u64), keyType), key)), () => {
      h.fn.set(at, i);
      h.fn.set(hit, TRUE);
    }),
  );
  return at;
}
