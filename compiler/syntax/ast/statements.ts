/**
 * Statements and blocks (LANGUAGE.md §7.1).
 * Part of the FastLang AST contract (see ../ast.ts).
 */
import type { Ident, NodeBase } from './base.ts';
import type { Param } from './declarations.ts';
import type { Expr } from './expressions.ts';
import type { TypeExpr } from './types.ts';

// ───────────────────────────── statements ─────────────────────────────

export interface Block extends NodeBase {
  kind: 'Block';
  stmts: Stmt[];
}

export type Stmt =
  | LetStmt
  | AssignStmt
  | ReturnStmt
  | WhileStmt
  | ForStmt
  | ContinueStmt
  | BreakStmt
  | AssertStmt
  | EmitStmt
  | ForallStmt
  | ObserveStmt
  | InvariantStmt
  | ExprStmt;

export interface LetStmt extends NodeBase {
  kind: 'Let';
  /** Null for `_`. */
  name: Ident | null;
  mutable: boolean;
  type?: TypeExpr;
  value: Expr;
}

/** `place = value`; the place is a Name, Member or Index chain (§7.1). */
export interface AssignStmt extends NodeBase {
  kind: 'Assign';
  target: Expr;
  value: Expr;
}

export interface ReturnStmt extends NodeBase {
  kind: 'Return';
  value?: Expr;
}

export interface WhileStmt extends NodeBase {
  kind: 'While';
  cond: Expr;
  body: Block;
}

export interface ForStmt extends NodeBase {
  kind: 'For';
  /** Null for `_`. */
  binding: Ident | null;
  iterable: Expr;
  body: Block;
}

export interface ContinueStmt extends NodeBase {
  kind: 'Continue';
}

export interface BreakStmt extends NodeBase {
  kind: 'Break';
}

export interface AssertStmt extends NodeBase {
  kind: 'Assert';
  keyword: 'assert' | 'require';
  cond: Expr;
  message?: string;
}

/** Keyword form `emit ID Expr` (the call form `emit(s, v)` is a Call). */
export interface EmitStmt extends NodeBase {
  kind: 'Emit';
  stream: Ident;
  value: Expr;
}

/** `forall a: T, b: U { … }` and `fuzz a: T { … }` (tests). */
export interface ForallStmt extends NodeBase {
  kind: 'Forall';
  keyword: 'forall' | 'fuzz';
  vars: Param[];
  body: Block;
}

/** `observe NAME: [metrics]` inside a body. */
export interface ObserveStmt extends NodeBase {
  kind: 'Observe';
  name: Ident;
  metrics: Ident[];
}

/** `@invariant "name"? { pred }` inside a body. */
export interface InvariantStmt extends NodeBase {
  kind: 'Invariant';
  label?: string;
  expr: Expr;
}

export interface ExprStmt extends NodeBase {
  kind: 'ExprStmt';
  expr: Expr;
  /** True when the statement was terminated by `;` (the block value is still this expression, §8.3). */
  semicolon: boolean;
}
