import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExprSyntaxError } from '../../../compiler/escir/expr/lexer.ts';
import { parseBody, parseExpression } from '../../../compiler/escir/expr/parser.ts';

describe('expression language (ESCIR.md §6)', () => {
  it('precedence: `as` binds tighter than `^`, `*` before `+`, ternary lowest', () => {
    const e = parseExpression('a ? b : h ^ c[i] as u32 * 2 + 1').expr;
    expect(e.k).toBe('cond');
    const other = (e as { else: { k: string; op: string; left: { k: string } } }).else;
    expect([other.k, other.op, other.left.k]).toEqual(['binary', '^', 'name']);
  });

  it('statements: let, named assignment, if/else as the value', () => {
    const b = parseBody('let v = x + 1\nchanged = v != prev\nif v > 3 { v } else { 0 }').block;
    expect(b.stmts.map((s) => s.k)).toEqual(['let', 'assign']);
    expect(b.result?.k).toBe('ifExpr');
  });

  it('process statements: match with char and enum patterns, for over a constant range', () => {
    const b = parseBody("for i in 0..8 { match c { 'a' | 'b' => x = 1, Kind::Open => {}, _ => {} } }").block;
    expect(b.stmts[0]!.k).toBe('for');
  });

  it('( and [ at the start of a line begin a new statement', () => {
    const b = parseBody('let a = f\n(a + 1)').block;
    expect(b.stmts[0]!.k).toBe('let');
    expect(b.result?.k).toBe('binary');
  });

  it('legacy features are recorded: # comments, +=, Python blocks, bit slices, elisions', () => {
    const f1: never[] = [];
    parseBody('x += 1 # inc', f1);
    expect((f1 as { kind: string }[]).map((f) => f.kind).sort()).toEqual(['compound-assign', 'hash-comment']);
    const f2: { kind: string }[] = [];
    expect(() => parseBody('if x > 1:\n  y = 2', f2 as never)).toThrow(ExprSyntaxError);
    expect(f2.map((f) => f.kind)).toContain('python-block');
    const f3: { kind: string }[] = [];
    expect(() => parseExpression('w[15:8]', f3 as never)).toThrow(ExprSyntaxError);
    expect(f3.map((f) => f.kind)).toContain('bit-slice');
  });

  it('property: the parser never throws anything but ExprSyntaxError', () => {
    const alphabet = 'ab1_ +-*/%<>=!&|^~?:;,.()[]{}"\'#\n'.split('');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }), (src) => {
        try {
          parseBody(src);
        } catch (e) {
          if (!(e instanceof ExprSyntaxError)) return false;
          if (e.start < 0 || e.start > src.length) return false;
        }
        return true;
      }),
      { numRuns: 400 },
    );
  });
});
