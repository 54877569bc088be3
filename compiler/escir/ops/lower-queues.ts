/**
 * Operators that gather several inputs or events (ESCIR.md §5.2): merge (legacy multiplexer),
 * arbiter, batch and stats (legacy accumulator).
 */
import type { IrExpr } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, c, convert, field, index, not, or, some, FALSE, TRUE } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import { listParam, stringParam } from './params.ts';
import { payload, present, zeroOf, type StatefulOp } from './op-context.ts';
import { get, intValue, isScalar, str } from '../yaml/tree.ts';
import { zeroValue } from '../types/literals.ts';

const u32 = T.u32;
const u64 = T.u64;


// ── merge (legacy multiplexer) ────────────────────────────────────────────────────────────

export const MERGE: StatefulOp = {
  state: (x) => {
    const depth = x.constParam('depth') ?? 16;
    const u = x.outType('out');
    const outT = x.model.graph!.analysis!.outTypes.get(x.node.id)!.get('out')!;
    return [
      { name: 'queue', type: { k: 'array', elem: u, n: depth }, init: Array.from({ length: depth }, () => zeroOf(x, outT)) },
      { name: 'head', type: u32, init: 0n },
      { name: 'count', type: u32, init: 0n },
    ];
  },
  evalInputs: (n) => listParam(n, 'inputs').map((x) => str(x) ?? str(get(x, 'name')) ?? '').filter(Boolean),
  eval(h) {
    const depth = BigInt(h.constParam('depth') ?? 16);
    const uT = h.outType('out');
    const outE = h.model.graph!.analysis!.outTypes.get(h.node.id)!.get('out')!;
    const decl = outE.k === 'union' ? h.model.types.declaration(outE.name) : undefined;
    if (decl?.kind !== 'union') throw new LoweringError('`merge` needs `into:` a union type');
    const wrapped = MERGE.evalInputs(h.node).map((port) => {
      const pt = h.inType(port);
      const vi = decl.variants.findIndex((v) => v.type.k === pt.k && JSON.stringify(v.type) === JSON.stringify(pt));
      if (vi < 0) throw new LoweringError(`\`${h.node.id}.${port}\` carries a type that is no variant of ${decl.name} (E042)`);
      const fields: IrExpr[] = [c(decl.variants[vi]!.value, { k: 'int', bits: decl.tagBits, signed: false })];
      decl.variants.forEach((v, i) => fields.push(i === vi ? payload(h, port) : c(zeroValue(v.type, h.model.types), h.types.of(v.type))));
      return { present: present(h, port), value: { e: 'struct', fields, type: uT } as IrExpr };
    });
    const dequeue = () => {
      h.output('out', some(index(h.get('queue'), convert('int', h.get('head'), u64), uT)));
      h.set('head', bin('rem', bin('add', h.get('head'), c(1n, u32)), c(depth, u32)));
      h.set('count', bin('sub', h.get('count'), c(1n, u32)));
    };
    const enqueue = (value: IrExpr) => {
      // Full: drop the oldest.
      h.fn.if(bin('eq', h.get('count'), c(depth, u32)), () => {
        h.set('head', bin('rem', bin('add', h.get('head'), c(1n, u32)), c(depth, u32)));
        h.set('count', bin('sub', h.get('count'), c(1n, u32)));
      });
      h.setAt('queue', convert('int', bin('rem', bin('add', h.get('head'), h.get('count')), c(depth, u32)), u64), value);
      h.set('count', bin('add', h.get('count'), c(1n, u32)));
    };
    const emitted = h.fn.let('emitted', FALSE);
    h.fn.if(bin('gt', h.get('count'), c(0n, u32)), () => {
      dequeue();
      h.fn.set(emitted, TRUE);
    });
    // One per step: the first present input passes (if the queue was empty), the rest queue in list order.
    for (const w of wrapped) {
      h.fn.if(w.present, () =>
        h.fn.if(
          not(h.fn.get(emitted)),
          () => {
            h.output('out', some(w.value));
            h.fn.set(emitted, TRUE);
          },
          () => enqueue(w.value),
        ),
      );
    }
  },
};

// ── arbiter ───────────────────────────────────────────────────────────────────────────────

