/**
 * State shared by the lowering: the program-level services (type table, resolver, signatures,
 * streams) and the per-function builder (locals, lexical scopes, loop depth, error tracking
 * for error isolation, LANGUAGE.md §10).
 */
import type { Diagnostic, DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrFunc, IrLocal, IrStream, IrType } from '../ir.ts';
import type { ConstEvaluator } from './consts.ts';
import type { LiteralValue } from '../../check/literal-eval.ts';
import type { Def, FileInfo, FuncDef, ProgramIndex, StreamNode } from '../../check/program-index.ts';
import type { TypeResolver } from '../../check/resolve-types.ts';
import type { TypeTable } from '../../check/type-table.ts';

export interface LowerOptions {
  /** §8.1: trap on `+ - *` and unary `-` overflow; per file when a function is given. */
  overflowChecks?: boolean | ((file: string) => boolean);
  /** Package root for `import x from "path"` (defaults to the files' common directory). */
  root?: string;
}

/** How a call to a declared function lowers. */
export type CallTarget =
  | { kind: 'func'; symbol: string }
  | { kind: 'host'; name: string }
  | { kind: 'builtin'; name: string };

export interface FuncSig {
  def: FuncDef;
  symbol: string;
  params: { name: string; type: IrType; span: Span }[];
  /** The return type as declared. */
  declared: IrType;
  /** The IR result type: `option<declared>` when the body can produce nil (§8.2.8). */
  result: IrType;
  target: CallTarget;
}

export interface StreamInfo {
  def: Def<StreamNode>;
  ir: IrStream;
  /** Element type of an `event<T>` stream or a series; value type of a keyed store. */
  elem: IrType;
  key: IrType;
  value: IrType;
}

export interface ProgramCtx {
  index: ProgramIndex;
  types: TypeTable;
  resolver: TypeResolver;
  diagnostics: DiagnosticBag;
  consts: ConstEvaluator;
  options: LowerOptions;
  sigs: Map<FuncDef, FuncSig>;
  streams: Map<Def<StreamNode>, StreamInfo>;
  funcs: IrFunc[];
  symbols: Set<string>;
  keyBundle: IrType;
  encapsulation: IrType;
  /** Parser errors of the program, for isolating declarations that contain one (§10). */
  parseErrors: Diagnostic[];
  /** Top-level `let`s of each lowered circuit, for predicate name resolution (§8.6.2). */
  circuitLets: Map<string, Map<string, IrType>>;
}

/**
 * A `let x = <untyped literal>` (or an `if`/`match` whose every value is one) whose type is
 * fixed by the first use that gives one.
 */
export interface PendingLiteral {
  /** The literal constants of the initialiser, with their exact values. */
  leaves: { node: IrExpr; value: LiteralValue; span: Span }[];
  /** Nodes whose type is the literal's type (the leaves and the if/block nodes above them). */
  nodes: IrExpr[];
  local: IrLocal;
  /** Further locals that share the literal's type (a range loop's counter and end). */
  extraLocals?: IrLocal[];
  /**
   * Every binding that shares this open type (`let b = a + 1` joins a's group): fixing one
   * fixes them all. Absent means only the binding that holds it.
   */
  bindings?: Binding[];
  /** Nodes and locals whose type is a list of the literal's type (`for x in [1, 2, 3]`). */
  listNodes?: IrExpr[];
  listLocals?: IrLocal[];
  /** Bindings holding a list of the literal's type (`let ws = [3, 1]; for w in ws`). */
  listBindings?: Binding[];
}

/** `let xs = []` whose element type is still open (pending-list.ts). */
export interface PendingList {
  /** Nodes whose type is the list's type (the empty literal, references made while open). */
  nodes: IrExpr[];
  /** Untyped literals pushed while open, retyped when the element type is fixed. */
  leaves: { node: IrExpr; value: LiteralValue; span: Span }[];
  local: IrLocal;
  /** The element type so far came from pushed literals' defaults and may still change. */
  provisional: boolean;
}

export interface Binding {
  id: number;
  type: IrType;
  pending?: PendingLiteral;
  pendingList?: PendingList;
}

class Scope {
  readonly names = new Map<string, Binding>();
  constructor(
    readonly parent?: Scope,
    /** Lookups stop here (a constant's initialiser cannot see the using function's locals). */
    readonly barrier = false,
  ) {}
}

export type FnMode = 'circuit' | 'test' | 'predicate' | 'filter' | 'const' | 'step';

