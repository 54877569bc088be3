/**
 * The estream IR: one typed, structured IR shared by FastLang and ESCIR.
 *
 * Design (see specs/ir.md for the full contract):
 * - Structured, not a CFG: statements nest (`if`, `loop`, `break`, `continue`, `return`)
 *   exactly as WebAssembly's structured control flow does, so the back end maps them
 *   one-to-one onto binaryen blocks and loops. Locals are mutable slots; every
 *   expression is typed.
 * - Value-level: operations talk about values (`field`, `index`, `setPlace`), never about
 *   memory. The back end chooses layout and copying; the IR interpreter runs the same IR
 *   over plain JS values. FastLang's value semantics (§8.2.1) are the back end's duty.
 * - Front ends do the sugar: `match`, `for`, `fold`/`all`/`query` closures, `??`, struct
 *   rests, implicit conversions and predicate word operators are lowered to the core forms
 *   below before the IR exists. Every implicit conversion is an explicit `convert`.
 * - Stateful ESCIR circuits are `IrProc`s: a state type plus a step function
 *   `(state, inputs, now) -> {state, outputs}` written in the same IR.
 *
 * Spans: nodes that can trap or be recorded carry `loc`, the source span the runtime error
 * or the witness binding must name.
 */
import type { Span } from '../diagnostics/source.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

// ───────────────────────────── types ─────────────────────────────

export type IntBits = 8 | 16 | 32 | 64 | 128;

export type IrType =
  | { k: 'int'; bits: IntBits; signed: boolean }
  | { k: 'float'; bits: 32 | 64 }
  | { k: 'bool' }
  | { k: 'void' }
  /** Exactly n bytes (`bytes(N)`). */
  | { k: 'bytesN'; n: number }
  /** Variable-length bytes. */
  | { k: 'bytes' }
  /** UTF-8 text (variable length). */
  | { k: 'string' }
  /** Index into IrModule.types, which must hold an IrStructDef. */
  | { k: 'struct'; id: number }
  /** Index into IrModule.types, which must hold an IrEnumDef. */
  | { k: 'enum'; id: number }
  | { k: 'list'; elem: IrType }
  /** `[T; N]`: fixed length, otherwise behaves as a list. */
  | { k: 'array'; elem: IrType; n: number }
  | { k: 'option'; inner: IrType }
  /** Dynamic host value (§8.2.9); converting it to a concrete type checks shape at run time. */
  | { k: 'any' };

export interface IrStructDef {
  kind: 'struct';
  name: string;
  fields: { name: string; type: IrType }[];
  loc?: Span;
  /** The `encode` verb of a data declaration (LANGUAGE.md §5.5, §8.7), which `serialize` follows. */
  encode?: IrEncodeLayout;
}

/**
 * An `encode` layout: `bytes(size)` with the listed fields written in order (`le`/`be`),
 * pinned entries written as their constant, zero-padded to `size`; or a named format (`cbor`).
 */
export interface IrEncodeLayout {
  size?: number;
  format?: string;
  /** `index` is the struct field index, or -1 for an entry that names no field. */
  fields: { field: string; index: number; endian: string; value?: IrConst }[];
}

export interface IrEnumDef {
  kind: 'enum';
  name: string;
  /** Representation width (u8 by default, §6). */
  reprBits: 8 | 16 | 32 | 64;
  variants: { name: string; value: bigint }[];
  loc?: Span;
}

export type IrTypeDef = IrStructDef | IrEnumDef;

// ───────────────────────────── values ─────────────────────────────

/**
 * A constant value, in the IR's own representation (independent of any runtime ABI):
 * every integer is a bigint, floats are numbers, bool is boolean, bytes/bytesN are
 * Uint8Array, string is string, struct is an array of field values in declaration order,
 * list/array is an array, enum is its discriminant (bigint), option is `null` for none or
 * `{ some: value }`, and `any` holds a tagged dynamic value.
 */
export type IrConst =
  | bigint
  | number
  | boolean
  | string
  | Uint8Array
  | null
  | { some: IrConst }
  | { any: IrType; value: IrConst }
  | IrConst[];

// ───────────────────────────── module ─────────────────────────────

