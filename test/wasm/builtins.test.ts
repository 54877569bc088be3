import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha3_256, sha3_512 } from '@noble/hashes/sha3.js';
import { ModuleBuilder, E, S, T, at } from './ir-builder.ts';
import { build, trapOf } from './helpers.ts';
import { encodeCanonical } from '../../runtime/values/index.ts';
import { createHost } from '../../runtime/host/index.ts';
import { getBuiltin } from '../../runtime/builtins/index.ts';
import type { IrConst, IrType } from '../../compiler/ir/ir.ts';

const hex = (b: unknown) => Buffer.from(b as Uint8Array).toString('hex');

describe('builtins: SHA3 and concat inside wasm, the rest through runtime/builtins', async () => {
  const mb = new ModuleBuilder();
  const Order = mb.struct('Order', [['qty', T.u32], ['side', T.bool], ['tags', T.list(T.string)], ['px', T.option(T.i64)], ['blob', T.bytes], ['f', T.f64]]);
  const hashOf = (name: string, t: IrType, fn = 'sha3_256', n = 32) =>
    mb.func(name, T.bytesN(n), (f) => {
      const v = f.param('v', t);
      f.add(S.ret(E.builtin(fn, [v], T.bytesN(n))));
    });
  hashOf('h_bytes', T.bytes);
  hashOf('h_string', T.string);
  hashOf('h_b32', T.bytesN(32));
  hashOf('h_order', Order);
  hashOf('h_u64', T.u64, 'hash');
  hashOf('h_arr', { k: 'array', elem: T.u16, n: 3 });
  hashOf('h512', T.bytes, 'sha3_512', 64);
  hashOf('h_any', T.any);
  mb.func('cat', T.bytes, (f) => {
    const a = f.param('a', T.bytesN(2));
    const b = f.param('b', T.string);
    const c = f.param('c', T.u16);
    const d = f.param('d', Order);
    f.add(S.ret(E.builtin('concat', [a, b, c, d], T.bytes)));
  });
  mb.func('hexed', T.string, (f) => {
    const a = f.param('a', T.bytes);
    f.add(S.ret(E.builtin('hex', [a], T.string, at(3, 3))));
  });
  mb.func('eq', T.bool, (f) => {
    const a = f.param('a', T.list(T.u8));
    const b = f.param('b', T.list(T.u8));
    f.add(S.ret(E.builtin('equal', [a, b], T.bool)));
  });
  mb.func('fpmd', T.u64, (f) => {
    const a = f.param('a', T.u64);
    f.add(S.ret(E.builtin('fixed_point_mul_div', [a, E.int(3), E.int(0)], T.u64, at(4, 4))));
  });
  mb.func('unknown', T.u64, (f) => {
    f.add(S.ret(E.builtin('no_such_builtin', [], T.u64, at(5, 5))));
  });
  const { mod } = await build(mb.build(), 2);
  const order: IrConst = [7n, true, ['a', 'bc'], { some: -5n }, new Uint8Array([1, 2]), 1.5];

  it('SHA3-256 of bytes matches @noble/hashes at every length (block boundaries included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (b) => {
        expect(hex(mod.callIr('h_bytes', [b]).value)).toBe(hex(sha3_256(b)));
      }),
      { numRuns: 150 },
    );
    for (const n of [135, 136, 137, 271, 272, 273]) {
      const b = new Uint8Array(n).map((_, i) => i * 7);
      expect(hex(mod.callIr('h_bytes', [b]).value)).toBe(hex(sha3_256(b)));
    }
  });
  it('SHA3-512 matches too', () => {
    const b = new TextEncoder().encode('fastlang');
    expect(hex(mod.callIr('h512', [b]).value)).toBe(hex(sha3_512(b)));
  });
  it('hashes the canonical encoding exactly as runtime/values encodes it', () => {
    const cases: [string, IrType, IrConst][] = [
      ['h_string', T.string, 'héllo'],
      ['h_b32', T.bytesN(32), new Uint8Array(32).fill(9)],
      ['h_order', { k: 'struct', id: 0 }, order],
      ['h_u64', T.u64, 0x0102030405060708n],
      ['h_arr', { k: 'array', elem: T.u16, n: 3 }, [1n, 2n, 65535n]],
      ['h_any', T.any, { any: T.string, value: 'dyn' }],
    ];
    for (const [fn, t, v] of cases) expect(hex(mod.callIr(fn, [v]).value)).toBe(hex(sha3_256(encodeCanonical(v, t, mod.types))));
    // …and agrees with the TypeScript builtin, including a nil `any`.
    const builtin = getBuiltin('sha3_256')!;
    for (const v of [null, { any: T.u64, value: 5n }] as IrConst[]) {
      expect(hex(mod.callIr('h_any', [v]).value)).toBe(hex(builtin([v], { argTypes: [T.any], resultType: T.bytesN(32), types: mod.types }) as Uint8Array));
    }
  });
  it('concat joins canonical encodings (bytes and strings raw at top level)', () => {
    const out = mod.callIr('cat', [new Uint8Array([0xaa, 0xbb]), 'xy', 258n, order]).value as Uint8Array;
    const expected = Buffer.concat([Buffer.from([0xaa, 0xbb]), Buffer.from('xy'), Buffer.from([1, 2]), Buffer.from(encodeCanonical(order, { k: 'struct', id: 0 }, mod.types))]);
    expect(hex(out)).toBe(expected.toString('hex'));
  });
  it('JS builtins run through runtime/builtins; their traps get the call site', () => {
    expect(mod.callIr('hexed', [new Uint8Array([0, 255])]).value).toBe('00ff');
    expect(mod.callIr('eq', [[1n, 2n], [1n, 2n]]).value).toBe(true);
    expect(mod.callIr('eq', [[1n, 2n], [1n]]).value).toBe(false);
    const t = trapOf(() => mod.callIr('fpmd', [5n]));
    expect([t.kind, t.location?.line]).toEqual(['div_by_zero', 4]);
    const u = trapOf(() => mod.callIr('unknown', []));
    expect([u.kind, u.location?.line, u.message]).toEqual(['host', 5, 'unknown builtin no_such_builtin']);
  });
});

