import { describe, expect, it } from 'vitest';
import { compile, diags, func, program } from '../../check/helpers.ts';

describe('predicate clauses (§8.6)', () => {
  it('promotes integer arguments of deviation to f64 (§8.6 item 3)', () => {
    const pr = program(`
circuit open_gate(lane: u8, open_ms: u32) -> bool
    @monitor "slow_gates" { deviation(open_ms, baseline) < 0.25 }
    invariant "near" { deviation(open_ms, 100) <= 0.5 }
{ lane < 8 }
`);
    expect(diags(pr.p)).toEqual([]);
    const inv = func(pr.ir, 'open_gate__invariant0');
    expect(pr.run(inv.name, [0n, 120n, true])).toBe(true);
    expect(pr.run(inv.name, [0n, 200n, true])).toBe(false);
  });

  it('still refuses a non-numeric deviation argument', () => {
    const p = compile(`circuit f(tag: bytes(4)) -> bool\n    invariant "x" { deviation(tag, 1.0) < 1.0 }\n{ true }\n`);
    expect(diags(p, 'error').length).toBe(1);
    expect(diags(p, 'error')[0]).toMatch(/deviation input has type bytes\(4\), expected f64/);
  });

  it('lowers header predicates to predicate functions over params and result', () => {
    const pr = program(`
circuit price(entered_at: u64, left_at: u64) -> u32
    @invariant "ordered" { left_at >= entered_at }
    monitor "cheap" { result < 1000 }
    @property safety "bounded" { result <= 100000 }
{ ((left_at - entered_at) / 60000) as u32 * 5 }
`);
    const inv = func(pr.ir, 'price__invariant0');
    expect(inv.kind).toBe('predicate');
    expect(inv.attrs).toMatchObject({ circuit: 'price', clause: 'invariant', label: 'ordered', params: ['entered_at', 'left_at', 'result'], indeterminate: false });
    expect(func(pr.ir, 'price__monitor0').attrs).toMatchObject({ clause: 'monitor', label: 'cheap' });
    expect(func(pr.ir, 'price__property0').attrs).toMatchObject({ clause: 'property', propertyKind: 'safety' });
    expect(pr.run('price__invariant0', [10n, 5n, 0n])).toBe(false);
    expect(pr.run('price__monitor0', [0n, 0n, 2000n])).toBe(false);
  });

  it('resolves names by §8.6.2: result fields, top-level lets, observed metrics', () => {
    const pr = program(`
type Res = struct { ok: bool, total: u32 }
circuit settle(a: u32, b: u32) -> Res
    @observe metrics: [settled]
    invariant { ok implies total == a + b }
    @invariant "lets" { sum >= a }
    monitor "rate" { settled < 5.0 }
{
    let sum = a + b
    Res { ok: true, total: sum }
}
`);
    const lets = func(pr.ir, 'settle__invariant1');
    expect(lets.attrs.extras).toEqual([{ name: 'sum', source: 'let' }]);
    expect(lets.attrs.params).toEqual(['a', 'b', 'result', 'sum']);
    expect(pr.run('settle__invariant0', [1n, 2n, [true, 3n]])).toBe(true);
    expect(pr.run('settle__invariant1', [1n, 2n, [true, 3n], 3n])).toBe(true);
    expect(func(pr.ir, 'settle__monitor0').attrs.extras).toEqual([{ name: 'settled', source: 'metric' }]);
    expect(pr.run('settle__monitor0', [1n, 2n, [true, 3n], 7.5])).toBe(false);
  });

  it('warns on an unresolved name and marks the predicate indeterminate', () => {
    const p = compile(`circuit f(x: u8) -> u8\n    invariant "x" { ghost > 1 }\n{ x }\n`);
    expect(diags(p)).toEqual([
      "main.fl:2:21: warning: name 'ghost' is not a parameter, result field, top-level let or observed metric; the predicate is indeterminate [FL314]",
    ]);
    const f = func(p.ir, 'f__invariant0');
    expect(f.attrs).toMatchObject({ indeterminate: true, unresolved: ['ghost'] });
    expect(f.notCompiled).toBeUndefined();
  });

  it('lowers the word operators implies, subset_of and does_not_contain', () => {
    const pr = program(`
circuit f(tags: list<u8>, allowed: list<u8>, bits: u8) -> u8
    invariant "a" { tags subset_of allowed }
    invariant "b" { tags does_not_contain 9 }
    invariant "c" { bits subset_of 0x0F }
    invariant "d" { allowed does_not_contain tags }
{ bits }
`);
    expect(pr.run('f__invariant0', [[1n, 2n], [1n, 2n, 3n], 1n, 1n])).toBe(true);
    expect(pr.run('f__invariant0', [[1n, 5n], [1n, 2n, 3n], 1n, 1n])).toBe(false);
    expect(pr.run('f__invariant1', [[1n, 9n], [], 1n, 1n])).toBe(false);
    expect(pr.run('f__invariant2', [[], [], 0x13n, 0x13n])).toBe(false);
    expect(pr.run('f__invariant2', [[], [], 0x03n, 0x03n])).toBe(true);
    expect(pr.run('f__invariant3', [[4n], [1n, 2n], 0n, 0n])).toBe(true);
  });

  it('promotes integers mixed with f64 in predicates (§8.6 item 3)', () => {
    const pr = program(`circuit f(x: u32) -> u32\n    invariant { x < 2.5 }\n{ x }\n`);
    expect(pr.run('f__invariant0', [2n, 2n])).toBe(true);
  });

  it('lowers data @invariants over the data value', () => {
    const pr = program(`
data Reading : app v1 { station: bytes(4), temp_c10: i16, }
    @invariant "sane" { temp_c10 > -500 && temp_c10 < 600 }
`);
    const inv = func(pr.ir, 'Reading__invariant0');
    expect(inv.attrs).toMatchObject({ dataName: 'Reading', clause: 'invariant', label: 'sane' });
    expect(typeof inv.attrs.dataType).toBe('number');
    expect(pr.run('Reading__invariant0', [[new Uint8Array(4), 700n]])).toBe(false);
  });

  it('checks body @invariant where it stands', () => {
    const pr = program(`circuit f(x: u8) -> u8 {\n    @invariant "small" { x < 10 }\n    x\n}\n`);
    expect(pr.run('f', [3n])).toBe(3n);
    expect(() => pr.run('f', [30n])).toThrow(/invariant 'small' violated/);
  });
});