export interface IrModule {
  /** Struct and enum definitions; IrType `struct`/`enum` ids index this array. */
  types: IrTypeDef[];
  funcs: IrFunc[];
  procs: IrProc[];
  /** Named streams and stores that host effects refer to by name. */
  streams: IrStream[];
  /** State machines, kept for `verify` and documentation; their `__step` is an IrFunc. */
  stateMachines: IrStateMachine[];
  /** Test blocks lowered to zero-parameter void functions. */
  tests: IrTest[];
  /** Declarative metadata of the program (data verbs, graphs, cortex, …), never executed. */
  attrs: Record<string, unknown>;
}

export interface IrLocal {
  id: number;
  /** Source name; compiler temporaries start with '%'. */
  name: string;
  type: IrType;
  /** Where the binding was declared. */
  loc?: Span;
  /**
   * Record every assignment of this local in the witness (§8.4 / issue 3: every `let`
   * binding). Temporaries are not recorded.
   */
  witness: boolean;
}

export type IrFuncKind = 'circuit' | 'helper' | 'predicate' | 'test' | 'step' | 'filter';

export interface IrFunc {
  /** Unique symbol in the module (also the export name for exported functions). */
  name: string;
  /** The name as written in the source. */
  sourceName: string;
  kind: IrFuncKind;
  /** Ids of the parameter locals, in order. */
  params: number[];
  result: IrType;
  /** Every local, parameters included; `locals[i].id === i`. */
  locals: IrLocal[];
  body: IrStmt[];
  loc?: Span;
  exported: boolean;
  /** Per-function arithmetic mode: true traps on `+ - *` and unary `-` overflow (§8.1). */
  overflowChecks: boolean;
  /** Header clause metadata (`lex`, `attested`, `critical_path`, …) as plain data. */
  attrs: Record<string, unknown>;
  /**
   * Error isolation (§10): a declaration with errors is still present so callers link, but
   * its body is a single `not_compiled` trap quoting this diagnostic.
   */
  notCompiled?: Diagnostic;
}

/**
 * A stateful ESCIR circuit. `step` names an IrFunc with params (state, inputs, now: u64)
 * that returns a struct `{ state: stateType, outputs: outputsType }`.
 */
export interface IrProc {
  name: string;
  stateType: IrType;
  inputsType: IrType;
  outputsType: IrType;
  initialState: IrConst;
  step: string;
  loc?: Span;
  attrs: Record<string, unknown>;
}

export interface IrStream {
  name: string;
  kind: 'event' | 'state' | 'kv' | 'series' | 'graph';
  /** event<T>: element; state<K,V>/kv: key and value. */
  elem?: IrType;
  key?: IrType;
  value?: IrType;
  /** Names of `filter` IrFuncs `(record) -> bool`, applied in order by `emit`. */
  filters: string[];
  throttle?: { perSecond: number; burst: number };
  /** Retention or ttl in ms; null = forever. */
  retentionMs?: number | null;
  merkleChain?: boolean;
  loc?: Span;
}

export interface IrStateMachine {
  name: string;
  states: string[];
  events: string[];
  initial: string;
  terminal: string[];
  transitions: { from: string; to: string; event: string; guard?: string; action?: string }[];
  verify: string[];
  wal: boolean;
  /** Name of the `<name>__step(state: i32, event: i32) -> i32` IrFunc. */
  stepFunc: string;
  loc?: Span;
}

export interface IrTest {
  name: string;
  kind: 'golden' | 'property' | 'fuzz' | 'inline';
  /** The IrFunc that runs the test body. Property/fuzz tests take their generated inputs as params. */
  func: string;
  /** For property/fuzz tests: the generated variables (names and types, in order). */
  inputs: { name: string; type: IrType }[];
  /** The circuit an inline header test is attached to. */
  circuit?: string;
  /** For an inline header test: the kind it was written with (golden, property or fuzz). */
  testKind?: 'golden' | 'property' | 'fuzz';
  loc?: Span;
}

// ───────────────────────────── statements ─────────────────────────────

export type IrPlaceStep = { k: 'field'; index: number } | { k: 'index'; index: IrExpr; loc?: Span };

