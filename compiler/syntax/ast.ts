/**
 * The FastLang AST: plain data produced by the parser and read (never edited) by every
 * later stage. Every node carries a source span. Older spellings are normalised by the
 * parser (LANGUAGE.md §4 A6), so `povc` arrives here as `attested`; the `@` prefix is
 * recorded only as `at` on clauses, never as a different node.
 *
 * Section references are to ../shared/fastlang/LANGUAGE.md. The node interfaces live in
 * ./ast/, one file per part of the grammar; this module is the one place stages import from.
 */

export type * from './ast/base.ts';
export type * from './ast/declarations.ts';
export type * from './ast/clauses.ts';
export type * from './ast/types.ts';
export type * from './ast/statements.ts';
export type * from './ast/expressions.ts';
