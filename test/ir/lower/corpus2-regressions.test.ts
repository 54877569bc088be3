import { describe, expect, it } from 'vitest';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { bytes, compile, diags, localType, program, trapOf } from '../../check/helpers.ts';

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

describe('literal-only arms default together (specs/checking.md, "Literal lets")', () => {
  const SRC = `
type E = enum { A, B, C }
circuit g(s: E) -> i16 {
    let p = match s { A => 1, B => -2, C => 3 }
    p
}
circuit h(s: E) -> i16 {
    let p = if s == A { 1 } else { -1 }
    p
}
circuit k(s: E) -> f64 {
    let w = match s { A => 1, B => 0.5, C => 2 }
    w
}
circuit plain(s: E) -> u64 { let q = match s { A => 1, B => 2, C => 3 }
    q }`;

  it('a negative or a float among the literal arms makes every arm that type, still open to the first typed use', () => {
    const p = program(SRC);
    expect(diags(p.p, 'error')).toEqual([]);
    expect(localType(SRC, 'g', 'p')).toBe('i16');
    expect(localType(SRC, 'h', 'p')).toBe('i16');
    expect(localType(SRC, 'plain', 'q')).toBe('u64');
    expect(p.run('g', [1n])).toBe(-2n);
    expect(p.run('h', [2n])).toBe(-1n);
    expect(p.run('k', [0n])).toBe(1);
    expect(p.run('k', [1n])).toBe(0.5);
  });
});

describe('`let xs = [1, 2]` keeps its element type open (specs/checking.md, "Empty list lets")', () => {
  const SRC = `
circuit total(ws: list<u16>) -> u32 { fold(ws, 0u32, |a, w| a + w as u32) }
circuit words() -> u32 {
    let ws = [0x5055, 0x4D50, 7]
    total(ws)
}
circuit signed() -> list<i16> {
    let xs = [1, -2, 3]
    xs
}
circuit untouched() -> u64 {
    let xs = [4, 5]
    fold(xs, 0u64, |a, x| a + x)
}
circuit hashed() -> bytes(32) {
    let xs = [1, 2]
    sha3_256(xs)
}`;

  it('the first use that expects a list fixes the element type; otherwise the common default stays', () => {
    expect(localType(SRC, 'words', 'ws')).toBe('list<u16>');
    expect(localType(SRC, 'signed', 'xs')).toBe('list<i16>');
    expect(localType(SRC, 'untouched', 'xs')).toBe('list<u64>');
    const p = program(SRC);
    expect(p.run('words')).toBe(0x5055n + 0x4d50n + 7n);
    expect(p.run('signed')).toEqual([1n, -2n, 3n]);
    expect(p.run('untouched')).toBe(9n);
  });

  it('a literal that does not fit the expected element type is still an error', () => {
    const p = compile(`circuit t(ws: list<u8>) -> u64 { len(ws) }\ncircuit f() -> u64 {\n    let ws = [1, 300]\n    t(ws)\n}\n`);
    expect(diags(p, 'error').join('\n')).toMatch(/list<u64>, expected list<u8>/);
  });
});

describe('the literal arms’ shared default stays on the arm values', () => {
  it('a let inside a literal arm keeps its own default', () => {
    const src = `
type E = enum { A, B }
circuit f(s: E) -> bytes(32) {
    let p = match s { A => {
        let k = 5
        sha3_256(k)
        1
    }, B => -1 }
    sha3_256(p)
}
circuit g() -> bytes(32) { sha3_256(5) }`;
    const p = program(src);
    expect(diags(p.p, 'error')).toEqual([]);
    expect(localType(src, 'f', 'k')).toBe('u64');
    expect(localType(src, 'f', 'p')).toBe('i64');
  });
});

describe('literal list lets that are not numbers keep their usual type', () => {
  it('a list of 64-digit hex literals is a list of bytes(32)', () => {
    const h = '0x' + 'ab'.repeat(32);
    const src = `circuit keys() -> u64 {\n    let ks = [${h}, ${h}]\n    len(ks)\n}\ncircuit first() -> bytes(32) {\n    let ks = [${h}]\n    nth(ks, 0)\n}\n`;
    expect(localType(src, 'keys', 'ks')).toBe('list<bytes(32)>');
    expect(program(src).run('first')).toEqual(new Uint8Array(32).fill(0xab));
  });
});

describe('`for w in weights` over an open literal list (specs/checking.md, "Literal lets")', () => {
  const SRC = `
circuit weighted(xs: list<u32>) -> u32 {
    let weights = [3, 1, 2]
    let mut total: u32 = 0
    let mut i: u64 = 0
    for w in weights {
        total = total + w * nth(xs, i)
        i = i + 1
    }
    total
}
circuit untyped_loop() -> u64 {
    let ks = [5, 6]
    let mut n = 0
    for k in ks { n = n + k }
    n + len(ks)
}
circuit pushed_after() -> list<u8> {
    let mut ws = [1, 2]
    let mut t: u8 = 0
    for w in ws { t = t + w }
    ws.push(t)
    ws
}
circuit compared(f: list<u16>) -> bool {
    let ws = [7, 8]
    for w in ws { if w > 100 { return false } }
    ws == f
}`;

  it('the loop variable’s first typed use types the list, and the IR stays well formed', () => {
    expect(localType(SRC, 'weighted', 'weights')).toBe('list<u32>');
    expect(localType(SRC, 'weighted', 'w')).toBe('u32');
    expect(localType(SRC, 'untyped_loop', 'ks')).toBe('list<u64>');
    expect(localType(SRC, 'pushed_after', 'ws')).toBe('list<u8>');
    const p = program(SRC);
    expect(p.run('weighted', [[10n, 20n, 30n]])).toBe(110n);
    expect(p.run('untyped_loop')).toBe(13n);
    expect(p.run('pushed_after')).toEqual([1n, 2n, 3n]);
    expect(p.run('compared', [[7n, 8n]])).toBe(true);
  });

  it('agrees on wasm', async () => {
    const p = program(SRC);
    const wasm = await loadModule(await compileModule(p.ir, { optLevel: 1 }));
    expect(wasm.callIr('weighted', [[10n, 20n, 30n]], { host: createHost() }).value).toBe(110n);
    expect(wasm.callIr('pushed_after', [], { host: createHost() }).value).toEqual([1n, 2n, 3n]);
  }, 60_000);
});

describe('indexing an open literal list takes the element type the use expects', () => {
  const SRC = `
circuit idx() -> u16 {
    let table = [10, 20, 30]
    let x: u16 = table[1]
    x
}
circuit idx_sum(i: u64) -> u32 {
    let table = [10, 20, 30]
    let mut t: u32 = 5
    t = t + table[i]
    t
}
circuit idx_cmp(v: u8) -> bool {
    let limits = [10, 300]
    v < limits[1]
}`;

  it('types the list from the index’s context, or keeps the default when a literal does not fit', () => {
    expect(localType(SRC, 'idx', 'table')).toBe('list<u16>');
    expect(localType(SRC, 'idx_sum', 'table')).toBe('list<u32>');
    expect(localType(SRC, 'idx_cmp', 'limits')).toBe('list<u64>');
    const p = program(SRC);
    expect(p.run('idx')).toBe(20n);
    expect(p.run('idx_sum', [2n])).toBe(35n);
    expect(p.run('idx_cmp', [250n])).toBe(true);
  });
});
