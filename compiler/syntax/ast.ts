/**
 * The FastLang AST: plain data produced by the parser and read (never edited) by every
 * later stage. Every node carries a source span. Older spellings are normalised by the
 * parser (LANGUAGE.md §4 A6), so `povc` arrives here as `attested`; the `@` prefix is
 * recorded only as `at` on clauses, never as a different node.
 *
 * Section references are to ../shared/fastlang/LANGUAGE.md.
 */
import type { Span } from '../diagnostics/source.ts';

export interface NodeBase {
  span: Span;
}

/** A name as written, with its own span (for precise diagnostics). */
export interface Ident extends NodeBase {
  kind: 'Ident';
  name: string;
}

// ───────────────────────────── files ─────────────────────────────

export type FileKind = 'fl' | 'fld' | 'flj';

/** A `///` comment, kept for docs and pragmas (§2.1). `text` excludes the slashes and one leading space. */
export interface DocComment extends NodeBase {
  kind: 'DocComment';
  text: string;
}

export interface FilePragmas {
  /** `/// govern lex PATH`, with a leading `esn/` stripped. */
  governLex?: { path: string; span: Span };
}

export interface SourceFileAst extends NodeBase {
  kind: 'File';
  path: string;
  fileKind: FileKind;
  /** §5.1 preamble: `@status ID` and `lex PATH` before the first declaration. */
  preamble: { status?: Ident; lex?: LexPath };
  pragmas: FilePragmas;
  decls: Decl[];
  /** Every doc comment in the file, in order (also attached to the declaration they precede). */
  docComments: DocComment[];
}

/** Doc comments attached to a declaration: the run of `///` lines directly above it. */
export interface Documented {
  docs: DocComment[];
  /** True when the last doc line before a `circuit` is `/// test golden` (§2.1, §8.8). */
  testGolden?: boolean;
}

/** `a/b/c` (one line). `segments` excludes separators; a leading `esn/` is kept here, stripped in `normalized`. */
export interface LexPath extends NodeBase {
  kind: 'LexPath';
  segments: string[];
  /** Path joined with '/', older `esn/` prefix stripped. */
  normalized: string;
}

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
