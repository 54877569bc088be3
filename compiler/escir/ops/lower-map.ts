/**
 * `map` (ESCIR.md §5.2): a bounded, insertion-ordered key → value table. `lookup` reads the
 * pre-step table (`found?` the value, `missing?` the key). `upsert`, `add` (no overwrite),
 * `update` (existing keys only), `remove`, `enable`/`disable` (set the value's `enabled` field)
 * apply at commit in edge order. A value that does not fit a full table is `rejected?` — reported
 * in the next step, since commits happen after every node has run.
 */
import type { IrExpr } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, c, convert, field, index, isSome, none, not, some, unwrap, FALSE, TRUE } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import { zeroValue } from '../types/literals.ts';
import type { StatefulOp } from './op-context.ts';
import { findKeySlot, keyFieldIndex, keyValueTypes } from './keyed-table.ts';

const u32 = T.u32;
const u64 = T.u64;

const types = (x: Parameters<typeof keyValueTypes>[1]) => keyValueTypes('map', x);

export const MAP: StatefulOp = {
  state: (x) => {
    const cap = x.constParam('capacity');
    if (!cap || cap < 1) throw new LoweringError('`map` needs a constant `capacity` ≥ 1');
    const { k, v } = types(x);
    return [
      { name: 'keys', type: { k: 'array', elem: x.types.of(k), n: cap }, init: Array.from({ length: cap }, () => zeroValue(k, x.model.types)) },
      { name: 'vals', type: { k: 'array', elem: x.types.of(v), n: cap }, init: Array.from({ length: cap }, () => zeroValue(v, x.model.types)) },
      { name: 'count', type: u32, init: 0n },
      { name: 'rejected', type: T.option(x.types.of(v)), init: null },
    ];
  },
  evalInputs: () => ['lookup'],
  eval(h) {
    const { k, v } = types(h);
    const cap = h.constParam('capacity')!;
    const kT = h.types.of(k);
    const vT = h.types.of(v);
    h.output('len', some(h.get('count')));
    h.fn.if(isSome(h.get('rejected')), () => {
      h.output('rejected', h.get('rejected'));
      h.set('rejected', none(vT));
    });
    h.fn.if(isSome(h.input('lookup')), () => {
      const key = h.fn.let('key', unwrap(h.input('lookup')));
      const hit = h.fn.let('hit', FALSE);
      h.fn.forRange('i', cap, (i) =>
        h.fn.if(and(and(not(h.fn.get(hit)), bin('lt', i, h.get('count'))), bin('eq', index(h.get('keys'), convert('int', i, u64), kT), h.fn.get(key))), () => {
          h.fn.set(hit, TRUE);
          h.output('found', some(index(h.get('vals'), convert('int', i, u64), vT)));
        }),
      );
      h.fn.if(not(h.fn.get(hit)), () => h.output('missing', some(h.fn.get(key))));
    });
  },
  commit(h) {
    const { k, v } = types(h);
    const cap = h.constParam('capacity')!;
    const kT = h.types.of(k);
    const vT = h.types.of(v);
    const keyIdx = keyFieldIndex('map', h, v, k);
    const d = v.k === 'struct' ? h.model.types.struct(v.name)! : undefined;
    const enabledIdx = d ? d.fields.findIndex((f) => f.name === 'enabled') : -1;
    const find = (key: IrExpr): number => findKeySlot(h, cap, 'count', kT, key);
    for (const w of h.writes()) {
      h.fn.if(isSome(w.value), () => {
        const x = h.fn.let('w', unwrap(w.value));
        const key = w.port === 'remove' || w.port === 'enable' || w.port === 'disable' ? h.fn.get(x) : field(h.fn.get(x), keyIdx, kT);
        const at = find(key);
        const exists = bin('lt', h.fn.get(at), h.get('count'));
        const put = (i: IrExpr) => {
          h.setAt('keys', convert('int', i, u64), key);
          h.setAt('vals', convert('int', i, u64), h.fn.get(x));
        };
        switch (w.port) {
          case 'upsert':
          case 'add':
            h.fn.if(
              exists,
              () => {
                if (w.port === 'upsert') put(h.fn.get(at));
              },
              () =>
                h.fn.if(
                  bin('lt', h.get('count'), c(BigInt(cap), u32)),
                  () => {
                    put(h.get('count'));
                    h.set('count', bin('add', h.get('count'), c(1n, u32)));
                  },
                  () => h.set('rejected', some(h.fn.get(x))),
                ),
            );
            break;
          case 'update':
            h.fn.if(exists, () => put(h.fn.get(at)));
            break;
          case 'remove':
            h.fn.if(exists, () => {
              h.fn.forRange('j', cap - 1, (j) =>
                h.fn.if(and(bin('ge', j, h.fn.get(at)), bin('lt', bin('add', j, c(1n, u32)), h.get('count'))), () => {
                  h.setAt('keys', convert('int', j, u64), index(h.get('keys'), convert('int', bin('add', j, c(1n, u32)), u64), kT));
                  h.setAt('vals', convert('int', j, u64), index(h.get('vals'), convert('int', bin('add', j, c(1n, u32)), u64), vT));
                }),
              );
              h.set('count', bin('sub', h.get('count'), c(1n, u32)));
            });
            break;
          default: {
            if (enabledIdx < 0) throw new LoweringError('`enable`/`disable` need an `enabled` field in the value type');
            h.fn.if(exists, () => h.setIn('vals', [{ k: 'index', index: convert('int', h.fn.get(at), u64) }, { k: 'field', index: enabledIdx }], w.port === 'enable' ? TRUE : FALSE));
          }
        }
      });
    }
  },
};
