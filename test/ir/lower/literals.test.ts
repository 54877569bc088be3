import { describe, expect, it } from 'vitest';
import { bytes, compile, diags, func, program } from '../../check/helpers.ts';

describe('literals take their type from context (§8.1 item 4)', () => {
  it('types integer literals by the expected type and checks that they fit', () => {
    const pr = program(`
circuit a() -> u8 { 200 }
circuit b() -> i16 { -300 }
circuit c() -> f64 { 2 }
circuit d(x: u16) -> u16 { x + 1 }
`);
    expect(pr.run('a')).toBe(200n);
    expect(pr.run('b')).toBe(-300n);
    expect(pr.run('c')).toBe(2);
    expect(pr.run('d', [41n])).toBe(42n);
    expect(func(pr.ir, 'd').body).toMatchObject([{ s: 'return', value: { e: 'binary', right: { e: 'const', type: { k: 'int', bits: 16 } } } }]);
  });

  it('reports a literal that does not fit, at the literal', () => {
    const p = compile(`circuit a() -> u8 {\n    256\n}\ncircuit b() -> u32 { -1 }\n`);
    expect(diags(p, 'error')).toEqual([
      'main.fl:2:5: error: literal 256 does not fit in u8 [FL402]',
      'main.fl:4:22: error: literal -1 does not fit in u32 [FL402]',
    ]);
  });

  it('defaults to u64, i64 when negative, f64 for floats', () => {
    const pr = program(`
circuit a() -> u64 { let x = 5
    x }
circuit b() -> i64 { let x = -5
    x }
circuit c() -> f64 { let x = 0.25
    x }
`);
    expect(pr.run('a')).toBe(5n);
    expect(pr.run('b')).toBe(-5n);
    expect(pr.run('c')).toBe(0.25);
  });

  it('lets a literal let take the type of its first typed use', () => {
    const pr = program(`
circuit sum(xs: list<i64>) -> i64 {
    let total = 0
    for x in xs { total = total + x }
    total
}
circuit code(f: bool) -> u8 {
    let kind = if f { 1 } else { 2 }
    kind
}
`);
    expect(pr.run('sum', [[5n, -7n]])).toBe(-2n);
    expect(func(pr.ir, 'sum').locals.find((l) => l.name === 'total')!.type).toEqual({ k: 'int', bits: 64, signed: true });
    expect(pr.run('code', [false])).toBe(2n);
  });

  it('converts integer and hex constants to bytes(N) big-endian, left-padded', () => {
    const pr = program(`
const MAGIC: bytes(4) = 0x46534C31
circuit m() -> bytes(4) { MAGIC }
circuit w() -> bytes(4) { 0x01 }
circuit big() -> bytes(32) { 0xDEADBEEF00000000000000000000000000000000000000000000000000000001 }
circuit free() -> bytes(32) { let k = 0x00000000000000000000000000000000000000000000000000000000000000FF
    k }
`);
    expect(pr.run('m')).toEqual(bytes(0x46, 0x53, 0x4c, 0x31));
    expect(pr.run('w')).toEqual(bytes(0, 0, 0, 1));
    const big = pr.run('big') as Uint8Array;
    expect([...big.slice(0, 4)]).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(big[31]).toBe(1);
    // With no context, a hex literal wider than 64 bits is bytes of its digit count.
    expect((pr.run('free') as Uint8Array).length).toBe(32);
  });

  it('rejects a constant too large for bytes(N)', () => {
    const p = compile(`circuit w() -> bytes(2) { 0x123456 }`);
    expect(diags(p, 'error')).toEqual(['main.fl:1:27: error: literal 0x123456 does not fit in bytes(2) [FL414]']);
  });

  it('right-pads string literals into bytes(N) and rejects longer ones', () => {
    const pr = program(`circuit s() -> bytes(5) { "AB" }`);
    expect(pr.run('s')).toEqual(bytes(65, 66, 0, 0, 0));
    const p = compile(`circuit s() -> bytes(2) { "ABC" }`);
    expect(diags(p, 'error')).toEqual(['main.fl:1:27: error: string literal of 3 bytes does not fit in bytes(2) [FL414]']);
  });

  it('types integer literals as enum variants by discriminant', () => {
    const pr = program(`
type Fault = enum u8 { Clear = 0, Jammed = 0x01, PowerLoss = 2, }
circuit f() -> Fault { 2 }
`);
    expect(pr.run('f')).toBe(2n);
    const p = compile(`type Fault = enum { Clear, Jammed }\ncircuit f() -> Fault { 7 }`);
    expect(diags(p, 'error')).toEqual(['main.fl:2:24: error: Fault has no variant with value 7 [FL415]']);
  });

  it('accepts typed literals and durations', () => {
    const pr = program(`circuit t() -> u16 { 0u16 + 3 }`);
    expect(pr.run('t')).toBe(3n);
  });
});
