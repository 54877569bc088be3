import { describe, expect, it } from 'vitest';
import { bytes, compile, diags, func, program } from '../../check/helpers.ts';

const SPOT = `type Spot = struct { level: u8, bay: u16, covered: bool, }\n`;

describe('struct literals (§7.4, §8.2 item 1)', () => {
  it('builds every field, `..` zeroes the rest, `..base` copies the rest', () => {
    const pr = program(`${SPOT}
circuit full() -> Spot { Spot { level: 1, bay: 2, covered: true } }
circuit rest() -> Spot { Spot { level: 3, .. } }
circuit base(b: Spot) -> Spot { Spot { bay: 18, ..b } }
`);
    expect(pr.run('full')).toEqual([1n, 2n, true]);
    expect(pr.run('rest')).toEqual([3n, 0n, false]);
    expect(pr.run('base', [[7n, 1n, true]])).toEqual([7n, 18n, true]);
  });

  it('warns about a missing field and zeroes it; an unknown field is an error', () => {
    const p = compile(`${SPOT}circuit a() -> Spot { Spot { level: 1 } }\ncircuit b() -> Spot { Spot { level: 1, lvl: 2, .. } }\n`);
    expect(diags(p)).toEqual([
      "main.fl:2:23: warning: Spot literal is missing fields 'bay', 'covered'; they are zeroed [FL405]",
      "main.fl:3:40: error: Spot has no field 'lvl' [FL404]",
    ]);
    expect(func(p.ir, 'a').notCompiled).toBeUndefined();
    expect(func(p.ir, 'b').notCompiled?.code).toBe('FL404');
  });

  it('gives anonymous literals the expected struct type, else their own structural type', () => {
    const pr = program(`
type Res = struct { ok: bool, reason: option<u8> }
circuit r(x: u8) -> Res {
    if x == 0 { return { ok: false, reason: some(3) } }
    { ok: true, reason: nil }
}
circuit anon() -> u8 { let p = { a: 1u8, b: true }
    p.a }
`);
    expect(pr.run('r', [0n])).toEqual([false, { some: 3n }]);
    expect(pr.run('r', [1n])).toEqual([true, null]);
    expect(pr.run('anon')).toBe(1n);
  });

  it('has value semantics: assigning a field changes only the place named', () => {
    const pr = program(`${SPOT}
type Lot = struct { meter: Spot, spots: list<Spot>, }
circuit copy_then_set(lot: Lot) -> Lot {
    let m = lot.meter
    m.level = 9
    lot.spots.push(m)
    lot
}
circuit set_elem(lot: Lot) -> u8 {
    lot.spots[0].level = 4
    lot.spots[0].level
}
`);
    const lot = [[1n, 2n, false], []];
    expect(pr.run('copy_then_set', [lot])).toEqual([[1n, 2n, false], [[9n, 2n, false]]]);
    expect(pr.run('set_elem', [[[1n, 2n, false], [[1n, 1n, true]]]])).toBe(4n);
  });

  it('reads fields through options (unwrapping) and of key bundles', () => {
    const pr = program(`${SPOT}
circuit lvl(s: option<Spot>) -> u8 { s.level }
`);
    expect(pr.run('lvl', [{ some: [5n, 0n, false] }])).toBe(5n);
  });

  it('treats tagged structs as plain structs and nested inline types structurally', () => {
    const pr = program(`
type Fee = tagged struct { tag: u8, flat: u32 }
type Shelf = struct {
    tags: list<{ label: string, kind: enum { Topic, Age } }>,
    hold: option<struct { patron: bytes(2), until: u64 }>,
}
circuit f(x: Fee) -> u32 { x.flat }
circuit h(s: Shelf) -> u64 { s.hold.until }
circuit k(s: Shelf) -> bool { s.tags[0].kind == Age }
`);
    expect(pr.run('f', [[1n, 7n]])).toBe(7n);
    expect(pr.run('h', [[[], { some: [bytes(1, 2), 9n] }]])).toBe(9n);
    expect(pr.run('k', [[[['x', 1n]], null]])).toBe(true);
  });

  it('reports unknown field access', () => {
    const p = compile(`${SPOT}circuit a(s: Spot) -> u8 { s.floor }\n`);
    expect(diags(p, 'error')).toEqual(["main.fl:2:30: error: Spot has no field 'floor' [FL406]"]);
  });
});
