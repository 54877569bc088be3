/**
 * Header clauses and declarative metadata (LANGUAGE.md §4, §5.4, §8.7).
 * Part of the FastLang AST contract (see ../ast.ts).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { Ident, LexPath, NodeBase } from './base.ts';
import type { TestDecl } from './declarations.ts';
import type { Expr } from './expressions.ts';
import type { TypeExpr } from './types.ts';

// ───────────────────────────── clauses and metadata ─────────────────────────────

/**
 * Declarative metadata as written: identifiers, numbers, strings, durations, lists and records.
 * Most clauses are "IR metadata only" (§8.7) and are carried in this form.
 */
export type MetaValue =
  | { kind: 'id'; name: string; span: Span }
  | { kind: 'int'; value: bigint; text: string; span: Span }
  | { kind: 'float'; value: number; text: string; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'duration'; ms: bigint | null; text: string; span: Span } // null = forever/none
  | { kind: 'list'; items: MetaValue[]; span: Span }
  | { kind: 'record'; entries: { key: string; keySpan: Span; value: MetaValue }[]; span: Span }
  | { kind: 'expr'; expr: Expr; span: Span }
  | { kind: 'type'; type: TypeExpr; span: Span };

/**
 * One clause or item line: header clauses (§5.7), data verbs (§5.5), stream/series/audience
 * clauses (§5.6), block items of sign/attest/cortex/store/graph/platform/state machines.
 * `name` is the normalised clause word (A6 applied). Clauses with semantics carry a typed
 * `detail`; all carry their arguments as metadata in `args`.
 */
export interface Clause extends NodeBase {
  kind: 'Clause';
  name: string;
  /** Written with the optional `@` prefix (§4 A1). The IR must not depend on it. */
  at: boolean;
  /** The word as written when it was an older spelling (`povc`, `streamsight`, …). */
  legacyName?: string;
  args: MetaValue[];
  detail?: ClauseDetail;
}

export type ClauseDetail =
  | { kind: 'lex'; path: LexPath; block: Clause[] }
  | { kind: 'predicate'; clause: 'invariant' | 'monitor' | 'property'; label?: string; propertyKind?: string; expr: Expr }
  | { kind: 'test'; test: TestDecl }
  | { kind: 'observe'; metrics: Ident[]; form: 'bool' | 'metrics' | 'events' | 'named' | 'anomaly'; enabled?: boolean }
  | { kind: 'witnessThreshold'; k: bigint; n: bigint }
  | { kind: 'emit'; stream: Ident; value: Expr }
  | { kind: 'encode'; layoutType?: TypeExpr; layout: { field: Ident; endian: string; value?: Expr }[]; format?: string };
