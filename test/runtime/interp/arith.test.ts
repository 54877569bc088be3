import { describe, expect, it } from 'vitest';
import type { IrConst, IrExpr, IrModule } from '../../../compiler/ir/ir.ts';
import type { RuntimeTrap } from '../../../runtime/errors.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { interpretCall } from '../../../runtime/interp/index.ts';
import { at, bin, bool, c, convert, exprModule, i32, T, u32, u64, u8, unary } from './builder.ts';
import { trapOf as trapFrom } from '../trap.ts';

function run(m: IrModule, args: IrConst[] = []): IrConst {
  return interpretCall(m, 'main', args, { host: createHost() });
}
function evalExpr(e: IrExpr, checks = false): IrConst {
  return run(exprModule(e, [], checks));
}
const trapOf = (e: IrExpr, checks = false): RuntimeTrap => trapFrom(() => evalExpr(e, checks));

describe('integer arithmetic (LANGUAGE.md §8.1)', () => {
  it('wraps by default', () => {
    expect(evalExpr(bin('add', u8(250), u8(10)))).toBe(4n);
    expect(evalExpr(bin('sub', u32(0), u32(1)))).toBe(0xffff_ffffn);
    expect(evalExpr(bin('mul', u32(0x1000_0000), u32(16)))).toBe(0n);
    expect(evalExpr(bin('add', i32(0x7fff_ffff), i32(1)))).toBe(-0x8000_0000n);
    expect(evalExpr(unary('neg', u32(1)))).toBe(0xffff_ffffn);
  });

  it('traps with overflow checks on, at the operator location', () => {
    const t = trapOf(bin('add', u8(250), u8(10), { loc: at(7, 12) }), true);
    expect(t.kind).toBe('overflow');
    expect(t.location).toMatchObject({ file: 'test/prog.fl', line: 7, column: 12 });
    expect(t.callStack).toEqual(['main']);
    expect(trapOf(unary('neg', i32(-0x8000_0000n)), true).kind).toBe('overflow');
    expect(trapOf(bin('sub', u64(0), u64(1)), true).kind).toBe('overflow');
  });

  it('lets a per-op flag override the function mode', () => {
    expect(evalExpr(bin('add', u8(255), u8(1), { checked: false }), true)).toBe(0n);
    expect(trapOf(bin('add', u8(255), u8(1), { checked: true }), false).kind).toBe('overflow');
  });

  it('divides truncating toward zero; % takes the dividend sign', () => {
    expect(evalExpr(bin('div', i32(-7), i32(2)))).toBe(-3n);
    expect(evalExpr(bin('rem', i32(-7), i32(2)))).toBe(-1n);
    expect(evalExpr(bin('rem', i32(7), i32(-2)))).toBe(1n);
    expect(evalExpr(bin('div', u64(600 * 250), u64(10000)))).toBe(15n);
  });

  it('always traps on division by zero and MIN / -1', () => {
    expect(trapOf(bin('div', u32(1), u32(0), { loc: at(3, 5) })).kind).toBe('div_by_zero');
    expect(trapOf(bin('rem', u32(1), u32(0))).kind).toBe('div_by_zero');
    expect(trapOf(bin('div', i32(-0x8000_0000n), i32(-1))).kind).toBe('overflow');
    expect(evalExpr(bin('rem', i32(-0x8000_0000n), i32(-1)))).toBe(0n);
  });

  it('traps on shift counts at or above the width; >> is arithmetic on signed types', () => {
    expect(evalExpr(bin('shl', u8(0x81), u8(1)))).toBe(2n);
    expect(evalExpr(bin('shr', i32(-8), u32(1)))).toBe(-4n);
    expect(evalExpr(bin('shr', u32(0x8000_0000), u32(31)))).toBe(1n);
    expect(trapOf(bin('shl', u32(1), u32(32))).kind).toBe('overflow');
    expect(trapOf(bin('shr', u8(1), u8(8))).kind).toBe('overflow');
  });

  it('does bitwise and/or/xor and bnot at the type width', () => {
    expect(evalExpr(bin('and', u8(0xf0), u8(0x3c)))).toBe(0x30n);
    expect(evalExpr(bin('or', u8(0xf0), u8(0x0f)))).toBe(0xffn);
    expect(evalExpr(bin('xor', u8(0xff), u8(0x0f)))).toBe(0xf0n);
    expect(evalExpr(unary('bnot', u8(0x0f)))).toBe(0xf0n);
    expect(evalExpr(unary('bnot', i32(0)))).toBe(-1n);
  });

  it('checked and saturating forms', () => {
    expect(evalExpr({ e: 'checkedArith', op: 'add', left: u8(200), right: u8(100), type: T.option(T.u8) })).toBeNull();
    expect(evalExpr({ e: 'checkedArith', op: 'mul', left: u8(10), right: u8(10), type: T.option(T.u8) })).toEqual({ some: 100n });
    expect(evalExpr({ e: 'saturatingArith', op: 'sub', left: u8(3), right: u8(10), type: T.u8 })).toBe(0n);
    expect(evalExpr({ e: 'saturatingArith', op: 'add', left: i32(0x7fff_fff0), right: i32(100), type: T.i32 })).toBe(0x7fff_ffffn);
  });
});

