import { describe, expect, it } from 'vitest';
import type { StepDecl } from '../../compiler/syntax/ast.ts';
import { parse, parseOk, show, sx, sxAll } from './helpers.ts';

/** Defects found by running the toolchain over the realistic corpus (test/fixtures/corpus). */
describe('corpus regressions: syntax', () => {
  it('reads the predicate word operators in assert and require conditions', () => {
    expect(sx('assert (code == 1 || code == 2) implies back(d) == code')).toBe('(assert (implies (|| (== code 1) (== code 2)) (== (call back d) code)))');
    expect(sx('require a subset_of b, "scope"')).toBe('(require (subset_of a b) "scope")');
    expect(sxAll('assert xs does_not_contain 3\nlet implies = 1')).toEqual(['(assert (does_not_contain xs 3))', '(let implies 1)']);
  });

  it('reads word operators in a journey expect, and nowhere else outside predicates', () => {
    const ast = parseOk('step s {\n    action: f()\n    expect: result > 0 implies ok(result)\n}\n', 'j.flj');
    const step = ast.decls[0] as StepDecl;
    expect(show(step.expects[0]!)).toBe('(implies (> result 0) (call ok result))');
    expect(parse('circuit f(a: bool, b: bool) -> bool { a implies b }\n').errors.map((d) => d.code)).toContain('FL206');
  });

  it('turns a malformed number into an error placeholder, not a made-up 0', () => {
    const r = parse('circuit f() -> u16 { 0b0100 }\n');
    expect(r.errors.map((d) => d.code)).toEqual(['FL104']);
    const c = r.ast.decls[0]!;
    expect(c.kind).toBe('Circuit');
    if (c.kind === 'Circuit') expect(c.body.stmts.map(show)).toEqual(['<error>']);
  });
});
