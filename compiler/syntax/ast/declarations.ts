/**
 * Top-level declarations (LANGUAGE.md §5): the 47 shapes of .fl, .fld and .flj files.
 * Part of the FastLang AST contract (see ../ast.ts).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { DocComment, Documented, Ident, NodeBase } from './base.ts';
import type { Clause, MetaValue } from './clauses.ts';
import type { Expr } from './expressions.ts';
import type { Block } from './statements.ts';
import type { StructField, TypeExpr } from './types.ts';

// ───────────────────────────── declarations ─────────────────────────────

export type Decl =
  | ImportDecl
  | UseDecl
  | TypeDecl
  | ConstDecl
  | DataDecl
  | StreamDecl
  | SeriesDecl
  | AudienceDecl
  | CircuitDecl
  | CloudConfigDecl
  | TransactionDecl
  | ExternDecl
  | StateMachineDecl
  | GraphDecl
  | StoreDecl
  | CortexDecl
  | PlatformDecl
  | DomainDecl
  | TestDecl
  | OldJourneyDecl
  | JourneyDecl
  | PartyDecl
  | FixtureDecl
  | StepDecl
  | JourneyObserveDecl
  | ErrorDecl;

/** Shapes 3–5 (§5.2). */
export interface ImportDecl extends NodeBase, Documented {
  kind: 'Import';
  form: 'from' | 'file' | 'lexpath';
  /** `import NAME from "path"`: the bound name. */
  alias?: Ident;
  /** The path string (forms 'from' and 'file') or the joined lex path (form 'lexpath'). */
  path: string;
  pathSpan: Span;
  /** The braced names (forms 'file' and 'lexpath'). */
  names: Ident[];
}

/** Shapes 6–8. `use a::b::*`, `use a::{X, Y}`, `use a::b::C`. */
export interface UseDecl extends NodeBase, Documented {
  kind: 'Use';
  path: Ident[];
  glob: boolean;
  names?: Ident[];
}

/** Shapes 9–13. The right-hand side is a type expression (alias, struct, tagged struct, enum). */
export interface TypeDecl extends NodeBase, Documented {
  kind: 'TypeDecl';
  name: Ident;
  type: TypeExpr;
}

/** Shape 14. */
export interface ConstDecl extends NodeBase, Documented {
  kind: 'Const';
  name: Ident;
  type: TypeExpr;
  value: Expr;
}

/** Shapes 15–17: `data` and both `schema` forms (§5.5). */
export interface DataDecl extends NodeBase, Documented {
  kind: 'Data';
  keyword: 'data' | 'schema';
  name: Ident;
  category: Ident;
  version: Ident;
  /** Null for the schema form that holds only verbs in its braces. */
  fields: StructField[] | null;
  verbs: Clause[];
}

/** Shape 18 (§5.6). */
export interface StreamDecl extends NodeBase, Documented {
  kind: 'Stream';
  name: Ident;
  type: TypeExpr;
  clauses: Clause[];
  /** `| filter LineExpr` stages in order (record is implicit). */
  filters: Expr[];
  /** `| throttle N/unit burst M`. */
  throttle?: { rate: bigint; unit: string; burst: bigint; span: Span };
}

/** Shape 19. */
export interface SeriesDecl extends NodeBase, Documented {
  kind: 'Series';
  name: Ident;
  target: Ident;
  clauses: Clause[];
}

/** Shape 20. */
export interface AudienceDecl extends NodeBase, Documented {
  kind: 'Audience';
  name: Ident;
  parent: Ident;
  clauses: Clause[];
}

export interface Param extends NodeBase {
  kind: 'Param';
  name: Ident;
  type: TypeExpr;
}

/** Shapes 21 and 22 (a `cloud` with parameters is a circuit with deployment metadata). */
export interface CircuitDecl extends NodeBase, Documented {
  kind: 'Circuit';
  keyword: 'circuit' | 'cloud';
  name: Ident;
  params: Param[];
  returnType: TypeExpr;
  /** Header clauses, including A2 annotation lines from the parameter list, in source order. */
  clauses: Clause[];
  body: Block;
}

/** Shape 23: `cloud NAME` clauses then a configuration block. */
export interface CloudConfigDecl extends NodeBase, Documented {
  kind: 'CloudConfig';
  name: Ident;
  clauses: Clause[];
  items: Clause[];
}

/** Shape 24. Usually no return type and no body. */
export interface TransactionDecl extends NodeBase, Documented {
  kind: 'Transaction';
  name: Ident;
  params: Param[];
  returnType?: TypeExpr;
  clauses: Clause[];
  body?: Block;
}

export interface ExternItem extends NodeBase {
  kind: 'ExternItem';
  itemKind: 'fn' | 'circuit';
  name: Ident;
  params: Param[];
  returnType?: TypeExpr;
  clauses: Clause[];
}

