import { describe, expect, it } from 'vitest';
import { printFunc } from '../../../compiler/ir/print.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { bytes, compile, diags, func, program, trapOf } from '../../check/helpers.ts';

/** The type a local was given, from the printed IR (`local $n name: T`). */
function localType(src: string, fn: string, local: string): string {
  const p = program(src);
  const text = printFunc(func(p.ir, fn), p.ir.types);
  const line = text.split('\n').find((l) => new RegExp(`local \\$\\d+ ${local}: `).test(l));
  if (!line) throw new Error(`no local ${local} in\n${text}`);
  return line.replace(/.*: /, '').replace(/ witness$/, '');
}

/** Defects the second corpus (test/fixtures/corpus2) found in lowering; one test each. */
describe('byte-range assignment `buf[lo..hi] = v` (specs/checking.md, "Byte-range assignment")', () => {
  const SRC = `
type Frame = struct { head: bytes(8), n: u8 }
circuit put(lo: u64, v: bytes(2)) -> bytes(6) {
    let mut buf = bytes(6)
    buf[lo..lo + 2] = v
    buf
}
circuit tail() -> bytes(4) {
    let mut b: bytes(4) = [1, 2, 3, 4]
    b[2..] = bytes [9, 9]
    b[..1] = "z"
    b
}
circuit colon() -> bytes(4) {
    let mut b = bytes(4)
    b[1:3] = bytes [0xAA, 0xBB]
    b
}
circuit nested() -> Frame {
    let mut f = Frame { head: bytes(8), n: 1 }
    f.head[4..8] = 16909060u32 as bytes(4)
    f
}
circuit wrong_width(v: bytes) -> bytes(4) {
    let mut b = bytes(4)
    b[0..2] = v
    b
}`;

  it('writes the value over the range, for every range form and a nested place', () => {
    const p = program(SRC);
    expect(diags(p.p, 'error')).toEqual([]);
    expect(p.run('put', [1n, bytes(7, 8)])).toEqual(bytes(0, 7, 8, 0, 0, 0));
    expect(p.run('tail')).toEqual(bytes(0x7a, 2, 9, 9));
    expect(p.run('colon')).toEqual(bytes(0, 0xaa, 0xbb, 0));
    expect(p.run('nested')).toEqual([bytes(0, 0, 0, 0, 1, 2, 3, 4), 1n]);
  });

  it('a value of another length, or a range past the end, traps with index_out_of_bounds at the range', () => {
    const p = program(SRC);
    const short = trapOf(() => p.run('wrong_width', [bytes(1, 2, 3)]));
    expect(short.kind).toBe('index_out_of_bounds');
    expect(short.location).toMatchObject({ line: 26, column: 5 });
    expect(trapOf(() => p.run('put', [5n, bytes(1, 1)])).kind).toBe('index_out_of_bounds');
    expect(p.run('wrong_width', [bytes(1, 2)])).toEqual(bytes(1, 2, 0, 0));
  });

  it('a range of something that is not bytes is an error', () => {
    const p = compile(`circuit f(xs: list<u8>) -> u8 {\n    let mut ys = xs\n    ys[0..1] = xs\n    0\n}\n`);
    expect(diags(p, 'error').join('\n')).toMatch(/only a byte range can be assigned/);
  });

  it('agrees on wasm, trap included', async () => {
    const p = program(SRC);
    const wasm = await loadModule(await compileModule(p.ir, { optLevel: 1 }));
    expect(wasm.callIr('put', [2n, bytes(5, 6)], { host: createHost() }).value).toEqual(bytes(0, 0, 5, 6, 0, 0));
    expect(wasm.callIr('tail', [], { host: createHost() }).value).toEqual(bytes(0x7a, 2, 9, 9));
    expect(wasm.callIr('nested', [], { host: createHost() }).value).toEqual([bytes(0, 0, 0, 0, 1, 2, 3, 4), 1n]);
    expect(trapOf(() => wasm.callIr('wrong_width', [bytes(1)], { host: createHost() })).kind).toBe('index_out_of_bounds');
  }, 60_000);
});

describe('`for x in [1, 2, 3]` over a literal list (specs/checking.md, "Literal lets")', () => {
  const SRC = `
circuit sum_to(acc0: u32) -> u32 {
    let mut acc = acc0
    for j in [1, 2, 3] { acc = acc + j }
    acc
}
circuit signed() -> i32 {
    let mut t: i32 = 0
    for d in [-1, 0, 1] { t = t + d * 10 }
    t
}
circuit untyped() -> u64 {
    let mut n = 0
    for k in [5, 6] { n = n + k }
    n
}`;

  it('the element type follows the first typed use of the loop variable', () => {
    expect(localType(SRC, 'sum_to', 'j')).toBe('u32');
    expect(localType(SRC, 'signed', 'd')).toBe('i32');
    const p = program(SRC);
    expect(p.run('sum_to', [10n])).toBe(16n);
    expect(p.run('signed')).toBe(0n);
    expect(p.run('untyped')).toBe(11n);
  });

  it('a literal that does not fit the used type is still a compile error', () => {
    const p = compile(`circuit f() -> u8 {\n    let mut t: u8 = 0\n    for j in [1, 300] { t = t + j }\n    t\n}\n`);
    expect(diags(p, 'error').join('\n')).toMatch(/300|u8/);
  });

  it('agrees on wasm', async () => {
    const p = program(SRC);
    const wasm = await loadModule(await compileModule(p.ir, { optLevel: 1 }));
    expect(wasm.callIr('sum_to', [4294967295n], { host: createHost() }).value).toBe(5n);
    expect(wasm.callIr('signed', [], { host: createHost() }).value).toBe(0n);
  }, 60_000);
});

describe('`let b = a * 2` joins a pending literal group (specs/checking.md, "Literal lets")', () => {
  const SRC = `
circuit fee() -> u32 {
    let base = 250
    let fee = base * 2 + 1
    fee
}
circuit chain(x: u16) -> u16 {
    let a = 3
    let b = a * 2
    let c = b - a
    c + x
}
circuit retyped_by_first(x: u8) -> u8 {
    let a = 7
    let b = a + 1
    b + x
}`;

  it('every binding of the group takes the type of the first typed use', () => {
    expect(localType(SRC, 'fee', 'base')).toBe('u32');
    expect(localType(SRC, 'fee', 'fee')).toBe('u32');
    expect(localType(SRC, 'chain', 'a')).toBe('u16');
    expect(localType(SRC, 'chain', 'b')).toBe('u16');
    expect(localType(SRC, 'chain', 'c')).toBe('u16');
    expect(localType(SRC, 'retyped_by_first', 'a')).toBe('u8');
    const p = program(SRC);
    expect(diags(p.p, 'error')).toEqual([]);
    expect(p.run('fee')).toBe(501n);
    expect(p.run('chain', [65535n])).toBe(2n);
    expect(p.run('retyped_by_first', [250n])).toBe(2n);
  });
});
