/**
 * `min_heap` (ESCIR.md §5.2): a bounded priority queue kept as a sorted array — key
 * ascending, then priority descending, then insertion order. `peek` is the pre-step head;
 * `insert`, `remove`, `update`, `update_next_time` and `pop` apply at commit, in edge order.
 */
import type { IrExpr, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, c, convert, field, index, isSome, not, or, some, unwrap, FALSE, TRUE } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import type { EType } from '../types/etype.ts';
import { zeroValue } from '../types/literals.ts';
import type { HelperCtx, StatefulOp } from './op-context.ts';
import { stringParam } from './params.ts';
import { cachedTypeParam } from '../graph/port-types.ts';

const u32 = T.u32;
const u64 = T.u64;

function elemType(x: { node: import('../model.ts').NodeModel; model: import('../model.ts').EscirModel; inType(p: string): EType }): EType {
  const t = cachedTypeParam(x.model, x.node, 'value_type') ?? x.inType('insert');
  if (t.k === 'unknown') throw new LoweringError('`min_heap` needs `value_type` or a typed `insert` edge');
  return t;
}

/** Index of a struct field by explicit name or by pattern. */
function fieldIndex(x: { model: import('../model.ts').EscirModel }, t: EType, name: string | undefined, pattern: RegExp): number {
  if (t.k !== 'struct') return -1;
  const d = x.model.types.struct(t.name);
  if (!d) return -1;
  if (name) return d.fields.findIndex((f) => f.name === name);
  return d.fields.findIndex((f) => pattern.test(f.name));
}

