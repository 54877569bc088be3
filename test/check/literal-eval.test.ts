import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evalConstInt, evalUntypedLiteral } from '../../compiler/check/literal-eval.ts';
import type { Expr } from '../../compiler/syntax/ast.ts';
import { SourceFile } from '../../compiler/diagnostics/source.ts';

const file = new SourceFile('x.fl', '');
const span = { file, start: 0, end: 0 };
const int = (value: bigint, extra: Partial<Expr> = {}): Expr => ({ kind: 'Int', value, text: String(value), span, ...extra }) as Expr;
const bin = (op: string, left: Expr, right: Expr): Expr => ({ kind: 'Binary', op, opSpan: span, left, right, span }) as Expr;
const neg = (operand: Expr): Expr => ({ kind: 'Unary', op: '-', operand, span }) as Expr;

describe('untyped literal expressions (§8.1 item 4)', () => {
  it('folds arithmetic exactly, at arbitrary precision', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 200n }), fc.bigInt({ min: 0n, max: 1n << 200n }), (a, b) => {
        expect(evalUntypedLiteral(bin('+', int(a), int(b)))).toEqual({ kind: 'int', value: a + b });
        expect(evalUntypedLiteral(bin('*', int(a), int(b)))).toEqual({ kind: 'int', value: a * b });
        expect(evalUntypedLiteral(bin('-', int(a), neg(int(b))))).toEqual({ kind: 'int', value: a + b });
      }),
    );
  });

  it('does not fold division by zero (it traps at run time) or typed literals', () => {
    expect(evalUntypedLiteral(bin('/', int(1n), int(0n)))).toBeUndefined();
    expect(evalUntypedLiteral(int(3n, { suffix: 'u8' } as Partial<Expr>))).toBeUndefined();
  });

  it('keeps the hex digit count for bytes(N) conversion', () => {
    expect(evalUntypedLiteral(int(255n, { hexDigits: 4 } as Partial<Expr>))).toEqual({ kind: 'int', value: 255n, hexDigits: 4 });
  });

  it('evaluates integer constants through named constants', () => {
    const name = { kind: 'Name', name: 'N', span } as Expr;
    expect(evalConstInt(bin('*', name, int(2n)), (n) => (n === 'N' ? 21n : undefined))).toBe(42n);
    expect(evalConstInt(name, () => undefined)).toBeUndefined();
  });
});
