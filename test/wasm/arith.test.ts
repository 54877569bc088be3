import { describe, expect, it } from 'vitest';
import type { IrBinaryOp, IrType } from '../../compiler/ir/ir.ts';
import { ModuleBuilder, E, S, T, at } from './ir-builder.ts';
import { build, trapOf } from './helpers.ts';

const i8like: IrType = { k: 'int', bits: 8, signed: false };

/** One circuit per (op, type, checked) taking (a, b) and returning a op b. */
function binModule(ops: IrBinaryOp[], types: IrType[]) {
  const mb = new ModuleBuilder();
  for (const t of types) {
    for (const op of ops) {
      for (const checked of [false, true]) {
        mb.func(`${op}_${t.k === 'int' ? (t.signed ? 'i' : 'u') + t.bits : t.k}_${checked ? 'c' : 'w'}`, ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op) ? T.bool : t, (f) => {
          const a = f.param('a', t);
          const b = f.param('b', t);
          f.add(S.ret(E.bin(op, a, b, at(7, 9), checked)));
        }, { overflowChecks: checked });
      }
    }
  }
  return mb.build();
}

const INTS: IrType[] = [i8like, T.u16, T.i16, T.u32, T.i32, T.u64, T.i64, T.u128];
const name = (t: IrType) => (t.k === 'int' ? (t.signed ? 'i' : 'u') + t.bits : t.k);
const range = (t: IrType & { k: 'int' }) => (t.signed ? [-(1n << BigInt(t.bits - 1)), (1n << BigInt(t.bits - 1)) - 1n] : [0n, (1n << BigInt(t.bits)) - 1n]);
const wrap = (t: IrType & { k: 'int' }, v: bigint) => (t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v));

describe('integer arithmetic (LANGUAGE.md §8.1)', async () => {
  const { mod } = await build(binModule(['add', 'sub', 'mul', 'div', 'rem', 'shl', 'shr', 'and', 'or', 'xor', 'lt', 'ge'], INTS));
  for (const t of INTS as (IrType & { k: 'int' })[]) {
    const [lo, hi] = range(t);
    const samples = [lo, hi, 0n, 1n, 2n, hi / 2n, lo / 2n, 7n, hi - 3n].map((v) => (v < lo ? lo : v > hi ? hi : v));
    it(`${name(t)}: + - * wrap by default and trap when checked`, () => {
      for (const a of samples) {
        for (const b of samples) {
          for (const [op, exact] of [['add', a + b], ['sub', a - b], ['mul', a * b]] as const) {
            expect(mod.callIr(`${op}_${name(t)}_w`, [a, b]).value).toBe(wrap(t, exact));
            if (exact < lo || exact > hi) {
              const trap = trapOf(() => mod.callIr(`${op}_${name(t)}_c`, [a, b]));
              expect(trap.kind).toBe('overflow');
              expect([trap.location?.line, trap.location?.column]).toEqual([7, 9]);
            } else expect(mod.callIr(`${op}_${name(t)}_c`, [a, b]).value).toBe(exact);
          }
        }
      }
    });
    it(`${name(t)}: / and % truncate toward zero; division by zero and MIN / -1 trap`, () => {
      for (const a of samples) {
        for (const b of samples) {
          if (b === 0n) {
            expect(trapOf(() => mod.callIr(`div_${name(t)}_w`, [a, b])).kind).toBe('div_by_zero');
            expect(trapOf(() => mod.callIr(`rem_${name(t)}_w`, [a, b])).kind).toBe('div_by_zero');
            continue;
          }
          if (t.signed && a === lo && b === -1n) {
            expect(trapOf(() => mod.callIr(`div_${name(t)}_w`, [a, b])).kind).toBe('overflow');
            continue;
          }
          expect(mod.callIr(`div_${name(t)}_w`, [a, b]).value).toBe(a / b);
          expect(mod.callIr(`rem_${name(t)}_w`, [a, b]).value).toBe(a % b);
        }
      }
      if (t.signed) expect(mod.callIr(`div_${name(t)}_w`, [-7n, 2n]).value).toBe(-3n);
      if (t.signed) expect(mod.callIr(`rem_${name(t)}_w`, [-7n, 2n]).value).toBe(-1n);
    });
    it(`${name(t)}: shifts drop bits, are arithmetic when signed, and trap at the width`, () => {
      expect(mod.callIr(`shl_${name(t)}_w`, [hi, 1n]).value).toBe(wrap(t, hi << 1n));
      expect(mod.callIr(`shr_${name(t)}_w`, [hi, 1n]).value).toBe(hi >> 1n);
      if (t.signed) expect(mod.callIr(`shr_${name(t)}_w`, [-8n, 1n]).value).toBe(-4n);
      const trap = trapOf(() => mod.callIr(`shl_${name(t)}_w`, [1n, BigInt(t.bits)]));
      expect(trap.kind).toBe('overflow');
      expect(trap.location?.line).toBe(7);
    });
    it(`${name(t)}: bitwise and comparisons`, () => {
      for (const a of samples) {
        for (const b of samples) {
          expect(mod.callIr(`and_${name(t)}_w`, [a, b]).value).toBe(wrap(t, a & b));
          expect(mod.callIr(`xor_${name(t)}_w`, [a, b]).value).toBe(wrap(t, a ^ b));
          expect(mod.callIr(`lt_${name(t)}_w`, [a, b]).value).toBe(a < b);
          expect(mod.callIr(`ge_${name(t)}_w`, [a, b]).value).toBe(a >= b);
        }
      }
    });
  }
});

