import { describe, expect, it } from 'vitest';
import type { IrConst } from '../../../compiler/ir/ir.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { interpretCall } from '../../../runtime/interp/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { compile, diags, localType, program } from '../../check/helpers.ts';

describe('literal lets stay open through self-updates (specs/checking.md, "Literal lets")', () => {
  it('`n = n + 1` does not fix the type; the u32 body value does', () => {
    const src = `
type V = struct { major: u16 }
circuit count_newer(vs: list<V>, floor: u16) -> u32 {
    let mut n = 0
    for v in vs {
        if v.major > floor { n = n + 1 }
    }
    n
}`;
    const p = program(src);
    expect(diags(p.p)).toEqual([]);
    expect(localType(src, 'count_newer', 'n')).toBe('u32');
    expect(p.run('count_newer', [[[1n], [5n], [9n]], 4n])).toBe(2n);
  });

  it('a typed use after the update still wins, and mixed updates fix as before', () => {
    const src = `
circuit mixed(x: i64) -> i64 {
    let mut total = 0
    total = total * 2 + 1
    total = total + x
    total
}`;
    expect(localType(src, 'mixed', 'total')).toBe('i64');
    expect(program(src).run('mixed', [-5n])).toBe(-4n);
  });

  it('a range with literal bounds counts in the type its first typed use asks for', () => {
    const src = `
circuit keep(seq: u32) -> bool { seq % 2 == 1 }
circuit odd_list() -> list<u32> {
    let mut kept = list<u32>::new()
    for s in 1..8 {
        if keep(s) { kept.push(s) }
    }
    kept
}
circuit plain() -> u64 {
    let mut t: u64 = 0
    for i in 0..4 { t = t + i }
    t
}`;
    const p = program(src);
    expect(diags(p.p)).toEqual([]);
    expect(localType(src, 'odd_list', 's')).toBe('u32');
    expect(localType(src, 'plain', 'i')).toBe('u64');
    expect(p.run('odd_list')).toEqual([1n, 3n, 5n, 7n]);
    expect(p.run('plain')).toBe(6n);
  });

  it('the retyped locals and loops run the same on wasm', async () => {
    const p = program(`
circuit keep(seq: u32) -> bool { seq % 2 == 1 }
circuit count_odd(n: u32) -> u32 {
    let mut c = 0
    for s in 1..20 {
        if s < n && keep(s) { c = c + 1 }
    }
    c
}`);
    const wasm = await loadModule(await compileModule(p.ir, { optLevel: 1 }));
    for (const n of [0n, 5n, 30n]) {
      expect(wasm.callIr('count_odd', [n], { host: createHost() }).value).toEqual(p.run('count_odd', [n]));
    }
    expect(p.run('count_odd', [5n])).toBe(2n);
  }, 60_000);

  it('a bound that does not fit the used type keeps the default and reports the mismatch', () => {
    const p = compile(`
circuit f(x: u8) -> u8 { x }
circuit g() -> u8 {
    let mut last: u8 = 0
    for i in 0..300 { last = f(i) }
    last
}`);
    expect(diags(p, 'error').join('\n')).toMatch(/u64, expected u8/);
  });
});

