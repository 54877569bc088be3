/**
 * Random well-typed IR programs (structs, lists, options, bytes, strings, integers of several
 * widths, floats, conversions, places, pushes, loops): the back end must compile every one to
 * a valid module without refusing anything, and agree with the reference interpreter on the
 * result or the trap kind.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { IrConst, IrExpr, IrModule, IrStmt, IrType } from '../../../compiler/ir/ir.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { interpretCall } from '../../../runtime/interp/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { RuntimeTrap } from '../../../runtime/errors.ts';
import { valuesEqual } from '../../../runtime/values/index.ts';
import { ModuleBuilder, E, S, T } from '../../wasm/ir-builder.ts';

const mb0 = new ModuleBuilder();
const ITEM = mb0.struct('Item', [['qty', T.u32], ['tags', T.list(T.u16)], ['hold', T.option(T.bytesN(4))], ['name', T.string]]);
const B4 = T.bytesN(4);
const POOL: IrType[] = [T.u8, T.i16, T.u32, T.i64, T.u64, T.bool, T.f64, B4, T.bytes, T.string, ITEM, T.list(T.u32), T.option(T.u64)];
const INTS: IrType[] = [T.u8, T.i16, T.u32, T.i64, T.u64];
const key = (t: IrType) => JSON.stringify(t);

type Env = { id: number; type: IrType }[];

function constOf(t: IrType): fc.Arbitrary<IrExpr> {
  const c = (a: fc.Arbitrary<IrConst>) => a.map((v) => E.c(v, t));
  switch (t.k) {
    case 'int': {
      const lo = t.signed ? -(1n << BigInt(t.bits - 1)) : 0n;
      const hi = t.signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
      return c(fc.oneof(fc.bigInt({ min: lo, max: hi }), fc.bigInt({ min: 0n, max: 5n })));
    }
    case 'bool':
      return c(fc.boolean());
    case 'float':
      return c(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: -5, max: 5 })));
    case 'bytesN':
      return c(fc.uint8Array({ minLength: t.n, maxLength: t.n }));
    case 'bytes':
      return c(fc.uint8Array({ maxLength: 6 }));
    case 'string':
      return c(fc.string({ maxLength: 5 }));
    case 'list':
      return c(fc.array(fc.bigInt({ min: 0n, max: 4_000_000_000n }), { maxLength: 4 }));
    case 'option':
      return c(fc.option(fc.bigInt({ min: 0n, max: 1n << 40n }).map((v) => ({ some: v }) as IrConst), { nil: null }));
    case 'struct':
      return fc.tuple(fc.bigInt({ min: 0n, max: 99n }), fc.array(fc.bigInt({ min: 0n, max: 65535n }), { maxLength: 3 }), fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => ({ some: b }) as IrConst), { nil: null }), fc.string({ maxLength: 3 })).map((v) => E.c(v as IrConst, t));
    default:
      throw new Error(t.k);
  }
}

/** Mostly small constant positions, sometimes any u64 expression (out of range → trap). */
function position(depth: number, env: Env): fc.Arbitrary<IrExpr> {
  return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 1 }).map((v) => E.int(v)) }, { weight: 1, arbitrary: exprOf(T.u64, depth, env) });
}

