/**
 * `multimap` (ESCIR.md §5.2): a bounded key → values table, up to `per_key` (default 8)
 * values per key and `capacity` keys. `lookup` reads the pre-step table: `found?` is
 * `{items: [V; per_key], count}` (present iff the key holds a value). `insert` appends a
 * value under its key (`key_of`, else the first `*_id` field) and `remove` drops a key with
 * all its values, both at commit in edge order.
 *
 * Decisions (specs/escir.md §7): keys keep insertion order, values of a key too; an insert
 * into a full key or a full table is dropped; unused item slots are zero.
 */
import { T } from '../../ir/ir.ts';
import { and, bin, c, convert, field, index, isSome, some, struct, unwrap } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import { zeroValue } from '../types/literals.ts';
import type { StatefulOp } from './op-context.ts';
import { findKeySlot, keyFieldIndex, keyValueTypes } from './keyed-table.ts';

const u32 = T.u32;
const u64 = T.u64;
export const DEFAULT_PER_KEY = 8;

const kv = (x: Parameters<typeof keyValueTypes>[1]) => keyValueTypes('multimap', x);

function sizes(x: { constParam(name: string): number | undefined }): { cap: number; per: number } {
  const cap = x.constParam('capacity');
  if (!cap || cap < 1) throw new LoweringError('`multimap` needs a constant `capacity` ≥ 1');
  const per = x.constParam('per_key') ?? DEFAULT_PER_KEY;
  if (per < 1) throw new LoweringError('`per_key` must be at least 1');
  return { cap, per };
}

export const MULTIMAP: StatefulOp = {
  state: (x) => {
    const { cap, per } = sizes(x);
    const { k, v } = kv(x);
    const vz = zeroValue(v, x.model.types);
    return [
      { name: 'keys', type: { k: 'array', elem: x.types.of(k), n: cap }, init: Array.from({ length: cap }, () => zeroValue(k, x.model.types)) },
      { name: 'items', type: { k: 'array', elem: { k: 'array', elem: x.types.of(v), n: per }, n: cap }, init: Array.from({ length: cap }, () => Array.from({ length: per }, () => vz)) },
      { name: 'counts', type: { k: 'array', elem: u32, n: cap }, init: Array.from({ length: cap }, () => 0n) },
      { name: 'used', type: u32, init: 0n },
    ];
  },
  evalInputs: () => ['lookup'],
  eval(h) {
    const { cap, per } = sizes(h);
    const { k, v } = kv(h);
    const kT = h.types.of(k);
    const itemsT = { k: 'array' as const, elem: h.types.of(v), n: per };
    h.fn.if(isSome(h.input('lookup')), () => {
      const key = h.fn.let('key', unwrap(h.input('lookup')));
      h.fn.forRange('i', cap, (i) => {
        const at = convert('int', i, u64);
        const hit = and(and(bin('lt', i, h.get('used')), bin('eq', index(h.get('keys'), at, kT), h.fn.get(key))), bin('gt', index(h.get('counts'), at, u32), c(0n, u32)));
        h.fn.if(hit, () => h.output('found', some(struct(h.outType('found'), [index(h.get('items'), at, itemsT), index(h.get('counts'), at, u32)]))));
      });
    });
  },
  commit(h) {
    const { cap, per } = sizes(h);
    const { k, v } = kv(h);
    const kT = h.types.of(k);
    const kIdx = keyFieldIndex('multimap', h, v);
    const find = (key: import('../../ir/ir.ts').IrExpr): number => findKeySlot(h, cap, 'used', kT, key);
    for (const w of h.writes()) {
      h.fn.if(isSome(w.value), () => {
        const x = h.fn.let('w', unwrap(w.value));
        if (w.port === 'remove') {
          const at = find(h.fn.get(x));
          // Removing shifts later keys down, keeping insertion order.
          h.fn.if(bin('lt', h.fn.get(at), h.get('used')), () => {
            h.fn.forRange('j', Math.max(cap - 1, 0), (j) =>
              h.fn.if(and(bin('ge', j, h.fn.get(at)), bin('lt', bin('add', j, c(1n, u32)), h.get('used'))), () => {
                const from = convert('int', bin('add', j, c(1n, u32)), u64);
                const to = convert('int', j, u64);
                h.setAt('keys', to, index(h.get('keys'), from, kT));
                h.setAt('items', to, index(h.get('items'), from, { k: 'array', elem: h.types.of(v), n: per }));
                h.setAt('counts', to, index(h.get('counts'), from, u32));
              }),
            );
            h.set('used', bin('sub', h.get('used'), c(1n, u32)));
            h.setAt('counts', convert('int', h.get('used'), u64), c(0n, u32));
          });
          return;
        }
        const key = h.fn.let('key', field(h.fn.get(x), kIdx, kT));
        const at = find(h.fn.get(key));
        const fresh = bin('ge', h.fn.get(at), h.get('used'));
        h.fn.if(and(fresh, bin('lt', h.get('used'), c(BigInt(cap), u32))), () => {
          h.setAt('keys', convert('int', h.fn.get(at), u64), h.fn.get(key));
          h.setAt('counts', convert('int', h.fn.get(at), u64), c(0n, u32));
          h.set('used', bin('add', h.get('used'), c(1n, u32)));
        });
        h.fn.if(bin('lt', h.fn.get(at), h.get('used')), () => {
          const n = index(h.get('counts'), convert('int', h.fn.get(at), u64), u32);
          h.fn.if(bin('lt', n, c(BigInt(per), u32)), () => {
            h.setIn('items', [{ k: 'index', index: convert('int', h.fn.get(at), u64) }, { k: 'index', index: convert('int', index(h.get('counts'), convert('int', h.fn.get(at), u64), u32), u64) }], h.fn.get(x));
            h.setAt('counts', convert('int', h.fn.get(at), u64), bin('add', index(h.get('counts'), convert('int', h.fn.get(at), u64), u32), c(1n, u32)));
          });
        });
      });
    }
  },
};