describe('floats (§8.1.7)', () => {
  const f64 = (x: number): IrExpr => c(x, T.f64);
  it('never trap', () => {
    expect(evalExpr(bin('div', f64(1), f64(0)))).toBe(Infinity);
    expect(Number.isNaN(evalExpr(bin('div', f64(0), f64(0))) as number)).toBe(true);
  });
  it('round f32 results', () => {
    expect(evalExpr(bin('add', c(0.1, T.f32), c(0.2, T.f32)))).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });
  it('compare with NaN as false', () => {
    expect(evalExpr(bin('lt', f64(NaN), f64(1)))).toBe(false);
    expect(evalExpr(bin('ge', f64(NaN), f64(1)))).toBe(false);
    expect(evalExpr(bin('ne', f64(NaN), f64(NaN)))).toBe(true);
  });
});

describe('casts and conversions (§8.1.6, §8.2.6)', () => {
  it('integer casts truncate and extend', () => {
    expect(evalExpr(convert('int', u32(0x1234), T.u8))).toBe(0x34n);
    expect(evalExpr(convert('int', i32(-1), T.u64))).toBe(0xffff_ffff_ffff_ffffn);
    expect(evalExpr(convert('int', u8(0xff), T.i16))).toBe(255n);
  });
  it('float → int truncates, saturates, NaN → 0', () => {
    expect(evalExpr(convert('float_int', c(-3.9, T.f64), T.i32))).toBe(-3n);
    expect(evalExpr(convert('float_int', c(1e20, T.f64), T.u32))).toBe(0xffff_ffffn);
    expect(evalExpr(convert('float_int', c(-5, T.f64), T.u8))).toBe(0n);
    expect(evalExpr(convert('float_int', c(NaN, T.f64), T.i64))).toBe(0n);
    expect(evalExpr(convert('int_float', u64(3), T.f64))).toBe(3);
  });
  it('bool and enum conversions', () => {
    const types = [{ kind: 'enum' as const, name: 'Fault', reprBits: 8 as const, variants: [{ name: 'Clear', value: 0n }, { name: 'Jammed', value: 1n }] }];
    expect(evalExpr(convert('bool_int', bool(true), T.u8))).toBe(1n);
    expect(run(exprModule(convert('int_enum', u8(1), { k: 'enum', id: 0 }), types))).toBe(1n);
    const t = (() => {
      try {
        run(exprModule(convert('int_enum', u8(7), { k: 'enum', id: 0 }, at(4, 2)), types));
      } catch (e) {
        return e as RuntimeTrap;
      }
      return undefined;
    })();
    expect(t?.kind).toBe('conversion');
    expect(t?.location?.line).toBe(4);
  });
  it('int → bytes(N) is big-endian, low N bytes', () => {
    expect(evalExpr(convert('int_bytes', u32(0x01020304), T.bytesN(2)))).toEqual(Uint8Array.of(3, 4));
    expect(evalExpr(convert('int_bytes', u32(0x0102), T.bytesN(4)))).toEqual(Uint8Array.of(0, 0, 1, 2));
  });
  it('pads strings and bytes on the right, trapping when longer', () => {
    expect(evalExpr(convert('pad_bytes', c('ab', T.string), T.bytesN(4)))).toEqual(Uint8Array.of(97, 98, 0, 0));
    expect(trapOf(convert('pad_bytes', c('abcde', T.string), T.bytesN(4))).kind).toBe('conversion');
    expect(evalExpr(convert('to_bytes', c('hi', T.string), T.bytes))).toEqual(Uint8Array.of(104, 105));
  });
  it('converts lists of integers to bytes, trapping on elements above 255', () => {
    const list = (xs: number[]): IrExpr => ({ e: 'list', elems: xs.map((x) => u32(x)), type: T.list(T.u32) });
    expect(evalExpr(convert('list_bytes', list([1, 2]), T.bytesN(4)))).toEqual(Uint8Array.of(1, 2, 0, 0));
    expect(trapOf(convert('list_bytes', list([1, 256]), T.bytes)).kind).toBe('conversion');
  });
  it('round-trips through any and checks the shape coming out', () => {
    expect(evalExpr(convert('from_any', convert('to_any', u32(5), T.any), T.u64))).toBe(5n);
    expect(trapOf(convert('from_any', convert('to_any', u32(300), T.any), T.u8)).kind).toBe('conversion');
    expect(trapOf(convert('from_any', convert('to_any', c('x', T.string), T.any), T.u8)).kind).toBe('conversion');
  });
});

