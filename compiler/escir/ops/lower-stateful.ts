/**
 * Stateful operator semantics (ESCIR.md §5.2), written once as IR so the interpreter and
 * WebAssembly run the same code.
 */
import type { IrExpr, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, c, cond, convert, field, index, isSome, not, or, some, unwrap, TRUE, FALSE } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import { boolParam, listParam, stringParam } from './params.ts';
import { payload, present, zeroOf, type HelperCtx, type StatefulOp } from './op-context.ts';
import { get, intValue, isScalar, str } from '../yaml/tree.ts';
import { MIN_HEAP } from './lower-heap.ts';
import { MAP } from './lower-map.ts';
import { MULTIMAP } from './lower-multimap.ts';
import { ARBITER, BATCH, MERGE, STATS } from './lower-queues.ts';

const u32 = T.u32;
const u64 = T.u64;

/** SplitMix64 constants (ESCIR.md §5.2 sample). */
const GOLDEN = 0x9e3779b97f4a7c15n;
const MIX1 = 0xbf58476d1ce4e5b9n;
const MIX2 = 0x94d049bb133111ebn;


// ── counter ───────────────────────────────────────────────────────────────────────────────

const COUNTER: StatefulOp = {
  state: (x) => {
    const t = x.outType('out');
    const legacy = x.model.level === 'legacy';
    const start = x.constParam('start') ?? (legacy ? 1 : 0);
    return [{ name: 'next', type: t, init: BigInt(start) }];
  },
  evalInputs: () => ['in'],
  eval(h) {
    const t = h.outType('out');
    const bits = (t as { bits: number }).bits;
    const max = (1n << BigInt(bits)) - 1n;
    const legacy = h.model.level === 'legacy';
    const skipNodes = listParam(h.node, 'skip');
    const skip = skipNodes.length ? skipNodes.map((n) => intValue(n) ?? 0n) : h.node.params.has('skip') ? [] : legacy ? [0n] : [];
    const wrap = boolParam(h.node, 'wrap') ?? true;
    h.fn.if(present(h, 'in'), () => {
      const cur = h.fn.let('cur', h.get('next'));
      h.output('out', some(h.fn.get(cur)));
      const atMax = bin('eq', h.fn.get(cur), c(max, t));
      h.fn.if(atMax, () => h.output('overflow', some(TRUE)));
      if (!wrap) {
        h.fn.if(not(atMax), () => h.set('next', bin('add', h.fn.get(cur), c(1n, t))));
        return;
      }
      const nxt = h.fn.let('nxt', bin('add', h.fn.get(cur), c(1n, t), false));
      // Skip listed values; at most len(skip) consecutive skips can apply.
      for (let k = 0; k < skip.length; k++) {
        const hit = skip.map((s) => bin('eq', h.fn.get(nxt), c(BigInt.asUintN(bits, s), t))).reduce((a, b) => or(a, b));
        h.fn.if(hit, () => h.fn.set(nxt, bin('add', h.fn.get(nxt), c(1n, t), false)));
      }
      h.set('next', h.fn.get(nxt));
    });
  },
};

// ── fifo ──────────────────────────────────────────────────────────────────────────────────

