import { describe, expect, it } from 'vitest';
import type { IrConst, IrExpr, IrModule, IrTypeDef } from '../../../compiler/ir/ir.ts';
import { createHost, type Host } from '../../../runtime/host/index.ts';
import { interpretCall, interpretStep } from '../../../runtime/interp/index.ts';
import {
  at,
  bin,
  brk,
  builtin,
  c,
  call,
  cont,
  expr,
  FuncBuilder,
  host,
  ifs,
  loop,
  module,
  push,
  ret,
  set,
  setPlace,
  T,
  trapStmt,
  u32,
  u64,
} from './builder.ts';
import { trapOf } from '../trap.ts';


const run = (m: IrModule, fn = 'main', args: IrConst[] = [], h: Host = createHost(), fuel?: number): IrConst =>
  interpretCall(m, fn, args, { host: h, ...(fuel !== undefined ? { fuel } : {}) });

const POINT: IrTypeDef[] = [
  { kind: 'struct', name: 'Meter', fields: [{ name: 'n', type: T.u32 }] },
  { kind: 'struct', name: 'Lot', fields: [{ name: 'meter', type: { k: 'struct', id: 0 } }, { name: 'tags', type: T.list(T.u32) }] },
];
const METER = { k: 'struct', id: 0 } as const;
const LOT = { k: 'struct', id: 1 } as const;

describe('loops, break, continue, fuel', () => {
  /** sum of i in 0..n skipping 3, stopping at 10. */
  function sumModule(): IrModule {
    const f = new FuncBuilder('main', T.u64);
    const n = f.param('n', T.u64);
    const i = f.local('i', T.u64);
    const sum = f.local('sum', T.u64);
    f.add(
      set(i.id, u64(0)),
      set(sum.id, u64(0)),
      loop(
        [
          ifs(bin('ge', i.get, n), [brk]),
          ifs(bin('eq', i.get, u64(10)), [brk]),
          set(i.id, bin('add', i.get, u64(1))),
          ifs(bin('eq', i.get, u64(3)), [cont]),
          set(sum.id, bin('add', sum.get, i.get)),
        ],
        at(5, 3),
      ),
      ret(sum.get),
    );
    return module([f.build()]);
  }

  it('runs structured loops', () => {
    expect(run(sumModule(), 'main', [5n])).toBe(1n + 2n + 4n + 5n);
    expect(run(sumModule(), 'main', [100n])).toBe(55n - 3n);
  });

  it('charges one unit of fuel per iteration and traps at the loop', () => {
    const t = trapOf(() => run(sumModule(), 'main', [100n], createHost(), 5));
    expect(t.kind).toBe('fuel');
    expect(t.location?.line).toBe(5);
  });

  it('charges fuel per call and stops unbounded recursion', () => {
    const f = new FuncBuilder('main', T.u64, { loc: at(1, 1) });
    f.add(ret(call('main', [], T.u64, at(2, 4))));
    const t = trapOf(() => run(module([f.build()])));
    expect(t.kind).toBe('fuel');
    expect(t.callStack.length).toBeGreaterThan(10);
  });
});

describe('value semantics of places (§8.2.1)', () => {
  it('setPlace changes only the named place; copies stay unchanged', () => {
    const f = new FuncBuilder('main', T.list(T.u32));
    const lot = f.local('lot', LOT);
    const m = f.local('m', METER);
    f.add(
      set(lot.id, { e: 'struct', fields: [{ e: 'struct', fields: [u32(7)], type: METER }, c([1n, 2n], T.list(T.u32))], type: LOT }),
      set(m.id, { e: 'field', object: lot.get, index: 0, type: METER }),
      setPlace(m.id, [{ k: 'field', index: 0 }], u32(1)),
      setPlace(lot.id, [{ k: 'field', index: 1 }, { k: 'index', index: u32(1) }], u32(9)),
      ret({
        e: 'list',
        elems: [
          { e: 'field', object: { e: 'field', object: lot.get, index: 0, type: METER }, index: 0, type: T.u32 },
          { e: 'field', object: m.get, index: 0, type: T.u32 },
          { e: 'index', object: { e: 'field', object: lot.get, index: 1, type: T.list(T.u32) }, index: u32(1), type: T.u32 },
        ],
        type: T.list(T.u32),
      }),
    );
    expect(run(module([f.build()], POINT))).toEqual([7n, 1n, 9n]);
  });

  it('push appends without aliasing a copied list', () => {
    const f = new FuncBuilder('main', T.list(T.u64));
    const xs = f.local('xs', T.list(T.u64));
    const ys = f.local('ys', T.list(T.u64));
    const i = f.local('i', T.u64);
    f.add(
      set(xs.id, c([], T.list(T.u64))),
      set(i.id, u64(0)),
      loop([ifs(bin('ge', i.get, u64(5)), [brk]), push(xs.id, [], i.get), set(i.id, bin('add', i.get, u64(1)))]),
      set(ys.id, xs.get),
      push(xs.id, [], u64(99)),
      push(ys.id, [], u64(42)),
      ret({ e: 'list', elems: [{ e: 'len', object: xs.get, type: T.u64 }, { e: 'len', object: ys.get, type: T.u64 }, { e: 'index', object: ys.get, index: u64(5), type: T.u64 }], type: T.list(T.u64) }),
    );
    expect(run(module([f.build()]))).toEqual([6n, 6n, 42n]);
  });

  it('parameters are not changed for the caller', () => {
    const callee = new FuncBuilder('bump', T.u32);
    callee.param('m', METER);
    callee.add(setPlace(0, [{ k: 'field', index: 0 }], u32(100)), ret(u32(0)));
    const main = new FuncBuilder('main', T.u32);
    const m = main.local('m', METER);
    main.add(
      set(m.id, { e: 'struct', fields: [u32(5)], type: METER }),
      expr(call('bump', [m.get], T.u32)),
      ret({ e: 'field', object: m.get, index: 0, type: T.u32 }),
    );
    expect(run(module([callee.build(), main.build()], POINT))).toBe(5n);
  });

  it('traps on an out-of-range index place', () => {
    const f = new FuncBuilder('main', T.void);
    const xs = f.local('xs', T.list(T.u32));
    f.add(set(xs.id, c([1n], T.list(T.u32))), setPlace(xs.id, [{ k: 'index', index: u32(3), loc: at(9, 4) }], u32(1)));
    const t = trapOf(() => run(module([f.build()])));
    expect(t.kind).toBe('index_out_of_bounds');
    expect(t.location).toMatchObject({ line: 9, column: 4 });
  });
});