describe('host effects through runtime/host', async () => {
  const mb = new ModuleBuilder();
  mb.func('clock', T.u64, (f) => {
    f.add(S.ret(E.host('current_time', [], T.u64, at(2, 2))));
  });
  mb.func('kv', T.option(T.any), (f) => {
    const k = f.param('k', T.string);
    const v = f.param('v', T.u32);
    f.add(S.expr(E.host('kv_put', [k, v], T.void, at(3, 3))));
    f.add(S.ret(E.host('kv_get', [k], T.option(T.any), at(4, 3))));
  }, { attrs: { lex: 'acme/shop' } });
  mb.func('infer', T.any, (f) => {
    const x = f.param('x', T.u32);
    f.add(S.ret(E.host('li_infer', [E.str('m'), E.convert('to_any', x, T.any)], T.any, at(6, 7))));
  }, { attrs: { lex: 'acme/ml' } });
  const Ev = mb.struct('Ev', [['id', T.u32]]);
  mb.func('emit_and_store', T.option(T.u64), (f) => {
    const id = f.param('id', T.u32);
    f.add(S.expr(E.host('emit', [E.struct(Ev, [id])], T.bool, at(9, 1), 'events')));
    f.add(S.expr(E.host('store_put', [E.str('k'), E.convert('int', id, T.u64)], T.void, at(9, 2), 'table')));
    f.add(S.ret(E.host('store_get', [E.str('k')], T.option(T.u64), at(9, 3), 'table')));
  });
  mb.func('ext', T.u64, (f) => {
    f.add(S.ret(E.host('rust_thing', [E.int(1)], T.u64, at(8, 8))));
  });
  const { mod } = await build(mb.build());
  it('the clock is injectable', () => {
    expect(mod.callIr('clock', []).value).toBe(1_700_000_000_000n);
    const host = createHost({ clockMs: 5n });
    expect(mod.callIr('clock', [], { host }).value).toBe(5n);
  });
  it('kv puts and gets in the lex space of the circuit', () => {
    const host = createHost();
    const got = mod.callIr('kv', ['k1', 9n], { host }).value as { some: IrConst } | null;
    expect(got).not.toBeNull();
    expect(host.kvEntries('acme/shop').length).toBe(1);
  });
  it('li_infer without a model traps no_model naming the call site; with a model it answers', () => {
    const t = trapOf(() => mod.callIr('infer', [1n]));
    expect([t.kind, t.location?.line, t.location?.column]).toEqual(['no_model', 6, 7]);
    const host = createHost({ models: { default: () => ({ label: 'ok' }) } });
    expect(mod.callIr('infer', [1n], { host }).value).not.toBeNull();
  });
  it('stream and store effects reach the named target', () => {
    const host = createHost();
    expect(mod.callIr('emit_and_store', [5n], { host }).value).toEqual({ some: 5n });
    expect(host.streams.records('events').map((r) => r.value)).toEqual([[5n]]);
  });
  it('an unregistered host function is a located host error', () => {
    const t = trapOf(() => mod.callIr('ext', []));
    expect([t.kind, t.location?.line]).toEqual(['host', 8]);
    const host = createHost({ externs: { rust_thing: () => 77n } });
    expect(mod.callIr('ext', [], { host }).value).toBe(77n);
  });
});

describe('procs: step with state carried between calls', async () => {
  const mb = new ModuleBuilder();
  const State = mb.struct('State', [['count', T.u64], ['last', T.u64]]);
  const Inputs = mb.struct('Inputs', [['inc', T.u64]]);
  const Outputs = mb.struct('Outputs', [['total', T.u64]]);
  const Pair = mb.struct('StepResult', [['state', State], ['outputs', Outputs]]);
  mb.func('counter__step', Pair, (f) => {
    const st = f.param('state', State);
    const inp = f.param('inputs', Inputs);
    const now = f.param('now', T.u64);
    const next = f.let('next', E.struct(State, [E.bin('add', E.field(st, 0, T.u64), E.field(inp, 0, T.u64)), now]));
    f.add(S.ret(E.struct(Pair, [next, E.struct(Outputs, [E.field(next, 0, T.u64)])])));
  }, { kind: 'step' });
  const ir = mb.build();
  ir.procs.push({ name: 'counter', stateType: State, inputsType: Inputs, outputsType: Outputs, initialState: [0n, 0n], step: 'counter__step', attrs: {} });
  const { mod } = await build(ir);
  it('threads the state through successive steps', () => {
    let state = mod.initialState('counter');
    const totals: IrConst[] = [];
    for (const [inc, now] of [[2n, 10n], [3n, 20n], [5n, 30n]] as const) {
      const r = mod.step('counter', state, [inc], now);
      state = r.state;
      totals.push(r.outputs);
    }
    expect(totals).toEqual([[2n], [5n], [10n]]);
    expect(state).toEqual([10n, 30n]);
  });
});
