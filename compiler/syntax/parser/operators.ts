/**
 * Binary operators and their precedence (LANGUAGE.md §7.2, lowest to highest).
 */
import type { TokenType } from 'chevrotain';
import type { BinaryOp } from '../ast.ts';
import {
  AndAnd,
  Amp,
  Caret,
  DotDot,
  EqEq,
  Greater,
  GreaterEq,
  K,
  Less,
  LessEq,
  Minus,
  NotEq,
  OrOr,
  Percent,
  Pipe,
  Plus,
  QuestionQuestion,
  ShiftLeft,
  ShiftRight,
  Slash,
  Star,
} from '../tokens.ts';

export const PREC_PREDICATE = 0;
export const PREC_CLOSURE_BODY = 1;
export const PREC_RANGE = 2;
export const PREC_COMPARISON = 6;
/** Operand of a range: everything binding tighter than `..`. */
export const PREC_RANGE_OPERAND = 3;

export interface BinaryOperatorInfo {
  op: BinaryOp | '..';
  prec: number;
}

const BY_TOKEN = new Map<TokenType, BinaryOperatorInfo>([
  [K.implies, { op: 'implies', prec: 0 }],
  [K.subset_of, { op: 'subset_of', prec: 0 }],
  [K.does_not_contain, { op: 'does_not_contain', prec: 0 }],
  [DotDot, { op: '..', prec: 2 }],
  [QuestionQuestion, { op: '??', prec: 3 }],
  [OrOr, { op: '||', prec: 4 }],
  [AndAnd, { op: '&&', prec: 5 }],
  [EqEq, { op: '==', prec: 6 }],
  [NotEq, { op: '!=', prec: 6 }],
  [Less, { op: '<', prec: 6 }],
  [Greater, { op: '>', prec: 6 }],
  [LessEq, { op: '<=', prec: 6 }],
  [GreaterEq, { op: '>=', prec: 6 }],
  [Pipe, { op: '|', prec: 7 }],
  [Caret, { op: '^', prec: 8 }],
  [Amp, { op: '&', prec: 9 }],
  [ShiftLeft, { op: '<<', prec: 10 }],
  [ShiftRight, { op: '>>', prec: 10 }],
  [Plus, { op: '+', prec: 11 }],
  [Minus, { op: '-', prec: 11 }],
  [Star, { op: '*', prec: 12 }],
  [Slash, { op: '/', prec: 12 }],
  [Percent, { op: '%', prec: 12 }],
]);

export function binaryOperatorOf(type: TokenType): BinaryOperatorInfo | undefined {
  return BY_TOKEN.get(type);
}