export const ARBITER: StatefulOp = {
  state: (x) => [{ name: 'last', type: u32, init: BigInt(Math.max(0, (x.constParam('levels') ?? 1) - 1)) }],
  evalInputs: (n) => {
    const levels = isScalar(n.params.get('levels')) ? Number(intValue(n.params.get('levels')) ?? 0n) : 0;
    return Array.from({ length: levels }, (_, i) => `in${i}`);
  },
  eval(h) {
    const ports = ARBITER.evalInputs(h.node);
    const rr = stringParam(h.node, 'policy') === 'round_robin';
    const prioField = stringParam(h.node, 'prio_of');
    const prio = (port: string): IrExpr => {
      const t = h.inType(port);
      if (prioField && t.k === 'struct') {
        const d = h.model.types.struct(t.name);
        const i = d?.fields.findIndex((f) => f.name === prioField) ?? -1;
        if (i >= 0) return convert('int', field(payload(h, port), i, h.types.of(d!.fields[i]!.type)), T.i64);
      }
      return c(0n, T.i64);
    };
    const best = h.fn.let('best', c(-1n, T.i64));
    const bestPrio = h.fn.let('best_prio', c(0n, T.i64));
    const L = ports.length;
    // Scan order: index order (strict), or starting after the last winner (round robin).
    for (let k = 0; k < L; k++) {
      for (const [i, port] of ports.entries()) {
        const pos = rr ? bin('rem', bin('add', bin('sub', c(BigInt(i + L), u32), h.get('last')), c(BigInt(L - 1), u32)), c(BigInt(L), u32)) : c(BigInt(i), u32);
        const take = and(
          and(present(h, port), bin('eq', pos, c(BigInt(k), u32))),
          or(bin('lt', h.fn.get(best), c(0n, T.i64)), bin('gt', prio(port), h.fn.get(bestPrio))),
        );
        h.fn.if(take, () => {
          h.fn.set(best, c(BigInt(i), T.i64));
          h.fn.set(bestPrio, prio(port));
          h.output('selected', some(payload(h, port)));
        });
      }
    }
    h.fn.if(bin('ge', h.fn.get(best), c(0n, T.i64)), () => {
      h.set('last', convert('int', h.fn.get(best), u32));
      h.output('grant', some(convert('int', h.fn.get(best), T.u8)));
    });
  },
};

// ── batch (legacy accumulator with max_count) ─────────────────────────────────────────────

export const BATCH: StatefulOp = {
  state: (x) => {
    const max = x.constParam('max_count');
    if (!max || max < 1) throw new LoweringError('`batch` needs a constant `max_count` ≥ 1');
    const t = x.inType('in');
    return [
      { name: 'items', type: { k: 'array', elem: x.types.of(t), n: max }, init: Array.from({ length: max }, () => zeroOf(x, t)) },
      { name: 'count', type: u32, init: 0n },
    ];
  },
  evalInputs: () => ['in', 'flush'],
  eval(h) {
    const max = BigInt(h.constParam('max_count')!);
    const t = h.inType('in');
    const zero = c(zeroValue({ k: 'array', elem: t, n: Number(max) }, h.model.types), h.types.of({ k: 'array', elem: t, n: Number(max) }));
    const emit = () => {
      h.output('batch', some(h.get('items')));
      h.output('count', some(h.get('count')));
      h.set('items', zero);
      h.set('count', c(0n, u32));
    };
    h.fn.if(present(h, 'in'), () => {
      h.setAt('items', convert('int', h.get('count'), u64), payload(h, 'in'));
      h.set('count', bin('add', h.get('count'), c(1n, u32)));
      h.fn.if(bin('eq', h.get('count'), c(max, u32)), () => {
        h.output('full', some(h.get('items')));
        emit();
      });
    });
    h.fn.if(and(present(h, 'flush'), bin('gt', h.get('count'), c(0n, u32))), emit);
  },
};

// ── stats (legacy accumulator with fields) ────────────────────────────────────────────────

