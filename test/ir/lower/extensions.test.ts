import { describe, expect, it } from 'vitest';
import { codes, compile, func, program } from '../../check/helpers.ts';

describe('tolerance for forms real code writes (specs/checking.md decisions)', () => {
  it('keeps a literal let open through comparisons with literals', () => {
    const pr = program(`
circuit vent(t: i16) -> u8 {
    let pct = if t > 300 { 100 } else if t > 250 { 50 } else { 0 }
    if pct > 0 && pct != 7 { return pct }
    pct
}
`);
    expect(func(pr.ir, 'vent').locals.find((l) => l.name === 'pct')!.type).toEqual({ k: 'int', bits: 8, signed: false });
    expect(pr.run('vent', [301n])).toBe(100n);
    expect(pr.run('vent', [0n])).toBe(0n);
  });

  it('accepts integer limits, Enum.Variant, as_bytes and method-call syntax for circuits', () => {
    const pr = program(`
type Status = enum { Idle, Active }
circuit double(x: u32) -> u32 { x * 2 }
circuit lim() -> u64 { u64::MAX - u32::MAX as u64 }
circuit st() -> Status { Status.Active }
circuit b(s: string) -> bytes { s.as_bytes() }
circuit m(x: u32) -> u32 { x.double() }
circuit h(b: bytes(4)) -> bytes(32) { b.sha3_256() }
`);
    expect(pr.run('lim')).toBe(0xffff_ffff_0000_0000n);
    expect(pr.run('st')).toBe(1n);
    expect(pr.run('b', ['hi'])).toEqual(new TextEncoder().encode('hi'));
    expect(pr.run('m', [21n])).toBe(42n);
    expect((pr.run('h', [new Uint8Array(4)]) as Uint8Array).length).toBe(32);
    expect(codes(compile(`circuit f(x: u32) -> u32 { x.frobnicate() }`), 'error')).toEqual(['FL411']);
  });

  it('uses two dynamic operands as the expected numeric type (else u64)', () => {
    const pr = program(`circuit f(a: any, b: any) -> u32 { a + b }`);
    const u32 = { k: 'int' as const, bits: 32 as const, signed: false };
    expect(pr.run('f', [{ any: u32, value: 2n }, { any: u32, value: 3n }])).toBe(5n);
  });

  it('converts same-named structs of different files by field name', () => {
    const pr = program({
      'a/x.fl': `type P = struct { a: u8, b: u8 }\ncircuit mk() -> P { P { a: 1, b: 2 } }\n`,
      'b/y.fl': `type P = struct { b: u8, a: u8, c: u8 }\ncircuit swap() -> P { mk() }\n`,
    });
    expect(pr.run('swap')).toEqual([2n, 1n, 0n]);
  });
});
