/**
 * The wasm back end against the reference IR interpreter (runtime/interp): random integer
 * expression trees over every width, in wrap and checked mode; both must return the same
 * value or trap with the same kind.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { IrBinaryOp, IrExpr, IrModule, IrType } from '../../../compiler/ir/ir.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { interpretCall } from '../../../runtime/interp/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { RuntimeTrap } from '../../../runtime/errors.ts';
import { ModuleBuilder, E, S, T } from '../../wasm/ir-builder.ts';

const TYPES: IrType[] = [T.u8, T.u16, T.i16, T.u32, T.i32, T.u64, T.i64, T.u128];
const OPS: IrBinaryOp[] = ['add', 'sub', 'mul', 'div', 'rem', 'and', 'or', 'xor', 'shl', 'shr'];

function exprArb(t: IrType, depth: number, params: IrExpr[]): fc.Arbitrary<IrExpr> {
  const leaf = fc.oneof(
    fc.constantFrom(...params),
    fc.bigInt({ min: -(1n << 127n), max: (1n << 128n) - 1n }).map((v) => {
      const bits = (t as { bits: number }).bits;
      const signed = (t as { signed: boolean }).signed;
      return E.int(signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v), t);
    }),
    fc.integer({ min: 0, max: 9 }).map((v) => E.int(v, t)),
  );
  if (depth === 0) return leaf;
  const sub = exprArb(t, depth - 1, params);
  return fc.oneof(
    { weight: 1, arbitrary: leaf },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...OPS), sub, sub, fc.boolean()).map(([op, l, r, checked]) =>
        op === 'shl' || op === 'shr' ? E.bin(op, l, { e: 'binary', op: 'and', left: r, right: E.int(7, t), type: t }) : E.bin(op, l, r, undefined, checked),
      ),
    },
    { weight: 1, arbitrary: sub.map((x) => ({ e: 'unary', op: 'bnot', operand: x, type: t }) as IrExpr) },
  );
}

/** One function per sampled expression, so a type needs a single compilation. */
function moduleFor(t: IrType, bodies: IrExpr[]): IrModule {
  const mb = new ModuleBuilder();
  bodies.forEach((body, i) =>
    mb.func(`f${i}`, t, (f) => {
      f.param('a', t);
      f.param('b', t);
      f.add(S.ret(body));
    }),
  );
  return mb.build();
}

function outcome(run: () => unknown): { value?: unknown; trap?: string } {
  try {
    return { value: run() };
  } catch (e) {
    if (e instanceof RuntimeTrap) return { trap: e.kind };
    throw e;
  }
}

describe('wasm agrees with the IR interpreter', () => {
  for (const t of TYPES) {
    it(`random ${(t as { signed: boolean }).signed ? 'i' : 'u'}${(t as { bits: number }).bits} expressions`, async () => {
      const params: IrExpr[] = [{ e: 'local', id: 0, type: t }, { e: 'local', id: 1, type: t }];
      const bits = (t as { bits: number }).bits;
      const signed = (t as { signed: boolean }).signed;
      const valueArb = fc.bigInt({ min: -(1n << 127n), max: (1n << 128n) - 1n }).map((v) => (signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v)));
      const samples = fc.sample(fc.tuple(exprArb(t, 3, params), valueArb, valueArb), { numRuns: 60, seed: bits * 7 + (signed ? 1 : 0) });
      const ir = moduleFor(t, samples.map(([body]) => body));
      const mod = await loadModule(await compileModule(ir, { optLevel: 1 }));
      samples.forEach(([body, a, b], i) => {
        const wasm = outcome(() => mod.callIr(`f${i}`, [a, b]).value);
        const ref = outcome(() => interpretCall(ir, `f${i}`, [a, b], { host: createHost() }));
        expect(wasm, JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).toEqual(ref);
      });
    });
  }
});