function statsFields(h: { node: import('../model.ts').NodeModel }): { name: string; op: string; n: number }[] {
  return listParam(h.node, 'fields').map((f) => {
    const name = str(get(f, 'name')) ?? str(f) ?? '?';
    const raw = str(get(f, 'operation')) ?? 'count';
    const m = /^window\((\d+)\)$/.exec(raw);
    const size = m ? Number(m[1]) : Number(intValue(get(f, 'window_size')) ?? intValue(h.node.params.get('window_size')) ?? 8n);
    return { name, op: m ? 'window' : raw, n: size };
  });
}

export const STATS: StatefulOp = {
  state: (x) => {
    const out: import('./op-context.ts').StateField[] = [];
    for (const f of statsFields(x)) {
      if (f.op === 'count' || f.op === 'sum') out.push({ name: f.name, type: u64, init: 0n });
      else if (f.op === 'ema') out.push({ name: f.name, type: T.f64, init: 0 }, { name: `${f.name}$init`, type: T.bool, init: false });
      else if (f.op === 'window') {
        out.push({ name: f.name, type: T.f64, init: 0 });
        out.push({ name: `${f.name}$ring`, type: { k: 'array', elem: T.f64, n: f.n }, init: Array.from({ length: f.n }, () => 0) });
        out.push({ name: `${f.name}$pos`, type: u32, init: 0n }, { name: `${f.name}$filled`, type: u32, init: 0n });
      } else throw new LoweringError(`unknown stats operation \`${f.op}\` (count, sum, ema, window(n))`);
    }
    return out;
  },
  evalInputs: (n) => statsFields({ node: n }).map((f) => f.name),
  eval(h) {
    const asF64 = (e: IrExpr): IrExpr => (e.type.k === 'float' ? (e.type.bits === 64 ? e : convert('float_float', e, T.f64)) : convert('int_float', e, T.f64));
    for (const f of statsFields(h)) {
      const t = h.inType(f.name);
      h.fn.if(present(h, f.name), () => {
        const x = payload(h, f.name);
        if (f.op === 'count') h.set(f.name, bin('add', h.get(f.name), c(1n, u64)));
        else if (f.op === 'sum') {
          const add = t.k === 'bytes' || t.k === 'string' ? { e: 'len', object: x, type: u64 } as IrExpr : convert('int', x, u64);
          h.set(f.name, bin('add', h.get(f.name), add));
        } else if (f.op === 'ema') {
          // a' = (7a + x) / 8; the first sample seeds the average.
          h.fn.if(
            h.get(`${f.name}$init`),
            () => h.set(f.name, { e: 'binary', op: 'div', left: { e: 'binary', op: 'add', left: { e: 'binary', op: 'mul', left: c(7, T.f64), right: h.get(f.name), type: T.f64 }, right: asF64(x), type: T.f64 }, right: c(8, T.f64), type: T.f64 }),
            () => {
              h.set(f.name, asF64(x));
              h.set(`${f.name}$init`, TRUE);
            },
          );
        } else {
          h.setAt(`${f.name}$ring`, convert('int', h.get(`${f.name}$pos`), u64), asF64(x));
          h.set(`${f.name}$pos`, bin('rem', bin('add', h.get(`${f.name}$pos`), c(1n, u32)), c(BigInt(f.n), u32)));
          h.fn.if(bin('lt', h.get(`${f.name}$filled`), c(BigInt(f.n), u32)), () => h.set(`${f.name}$filled`, bin('add', h.get(`${f.name}$filled`), c(1n, u32))));
          const sum = h.fn.let('sum', c(0, T.f64));
          h.fn.forRange('k', f.n, (k) =>
            h.fn.if(bin('lt', k, h.get(`${f.name}$filled`)), () => h.fn.set(sum, { e: 'binary', op: 'add', left: h.fn.get(sum), right: index(h.get(`${f.name}$ring`), convert('int', k, u64), T.f64), type: T.f64 })),
          );
          h.set(f.name, { e: 'binary', op: 'div', left: h.fn.get(sum), right: convert('int_float', h.get(`${f.name}$filled`), T.f64), type: T.f64 });
        }
      });
    }
    const fields = statsFields(h);
    for (const f of fields) h.output(f.name, some(h.get(f.name)));
    const recT = h.outType('out');
    h.output('out', some({ e: 'struct', fields: fields.map((f) => h.get(f.name)), type: recT }));
  },
};

