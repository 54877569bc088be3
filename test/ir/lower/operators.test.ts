import { describe, expect, it } from 'vitest';
import { bytes, codes, compile, diags, func, program, trapOf } from '../../check/helpers.ts';

describe('operators (§7.2, §8.1)', () => {
  it('widens the narrower operand implicitly', () => {
    const pr = program(`
circuit add(a: u8, b: u32) -> u32 { a + b }
circuit mix(a: u16, b: i32) -> i32 { a * b }
circuit flt(a: f32, b: f64) -> f64 { a + b }
`);
    expect(pr.run('add', [200n, 100n])).toBe(300n);
    expect(pr.run('mix', [3n, -2n])).toBe(-6n);
    expect(pr.run('flt', [1.5, 2])).toBe(3.5);
  });

  it('rejects mixed signedness and int/float without as', () => {
    const p = compile(`
circuit a(x: i64, y: u64) -> i64 { x + y }
circuit b(x: u32, y: f64) -> f64 { x * y }
`);
    expect(diags(p, 'error')).toEqual([
      "main.fl:2:38: error: mixed signedness: i64 and u64 need an explicit 'as' [FL403]",
      "main.fl:3:38: error: integer and float: u32 and f64 need an explicit 'as' [FL403]",
    ]);
  });

  it('wraps by default and traps with overflow checks on, at the operator', () => {
    const src = `circuit inc(x: u8) -> u8 {\n    x + 1\n}\n`;
    expect(program(src).run('inc', [255n])).toBe(0n);
    const checked = program(src, { overflowChecks: true });
    expect(func(checked.ir, 'inc').overflowChecks).toBe(true);
    const t = trapOf(() => checked.run('inc', [255n]));
    expect(t.kind).toBe('overflow');
    expect(t.location).toMatchObject({ file: 'main.fl', line: 2, column: 7 });
  });

  it('traps on division by zero in every mode', () => {
    const pr = program(`circuit d(a: u32, b: u32) -> u32 { a / b }`);
    expect(pr.run('d', [7n, 2n])).toBe(3n);
    expect(trapOf(() => pr.run('d', [1n, 0n])).kind).toBe('div_by_zero');
  });

  it('compares structurally, with implicit conversions at the comparison', () => {
    const pr = program(`
type P = struct { a: u8, b: bytes(4) }
circuit eq(x: P, y: P) -> bool { x == y }
circuit nz(k: bytes(8)) -> bool { k != 0 }
circuit pad(k: bytes(4)) -> bool { k == "AB" }
circuit widths(a: bytes(2), b: bytes(4)) -> bool { a == b }
circuit lists(a: list<u8>, b: list<u8>) -> bool { a == b }
`);
    expect(pr.run('eq', [[1n, bytes(1, 2, 3, 4)], [1n, bytes(1, 2, 3, 4)]])).toBe(true);
    expect(pr.run('eq', [[1n, bytes(1, 2, 3, 4)], [1n, bytes(1, 2, 3, 5)]])).toBe(false);
    expect(pr.run('nz', [new Uint8Array(8)])).toBe(false);
    expect(pr.run('nz', [bytes(0, 0, 0, 0, 0, 0, 0, 1)])).toBe(true);
    expect(pr.run('pad', [bytes(65, 66, 0, 0)])).toBe(true);
    expect(pr.run('widths', [bytes(1, 2), bytes(1, 2, 0, 0)])).toBe(true);
    expect(pr.run('lists', [[1n, 2n], [1n, 2n]])).toBe(true);
  });

  it('orders numbers and bytes(N); an enum next to an integer is its discriminant', () => {
    const pr = program(`
type Level = enum { Low, Mid, High }
circuit lt(a: bytes(2), b: bytes(2)) -> bool { a < b }
circuit hi(l: Level) -> bool { l >= 2 }
circuit is_mid(l: Level) -> bool { l == Mid }
`);
    expect(pr.run('lt', [bytes(1, 2), bytes(1, 3)])).toBe(true);
    expect(pr.run('hi', [2n])).toBe(true);
    expect(pr.run('hi', [1n])).toBe(false);
    expect(pr.run('is_mid', [1n])).toBe(true);
  });

  it('short-circuits && and ||', () => {
    const pr = program(`
circuit safe(xs: list<u8>) -> bool { len(xs) > 0 && xs[0] == 1 }
`);
    expect(pr.run('safe', [[]])).toBe(false);
    expect(pr.run('safe', [[1n]])).toBe(true);
  });

  it('shifts by the left operand type; a count at or beyond the width traps', () => {
    const pr = program(`
circuit shl(x: u16, n: u8) -> u16 { x << n }
circuit sar(x: i32) -> i32 { x >> 1 }
circuit one(n: u8) -> u32 { 1 << n }
`);
    expect(pr.run('shl', [1n, 4n])).toBe(16n);
    expect(pr.run('sar', [-8n])).toBe(-4n);
    expect(pr.run('one', [31n])).toBe(2147483648n);
    expect(trapOf(() => pr.run('shl', [1n, 16n])).kind).toBe('overflow');
  });

  it('applies ! to bools (and as a complement to integers) and unary minus', () => {
    const pr = program(`
circuit n(b: bool) -> bool { !b }
circuit c(x: u8) -> u8 { !x }
circuit m(x: i32) -> i32 { -x }
`);
    expect(pr.run('n', [true])).toBe(false);
    expect(pr.run('c', [0x0fn])).toBe(0xf0n);
    expect(pr.run('m', [5n])).toBe(-5n);
  });

  it('treats & | ^ on bools as logic and rejects bitwise operators on bytes', () => {
    const pr = program(`circuit x(a: bool, b: bool) -> bool { a ^ b }`);
    expect(pr.run('x', [true, false])).toBe(true);
    expect(codes(compile(`circuit y(a: bytes(2), b: bytes(2)) -> bytes(2) { a & b }`), 'error')).toEqual(['FL422']);
  });

  it('?? gives the present value or the fallback, without evaluating a present fallback', () => {
    const pr = program(`
circuit maybe(x: u32) -> u32 {
    if x > 10 { return nil }
    x
}
circuit get(x: u32) -> u32 { maybe(x) ?? 99 }
`);
    expect(pr.run('get', [4n])).toBe(4n);
    expect(pr.run('get', [40n])).toBe(99n);
  });

  it('rejects chained use of incompatible operand types', () => {
    const p = compile(`circuit s(a: string, b: string) -> string { a + b }`);
    expect(codes(p, 'error')).toEqual(['FL422']);
  });
});
