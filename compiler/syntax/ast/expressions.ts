/**
 * Expressions and patterns (LANGUAGE.md §7.2).
 * Part of the FastLang AST contract (see ../ast.ts).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { Ident, NodeBase } from './base.ts';
import type { Block } from './statements.ts';
import type { TypeExpr } from './types.ts';

// ───────────────────────────── expressions ─────────────────────────────

export type Expr =
  | IntLit
  | FloatLit
  | StringLit
  | BoolLit
  | NilLit
  | DurationLit
  | NameExpr
  | PathExpr
  | BinaryExpr
  | UnaryExpr
  | CastExpr
  | CallExpr
  | MethodCallExpr
  | MemberExpr
  | IndexExpr
  | SliceExpr
  | StructLit
  | ByteFillExpr
  | BytesLit
  | ListLit
  | TypeValueExpr
  | IfExpr
  | MatchExpr
  | BlockExpr
  | ClosureExpr
  | RangeExpr
  | ErrorExpr;

/** Integer literal; `suffix` is one of u8…i64 when typed (`0u16`). */
export interface IntLit extends NodeBase {
  kind: 'Int';
  value: bigint;
  text: string;
  suffix?: 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'i16' | 'i32' | 'i64';
  /** Hex literals convert to bytes(N) by digit count, so the digit count is kept. */
  hexDigits?: number;
}

export interface FloatLit extends NodeBase {
  kind: 'Float';
  value: number;
  text: string;
}

/** A string literal. `bytes` is the exact encoding (UTF-8 plus `\xNN`/`\0` escapes). */
export interface StringLit extends NodeBase {
  kind: 'String';
  value: string;
  bytes: Uint8Array;
}

export interface BoolLit extends NodeBase {
  kind: 'Bool';
  value: boolean;
}

/** `nil` and `none` are one null value (§8.2). */
export interface NilLit extends NodeBase {
  kind: 'Nil';
  keyword: 'nil' | 'none';
}

/** `30s`, `24h`, `forever`, `none` where a Duration is expected; `ms` is null for forever/none. */
export interface DurationLit extends NodeBase {
  kind: 'Duration';
  ms: bigint | null;
  text: string;
}

export interface NameExpr extends NodeBase {
  kind: 'Name';
  name: string;
}

/** `A::B::C` in expression position (enum variant, qualified name). */
export interface PathExpr extends NodeBase {
  kind: 'Path';
  segments: Ident[];
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '&&' | '||' | '|' | '^' | '&' | '<<' | '>>' | '??'
  | 'implies' | 'subset_of' | 'does_not_contain';

export interface BinaryExpr extends NodeBase {
  kind: 'Binary';
  op: BinaryOp;
  opSpan: Span;
  left: Expr;
  right: Expr;
}

export interface UnaryExpr extends NodeBase {
  kind: 'Unary';
  op: '!' | '-';
  operand: Expr;
}

export interface CastExpr extends NodeBase {
  kind: 'Cast';
  expr: Expr;
  type: TypeExpr;
}

export interface CallExpr extends NodeBase {
  kind: 'Call';
  callee: Expr;
  args: Expr[];
}

/** `recv.m(args)`; also `.len` without parentheses is a MemberExpr the checker interprets. */
export interface MethodCallExpr extends NodeBase {
  kind: 'MethodCall';
  receiver: Expr;
  method: Ident;
  args: Expr[];
}

/** `obj.field` (the `@` of `.@status` is dropped, §4 A3). */
export interface MemberExpr extends NodeBase {
  kind: 'Member';
  object: Expr;
  field: Ident;
}

export interface IndexExpr extends NodeBase {
  kind: 'Index';
  object: Expr;
  index: Expr;
}

/** `x[lo..hi]`, `x[lo..]`, `x[..hi]`, `x[lo:hi]`. */
export interface SliceExpr extends NodeBase {
  kind: 'Slice';
  object: Expr;
  lo?: Expr;
  hi?: Expr;
  style: 'range' | 'colon';
}

export interface FieldInit extends NodeBase {
  kind: 'FieldInit';
  name: Ident;
  value: Expr;
}

/**
 * `Spot { level: 1, .. }`, `{ ok: false }` (anonymous), `list<Spot>{}`.
 * `rest` is present for `..` (zero the rest) or `..base` (copy the rest from base).
 */
export interface StructLit extends NodeBase {
  kind: 'StructLit';
  type?: TypeExpr;
  fields: FieldInit[];
  rest?: { base?: Expr; span: Span };
}

/** `bytes(N){v}` and bare `bytes(N)` (a zero value) (§8.2.5). */
export interface ByteFillExpr extends NodeBase {
  kind: 'ByteFill';
  size: Expr;
  fill?: Expr;
}

/** `bytes [e, …]`. */
export interface BytesLit extends NodeBase {
  kind: 'BytesLit';
  elements: Expr[];
}

/** `[e, …]`. */
export interface ListLit extends NodeBase {
  kind: 'ListLit';
  elements: Expr[];
}

/** `list<T>`, `list<T>::new`, `option<T>` used as a value (an empty list / none). */
export interface TypeValueExpr extends NodeBase {
  kind: 'TypeValue';
  type: TypeExpr;
  member?: Ident;
}

export interface IfExpr extends NodeBase {
  kind: 'If';
  cond: Expr;
  then: Block;
  else?: Block | IfExpr;
}

export type Pattern =
  | { kind: 'WildcardPat'; span: Span }
  | { kind: 'IntPat'; value: bigint; span: Span }
  | { kind: 'StringPat'; value: string; bytes: Uint8Array; span: Span }
  | { kind: 'BoolPat'; value: boolean; span: Span }
  | { kind: 'NilPat'; span: Span }
  | { kind: 'SomePat'; inner: Pattern; span: Span }
  | { kind: 'PathPat'; segments: Ident[]; span: Span }
  | { kind: 'NamePat'; name: Ident; span: Span };

export interface MatchArm extends NodeBase {
  kind: 'MatchArm';
  pattern: Pattern;
  body: Expr;
}

export interface MatchExpr extends NodeBase {
  kind: 'Match';
  scrutinee: Expr;
  arms: MatchArm[];
}

/** A braced block used as a value (match arm bodies, `else` blocks are Blocks directly). */
export interface BlockExpr extends NodeBase {
  kind: 'BlockExpr';
  block: Block;
}

export interface ClosureExpr extends NodeBase {
  kind: 'Closure';
  params: Ident[];
  body: Expr;
  /** Parameter types when written (`|a: u8| …`), index-aligned with `params`; absent when none is written. */
  paramTypes?: (TypeExpr | undefined)[];
}

/** `a..b`, `a..`, `..b`. */
export interface RangeExpr extends NodeBase {
  kind: 'Range';
  lo?: Expr;
  hi?: Expr;
}

/** Placeholder left by error recovery so later stages can keep going. */
export interface ErrorExpr extends NodeBase {
  kind: 'ErrorExpr';
}
