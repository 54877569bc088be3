import { describe, expect, it } from 'vitest';
import { bytes, codes, compile, diags, program, trapOf } from '../../check/helpers.ts';

describe('as casts (§8.1 item 6)', () => {
  it('truncates, extends, rounds and saturates', () => {
    const pr = program(`
circuit trunc(x: u32) -> u8 { x as u8 }
circuit sext(x: i16) -> i64 { x as i64 }
circuit tof(x: u32) -> f64 { x as f64 }
circuit toi(x: f64) -> u8 { x as u8 }
circuit b2i(b: bool) -> u8 { b as u8 }
`);
    expect(pr.run('trunc', [0x1234n])).toBe(0x34n);
    expect(pr.run('sext', [-2n])).toBe(-2n);
    expect(pr.run('tof', [7n])).toBe(7);
    expect(pr.run('toi', [300.7])).toBe(255n);
    expect(pr.run('toi', [Number.NaN])).toBe(0n);
    expect(pr.run('b2i', [true])).toBe(1n);
  });

  it('converts enums to and from integers, trapping on a missing variant', () => {
    const pr = program(`
type Gate = enum { Entry, Exit }
circuit d(g: Gate) -> u32 { g as u32 }
circuit g(x: u8) -> Gate { x as Gate }
`);
    expect(pr.run('d', [1n])).toBe(1n);
    expect(pr.run('g', [1n])).toBe(1n);
    expect(trapOf(() => pr.run('g', [5n])).kind).toBe('conversion');
  });

  it('x as bytes(N) is big-endian keeping the low N bytes; bytes as integers read big-endian', () => {
    const pr = program(`
circuit be(x: u32) -> bytes(4) { x as bytes(4) }
circuit low(x: u32) -> bytes(2) { x as bytes(2) }
circuit back(b: bytes(4)) -> u32 { b as u32 }
circuit first(b: bytes(32)) -> bytes(8) { b as bytes(8) }
`);
    expect(pr.run('be', [0x01020304n])).toEqual(bytes(1, 2, 3, 4));
    expect(pr.run('low', [0x01020304n])).toEqual(bytes(3, 4));
    expect(pr.run('back', [bytes(1, 2, 3, 4)])).toBe(0x01020304n);
    expect(pr.run('first', [new Uint8Array(32).fill(7)])).toEqual(new Uint8Array(8).fill(7));
  });

  it('rejects casts that have no meaning', () => {
    expect(codes(compile(`circuit c(s: string) -> u8 { s as u8 }`), 'error')).toEqual(['FL409']);
  });
});

describe('implicit conversions into bytes(N) (§8.2 item 6)', () => {
  it('pads bytes(M) right, integers left, and checks run-time lengths', () => {
    const pr = program(`
circuit widen(b: bytes(2)) -> bytes(4) { b }
circuit num(x: u16) -> bytes(4) { x }
circuit dyn(b: bytes) -> bytes(4) { b }
circuit str(s: string) -> bytes(4) { s }
`);
    expect(pr.run('widen', [bytes(1, 2)])).toEqual(bytes(1, 2, 0, 0));
    expect(pr.run('num', [0x0102n])).toEqual(bytes(0, 0, 1, 2));
    expect(pr.run('dyn', [bytes(9)])).toEqual(bytes(9, 0, 0, 0));
    expect(trapOf(() => pr.run('dyn', [bytes(1, 2, 3, 4, 5)])).kind).toBe('conversion');
    expect(pr.run('str', ['hi'])).toEqual(bytes(104, 105, 0, 0));
  });

  it('converts list literals to bytes(N), right-padded, and checks elements at run time', () => {
    const pr = program(`
circuit head() -> bytes(4) { [0x46, 0x4C] }
circuit pins(code: u16) -> bytes(2) { bytes [(code >> 8) as u8, (code & 0xFF) as u8] }
circuit wide(v: u32) -> bytes(2) { bytes [v, 1] }
`);
    expect(pr.run('head')).toEqual(bytes(0x46, 0x4c, 0, 0));
    expect(pr.run('pins', [0x1234n])).toEqual(bytes(0x12, 0x34));
    expect(pr.run('wide', [7n])).toEqual(bytes(7, 1));
    expect(trapOf(() => pr.run('wide', [300n])).kind).toBe('conversion');
  });

  it('refuses bytes(M) into a smaller bytes(N) and narrowing integers', () => {
    const p = compile(`
circuit a(b: bytes(8)) -> bytes(4) { b }
circuit n(x: u64) -> u32 { x }
`);
    expect(diags(p, 'error')).toEqual([
      'main.fl:2:38: error: body value has type bytes(8), expected bytes(4): bytes(8) does not fit in bytes(4) [FL401]',
      "main.fl:3:28: error: body value has type u64, expected u32: implicit conversions only widen; write 'as u32' [FL401]",
    ]);
  });
});

describe('any (§8.2 item 9)', () => {
  it('checks the shape when an any is used as a T, and its fields are any', () => {
    const pr = program(`
type Rec = struct { n: u32 }
circuit f(x: any) -> u32 { x.n }
circuit g(x: any) -> u32 { x as u32 }
circuit h(x: any) -> u32 { x + 1 }
`);
    const box = { any: { k: 'struct' as const, id: 2 }, value: [5n] };
    expect(pr.run('f', [box])).toBe(5n);
    expect(pr.run('g', [{ any: { k: 'int' as const, bits: 32 as const, signed: false }, value: 9n }])).toBe(9n);
    expect(trapOf(() => pr.run('g', [{ any: { k: 'string' as const }, value: 'x' }])).kind).toBe('conversion');
    expect(pr.run('h', [{ any: { k: 'int' as const, bits: 64 as const, signed: false }, value: 1n }])).toBe(2n);
  });
});