describe('explicit arithmetic forms and floats', async () => {
  const mb = new ModuleBuilder();
  for (const t of [T.u8, T.i16, T.u32, T.i64, T.u64, T.u128] as IrType[]) {
    mb.func(`cadd_${name(t)}`, T.option(t), (f) => {
      const a = f.param('a', t);
      const b = f.param('b', t);
      f.add(S.ret({ e: 'checkedArith', op: 'add', left: a, right: b, type: T.option(t) }));
    });
    mb.func(`ssub_${name(t)}`, t, (f) => {
      const a = f.param('a', t);
      const b = f.param('b', t);
      f.add(S.ret({ e: 'saturatingArith', op: 'sub', left: a, right: b, type: t }));
    });
    mb.func(`neg_${name(t)}`, t, (f) => {
      const a = f.param('a', t);
      f.add(S.ret({ e: 'unary', op: 'neg', operand: a, type: t, checked: true, loc: at(4, 2) }));
    });
  }
  mb.func('fops', T.list(T.f64), (f) => {
    const a = f.param('a', T.f64);
    const b = f.param('b', T.f64);
    f.add(S.ret(E.list(T.f64, [E.bin('add', a, b), E.bin('div', a, b), E.bin('rem', a, b)])));
  });
  const { mod } = await build(mb.build());
  it('checked_add returns none on overflow', () => {
    expect(mod.callIr('cadd_u8', [200n, 55n]).value).toEqual({ some: 255n });
    expect(mod.callIr('cadd_u8', [200n, 56n]).value).toBe(null);
    expect(mod.callIr('cadd_i64', [(1n << 62n), (1n << 62n)]).value).toBe(null);
    expect(mod.callIr('cadd_u128', [(1n << 127n), (1n << 127n)]).value).toBe(null);
    expect(mod.callIr('cadd_u128', [(1n << 126n), 5n]).value).toEqual({ some: (1n << 126n) + 5n });
  });
  it('saturating_sub clamps', () => {
    expect(mod.callIr('ssub_u32', [3n, 5n]).value).toBe(0n);
    expect(mod.callIr('ssub_i16', [-32000n, 1000n]).value).toBe(-32768n);
    expect(mod.callIr('ssub_i16', [32000n, -1000n]).value).toBe(32767n);
    expect(mod.callIr('ssub_u128', [3n, 5n]).value).toBe(0n);
  });
  it('checked negation traps on unsigned non-zero and signed MIN', () => {
    expect(mod.callIr('neg_i64', [5n]).value).toBe(-5n);
    expect(trapOf(() => mod.callIr('neg_u32', [1n])).kind).toBe('overflow');
    expect(trapOf(() => mod.callIr('neg_i16', [-32768n])).location?.line).toBe(4);
  });
  it('floats are IEEE and never trap', () => {
    expect(mod.callIr('fops', [7.5, 2]).value).toEqual([9.5, 3.75, 1.5]);
    const [, q] = mod.callIr('fops', [1, 0]).value as number[];
    expect(q).toBe(Infinity);
  });
});