const FIFO: StatefulOp = {
  state: (x) => {
    const depth = x.constParam('depth');
    if (!depth || depth < 1) throw new LoweringError('`fifo` needs a constant `depth` ≥ 1');
    const elem = x.outType('out');
    return [
      { name: 'items', type: { k: 'array', elem, n: depth }, init: Array.from({ length: depth }, () => zeroOf(x, x.inType('in').k === 'unknown' ? { k: 'bool' } : x.inType('in'))) },
      { name: 'head', type: u32, init: 0n },
      { name: 'count', type: u32, init: 0n },
    ];
  },
  evalInputs: () => [],
  eval(h) {
    const depth = h.constParam('depth')!;
    const elem = h.outType('out');
    const count = h.get('count');
    h.output('len', some(h.get('count')));
    h.output('full', some(bin('eq', count, c(BigInt(depth), u32))));
    h.fn.if(bin('gt', h.get('count'), c(0n, u32)), () => h.output('out', some(index(h.get('items'), convert('int', h.get('head'), u64), elem))));
  },
  commit(h) {
    const depth = BigInt(h.constParam('depth')!);
    const policy = stringParam(h.node, 'overflow_policy') ?? 'drop_newest';
    const pop = () =>
      h.fn.if(bin('gt', h.get('count'), c(0n, u32)), () => {
        h.set('head', bin('rem', bin('add', h.get('head'), c(1n, u32)), c(depth, u32)));
        h.set('count', bin('sub', h.get('count'), c(1n, u32)));
      });
    const writes = h.writes();
    // `out` is the pre-step head; it leaves at commit on `pop`, or automatically when `pop` is unwired.
    if (!writes.some((w) => w.port === 'pop')) pop();
    for (const w of writes) {
      if (w.port === 'pop') {
        h.fn.if(isSome(w.value), pop);
        continue;
      }
      h.fn.if(isSome(w.value), () => {
        const full = bin('eq', h.get('count'), c(depth, u32));
        const push = () => {
          const tail = bin('rem', bin('add', h.get('head'), h.get('count')), c(depth, u32));
          h.setAt('items', convert('int', tail, u64), unwrap(w.value));
          h.set('count', bin('add', h.get('count'), c(1n, u32)));
        };
        if (policy === 'drop_oldest') {
          h.fn.if(full, pop);
          push();
        } else h.fn.if(not(full), push);
      });
    }
  },
};

// ── timer ─────────────────────────────────────────────────────────────────────────────────

const TIMER: StatefulOp = {
  early: true,
  state: () => [
    { name: 'armed', type: T.bool, init: false },
    { name: 'deadline', type: u64, init: 0n },
    { name: 'started', type: T.bool, init: false },
  ],
  evalInputs: () => [],
  eval(h) {
    const periodic = h.node.params.has('interval_ms');
    const period = bin('mul', h.param(periodic ? 'interval_ms' : 'timeout_ms', u64), c(1_000_000n, u64));
    h.output('missed', some(c(0n, u32)));
    if (periodic && !h.wired('start')) {
      // A periodic timer with no `start` wiring runs from the first step.
      h.fn.if(not(h.get('started')), () => {
        h.set('started', TRUE);
        h.set('armed', TRUE);
        h.set('deadline', bin('add', h.now, period));
      });
    }
    h.fn.if(and(h.get('armed'), bin('le', h.get('deadline'), h.now)), () => {
      if (!periodic) {
        h.output('expired', some(TRUE));
        h.set('armed', FALSE);
        return;
      }
      const p = h.fn.let('period', period);
      const skipped = h.fn.let('skipped', bin('div', bin('sub', h.now, h.get('deadline')), h.fn.get(p)));
      h.output('tick', some(TRUE));
      h.output('missed', some(convert('int', h.fn.get(skipped), u32)));
      h.set('deadline', bin('add', h.get('deadline'), bin('mul', bin('add', h.fn.get(skipped), c(1n, u64)), h.fn.get(p))));
    });
  },
  commit(h) {
    const periodic = h.node.params.has('interval_ms');
    const period = bin('mul', h.param(periodic ? 'interval_ms' : 'timeout_ms', u64), c(1_000_000n, u64));
    for (const w of h.writes()) {
      h.fn.if(isSome(w.value), () => {
        if (w.port === 'stop') h.set('armed', FALSE);
        else {
          h.set('armed', TRUE);
          h.set('started', TRUE);
          h.set('deadline', bin('add', h.now, period));
        }
      });
    }
  },
};

// ── token bucket ──────────────────────────────────────────────────────────────────────────

const TOKEN_BUCKET: StatefulOp = {
  state: () => [
    { name: 'credit', type: u64, init: 0n },
    { name: 'last', type: u64, init: 0n },
    { name: 'started', type: T.bool, init: false },
  ],
  evalInputs: () => ['in'],
  eval(h) {
    // p = floor(1e9 / rate) ns per token; a fractional rate divides in f64.
    const rate = h.param('rate', T.f64);
    const p = h.fn.let('p', convert('float_int', { e: 'binary', op: 'div', left: c(1e9, T.f64), right: rate, type: T.f64 }, u64));
    const cap = h.fn.let('cap', bin('mul', h.param('burst', u64), h.fn.get(p)));
    h.fn.if(not(h.get('started')), () => {
      h.set('started', TRUE);
      h.set('credit', h.fn.get(cap));
      h.set('last', h.now);
    });
    h.fn.if(present(h, 'in'), () => {
      const refill = bin('add', h.get('credit'), bin('sub', h.now, h.get('last')));
      h.set('credit', cond(bin('lt', refill, h.fn.get(cap)), refill, h.fn.get(cap)));
      h.set('last', h.now);
      h.fn.if(
        bin('ge', h.get('credit'), h.fn.get(p)),
        () => {
          h.set('credit', bin('sub', h.get('credit'), h.fn.get(p)));
          h.output('allow', h.input('in'));
        },
        () => h.output('deny', h.input('in')),
      );
    });
  },
};

