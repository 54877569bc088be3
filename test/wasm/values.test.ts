import { describe, expect, it } from 'vitest';
import type { IrType } from '../../compiler/ir/ir.ts';
import { ModuleBuilder, E, S, T, at } from './ir-builder.ts';
import { build, trapOf } from './helpers.ts';

describe('structs, lists, bytes and value semantics (LANGUAGE.md §8.2)', async () => {
  const mb = new ModuleBuilder();
  const Meter = mb.struct('Meter', [['n', T.u32], ['tag', T.bytesN(4)]]);
  const Lot = mb.struct('Lot', [['id', T.u64], ['meter', Meter], ['items', T.list(T.u16)], ['note', T.string]]);
  // let m = lot.meter; m.n = 99; return [lot, m]  — lot must be unchanged
  mb.func('copy_then_set', T.list(Lot), (f) => {
    const lot = f.param('lot', Lot);
    const copy = f.declare('copy', Lot);
    f.add(S.set(copy, lot));
    f.add(S.setPlace(copy, [{ k: 'field', index: 1 }, { k: 'field', index: 0 }], E.int(99, T.u32)));
    f.add(S.push(copy, [{ k: 'field', index: 2 }], E.int(7, T.u16)));
    f.add(S.setPlace(copy, [{ k: 'field', index: 2 }, { k: 'index', index: E.int(0), loc: at(9, 3) }], E.int(5, T.u16)));
    f.add(S.ret(E.list(Lot, [lot, f.get(copy)])));
  });
  mb.func('push_loop', T.list(T.u64), (f) => {
    const n = f.param('n', T.u64);
    const xs = f.declare('xs', T.list(T.u64));
    const i = f.declare('i', T.u64);
    f.add(S.loop([
      S.if(E.bin('ge', f.get(i), n), [S.break()]),
      S.push(xs, [], E.bin('mul', f.get(i), f.get(i))),
      S.set(i, E.bin('add', f.get(i), E.int(1))),
    ], at(3, 1)));
    f.add(S.ret(f.get(xs)));
  });
  // ys shares xs's buffer; pushes on either must never show through the other.
  mb.func('aliased_push', T.list(T.list(T.u64)), (f) => {
    const xs = f.declare('xs', T.list(T.u64));
    const ys = f.declare('ys', T.list(T.u64));
    const zs = f.declare('zs', T.list(T.u64));
    f.add(S.push(xs, [], E.int(1)), S.push(xs, [], E.int(2)), S.set(ys, f.get(xs)), S.set(zs, f.get(xs)));
    f.add(S.push(xs, [], E.int(3)), S.push(ys, [], E.int(4)), S.push(xs, [], E.int(5)), S.setPlace(zs, [{ k: 'index', index: E.int(0) }], E.int(9)), S.push(ys, [], E.int(6)));
    f.add(S.ret(E.list(T.list(T.u64), [f.get(xs), f.get(ys), f.get(zs)])));
  });
  mb.func('index', T.u16, (f) => {
    const xs = f.param('xs', T.list(T.u16));
    const i = f.param('i', T.u64);
    f.add(S.ret(E.index(xs, i, T.u16, at(12, 4))));
  });
  mb.func('byte_at', T.u8, (f) => {
    const b = f.param('b', T.bytes);
    const i = f.param('i', T.i32);
    f.add(S.ret(E.index(b, i, T.u8, at(13, 4))));
  });
  mb.func('slices', T.list(T.bytes), (f) => {
    const b = f.param('b', T.bytesN(8));
    const lo = f.param('lo', T.u64);
    const s = { e: 'slice', object: b, lo, hi: E.int(6), type: T.bytes, loc: at(14, 2) } as const;
    const fixed = { e: 'slice', object: b, lo: E.int(0), hi: E.int(2), type: T.bytesN(2) } as const;
    f.add(S.ret(E.list(T.bytes, [s, E.convert('to_bytes', fixed, T.bytes)])));
  });
  mb.func('lens', T.list(T.u64), (f) => {
    const s = f.param('s', T.string);
    const xs = f.param('xs', T.list(T.bool));
    f.add(S.ret(E.list(T.u64, [E.len(s), E.len(xs), E.len(E.bytes([1, 2, 3]))])));
  });
  mb.func('fill', T.bytesN(5), (f) => {
    const v = f.param('v', T.u8);
    f.add(S.ret({ e: 'fill', fill: v, type: T.bytesN(5) }));
  });
  mb.func('opt', T.u32, (f) => {
    const o = f.param('o', T.option(T.u32));
    f.add(S.ret(E.if(E.isSome(o), E.unwrap(o), E.int(42, T.u32))));
  });
  mb.func('unwrap', T.string, (f) => {
    const o = f.param('o', T.option(T.string));
    f.add(S.ret(E.unwrap(o, at(20, 8))));
  });
  mb.func('eq', T.list(T.bool), (f) => {
    const a = f.param('a', Lot);
    const b = f.param('b', Lot);
    const oa = f.param('oa', T.option(T.list(T.string)));
    const ob = f.param('ob', T.option(T.list(T.string)));
    f.add(S.ret(E.list(T.bool, [E.bin('eq', a, b), E.bin('ne', a, b), E.bin('eq', oa, ob)])));
  });
  mb.func('order', T.list(T.bool), (f) => {
    const a = f.param('a', T.bytesN(3));
    const b = f.param('b', T.bytesN(3));
    f.add(S.ret(E.list(T.bool, [E.bin('lt', a, b), E.bin('ge', a, b)])));
  });
  const { mod } = await build(mb.build());
  const lot = [1n, [5n, new Uint8Array([1, 2, 3, 4])], [1n, 2n], 'hi'];

  it('a setPlace or push on a copy never changes the original', () => {
    const [orig, copy] = mod.callIr('copy_then_set', [lot]).value as unknown[][];
    expect(orig).toEqual(lot);
    expect(copy).toEqual([1n, [99n, new Uint8Array([1, 2, 3, 4])], [5n, 2n, 7n], 'hi']);
  });
  it('pushes in a loop build a list', () => {
    expect(mod.callIr('push_loop', [5n]).value).toEqual([0n, 1n, 4n, 9n, 16n]);
    expect(mod.callIr('push_loop', [0n]).value).toEqual([]);
  });
  it('pushes are amortised but never visible through another holder of the list', () => {
    expect(mod.callIr('aliased_push', []).value).toEqual([[1n, 2n, 3n, 5n], [1n, 2n, 4n, 6n], [9n, 2n]]);
    const big = mod.callIr('push_loop', [100_000n]).value as bigint[];
    expect(big.length).toBe(100_000);
    expect(big[99_999]).toBe(99_999n * 99_999n);
  });
  it('indexing is bounds-checked with the location', () => {
    expect(mod.callIr('index', [[3n, 4n], 1n]).value).toBe(4n);
    const t = trapOf(() => mod.callIr('index', [[3n, 4n], 2n]));
    expect([t.kind, t.location?.line, t.location?.column]).toEqual(['index_out_of_bounds', 12, 4]);
    expect(mod.callIr('byte_at', [new Uint8Array([9, 8]), 1n]).value).toBe(8n);
    expect(trapOf(() => mod.callIr('byte_at', [new Uint8Array([9, 8]), -1n])).kind).toBe('index_out_of_bounds');
  });
  it('slices: bytes(hi-lo) for constant bounds, bounds traps', () => {
    const b = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(mod.callIr('slices', [b, 2n]).value).toEqual([new Uint8Array([3, 4, 5, 6]), new Uint8Array([1, 2])]);
    expect(trapOf(() => mod.callIr('slices', [b, 7n])).location?.line).toBe(14);
  });
  it('len, fill, options', () => {
    expect(mod.callIr('lens', ['héllo', [true, false]]).value).toEqual([6n, 2n, 3n]);
    expect(mod.callIr('fill', [0xabn]).value).toEqual(new Uint8Array(5).fill(0xab));
    expect(mod.callIr('opt', [{ some: 7n }]).value).toBe(7n);
    expect(mod.callIr('opt', [null]).value).toBe(42n);
    expect(mod.callIr('unwrap', [{ some: 'x' }]).value).toBe('x');
    const t = trapOf(() => mod.callIr('unwrap', [null]));
    expect([t.kind, t.location?.line]).toEqual(['nil_unwrap', 20]);
  });
  it('equality is structural; bytes(N) order lexicographically', () => {
    const other = structuredClone(lot);
    expect(mod.callIr('eq', [lot, other, { some: ['a'] }, { some: ['a'] }]).value).toEqual([true, false, true]);
    const changed = [1n, [5n, new Uint8Array([1, 2, 3, 5])], [1n, 2n], 'hi'];
    expect(mod.callIr('eq', [lot, changed, null, { some: [] }]).value).toEqual([false, true, false]);
    expect(mod.callIr('order', [new Uint8Array([1, 2, 3]), new Uint8Array([1, 3, 0])]).value).toEqual([true, false]);
  });
  it('public JS values in and out', () => {
    const r = mod.call('copy_then_set', { lot: { id: 1, meter: { n: 5, tag: '0x01020304' }, items: [1, 2], note: 'hi' } });
    const [orig] = r.value as Record<string, unknown>[];
    expect(orig).toEqual({ id: 1n, meter: { n: 5, tag: new Uint8Array([1, 2, 3, 4]) }, items: [1, 2], note: 'hi' });
    expect(() => mod.call('copy_then_set', { lot: { id: 'x' } })).toThrow(/input\.lot\.id/);
  });
});

