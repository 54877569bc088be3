import { describe, expect, it } from 'vitest';
import { codes, compile, diags, func, program, trapOf } from '../../check/helpers.ts';

describe('if, loops and blocks (§7.1, §8.3)', () => {
  it('uses if/else as a value, with else-if chains and arm unification', () => {
    const pr = program(`
circuit sign(x: i32) -> i8str {
    if x < 0 { "neg" } else if x == 0 { "zero" } else { "pos" }
}
circuit widen(c: bool, a: u8, b: u32) -> u32 { if c { a } else { b } }
`.replace('i8str', 'string'));
    expect(pr.run('sign', [-3n])).toBe('neg');
    expect(pr.run('sign', [0n])).toBe('zero');
    expect(pr.run('widen', [true, 7n, 9n])).toBe(7n);
  });

  it('lets a diverging arm take any type', () => {
    const pr = program(`
circuit pick(x: u8) -> u8 {
    let y = if x > 5 { return 1 } else { x + 1 }
    y
}
`);
    expect(pr.run('pick', [9n])).toBe(1n);
    expect(pr.run('pick', [2n])).toBe(3n);
  });

  it('runs while with continue and break', () => {
    const pr = program(`
circuit odd_sum(n: u32) -> u32 {
    let i: u32 = 0
    let acc: u32 = 0
    while true {
        i = i + 1
        if i > n { break }
        if i % 2 == 0 { continue }
        acc = acc + i
    }
    acc
}
`);
    expect(pr.run('odd_sum', [6n])).toBe(9n);
  });

  it('iterates over lists, bytes and ranges', () => {
    const pr = program(`
circuit over_list(xs: list<u16>) -> u32 {
    let t: u32 = 0
    for x in xs { t = t + x }
    t
}
circuit over_bytes(b: bytes(4)) -> u32 {
    let t: u32 = 0
    for x in b { t = t + x as u32 }
    t
}
circuit over_range(n: u32) -> u32 {
    let t: u32 = 0
    for i in 0..n { t = t + i }
    t
}
circuit nested(n: u8) -> u32 {
    let t: u32 = 0
    for i in 0..n {
        for _ in 0..i { t = t + 1 }
    }
    t
}
`);
    expect(pr.run('over_list', [[1n, 2n, 3n]])).toBe(6n);
    expect(pr.run('over_bytes', [new Uint8Array([1, 2, 3, 250])])).toBe(256n);
    expect(pr.run('over_range', [5n])).toBe(10n);
    expect(pr.run('nested', [4n])).toBe(6n);
  });

  it('rejects break outside a loop and a non-bool condition', () => {
    const p = compile(`circuit a() -> u8 {\n    break\n    1\n}\ncircuit b(x: u8) -> u8 { if x { 1 } else { 2 } }\n`);
    expect(diags(p, 'error')).toEqual([
      "main.fl:2:5: error: 'break' outside a loop [FL423]",
      'main.fl:5:29: error: condition has type u8, expected bool [FL410]',
    ]);
  });

  it('aborts with fail and require, and assert outside a test behaves like require', () => {
    const pr = program(`
circuit f(x: u8) -> u8 { if x == 0 { fail("zero") } else { x } }
circuit r(x: u8) -> u8 {
    require x < 10, "too big"
    assert x != 3
    x
}
`);
    expect(pr.run('f', [2n])).toBe(2n);
    expect(trapOf(() => pr.run('f', [0n]))).toMatchObject({ kind: 'fail', message: 'zero' });
    expect(trapOf(() => pr.run('r', [11n]))).toMatchObject({ kind: 'require', message: 'too big' });
    expect(trapOf(() => pr.run('r', [3n]))).toMatchObject({ kind: 'require', message: 'assert failed: x != 3' });
  });

  it('returns the body value and accepts early returns', () => {
    const pr = program(`
circuit first_big(xs: list<u32>) -> u32 {
    for x in xs { if x > 100 { return x } }
    0
}
`);
    expect(pr.run('first_big', [[5n, 200n, 300n]])).toBe(200n);
    expect(pr.run('first_big', [[5n]])).toBe(0n);
  });
});