// ── debounce ──────────────────────────────────────────────────────────────────────────────

const DEBOUNCE: StatefulOp = {
  state: () => [
    { name: 'stable', type: T.bool, init: false },
    { name: 'pending', type: T.bool, init: false },
    { name: 'candidate', type: T.bool, init: false },
    { name: 'since', type: u64, init: 0n },
  ],
  evalInputs: () => ['in'],
  eval(h) {
    const ms = bin('mul', h.param('ms', u64), c(1_000_000n, u64));
    h.fn.if(present(h, 'in'), () => {
      const v = h.fn.let('v', payload(h, 'in'));
      h.fn.if(
        bin('eq', h.fn.get(v), h.get('stable')),
        () => h.set('pending', FALSE),
        () => {
          h.fn.if(or(not(h.get('pending')), bin('ne', h.get('candidate'), h.fn.get(v))), () => {
            h.set('pending', TRUE);
            h.set('candidate', h.fn.get(v));
            h.set('since', h.now);
          });
          // The new value must persist `ms` (checked on each `in`) before it is emitted.
          h.fn.if(bin('ge', bin('sub', h.now, h.get('since')), ms), () => {
            h.set('stable', h.fn.get(v));
            h.set('pending', FALSE);
            h.output('transitioned', some(h.fn.get(v)));
          });
        },
      );
    });
  },
};

// ── retry ─────────────────────────────────────────────────────────────────────────────────

const RETRY: StatefulOp = {
  state: () => [
    { name: 'attempts', type: u32, init: 0n },
    { name: 'pending', type: T.bool, init: false },
    { name: 'due', type: u64, init: 0n },
  ],
  evalInputs: () => ['fail'],
  eval(h) {
    h.fn.if(and(h.get('pending'), bin('le', h.get('due'), h.now)), () => {
      h.set('pending', FALSE);
      h.output('retry', some(h.get('attempts')));
    });
    h.fn.if(present(h, 'fail'), () => {
      h.set('attempts', bin('add', h.get('attempts'), c(1n, u32)));
      h.fn.if(
        bin('gt', h.get('attempts'), h.param('max_attempts', u32)),
        () => {
          h.output('exhausted', some(TRUE));
          h.set('attempts', c(0n, u32));
          h.set('pending', FALSE);
        },
        () => {
          h.set('pending', TRUE);
          h.set('due', bin('add', h.now, bin('mul', h.param('delay_ms', u64), c(1_000_000n, u64))));
        },
      );
    });
  },
  commit(h) {
    for (const w of h.writes()) {
      if (w.port !== 'ok') continue;
      h.fn.if(isSome(w.value), () => {
        h.set('attempts', c(0n, u32));
        h.set('pending', FALSE);
      });
    }
  },
};

// ── sample ────────────────────────────────────────────────────────────────────────────────

const SAMPLE: StatefulOp = {
  state: (x) => [{ name: 'rng', type: u64, init: BigInt.asUintN(64, BigInt(x.constParam('seed') ?? 0)) }],
  evalInputs: () => ['in'],
  eval(h) {
    h.fn.if(present(h, 'in'), () => {
      // One SplitMix64 draw per event; pass iff (z >>> 11) < floor(rate · 2^53).
      h.set('rng', bin('add', h.get('rng'), c(GOLDEN, u64), false));
      const z = h.fn.let('z', h.get('rng'));
      h.fn.set(z, bin('mul', bin('xor', h.fn.get(z), bin('shr', h.fn.get(z), c(30n, u64))), c(MIX1, u64), false));
      h.fn.set(z, bin('mul', bin('xor', h.fn.get(z), bin('shr', h.fn.get(z), c(27n, u64))), c(MIX2, u64), false));
      h.fn.set(z, bin('xor', h.fn.get(z), bin('shr', h.fn.get(z), c(31n, u64))));
      const threshold = h.fn.let('threshold', sampleThreshold(h));
      h.fn.if(bin('lt', bin('shr', h.fn.get(z), c(11n, u64)), h.fn.get(threshold)), () => h.output('pass', h.input('in')));
    });
  },
};

