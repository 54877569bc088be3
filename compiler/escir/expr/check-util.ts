/** Small pure helpers of the expression checker: literal shapes, casts, constant folding. */
import type { Expr } from './ast.ts';
import type { TExpr } from './typed.ts';
import { isIntType, sameEType, type EType } from '../types/etype.ts';

export function isLiteralish(e: Expr): boolean {
  return e.k === 'int' || e.k === 'float' || e.k === 'char' || (e.k === 'unary' && e.op === '-' && isLiteralish(e.operand));
}

export function constInt(e: TExpr): bigint | undefined {
  return e.k === 'const' && typeof e.value === 'bigint' ? e.value : undefined;
}

export function wrapInt(v: bigint, bits: number, signed: boolean): bigint {
  return signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

export function castable(from: EType, to: EType): boolean {
  if (from.k === 'unknown' || to.k === 'unknown') return true;
  const num = (t: EType) => t.k === 'int' || t.k === 'float' || t.k === 'bool' || t.k === 'enum';
  if (num(from) && (to.k === 'int' || to.k === 'float')) return from.k !== 'bool' || to.k === 'int';
  if (from.k === 'int' && to.k === 'enum') return true;
  if (from.k === 'int' && to.k === 'bytes') return true;
  if ((from.k === 'bytes' || from.k === 'string') && (to.k === 'bytes' || to.k === 'string')) return true;
  if (from.k === 'array' && to.k === 'bytes') return true;
  return sameEType(from, to);
}

/** Folds integer arithmetic on two constants (`600*250/10000` → 15), with wrapping. */
export function foldConst(op: string, l: TExpr, r: TExpr): TExpr | undefined {
  if (l.k !== 'const' || r.k !== 'const' || typeof l.value !== 'bigint' || typeof r.value !== 'bigint' || !isIntType(l.type)) return undefined;
  const a = l.value;
  const b = r.value;
  let v: bigint;
  switch (op) {
    case '+':
      v = a + b;
      break;
    case '-':
      v = a - b;
      break;
    case '*':
      v = a * b;
      break;
    case '/':
      if (b === 0n) return undefined;
      v = a / b;
      break;
    case '%':
      if (b === 0n) return undefined;
      v = a % b;
      break;
    default:
      return undefined;
  }
  return { k: 'const', value: wrapInt(v, l.type.bits, l.type.signed), type: l.type, start: l.start, end: r.end };
}