/** Shapes 25–26. The single-circuit form has exactly one item. */
export interface ExternDecl extends NodeBase, Documented {
  kind: 'Extern';
  abi: string;
  abiSpan: Span;
  form: 'block' | 'circuit';
  items: ExternItem[];
}

export interface Transition extends NodeBase {
  kind: 'Transition';
  from: Ident;
  to: Ident;
  /** Style A `when E`, style B `trigger E`, style C `on E => S`. */
  event?: Ident;
  guard?: Ident;
  action?: Ident;
  style: 'A' | 'B' | 'C';
}

/** Shapes 27–29 (§5.11), all three styles normalised into one shape. */
export interface StateMachineDecl extends NodeBase, Documented {
  kind: 'StateMachine';
  name: Ident;
  clauses: Clause[];
  initial?: Ident;
  persistence?: Ident;
  terminal: Ident[];
  verify: Ident[];
  /** `state NAME { … }` blocks (style C), in order. */
  states: Ident[];
  transitions: Transition[];
  /** Remaining items (`ai_anomaly_detection true`, …) as metadata. */
  items: Clause[];
}

/** Shapes 30–31. Items are metadata clauses (`node`, `edge`, `overlay`, `storage`, …). */
export interface GraphDecl extends NodeBase, Documented {
  kind: 'Graph';
  keyword: 'graph' | 'dag';
  name: Ident;
  items: Clause[];
}

/** Shapes 32–34, both dialects. */
export interface StoreDecl extends NodeBase, Documented {
  kind: 'Store';
  storeKind: 'kv' | 'series' | 'graph';
  name: Ident;
  /** `key`/`value`/`schema` entries carry a type; the rest carry metadata values. */
  entries: StoreEntry[];
}

export interface StoreEntry extends NodeBase {
  kind: 'StoreEntry';
  name: Ident;
  at: boolean;
  type?: TypeExpr;
  value?: MetaValue;
}

/** Shape 35. */
export interface CortexDecl extends NodeBase, Documented {
  kind: 'Cortex';
  name: Ident;
  items: Clause[];
}

/** Shape 36. */
export interface PlatformDecl extends NodeBase, Documented {
  kind: 'Platform';
  name: Ident;
  version: Ident;
  items: Clause[];
}

export interface DomainItem extends NodeBase {
  kind: 'DomainItem';
  itemKind: 'module' | 'graph' | 'dag' | 'types';
  name: Ident;
  from: string;
  fromSpan: Span;
  docs: DocComment[];
}

/** Shape 37. */
export interface DomainDecl extends NodeBase, Documented {
  kind: 'Domain';
  path: Ident[];
  items: DomainItem[];
}

export type TestKind = 'golden' | 'property' | 'fuzz';

/** Shapes 38–41, and the inline header `test` clause (§5.7). */
export interface TestDecl extends NodeBase, Documented {
  kind: 'Test';
  testKind: TestKind;
  name: string;
  nameSpan: Span;
  nameIsString: boolean;
  body: Block;
}

/** Shape 42: the older journey, an imperative script. */
export interface OldJourneyDecl extends NodeBase, Documented {
  kind: 'OldJourney';
  name: string;
  nameSpan: Span;
  description?: string;
  package?: string;
  platform?: string;
  imports: { path: string[]; names: Ident[]; span: Span }[];
  setup?: Block;
  steps: { name: string; body: Block; span: Span }[];
}

/** Shape 43: newer journey header. */
export interface JourneyDecl extends NodeBase, Documented {
  kind: 'Journey';
  name: Ident;
  title: string;
  clauses: Clause[];
}

export interface FixtureEntry extends NodeBase {
  kind: 'FixtureEntry';
  name: Ident;
  /** `bytes(N)` placeholder or `bytes(N) = e` (§8.10). */
  bytesSize?: number;
  value?: Expr;
}

/** Shape 44. */
export interface PartyDecl extends NodeBase, Documented {
  kind: 'Party';
  name: Ident;
  entries: FixtureEntry[];
}

/** Shape 45. */
export interface FixtureDecl extends NodeBase, Documented {
  kind: 'Fixture';
  name: Ident;
  entries: FixtureEntry[];
}

/** Shape 46. */
export interface StepDecl extends NodeBase, Documented {
  kind: 'Step';
  name: Ident;
  actor?: Ident;
  action?: Expr;
  expects: Expr[];
}

/** Shape 47: `observe metrics: [...]` at the top level of a `.flj`. */
export interface JourneyObserveDecl extends NodeBase, Documented {
  kind: 'JourneyObserve';
  metrics: Ident[];
}

/** What the parser leaves where a declaration could not be parsed (recovery, §5.18). */
export interface ErrorDecl extends NodeBase, Documented {
  kind: 'ErrorDecl';
}