describe('empty list lets take their element type from use (specs/checking.md, "Empty list lets")', () => {
  const SRC = `
circuit ids(names: list<string>) -> list<bytes(32)> {
    let mut ids = []
    for n in names { ids.push(sha3_256(n)) }
    ids
}
circuit lits() -> list<u32> {
    let mut xs = []
    xs.push(1)
    xs.push(2)
    xs
}
circuit hashed() -> bytes(32) {
    let mut xs = []
    append(xs, 7u16)
    sha3_256(xs)
}
circuit flags(n: u8) -> list<bool> {
    let mut bits = []
    for i in 0..n { bits.push(i % 2 == 0) }
    bits
}
circuit untouched() -> u64 {
    let xs = []
    xs.len()
}
circuit total(xs: list<u32>) -> u32 { fold(xs, 0u32, |a, x| a + x) }
circuit arg_first() -> u32 {
    let mut xs = []
    let before = total(xs)
    xs.push(4)
    before + total(xs)
}`;

  it('types the list from the first typed push, a typed return, or the pushed literals', () => {
    expect(localType(SRC, 'ids', 'ids')).toBe('list<bytes(32)>');
    expect(localType(SRC, 'lits', 'xs')).toBe('list<u32>');
    expect(localType(SRC, 'hashed', 'xs')).toBe('list<u16>');
    expect(localType(SRC, 'flags', 'bits')).toBe('list<bool>');
    expect(localType(SRC, 'untouched', 'xs')).toBe('list<any>');
    expect(localType(SRC, 'arg_first', 'xs')).toBe('list<u32>');
    expect(program(SRC).run('arg_first')).toBe(4n);
  });

  it('hashes the typed list canonically (u32 count, then u16 elements) and agrees on wasm', async () => {
    const p = program(SRC);
    const calls: [string, IrConst[]][] = [
      ['ids', [['a', 'b']]],
      ['lits', []],
      ['hashed', []],
      ['flags', [3n]],
      ['untouched', []],
    ];
    const expectedHash = interpretCall(program(`circuit h() -> bytes(32) { sha3_256(concat(1u32, 7u16)) }`).ir, 'h', [], { host: createHost() });
    expect(p.run('hashed')).toEqual(expectedHash);
    expect(p.run('lits')).toEqual([1n, 2n]);
    const wasm = await loadModule(await compileModule(p.ir, { optLevel: 1 }));
    for (const [name, args] of calls) {
      expect([name, wasm.callIr(name, args, { host: createHost() }).value]).toEqual([name, p.run(name, args)]);
    }
  }, 60_000);
});

describe('growing byte buffers (specs/checking.md, "Growing byte buffers")', () => {
  it('a let later assigned a concat is unsized bytes, so the buffer grows', () => {
    const src = `
circuit frame(n: u16) -> bytes {
    let mut pdu = bytes [0x03, 0x14]
    let mut v: u16 = 0
    while v < n {
        pdu = concat(pdu, v as bytes(2))
        v = v + 1
    }
    pdu
}
circuit fixed() -> bytes(2) {
    let mut b = bytes [0x01, 0x02]
    b[0] = 9
    b
}`;
    expect(localType(src, 'frame', 'pdu')).toBe('bytes');
    expect(localType(src, 'fixed', 'b')).toBe('bytes(2)');
    const p = program(src);
    expect(p.run('frame', [2n])).toEqual(Uint8Array.from([3, 0x14, 0, 0, 0, 1]));
  });
});

describe('copy (§9) and state machine step functions (§8.9)', () => {
  it('copy works as a statement and as an expression returning the destination', () => {
    const p = program(`
circuit a() -> bytes(4) {
    let mut m = bytes(4)
    copy(m, 1, "xy", 0, 2)
    m
}
circuit b() -> bytes(4) {
    let mut m = bytes(4)
    m = copy(m, 2, "xy", 0, 2)
    m
}`);
    expect(p.run('a')).toEqual(Uint8Array.from([0, 0x78, 0x79, 0]));
    expect(p.run('b')).toEqual(Uint8Array.from([0, 0, 0x78, 0x79]));
  });

  it('a circuit can call `<machine>__step` by name', () => {
    const p = program(`
state_machine door {
    initial Closed
    Closed -> Open when push
    Open -> Closed when pull
}
circuit step_door(s: i32, e: i32) -> i32 { door__step(s, e) }
`);
    expect(p.run('step_door', [0n, 0n])).toBe(1n);
    expect(p.run('step_door', [0n, 1n])).toBe(-1n);
    const bad = compile(`
state_machine door { initial A
    A -> B when go }
circuit f() -> i32 { door__step(1) }`);
    expect(diags(bad, 'error').join('\n')).toMatch(/door__step' takes 2 arguments/);
  });
});
