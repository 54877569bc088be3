/**
 * Type expressions (LANGUAGE.md §6).
 * Part of the FastLang AST contract (see ../ast.ts).
 */
import type { Ident, NodeBase } from './base.ts';
import type { Expr } from './expressions.ts';

// ───────────────────────────── types ─────────────────────────────

export type TypeExpr =
  | NamedType
  | PrimType
  | BytesType
  | GenericType
  | StateType
  | ArrayType
  | StructType
  | EnumType;

export type PrimName =
  | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'i16' | 'i32' | 'i64'
  | 'f32' | 'f64' | 'bool' | 'string' | 'any' | 'void';

export interface PrimType extends NodeBase {
  kind: 'PrimType';
  name: PrimName;
}

/** A reference to a declared type: `Spot`, `shelf_types::Genre`. */
export interface NamedType extends NodeBase {
  kind: 'NamedType';
  path: Ident[];
}

/** `bytes(N)`, `bytes(CONST)` or unsized `bytes`. */
export interface BytesType extends NodeBase {
  kind: 'BytesType';
  size?: { kind: 'int'; value: number } | { kind: 'name'; name: Ident };
}

export interface GenericType extends NodeBase {
  kind: 'GenericType';
  name: 'list' | 'option' | 'event';
  arg: TypeExpr;
}

export interface StateType extends NodeBase {
  kind: 'StateType';
  key: TypeExpr;
  value: TypeExpr;
}

export interface ArrayType extends NodeBase {
  kind: 'ArrayType';
  element: TypeExpr;
  size: { kind: 'int'; value: number } | { kind: 'name'; name: Ident };
}

export interface StructField extends NodeBase {
  kind: 'StructField';
  name: Ident;
  type: TypeExpr;
}

/** `struct {…}`, `tagged struct {…}` and the anonymous `{…}` (only as a type argument). */
export interface StructType extends NodeBase {
  kind: 'StructType';
  tagged: boolean;
  anonymous: boolean;
  fields: StructField[];
}

export interface EnumVariant extends NodeBase {
  kind: 'EnumVariant';
  name: Ident;
  value?: Expr;
}

/** `enum {…}` or `enum u8 {…}` (the optional ID is the representation). */
export interface EnumType extends NodeBase {
  kind: 'EnumType';
  repr?: Ident;
  variants: EnumVariant[];
}