export const MIN_HEAP: StatefulOp = {
  state: (x) => {
    const cap = x.constParam('capacity');
    if (!cap || cap < 1) throw new LoweringError('`min_heap` needs a constant `capacity` ≥ 1');
    const t = elemType(x);
    return [
      { name: 'items', type: { k: 'array', elem: x.types.of(t), n: cap }, init: Array.from({ length: cap }, () => zeroValue(t, x.model.types)) },
      { name: 'seqs', type: { k: 'array', elem: u64, n: cap }, init: Array.from({ length: cap }, () => 0n) },
      { name: 'count', type: u32, init: 0n },
      { name: 'next_seq', type: u64, init: 0n },
    ];
  },
  evalInputs: () => [],
  eval(h) {
    const t = h.types.of(elemType(h));
    h.output('len', some(h.get('count')));
    h.fn.if(bin('gt', h.get('count'), c(0n, u32)), () => h.output('peek', some(index(h.get('items'), c(0n, u64), t))));
  },
  commit(h) {
    const et = elemType(h);
    const t = h.types.of(et);
    const cap = h.constParam('capacity')!;
    const keyIdx = fieldIndex(h, et, stringParam(h.node, 'key_of'), /(next_time|deadline|due|time|_at)$/);
    const prioIdx = fieldIndex(h, et, stringParam(h.node, 'prio_of'), /^(priority|prio)$/);
    const idIdx = fieldIndex(h, et, undefined, /(^id|_id)$/);
    const fieldOf = (v: IrExpr, i: number): IrExpr => {
      const d = h.model.types.struct((et as { name: string }).name)!;
      return field(v, i, h.types.of(d.fields[i]!.type));
    };
    const key = (v: IrExpr): IrExpr => (keyIdx >= 0 ? fieldOf(v, keyIdx) : et.k === 'int' ? v : c(0n, u64));
    const prio = (v: IrExpr): IrExpr | undefined => (prioIdx >= 0 ? fieldOf(v, prioIdx) : undefined);
    const sameId = (a: IrExpr, b: IrExpr): IrExpr => (idIdx >= 0 ? bin('eq', fieldOf(a, idIdx), fieldOf(b, idIdx)) : bin('eq', a, b));
    const item = (i: IrExpr) => index(h.get('items'), convert('int', i, u64), t);
    const seq = (i: IrExpr) => index(h.get('seqs'), convert('int', i, u64), u64);
    /** a orders before b: key asc, prio desc, then insertion (seq asc). */
    const before = (a: IrExpr, aSeq: IrExpr, b: IrExpr, bSeq: IrExpr): IrExpr => {
      const ka = key(a);
      const kb = key(b);
      const pa = prio(a);
      const pb = prio(b);
      const tie = pa && pb ? or(bin('gt', pa, pb), and(bin('eq', pa, pb), bin('lt', aSeq, bSeq))) : bin('lt', aSeq, bSeq);
      return or(bin('lt', ka, kb), and(bin('eq', ka, kb), tie));
    };
    const removeAt = (pos: number) => {
      // Shift items after `pos` one place left.
      h.fn.forRange('j', cap - 1, (j) =>
        h.fn.if(and(bin('ge', j, h.fn.get(pos)), bin('lt', bin('add', j, c(1n, u32)), h.get('count'))), () => {
          h.setAt('items', convert('int', j, u64), item(bin('add', j, c(1n, u32))));
          h.setAt('seqs', convert('int', j, u64), seq(bin('add', j, c(1n, u32))));
        }),
      );
      h.set('count', bin('sub', h.get('count'), c(1n, u32)));
    };
    const insert = (value: IrExpr, seqValue: IrExpr) => {
      const v = h.fn.let('v', value);
      const s = h.fn.let('s', seqValue);
      h.fn.if(bin('lt', h.get('count'), c(BigInt(cap), u32)), () => {
        // Position: first index whose item orders after the new one.
        const pos = h.fn.let('pos', h.get('count'));
        const found = h.fn.let('found', FALSE);
        h.fn.forRange('i', cap, (i) =>
          h.fn.if(and(and(not(h.fn.get(found)), bin('lt', i, h.get('count'))), before(h.fn.get(v), h.fn.get(s), item(i), seq(i))), () => {
            h.fn.set(pos, i);
            h.fn.set(found, TRUE);
          }),
        );
        // Shift right from the end down to pos.
        h.fn.forRange('k', cap, (k) => {
          const j = bin('sub', h.get('count'), k);
          h.fn.if(and(bin('lt', k, h.get('count')), bin('gt', j, h.fn.get(pos))), () => {
            h.setAt('items', convert('int', j, u64), item(bin('sub', j, c(1n, u32))));
            h.setAt('seqs', convert('int', j, u64), seq(bin('sub', j, c(1n, u32))));
          });
        });
        h.setAt('items', convert('int', h.fn.get(pos), u64), h.fn.get(v));
        h.setAt('seqs', convert('int', h.fn.get(pos), u64), h.fn.get(s));
        h.set('count', bin('add', h.get('count'), c(1n, u32)));
      });
    };
    /** Finds the item with the same identity; returns a local holding its index (or count when absent). */
    const find = (value: IrExpr): number => {
      const at = h.fn.let('at', h.get('count'));
      const hit = h.fn.let('hit', FALSE);
      h.fn.forRange('i', cap, (i) =>
        h.fn.if(and(and(not(h.fn.get(hit)), bin('lt', i, h.get('count'))), sameId(item(i), value)), () => {
          h.fn.set(at, i);
          h.fn.set(hit, TRUE);
        }),
      );
      return at;
    };
    for (const w of h.writes()) {
      h.fn.if(isSome(w.value), () => {
        const v = h.fn.let('w', unwrap(w.value));
        switch (w.port) {
          case 'insert':
            insert(h.fn.get(v), h.get('next_seq'));
            h.set('next_seq', bin('add', h.get('next_seq'), c(1n, u64)));
            break;
          case 'pop':
            h.fn.if(bin('gt', h.get('count'), c(0n, u32)), () => {
              const zero = h.fn.let('zero', c(0n, u32));
              removeAt(zero);
            });
            break;
          case 'remove': {
            const at = find(h.fn.get(v));
            h.fn.if(bin('lt', h.fn.get(at), h.get('count')), () => removeAt(at));
            break;
          }
          default: {
            // update / update_next_time: re-insert under the item's original insertion order.
            const at = find(h.fn.get(v));
            h.fn.if(bin('lt', h.fn.get(at), h.get('count')), () => {
              const oldSeq = h.fn.let('old_seq', seq(h.fn.get(at)));
              removeAt(at);
              insert(h.fn.get(v), h.fn.get(oldSeq));
            });
          }
        }
      });
    }
  },
};

export type { HelperCtx, IrType };