export type IrStmt =
  /** Assign a whole local (first assignment or later); recorded when the local is `witness`. */
  | { s: 'set'; local: number; value: IrExpr; loc?: Span }
  /**
   * Assign into part of a local: `local.f[i].g = value`. Only that place changes (value
   * semantics, §8.2.1). Index steps trap out of range.
   */
  | { s: 'setPlace'; local: number; path: IrPlaceStep[]; value: IrExpr; loc?: Span }
  /** Append to the list held at a place (`xs.push(v)`, `append(xs, v)`); empty path = the local itself. */
  | { s: 'push'; local: number; path: IrPlaceStep[]; value: IrExpr; loc?: Span }
  /** Evaluate for effects; any value is dropped. */
  | { s: 'expr'; value: IrExpr }
  | { s: 'if'; cond: IrExpr; then: IrStmt[]; else: IrStmt[] }
  /** Loop forever until `break`/`return`; each iteration consumes one unit of fuel (loc names the loop). */
  | { s: 'loop'; body: IrStmt[]; loc?: Span }
  /** Leave the innermost enclosing loop. */
  | { s: 'break' }
  /** Start the next iteration of the innermost enclosing loop. */
  | { s: 'continue' }
  | { s: 'return'; value?: IrExpr }
  /** Abort the call with a runtime error of this kind (fail, require, assert, no_match, …). */
  | { s: 'trap'; kind: TrapKind; message: string; loc?: Span };

/** Runtime error kinds (LANGUAGE.md §8.3.5). */
export type TrapKind =
  | 'overflow'
  | 'div_by_zero'
  | 'index_out_of_bounds'
  | 'nil_unwrap'
  | 'conversion'
  | 'no_match'
  | 'fail'
  | 'require'
  | 'assert'
  | 'host'
  | 'no_model'
  | 'not_compiled'
  | 'replay_divergence'
  /** The call ran out of fuel (an estream addition to the §8.3.5 list: loops are metered). */
  | 'fuel';

// ───────────────────────────── expressions ─────────────────────────────

export type IrBinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'rem'
  | 'and' | 'or' | 'xor' | 'shl' | 'shr'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/**
 * Conversions, all explicit. The front end inserts every implicit one (§8.1.5, §8.2.6).
 * - int: integer→integer (truncate / sign- or zero-extend)
 * - int_float / float_int (truncating, saturating, NaN→0) / float_float
 * - bool_int, enum_int, int_enum (traps `conversion` when no variant has the value)
 * - int_bytes: big-endian, low N bytes (`as bytes(N)` and integer→bytes(N))
 * - pad_bytes: bytesN/bytes/string → bytesN(n), right-padded with zeros; traps `conversion` if longer
 * - to_bytes: bytesN/string → unsized bytes (no padding)
 * - list_bytes: list of integers → bytes / bytesN (traps `conversion` on an element > 255)
 * - to_any / from_any: into and out of the dynamic type (from_any checks shape, traps `conversion`)
 */
export type IrConvertKind =
  | 'int'
  | 'int_float'
  | 'float_int'
  | 'float_float'
  | 'bool_int'
  | 'enum_int'
  | 'int_enum'
  | 'int_bytes'
  | 'pad_bytes'
  | 'to_bytes'
  | 'list_bytes'
  | 'to_any'
  | 'from_any';