function sampleThreshold(h: HelperCtx): IrExpr {
  const p = h.node.params.get('rate');
  if (isScalar(p) && (typeof p.value === 'number' || typeof p.value === 'bigint')) {
    const rate = Math.min(1, Math.max(0, Number(p.value)));
    return c(BigInt(Math.floor(rate * 2 ** 53)), u64);
  }
  if (p) return convert('float_int', { e: 'binary', op: 'mul', left: h.param('rate', T.f64), right: c(2 ** 53, T.f64), type: T.f64 }, u64);
  const source = stringParam(h.node, 'rate_source');
  const inT = h.inType('in');
  if (source && inT.k === 'union') {
    // Rate table: the row of the union variant, else 1.0.
    const decl = h.model.types.declaration(inT.name);
    const rows = listParam({ params: new Map([['rows', get(h.model.root, source) ?? get(h.model.root, 'topic_routes')!]]) } as never, 'rows');
    let expr: IrExpr = c(1n << 53n, u64);
    if (decl?.kind === 'union') {
      const tagT: IrType = { k: 'int', bits: decl.tagBits, signed: false };
      for (const v of decl.variants) {
        const row = rows.find((r) => str(get(r, 'event_type')) === v.name);
        const rate = row ? Number((get(row, 'sample_rate') as { value?: unknown } | undefined)?.value ?? 1) : 1;
        expr = cond(bin('eq', field(unwrap(h.input('in')), 0, tagT), c(v.value, tagT)), c(BigInt(Math.floor(Math.min(1, Math.max(0, rate)) * 2 ** 53)), u64), expr);
      }
    }
    return expr;
  }
  return c(1n << 53n, u64);
}

// ── change (legacy comparator) ────────────────────────────────────────────────────────────

const CHANGE: StatefulOp = {
  state: (x) => {
    const t = x.inType('in');
    return [
      { name: 'has_prev', type: T.bool, init: false },
      { name: 'prev', type: x.types.of(t.k === 'unknown' ? { k: 'bool' } : t), init: zeroOf(x, t.k === 'unknown' ? { k: 'bool' } : t) },
    ];
  },
  evalInputs: () => ['in'],
  eval(h) {
    const t = h.inType('in');
    const irT = h.types.of(t);
    h.fn.if(present(h, 'in'), () => {
      const x = h.fn.let('x', payload(h, 'in'));
      let differs: IrExpr;
      if (t.k === 'int' || t.k === 'float') {
        const xv = h.fn.get(x);
        const pv = h.get('prev');
        const diff = cond(bin('gt', xv, pv), bin('sub', xv, pv), bin('sub', pv, xv));
        differs = bin('gt', diff, h.param('threshold', irT, 0));
      } else differs = bin('ne', h.fn.get(x), h.get('prev'));
      h.fn.if(or(not(h.get('has_prev')), differs), () => {
        h.output('changed', some(h.fn.get(x)));
        h.set('prev', h.fn.get(x));
        h.set('has_prev', TRUE);
      });
      // Legacy `.ready`: now >= in.<key_of>.
      const key = stringParam(h.node, 'key_of');
      if (key && t.k === 'struct') {
        const d = h.model.types.struct(t.name);
        const i = d?.fields.findIndex((f) => f.name === key) ?? -1;
        if (i >= 0) h.fn.if(bin('ge', h.now, convert('int', field(h.fn.get(x), i, h.types.of(d!.fields[i]!.type)), u64)), () => h.output('ready', some(h.fn.get(x))));
      }
    });
  },
};

export const STATEFUL_OPS: Record<string, StatefulOp> = {
  counter: COUNTER,
  fifo: FIFO,
  timer: TIMER,
  token_bucket: TOKEN_BUCKET,
  debounce: DEBOUNCE,
  retry: RETRY,
  sample: SAMPLE,
  change: CHANGE,
  merge: MERGE,
  arbiter: ARBITER,
  batch: BATCH,
  stats: STATS,
  min_heap: MIN_HEAP,
  map: MAP,
  multimap: MULTIMAP,
};