describe('bounds, nil, slices, len', () => {
  const bytes = (xs: number[]): IrExpr => c(Uint8Array.from(xs), T.bytesN(xs.length));
  const one = (e: IrExpr) => {
    const f = new FuncBuilder('main', e.type);
    f.add(ret(e));
    return module([f.build()]);
  };
  it('indexes and slices bytes, strings and lists', () => {
    expect(run(one({ e: 'index', object: bytes([5, 6, 7]), index: u32(2), type: T.u8 }))).toBe(7n);
    expect(run(one({ e: 'slice', object: bytes([1, 2, 3, 4]), lo: u32(1), hi: u32(3), type: T.bytesN(2) }))).toEqual(Uint8Array.of(2, 3));
    expect(run(one({ e: 'slice', object: c('hello', T.string), lo: u32(1), type: T.string }))).toBe('ello');
    expect(run(one({ e: 'len', object: c('héllo', T.string), type: T.u64 }))).toBe(6n);
  });
  it('traps out of range with the node location', () => {
    const t = trapOf(() => run(one({ e: 'index', object: bytes([1]), index: u32(1), type: T.u8, loc: at(12, 8) })));
    expect(t.kind).toBe('index_out_of_bounds');
    expect(t.message).toContain('index 1');
    expect(t.location).toMatchObject({ line: 12, column: 8 });
    expect(trapOf(() => run(one({ e: 'slice', object: bytes([1, 2]), lo: u32(1), hi: u32(4), type: T.bytes }))).kind).toBe('index_out_of_bounds');
  });
  it('unwraps some and traps nil_unwrap on none', () => {
    expect(run(one({ e: 'unwrap', value: { e: 'some', value: u32(3), type: T.option(T.u32) }, type: T.u32 }))).toBe(3n);
    const t = trapOf(() => run(one({ e: 'unwrap', value: { e: 'none', type: T.option(T.u32) }, type: T.u32, loc: at(2, 2) })));
    expect(t.kind).toBe('nil_unwrap');
    expect(t.location?.line).toBe(2);
    expect(run(one({ e: 'isSome', value: { e: 'none', type: T.option(T.u32) }, type: T.bool }))).toBe(false);
  });
  it('fills bytes(N)', () => {
    expect(run(one({ e: 'fill', fill: { e: 'const', value: 0xabn, type: T.u8 }, type: T.bytesN(3) }))).toEqual(Uint8Array.of(0xab, 0xab, 0xab));
  });
});