describe('comparison (§8.1.9)', () => {
  it('is structural for bytes, lists and options; ordering on bytes(N) is lexicographic', () => {
    expect(evalExpr(bin('eq', c(Uint8Array.of(1, 2), T.bytesN(2)), c(Uint8Array.of(1, 2), T.bytesN(2))))).toBe(true);
    expect(evalExpr(bin('lt', c(Uint8Array.of(1, 2), T.bytesN(2)), c(Uint8Array.of(1, 3), T.bytesN(2))))).toBe(true);
    expect(evalExpr(bin('eq', c([1n, 2n], T.list(T.u8)), c([1n, 2n], T.list(T.u8))))).toBe(true);
    expect(evalExpr(bin('ne', c({ some: 1n }, T.option(T.u8)), c(null, T.option(T.u8))))).toBe(true);
  });
});

describe('property: 32-bit arithmetic agrees with JavaScript int32 semantics', () => {
  it('wraps add/sub/mul and truncates div like Math.imul and | 0', async () => {
    const fc = (await import('fast-check')).default;
    const ops = {
      add: (a: number, b: number) => (a + b) | 0,
      sub: (a: number, b: number) => (a - b) | 0,
      mul: (a: number, b: number) => Math.imul(a, b),
      div: (a: number, b: number) => (b === 0 ? undefined : a === -0x80000000 && b === -1 ? undefined : (a / b) | 0),
      rem: (a: number, b: number) => (b === 0 ? undefined : a % b | 0),
      shr: (a: number, b: number) => (b < 0 || b >= 32 ? undefined : a >> b),
    } as const;
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(ops) as (keyof typeof ops)[])), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (op, a, b) => {
        const want = ops[op](a, op === 'shr' ? b & 63 : b);
        const right = op === 'shr' ? i32(b & 63) : i32(b);
        if (want === undefined) {
          expect(trapOf(bin(op, i32(a), right)).kind).toMatch(/div_by_zero|overflow/);
        } else {
          expect(evalExpr(bin(op, i32(a), right))).toBe(BigInt(want));
        }
      }),
      { numRuns: 500 },
    );
  });
});