/** Names a predicate resolves beyond its parameters (§8.6.2), added as parameters on first use. */
export interface PredicateEnv {
  resultLocal: number | undefined;
  resultType: IrType;
  lets: Map<string, IrType>;
  metrics: Set<string>;
  /** Extra parameters in first-use order: where the runtime gets each value from. */
  extras: { name: string; source: 'let' | 'metric'; local: number }[];
  unresolved: { name: string; span: Span }[];
}

export class FuncBuilder {
  readonly locals: IrLocal[] = [];
  private scope = new Scope();
  private temps = 0;
  loopDepth = 0;

  addLocal(name: string, type: IrType, witness: boolean, loc?: Span): IrLocal {
    const local: IrLocal = { id: this.locals.length, name, type, witness };
    if (loc) local.loc = loc;
    this.locals.push(local);
    return local;
  }

  /** A compiler temporary (never recorded in the witness). */
  temp(type: IrType, hint = 't'): number {
    return this.addLocal(`%${hint}${this.temps++}`, type, false).id;
  }

  declare(name: string, binding: Binding): void {
    this.scope.names.set(name, binding);
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | undefined = this.scope; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return b;
      if (s.barrier) return undefined;
    }
    return undefined;
  }

  /** Names declared in the outermost (function body) scope, for predicates. */
  outerNames(): Map<string, Binding> {
    let s = this.scope;
    while (s.parent) s = s.parent;
    return s.names;
  }

  push(): void {
    this.scope = new Scope(this.scope);
  }

  pop(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }

  /** Runs `f` in a scope that cannot see any enclosing binding. */
  isolated<R>(f: () => R): R {
    const saved = this.scope;
    this.scope = new Scope(saved, true);
    try {
      return f();
    } finally {
      this.scope = saved;
    }
  }

  /** Runs `f` in a nested scope. */
  scoped<R>(f: () => R): R {
    this.push();
    try {
      return f();
    } finally {
      this.pop();
    }
  }
}

export interface FnCtx {
  prog: ProgramCtx;
  file: FileInfo;
  fb: FuncBuilder;
  mode: FnMode;
  /** The IR result type of the function being lowered. */
  result: IrType;
  /** The declared return type (without the implicit option of a nil-returning circuit). */
  declared: IrType;
  /** Name of the function (for messages and `lex`). */
  name: string;
  predicate?: PredicateEnv;
  /** `record` in a stream filter (§9.1). */
  record?: { local: number; type: IrType };
  /** Error isolation: the first error reported while lowering this function. */
  errorsBefore: number;
  firstError?: Diagnostic;
  /** Integer arithmetic traps on overflow in this function. */
  overflowChecks: boolean;
  /** Untyped literals that took their default type for lack of context (pending.ts). */
  literals?: Map<IrExpr, { value: LiteralValue; span: Span }>;
  /**
   * While set, an untyped literal without context defaults to this type instead of u64/i64/f64
   * (the literal arms of one `if`/`match` default together, arms.ts).
   */
  literalDefault?: IrType;
  /** Metadata gathered from the body (`observe` statements, body `@invariant`s). */
  bodyAttrs?: { metrics: string[]; invariants: { label?: string; loc: Span }[] };
}

/** The first error diagnostic reported since the function started lowering. */
export function firstErrorSince(cx: FnCtx): Diagnostic | undefined {
  if (cx.firstError) return cx.firstError;
  const items = cx.prog.diagnostics.items;
  for (let i = cx.errorsBefore; i < items.length; i++) if (items[i]!.severity === 'error') return items[i];
  return undefined;
}

const stepSymbols = new WeakMap<object, string>();

/**
 * The IR symbol of a state machine's `<name>__step` function (§8.9 item 2), fixed on first
 * request so that circuits calling the step function by name and the machine agree.
 */
export function machineStepSymbol(prog: ProgramCtx, machine: { name: string; decl: object }): string {
  let symbol = stepSymbols.get(machine.decl);
  if (symbol === undefined) {
    symbol = uniqueSymbol(prog, `${machine.name}__step`);
    stepSymbols.set(machine.decl, symbol);
  }
  return symbol;
}

export function uniqueSymbol(prog: ProgramCtx, wanted: string): string {
  let name = wanted;
  for (let i = 2; prog.symbols.has(name); i++) name = `${wanted}#${i}`;
  prog.symbols.add(name);
  return name;
}
