import { describe, expect, it } from 'vitest';
import { compile, diags, program } from './helpers.ts';

// LANGUAGE.md §8.2.3: a bare variant resolves against the expected type first. In a `let`
// without a type, the first typed arm of a match/if fixes the expected enum for later arms.
describe('bare variants in later arms', () => {
  const src = `type Status = enum { Pending, Validating, Provisioning, Active, Cancelled }
type Session = enum { Provisioning, Active, Closed }
circuit next(s: Status, ok: bool) -> Status {
    let n = match s {
        Pending => Status::Validating,
        Validating => if ok { Provisioning } else { Cancelled },
        Provisioning => Active,
        _ => s,
    }
    n
}
`;

  it('takes the enum of the first typed arm, with no ambiguity warning', () => {
    expect(diags(compile(src))).toEqual([]);
  });

  it('runs with the right discriminants', () => {
    const p = program(src);
    expect(p.run('next', [0n, true])).toBe(1n);
    expect(p.run('next', [1n, true])).toBe(2n);
    expect(p.run('next', [1n, false])).toBe(4n);
    expect(p.run('next', [2n, true])).toBe(3n);
    expect(p.run('next', [3n, true])).toBe(3n);
  });

  it('still reports arms of two different enums', () => {
    const bad = `type A = enum { X, Y }
type B = enum { Z }
circuit f(c: bool) -> u8 {
    let v = if c { A::X } else { B::Z }
    1
}
`;
    expect(diags(compile(bad), 'error')).toEqual(['main.fl:4:13: error: branches have different types: A and B [FL401]']);
  });
});