function exprOf(t: IrType, depth: number, env: Env): fc.Arbitrary<IrExpr> {
  const locals = env.filter((l) => key(l.type) === key(t)).map((l) => ({ e: 'local', id: l.id, type: t }) as IrExpr);
  const leaves: fc.Arbitrary<IrExpr>[] = [constOf(t)];
  if (locals.length) leaves.push(fc.constantFrom(...locals));
  if (depth <= 0) return fc.oneof(...leaves);
  const sub = (u: IrType) => exprOf(u, depth - 1, env);
  const rec: fc.Arbitrary<IrExpr>[] = [];
  if (t.k === 'int') {
    rec.push(fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div', 'rem', 'and', 'xor') as fc.Arbitrary<'add'>, sub(t), sub(t), fc.boolean()).map(([op, a, b, ch]) => E.bin(op, a, b, undefined, ch)));
    rec.push(fc.constantFrom(...INTS).chain((u) => sub(u)).map((v) => E.convert('int', v, t)));
    rec.push(sub(T.f64).map((v) => E.convert('float_int', v, t)));
    rec.push(sub(ITEM).map((s) => E.convert('int', E.field(s, 0, T.u32), t)));
    rec.push(fc.tuple(sub(T.list(T.u32)), position(depth - 1, env)).map(([l, i]) => E.convert('int', E.index(l, i, T.u32), t)));
    rec.push(sub(T.bytes).map((b) => E.convert('int', E.len(b), t)));
    rec.push(sub(T.option(T.u64)).map((o) => E.convert('int', E.unwrap(o), t)));
    rec.push(fc.tuple(sub(t), sub(t)).map(([a, b]) => ({ e: 'checkedArith', op: 'add', left: a, right: b, type: T.option(t) }) as IrExpr).map((o) => E.if(E.isSome(o), E.unwrap(o), E.int(0, t))));
  }
  if (t.k === 'bool') {
    rec.push(fc.constantFrom(...POOL).chain((u) => fc.tuple(sub(u), sub(u))).map(([a, b]) => E.bin('eq', a, b)));
    rec.push(fc.constantFrom(...INTS, B4).chain((u) => fc.tuple(sub(u), sub(u))).map(([a, b]) => E.bin('lt', a, b)));
    rec.push(sub(T.option(T.u64)).map((o) => E.isSome(o)));
    rec.push(fc.tuple(sub(T.bool), sub(T.bool)).map(([a, b]) => ({ e: 'logic', op: 'and', left: a, right: b, type: T.bool }) as IrExpr));
  }
  if (t.k === 'float') rec.push(fc.tuple(sub(T.f64), sub(T.f64), fc.constantFrom('add', 'mul', 'div') as fc.Arbitrary<'add'>).map(([a, b, op]) => E.bin(op, a, b)), sub(T.i64).map((v) => E.convert('int_float', v, T.f64)));
  if (t.k === 'bytesN') {
    rec.push(sub(T.u8).map((v) => ({ e: 'fill', fill: v, type: B4 }) as IrExpr));
    rec.push(sub(T.string).map((s) => E.convert('pad_bytes', s, B4)));
    rec.push(sub(T.u32).map((v) => E.convert('int_bytes', v, B4)));
    rec.push(sub(T.list(T.u32)).map((l) => E.convert('list_bytes', l, B4)));
  }
  if (t.k === 'bytes') {
    rec.push(sub(B4).map((b) => E.convert('to_bytes', b, T.bytes)));
    rec.push(fc.tuple(sub(T.bytes), sub(T.string), sub(T.u16 as IrType).map((x) => x)).map(([a, s]) => E.builtin('concat', [a, s], T.bytes)));
    rec.push(fc.tuple(sub(T.bytes), position(depth - 1, env)).map(([b, lo]) => ({ e: 'slice', object: b, lo, type: T.bytes }) as IrExpr));
    rec.push(sub(ITEM).map((s) => E.convert('to_bytes', E.builtin('sha3_256', [s], T.bytesN(32)), T.bytes)));
  }
  if (t.k === 'list') {
    rec.push(fc.array(sub(T.u32), { maxLength: 3 }).map((xs) => E.list(T.u32, xs)));
    rec.push(fc.tuple(sub(t), position(depth - 1, env)).map(([l, lo]) => ({ e: 'slice', object: l, lo, type: t }) as IrExpr));
  }
  if (t.k === 'option') rec.push(sub(T.u64).map((v) => E.some(v)), fc.constant(E.none(T.u64)));
  if (t.k === 'struct') rec.push(fc.tuple(sub(T.u32), fc.array(sub(T.u16 as IrType), { maxLength: 2 }), sub(T.string)).map(([q, tags, n]) => E.struct(ITEM, [q, E.list(T.u16, tags), E.none(B4), n])));
  rec.push(fc.tuple(sub(T.bool), sub(t), sub(t)).map(([c, a, b]) => E.if(c, a, b)));
  return fc.oneof({ weight: 2, arbitrary: fc.oneof(...leaves) }, { weight: 3, arbitrary: fc.oneof(...rec) });
}

function stmtOf(env: Env): fc.Arbitrary<IrStmt> {
  const pick = fc.constantFrom(...env);
  return fc.oneof(
    pick.chain((l) => exprOf(l.type, 2, env).map((v) => S.set(l.id, v))),
    pick.filter((l) => l.type.k === 'struct').chain((l) => exprOf(T.u32, 1, env).map((v) => S.setPlace(l.id, [{ k: 'field', index: 0 }], v))),
    pick.filter((l) => l.type.k === 'struct').chain((l) => exprOf(T.u16 as IrType, 1, env).map((v) => S.push(l.id, [{ k: 'field', index: 1 }], v))),
    pick.filter((l) => l.type.k === 'list').chain((l) => fc.tuple(position(0, env), exprOf(T.u32, 1, env)).map(([i, v]) => S.setPlace(l.id, [{ k: 'index', index: i }], v))),
    pick.filter((l) => l.type.k === 'list').chain((l) => exprOf(T.u32, 1, env).map((v) => S.push(l.id, [], v))),
    pick.filter((l) => l.type.k === 'bytesN').chain((l) => fc.tuple(position(0, env), exprOf(T.u8, 1, env)).map(([i, v]) => S.setPlace(l.id, [{ k: 'index', index: i }], v))),
  );
}

/** A function with one local per pool type, random statements, a small loop, returning every local. */
function programArb(): fc.Arbitrary<IrModule> {
  const env: Env = POOL.map((type, id) => ({ id, type }));
  const body = fc.array(stmtOf(env), { minLength: 1, maxLength: 8 });
  const loopBody = fc.array(stmtOf(env), { maxLength: 3 });
  return fc.tuple(body, loopBody, fc.integer({ min: 0, max: 3 })).map(([stmts, inner, n]) => {
    const mb = new ModuleBuilder();
    mb.types.push(...mb0.types);
    const Result = mb.struct('Result', POOL.map((t, i) => [`v${i}`, t] as [string, IrType]));
    mb.func('f', Result, (f) => {
      for (const t of POOL) f.declare(`l${f.locals.length}`, t);
      const counter = f.declare('%n', T.u64, false);
      f.add(...stmts);
      f.add(S.loop([S.if(E.bin('ge', f.get(counter), E.int(n)), [S.break()]), ...inner, S.set(counter, E.bin('add', f.get(counter), E.int(1)))]));
      f.add(S.ret(E.struct(Result, POOL.map((_, i) => f.get(i)))));
    });
    return mb.build();
  });
}

function outcome(run: () => IrConst): { value?: IrConst; trap?: string } {
  try {
    return { value: run() };
  } catch (e) {
    if (e instanceof RuntimeTrap) return { trap: e.kind };
    throw e;
  }
}

describe('random IR programs', () => {
  it('compile without refusal, validate, and agree with the interpreter', async () => {
    const programs = fc.sample(programArb(), { numRuns: 60, seed: 20261127 });
    const stats: Record<string, number> = {};
    for (const [i, ir] of programs.entries()) {
      const compiled = await compileModule(ir, { optLevel: (i % 4) as 0 | 1 | 2 | 3 });
      expect(compiled.meta.diagnostics).toEqual([]);
      const mod = await loadModule(compiled);
      const wasm = outcome(() => mod.callIr('f', [], { witness: i % 2 === 0 }).value);
      const ref = outcome(() => interpretCall(ir, 'f', [], { host: createHost() }));
      const agree = wasm.trap !== undefined ? wasm.trap === ref.trap : ref.trap === undefined && valuesEqual(wasm.value!, ref.value!);
      stats[wasm.trap ?? 'value'] = (stats[wasm.trap ?? 'value'] ?? 0) + 1;
      expect(agree, `program ${i}: wasm ${JSON.stringify(wasm, big)} interp ${JSON.stringify(ref, big)}\n${JSON.stringify(ir.funcs[0]!.body, big)}`).toBe(true);
    }
    // The generator must exercise completed runs, not only early traps.
    expect(stats['value'] ?? 0).toBeGreaterThan(programs.length / 4);
  });
});

function big(_: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `0x${Buffer.from(v).toString('hex')}` : v;
}
