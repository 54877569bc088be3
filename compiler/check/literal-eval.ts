/**
 * Untyped literal expressions (LANGUAGE.md §8.1 item 4): integer and float literals combined
 * with unary minus and arithmetic/bitwise operators are arbitrary-precision constants that
 * take their type from context. This module recognises and evaluates them exactly.
 */
import type { Expr } from '../syntax/ast.ts';

export type LiteralValue = { kind: 'int'; value: bigint; hexDigits?: number } | { kind: 'float'; value: number };

/** Looks up a named integer constant (a `const` with an integer value); undefined if none. */
export type ConstLookup = (name: string) => bigint | undefined;

/**
 * The value of an untyped literal expression, or undefined when the expression is not one
 * (typed literals such as `3u8` are typed, so they are not untyped literals).
 */
export function evalUntypedLiteral(e: Expr): LiteralValue | undefined {
  switch (e.kind) {
    case 'Int':
      if (e.suffix) return undefined;
      return e.hexDigits !== undefined ? { kind: 'int', value: e.value, hexDigits: e.hexDigits } : { kind: 'int', value: e.value };
    case 'Float':
      return { kind: 'float', value: e.value };
    case 'Unary': {
      if (e.op !== '-') return undefined;
      const v = evalUntypedLiteral(e.operand);
      if (!v) return undefined;
      return v.kind === 'int' ? { kind: 'int', value: -v.value } : { kind: 'float', value: -v.value };
    }
    case 'Binary': {
      const l = evalUntypedLiteral(e.left);
      if (!l) return undefined;
      const r = evalUntypedLiteral(e.right);
      if (!r) return undefined;
      return foldBinary(e.op, l, r);
    }
    default:
      return undefined;
  }
}

/** Folds an operator over two literal values; undefined when it is not a constant operation. */
export function foldBinary(op: string, l: LiteralValue, r: LiteralValue): LiteralValue | undefined {
  if (l.kind === 'int' && r.kind === 'int') {
    const a = l.value;
    const b = r.value;
    switch (op) {
      case '+':
        return { kind: 'int', value: a + b };
      case '-':
        return { kind: 'int', value: a - b };
      case '*':
        return { kind: 'int', value: a * b };
      case '/':
        // Division by zero is left to the run time (it always traps, §8.1).
        return b === 0n ? undefined : { kind: 'int', value: a / b };
      case '%':
        return b === 0n ? undefined : { kind: 'int', value: a % b };
      case '<<':
        return b < 0n || b > 512n ? undefined : { kind: 'int', value: a << b };
      case '>>':
        return b < 0n ? undefined : { kind: 'int', value: a >> b };
      case '&':
        return { kind: 'int', value: a & b };
      case '|':
        return { kind: 'int', value: a | b };
      case '^':
        return { kind: 'int', value: a ^ b };
      default:
        return undefined;
    }
  }
  const a = l.kind === 'int' ? Number(l.value) : l.value;
  const b = r.kind === 'int' ? Number(r.value) : r.value;
  switch (op) {
    case '+':
      return { kind: 'float', value: a + b };
    case '-':
      return { kind: 'float', value: a - b };
    case '*':
      return { kind: 'float', value: a * b };
    case '/':
      return { kind: 'float', value: a / b };
    default:
      return undefined;
  }
}

/** Evaluates an integer constant expression, consulting named constants. */
export function evalConstInt(e: Expr, lookup: ConstLookup): bigint | undefined {
  switch (e.kind) {
    case 'Int':
      return e.value;
    case 'Name':
      return lookup(e.name);
    case 'Path':
      return lookup(e.segments[e.segments.length - 1]!.name);
    case 'Unary': {
      if (e.op !== '-') return undefined;
      const v = evalConstInt(e.operand, lookup);
      return v === undefined ? undefined : -v;
    }
    case 'Cast':
      return evalConstInt(e.expr, lookup);
    case 'Binary': {
      const a = evalConstInt(e.left, lookup);
      const b = a === undefined ? undefined : evalConstInt(e.right, lookup);
      if (a === undefined || b === undefined) return undefined;
      const r = foldBinary(e.op, { kind: 'int', value: a }, { kind: 'int', value: b });
      return r?.kind === 'int' ? r.value : undefined;
    }
    default:
      return undefined;
  }
}