describe('match (§7.2, §8.3 item 2)', () => {
  const ENUM = `type Fault = enum u8 { Clear = 0, Jammed = 0x01, PowerLoss = 2, }\n`;

  it('matches every pattern kind', () => {
    const pr = program(`${ENUM}
circuit kind(f: Fault) -> u8 { match f { Fault::Jammed => 1, Clear => 0, _ => 9, } }
circuit ints(x: i32) -> u8 { match x { -1 => 1, 0 => 2, 7 => 3, other => 4 } }
circuit strs(s: string) -> u8 { match s { "a" => 1, "b" => 2, _ => 0 } }
circuit bools(b: bool) -> u8 { match b { true => 1, false => 0 } }
circuit opts(o: option<u8>) -> u8 { match o { nil => 0, some(7) => 70, some(v) => v } }
circuit binds(x: u8) -> u8 { match x { 0 => 0, n => n * 2 } }
circuit blocks(x: u8) -> u8 {
    match x {
        0 => { let y = 5
            y + 1 }
        _ => { 2 }
    }
}
`);
    expect(pr.run('kind', [1n])).toBe(1n);
    expect(pr.run('kind', [2n])).toBe(9n);
    expect(pr.run('ints', [-1n])).toBe(1n);
    expect(pr.run('ints', [99n])).toBe(4n);
    expect(pr.run('strs', ['b'])).toBe(2n);
    expect(pr.run('bools', [true])).toBe(1n);
    expect(pr.run('opts', [null])).toBe(0n);
    expect(pr.run('opts', [{ some: 7n }])).toBe(70n);
    expect(pr.run('opts', [{ some: 3n }])).toBe(3n);
    expect(pr.run('binds', [4n])).toBe(8n);
    expect(pr.run('blocks', [0n])).toBe(6n);
    expect(pr.run('blocks', [1n])).toBe(2n);
  });

  it('matches constants by value and warns on a non-exhaustive match that then traps no_match', () => {
    const p = compile(`${ENUM}const LIMIT: u8 = 3
circuit c(x: u8) -> u8 { match x { LIMIT => 1, 0 => 2 } }
circuit e(f: Fault) -> u8 { match f { Clear => 0, Jammed => 1 } }
circuit ok(f: Fault) -> u8 { match f { Clear => 0, Jammed => 1, PowerLoss => 2 } }
`);
    expect(diags(p)).toEqual([
      'main.fl:3:32: warning: match on u8 is not exhaustive; a value no arm matches traps with no_match [FL407]',
      'main.fl:4:35: warning: match on Fault is not exhaustive; a value no arm matches traps with no_match [FL407]',
    ]);
    const pr = program(`${ENUM}const LIMIT: u8 = 3\ncircuit c(x: u8) -> u8 { match x { LIMIT => 1, 0 => 2 } }\n`);
    expect(pr.run('c', [3n])).toBe(1n);
    const t = trapOf(() => pr.run('c', [9n]));
    expect(t).toMatchObject({ kind: 'no_match', location: { line: 3, column: 26 } });
  });

  it('uses match as a statement with side effects only', () => {
    const pr = program(`
circuit tally(xs: list<u8>) -> u32 {
    let odd: u32 = 0
    for x in xs {
        match x % 2 {
            1 => { odd = odd + 1 }
            _ => {}
        }
    }
    odd
}
`);
    expect(pr.run('tally', [[1n, 2n, 3n]])).toBe(2n);
  });

  it('warns about a pattern that can never match the scrutinee (the arm is dead)', () => {
    const p = compile(`circuit s(x: u8) -> u8 { match x { "a" => 1, -1 => 2, _ => 0 } }`);
    expect(codes(p)).toEqual(['FL427', 'FL427']);
    expect(func(p.ir, 's').notCompiled).toBeUndefined();
  });

  it('matches a name that is a variant of another enum, or an integer against a variant, by discriminant', () => {
    const pr = program(`type Pay = enum u8 { Pending = 0, Paid = 1 }\ncircuit m(x: u32) -> u8 { match x { Pay::Paid => 1, Pending => 2, _ => 3 } }\n`);
    expect(pr.run('m', [1n])).toBe(1n);
    expect(pr.run('m', [0n])).toBe(2n);
    expect(pr.run('m', [9n])).toBe(3n);
  });
});