export type IrExpr = (
  | { e: 'const'; value: IrConst }
  | { e: 'local'; id: number }
  /**
   * Arithmetic, bitwise and comparison on numbers; `eq`/`ne` are structural on every type;
   * ordering also applies to bytesN (lexicographic). `checked` overrides the function's
   * overflow mode for this operation (`wrapping_*` = false; `checked_*` are lowered to
   * `checkedArith`). Division and remainder by zero always trap.
   */
  | { e: 'binary'; op: IrBinaryOp; left: IrExpr; right: IrExpr; checked?: boolean }
  /** `checked_add/sub/mul`: none on overflow, else some(result). */
  | { e: 'checkedArith'; op: 'add' | 'sub' | 'mul'; left: IrExpr; right: IrExpr }
  /** `saturating_add/sub`: clamp to the type's range. */
  | { e: 'saturatingArith'; op: 'add' | 'sub'; left: IrExpr; right: IrExpr }
  /** Short-circuit `&&` / `||`. */
  | { e: 'logic'; op: 'and' | 'or'; left: IrExpr; right: IrExpr }
  /** `neg` (wraps or traps per overflow mode), `not` (bool), `bnot` (integer bitwise not). */
  | { e: 'unary'; op: 'neg' | 'not' | 'bnot'; operand: IrExpr; checked?: boolean }
  | { e: 'convert'; kind: IrConvertKind; value: IrExpr }
  /** Struct value from all field values in declaration order. */
  | { e: 'struct'; fields: IrExpr[] }
  | { e: 'field'; object: IrExpr; index: number }
  /** List or array value from elements. */
  | { e: 'list'; elems: IrExpr[] }
  /** bytesN of size n filled with the byte `fill` (`bytes(N){v}`; a zero value when fill is 0). */
  | { e: 'fill'; fill: IrExpr }
  /** Element of a list/array (elem type), or byte of bytes/bytesN/string (u8); traps out of range. */
  | { e: 'index'; object: IrExpr; index: IrExpr }
  /** `x[lo..hi]` of bytes/bytesN/string/list; result bytesN when both bounds are constant. hi absent = to end. */
  | { e: 'slice'; object: IrExpr; lo: IrExpr; hi?: IrExpr }
  /** Length as u64 of list/array/bytes/bytesN/string. */
  | { e: 'len'; object: IrExpr }
  | { e: 'some'; value: IrExpr }
  | { e: 'none' }
  /** option<T> → bool. */
  | { e: 'isSome'; value: IrExpr }
  /** option<T> → T, trapping `nil_unwrap` on none. */
  | { e: 'unwrap'; value: IrExpr }
  /** Value-producing conditional; both arms have the expression's type. */
  | { e: 'if'; cond: IrExpr; then: IrExpr; else: IrExpr }
  /** Run statements, then yield `value` (a block used as a value). */
  | { e: 'block'; stmts: IrStmt[]; value: IrExpr }
  /** Call another IrFunc of this module. */
  | { e: 'call'; func: string; args: IrExpr[] }
  /**
   * A pure builtin (hashes, bytes and list helpers, FIX helpers, pure domain helpers, …).
   * Deterministic, never recorded in the witness. See specs/ir.md for the list.
   */
  | { e: 'builtin'; name: string; args: IrExpr[] }
  /**
   * A host effect (clock, stores, streams, observe, models, host domain helpers, externs):
   * the runtime executes it and the witness records (name, argument digest, result).
   * `target` is the stream/store name for stream and store effects.
   */
  | { e: 'host'; name: string; args: IrExpr[]; target?: string }
  /** Abort (`fail("msg")` in expression position); its type is the expected type. */
  | { e: 'trap'; kind: TrapKind; message: string }
) & {
  type: IrType;
  loc?: Span;
  /**
   * Set on the root node of a builtin call that is lowered to core nodes rather than a
   * `builtin` node (`nth` → `index`, `fold` → a loop, …): the source called this builtin.
   * Tools that treat calls specially use it (the fuzz panic rule, LANGUAGE.md §8.8.3).
   */
  builtinCall?: string;
};

// ───────────────────────────── helpers ─────────────────────────────

export const T = {
  u8: { k: 'int', bits: 8, signed: false } as IrType,
  u16: { k: 'int', bits: 16, signed: false } as IrType,
  u32: { k: 'int', bits: 32, signed: false } as IrType,
  u64: { k: 'int', bits: 64, signed: false } as IrType,
  u128: { k: 'int', bits: 128, signed: false } as IrType,
  i16: { k: 'int', bits: 16, signed: true } as IrType,
  i32: { k: 'int', bits: 32, signed: true } as IrType,
  i64: { k: 'int', bits: 64, signed: true } as IrType,
  f32: { k: 'float', bits: 32 } as IrType,
  f64: { k: 'float', bits: 64 } as IrType,
  bool: { k: 'bool' } as IrType,
  void: { k: 'void' } as IrType,
  bytes: { k: 'bytes' } as IrType,
  string: { k: 'string' } as IrType,
  any: { k: 'any' } as IrType,
  bytesN: (n: number): IrType => ({ k: 'bytesN', n }),
  list: (elem: IrType): IrType => ({ k: 'list', elem }),
  option: (inner: IrType): IrType => ({ k: 'option', inner }),
};

/** Structural type equality (struct/enum by id). */
export function sameType(a: IrType, b: IrType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return a.bits === (b as typeof a).bits && a.signed === (b as typeof a).signed;
    case 'float':
      return a.bits === (b as typeof a).bits;
    case 'bytesN':
      return a.n === (b as typeof a).n;
    case 'struct':
    case 'enum':
      return a.id === (b as typeof a).id;
    case 'list':
      return sameType(a.elem, (b as typeof a).elem);
    case 'array':
      return a.n === (b as typeof a).n && sameType(a.elem, (b as typeof a).elem);
    case 'option':
      return sameType(a.inner, (b as typeof a).inner);
    default:
      return true;
  }
}