describe('conversions (§8.1.6, §8.2.6, §8.2.9)', async () => {
  const mb = new ModuleBuilder();
  const Color = mb.enum('Color', [['Red', 0], ['Green', 1], ['Blue', 7]]);
  const conv = (name: string, kind: Parameters<typeof E.convert>[0], from: IrType, to: IrType) =>
    mb.func(name, to, (f) => {
      const v = f.param('v', from);
      f.add(S.ret(E.convert(kind, v, to, at(30, 6))));
    });
  conv('u64_u8', 'int', T.u64, T.u8);
  conv('i16_u64', 'int', T.i16, T.u64);
  conv('i64_i16', 'int', T.i64, T.i16);
  conv('u64_u128', 'int', T.u64, T.u128);
  conv('u128_u32', 'int', T.u128, T.u32);
  conv('f64_u8', 'float_int', T.f64, T.u8);
  conv('f64_i32', 'float_int', T.f64, T.i32);
  conv('f64_u64', 'float_int', T.f64, T.u64);
  conv('f64_u128', 'float_int', T.f64, T.u128);
  conv('i32_f64', 'int_float', T.i32, T.f64);
  conv('u128_f64', 'int_float', T.u128, T.f64);
  conv('f64_f32', 'float_float', T.f64, T.f32);
  conv('bool_u32', 'bool_int', T.bool, T.u32);
  conv('enum_u64', 'enum_int', Color, T.u64);
  conv('u32_enum', 'int_enum', T.u32, Color);
  conv('u32_b4', 'int_bytes', T.u32, T.bytesN(4));
  conv('u16_b4', 'int_bytes', T.u16, T.bytesN(4));
  conv('i16_b4', 'int_bytes', T.i16, T.bytesN(4));
  conv('u128_b16', 'int_bytes', T.u128, T.bytesN(16));
  conv('str_b8', 'pad_bytes', T.string, T.bytesN(8));
  conv('bytes_b4', 'pad_bytes', T.bytes, T.bytesN(4));
  conv('b4_bytes', 'to_bytes', T.bytesN(4), T.bytes);
  conv('list_bytes', 'list_bytes', T.list(T.u32), T.bytes);
  conv('list_b4', 'list_bytes', T.list(T.u64), T.bytesN(4));
  conv('u32_any', 'to_any', T.u32, T.any);
  conv('any_u8', 'from_any', T.any, T.u8);
  mb.func('roundtrip_any', T.string, (f) => {
    const v = f.param('v', T.string);
    f.add(S.ret(E.convert('from_any', E.convert('to_any', v, T.any), T.string, at(31, 1))));
  });
  const { mod } = await build(mb.build());
  it('integer casts truncate and extend', () => {
    expect(mod.callIr('u64_u8', [0x1234n]).value).toBe(0x34n);
    expect(mod.callIr('i16_u64', [-1n]).value).toBe((1n << 64n) - 1n);
    expect(mod.callIr('i64_i16', [0x18000n]).value).toBe(-32768n);
    expect(mod.callIr('u64_u128', [(1n << 64n) - 1n]).value).toBe((1n << 64n) - 1n);
    expect(mod.callIr('u128_u32', [(1n << 100n) + 5n]).value).toBe(5n);
  });
  it('float to int truncates and saturates; NaN is 0', () => {
    expect(mod.callIr('f64_u8', [300.7]).value).toBe(255n);
    expect(mod.callIr('f64_u8', [-5]).value).toBe(0n);
    expect(mod.callIr('f64_u8', [NaN]).value).toBe(0n);
    expect(mod.callIr('f64_i32', [-2.9]).value).toBe(-2n);
    expect(mod.callIr('f64_i32', [1e20]).value).toBe(2147483647n);
    expect(mod.callIr('f64_u64', [1e30]).value).toBe((1n << 64n) - 1n);
    expect(mod.callIr('f64_u128', [1e50]).value).toBe((1n << 128n) - 1n);
    expect(mod.callIr('i32_f64', [-3n]).value).toBe(-3);
    expect(mod.callIr('u128_f64', [1n << 100n]).value).toBe(2 ** 100);
    expect(mod.callIr('f64_f32', [0.1]).value).toBe(Math.fround(0.1));
  });
  it('bool and enum conversions; int → enum traps without a variant', () => {
    expect(mod.callIr('bool_u32', [true]).value).toBe(1n);
    expect(mod.callIr('enum_u64', [7n]).value).toBe(7n);
    expect(mod.callIr('u32_enum', [7n]).value).toBe(7n);
    const t = trapOf(() => mod.callIr('u32_enum', [3n]));
    expect([t.kind, t.location?.line, t.location?.column]).toEqual(['conversion', 30, 6]);
  });
  it('integers to bytes(N): big-endian, low N bytes, two’s complement fill', () => {
    expect(mod.callIr('u32_b4', [0x01020304n]).value).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(mod.callIr('u16_b4', [0xabcdn]).value).toEqual(new Uint8Array([0, 0, 0xab, 0xcd]));
    expect(mod.callIr('i16_b4', [-2n]).value).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xfe]));
    expect(mod.callIr('u128_b16', [(1n << 120n) + 1n]).value).toEqual(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
  });
  it('padding to bytes(N) right-pads and traps when longer', () => {
    expect(mod.callIr('str_b8', ['abc']).value).toEqual(new Uint8Array([97, 98, 99, 0, 0, 0, 0, 0]));
    expect(trapOf(() => mod.callIr('str_b8', ['123456789'])).kind).toBe('conversion');
    expect(trapOf(() => mod.callIr('bytes_b4', [new Uint8Array(5)])).location?.line).toBe(30);
    expect(mod.callIr('b4_bytes', [new Uint8Array([1, 2, 3, 4])]).value).toEqual(new Uint8Array([1, 2, 3, 4]));
  });
  it('lists of integers to bytes; an element above 255 traps', () => {
    expect(mod.callIr('list_bytes', [[1n, 255n]]).value).toEqual(new Uint8Array([1, 255]));
    expect(trapOf(() => mod.callIr('list_bytes', [[1n, 256n]])).kind).toBe('conversion');
    expect(mod.callIr('list_b4', [[9n]]).value).toEqual(new Uint8Array([9, 0, 0, 0]));
    expect(trapOf(() => mod.callIr('list_b4', [[1n, 2n, 3n, 4n, 5n]])).kind).toBe('conversion');
  });
  it('any: boxing, checked unboxing, shape errors trap `conversion`', () => {
    expect(mod.callIr('u32_any', [5n]).value).toEqual({ any: T.u32, value: 5n });
    expect(mod.callIr('any_u8', [{ any: T.u64, value: 200n }]).value).toBe(200n);
    const t = trapOf(() => mod.callIr('any_u8', [{ any: T.u64, value: 300n }]));
    expect([t.kind, t.location?.line]).toEqual(['conversion', 30]);
    expect(mod.callIr('roundtrip_any', ['yes']).value).toBe('yes');
  });
});
