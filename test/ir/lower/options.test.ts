import { describe, expect, it } from 'vitest';
import { diags, compile, func, program, trapOf } from '../../check/helpers.ts';

describe('options and nil (§8.2 item 8)', () => {
  it('makes a circuit that can return nil return option<T> to its callers', () => {
    const pr = program(`
circuit find(xs: list<u32>, v: u32) -> u32 {
    for x in xs { if x == v { return x } }
    nil
}
circuit use_it(xs: list<u32>) -> u32 {
    let r = find(xs, 3)
    if r == nil { return 0 }
    r + 1
}
`);
    expect(func(pr.ir, 'find').result).toEqual({ k: 'option', inner: { k: 'int', bits: 32, signed: false } });
    expect(pr.run('find', [[1n], 3n])).toBeNull();
    expect(pr.run('find', [[3n], 3n])).toEqual({ some: 3n });
    expect(pr.run('use_it', [[1n, 3n]])).toBe(4n);
    expect(pr.run('use_it', [[1n]])).toBe(0n);
  });

  it('unwraps implicitly where a T is required, trapping nil_unwrap at the use', () => {
    const pr = program(`
circuit maybe(x: u32) -> u32 {
    if x > 10 { return nil }
    x
}
circuit strict(x: u32) -> u32 {
    let v: u32 = maybe(x)
    v
}
`);
    expect(pr.run('strict', [3n])).toBe(3n);
    expect(trapOf(() => pr.run('strict', [30n]))).toMatchObject({ kind: 'nil_unwrap', location: { line: 7, column: 18 } });
  });

  it('tests presence with == nil, != nil, == none without unwrapping', () => {
    const pr = program(`
circuit has(o: option<u8>) -> bool { o != nil }
circuit none_(o: option<u8>) -> bool { o == none }
circuit plain(x: u8) -> bool { x == nil }
`);
    expect(pr.run('has', [{ some: 0n }])).toBe(true);
    expect(pr.run('none_', [null])).toBe(true);
    expect(pr.run('plain', [1n])).toBe(false);
  });

  it('converts T to option<T> as some, and accepts nil for any type', () => {
    const pr = program(`
circuit wrap(x: u8) -> option<u8> { x }
circuit later(c: bool) -> u8 {
    let v: u8 = nil
    if c { v = 4 }
    v ?? 1
}
`);
    expect(pr.run('wrap', [2n])).toEqual({ some: 2n });
    expect(pr.run('later', [true])).toBe(4n);
    expect(pr.run('later', [false])).toBe(1n);
  });

  it('warns when a body can end without a value: the circuit returns nil there', () => {
    const p = compile(`circuit half(x: u8) -> u8 {\n    if x > 1 { return x / 2 }\n}\n`);
    expect(diags(p)).toEqual([
      "main.fl:3:1: warning: the body of 'half' can end without a value; it returns nil there, so callers see option<u8> [FL416]",
    ]);
  });

  it('supports the option conveniences is_some, is_none, unwrap and unwrap_or', () => {
    const pr = program(`
circuit a(o: option<u8>) -> bool { o.is_some() }
circuit b(o: option<u8>) -> u8 { o.unwrap_or(5) }
circuit c(o: option<u8>) -> u8 { o.unwrap() }
`);
    expect(pr.run('a', [null])).toBe(false);
    expect(pr.run('b', [null])).toBe(5n);
    expect(trapOf(() => pr.run('c', [null])).kind).toBe('nil_unwrap');
  });
});