describe('calls, traps and the call stack', () => {
  it('reports the circuit stack from the outermost call', () => {
    const inner = new FuncBuilder('inner', T.u32);
    inner.add(trapStmt('require', 'taken <= MAX_SLOTS', at(20, 5)));
    const middle = new FuncBuilder('middle', T.u32);
    middle.add(ret(call('inner', [], T.u32, at(15, 1))));
    const main = new FuncBuilder('main', T.u32);
    main.add(ret(call('middle', [], T.u32, at(10, 1))));
    const t = trapOf(() => run(module([inner.build(), middle.build(), main.build()])));
    expect(t.kind).toBe('require');
    expect(t.message).toBe('taken <= MAX_SLOTS');
    expect(t.callStack).toEqual(['main', 'middle', 'inner']);
    expect(t.location).toMatchObject({ file: 'test/prog.fl', line: 20, column: 5 });
    expect(t.format()).toBe('test/prog.fl:20:5: error: require: taken <= MAX_SLOTS');
  });

  it('traps not_compiled quoting the diagnostic', () => {
    const f = new FuncBuilder('broken', T.u32).build();
    f.notCompiled = { severity: 'error', code: 'E1', message: 'unknown name `q`', file: 'a.fl', line: 3, column: 9, endLine: 3, endColumn: 10 };
    const main = new FuncBuilder('main', T.u32);
    main.add(ret(call('broken', [], T.u32, at(4, 4))));
    const t = trapOf(() => run(module([f, main.build()])));
    expect(t.kind).toBe('not_compiled');
    expect(t.message).toContain('a.fl:3:9: unknown name `q`');
  });

  it('supports return from inside a block expression', () => {
    const f = new FuncBuilder('main', T.u32);
    f.add(expr({ e: 'block', stmts: [ret(u32(11))], value: u32(0), type: T.u32 }), ret(u32(22)));
    expect(run(module([f.build()]))).toBe(11n);
  });

  it('returns a clear trap for an unknown function', () => {
    const t = trapOf(() => run(module([]), 'nope'));
    expect(t.kind).toBe('host');
    expect(t.message).toContain("no function 'nope'");
  });
});

describe('builtins and host effects from IR', () => {
  it('calls pure builtins with argument types', () => {
    const f = new FuncBuilder('main', T.bytesN(32));
    f.add(ret(builtin('sha3_256', [c('abc', T.string)], T.bytesN(32))));
    expect(Buffer.from(run(module([f.build()])) as Uint8Array).toString('hex')).toBe('3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532');
  });

  it('locates a builtin trap at its call', () => {
    const f = new FuncBuilder('main', T.u64);
    f.add(ret(builtin('extract_u64_le', [c(new Uint8Array(4), T.bytes), u64(0)], T.u64, at(30, 2))));
    const t = trapOf(() => run(module([f.build()])));
    expect(t.kind).toBe('index_out_of_bounds');
    expect(t.location?.line).toBe(30);
  });

  it('runs host effects with the function lex path and reports them', () => {
    const f = new FuncBuilder('main', T.any, { attrs: { lex: 'garage/billing' } });
    f.add(expr(host('kv_put', [c('k', T.string), u32(5)], T.void)), ret(host('kv_get', [c('k', T.string)], T.any)));
    const h = createHost();
    const seen: string[] = [];
    const v = interpretCall(module([f.build()]), 'main', [], { host: h, onEffect: (call) => seen.push(`${call.name}@${call.lexPath}`) });
    expect(v).toEqual({ any: T.u32, value: 5n });
    expect(seen).toEqual(['kv_put@garage/billing', 'kv_get@garage/billing']);
    expect(h.kvEntries('garage/billing')).toHaveLength(1);
  });

  it('reports assignments of witness locals', () => {
    const f = new FuncBuilder('main', T.u32);
    const a = f.local('a', T.u32);
    f.add(set(a.id, u32(4)), set(a.id, bin('add', a.get, u32(1))), ret(a.get));
    const seen: string[] = [];
    interpretCall(module([f.build()]), 'main', [], { host: createHost(), onAssign: (fn, local, v) => seen.push(`${fn.name}.${local.name}=${v}`) });
    expect(seen).toEqual(['main.a=4', 'main.a=5']);
  });

  it('locates a no_model trap at the call site', () => {
    const f = new FuncBuilder('main', T.any, { attrs: { lex: 'farm/frost' } });
    f.add(ret(host('li_infer', [c('m', T.string), u32(1)], T.any, undefined, at(44, 7))));
    const t = trapOf(() => run(module([f.build()])));
    expect(t.kind).toBe('no_model');
    expect(t.message).toContain('farm/frost');
    expect(t.location).toMatchObject({ line: 44, column: 7 });
  });
});

describe('interpretStep', () => {
  it('runs a proc step and splits state and outputs', () => {
    const types: IrTypeDef[] = [
      { kind: 'struct', name: 'S', fields: [{ name: 'count', type: T.u64 }] },
      { kind: 'struct', name: 'Out', fields: [{ name: 'state', type: { k: 'struct', id: 0 } }, { name: 'outputs', type: T.u64 }] },
    ];
    const S = { k: 'struct', id: 0 } as const;
    const f = new FuncBuilder('counter__step', { k: 'struct', id: 1 }, { kind: 'step' });
    const state = f.param('state', S);
    f.param('inputs', T.u64);
    const now = f.param('now', T.u64);
    const next = { e: 'binary', op: 'add', left: { e: 'field', object: state, index: 0, type: T.u64 }, right: u64(1), type: T.u64 } as IrExpr;
    f.add(ret({ e: 'struct', fields: [{ e: 'struct', fields: [next], type: S }, now], type: { k: 'struct', id: 1 } }));
    const m = module([f.build()], types, {
      procs: [{ name: 'counter', stateType: S, inputsType: T.u64, outputsType: T.u64, initialState: [0n], step: 'counter__step', attrs: {} }],
    });
    const r = interpretStep(m, 'counter', [4n], 0n, 123n, { host: createHost() });
    expect(r).toEqual({ state: [5n], outputs: 123n });
  });
});
