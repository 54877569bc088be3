/**
 * A small builder for IR functions: locals, nested statement blocks and typed expression
 * constructors, so operator lowerings read as the semantics they implement.
 *
 * Locations (lower/locations.ts): a builder made with a span locates the whole function
 * there; `located(span, …)` narrows it for the statements emitted and the locals declared
 * inside. Each emitted statement gets the current span on every part of it that has none,
 * so what a body lowering located precisely (a token) keeps its own span.
 */
import type { Span } from '../../diagnostics/index.ts';
import type { IrBinaryOp, IrConst, IrExpr, IrFunc, IrFuncKind, IrLocal, IrStmt, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { fillLoc } from './locations.ts';

export interface LocalOptions {
  /** Record every assignment in the witness (a node output, a state write). */
  witness?: boolean;
  /** Where the local is declared (default: the current location). */
  loc?: Span;
}

export class FnBuilder {
  readonly locals: IrLocal[] = [];
  readonly params: number[] = [];
  private readonly blocks: IrStmt[][] = [[]];
  private at: Span | undefined;

  constructor(
    readonly name: string,
    readonly kind: IrFuncKind,
    readonly result: IrType,
    /** Where the function comes from: its own location and the default of its code. */
    readonly loc?: Span,
  ) {
    this.at = loc;
  }

  /** Runs `body` with `loc` as the location of what it emits and declares (unchanged when undefined). */
  located<R>(loc: Span | undefined, body: () => R): R {
    if (loc === undefined) return body();
    const outer = this.at;
    this.at = loc;
    try {
      return body();
    } finally {
      this.at = outer;
    }
  }

  /** The current location. */
  get location(): Span | undefined {
    return this.at;
  }

  param(name: string, type: IrType): number {
    const id = this.local(name, type);
    this.params.push(id);
    return id;
  }

  local(name: string, type: IrType, options: LocalOptions = {}): number {
    const id = this.locals.length;
    const local: IrLocal = { id, name, type, witness: options.witness === true };
    const loc = options.loc ?? this.at;
    if (loc) local.loc = loc;
    this.locals.push(local);
    return id;
  }

  /** A fresh local initialised to `value`. */
  let(name: string, value: IrExpr, options?: LocalOptions): number {
    const id = this.local(name, value.type, options);
    this.emit({ s: 'set', local: id, value });
    return id;
  }

  get(id: number): IrExpr {
    return { e: 'local', id, type: this.locals[id]!.type };
  }

  type(id: number): IrType {
    return this.locals[id]!.type;
  }

  emit(s: IrStmt): void {
    if (this.at) fillLoc(s, this.at);
    this.blocks[this.blocks.length - 1]!.push(s);
  }

  set(id: number, value: IrExpr): void {
    this.emit({ s: 'set', local: id, value });
  }

  setField(id: number, path: number[], value: IrExpr): void {
    this.emit({ s: 'setPlace', local: id, path: path.map((index) => ({ k: 'field', index })), value });
  }

  setPath(id: number, path: ({ k: 'field'; index: number } | { k: 'index'; index: IrExpr })[], value: IrExpr): void {
    this.emit({ s: 'setPlace', local: id, path, value });
  }

  block(body: () => void): IrStmt[] {
    this.blocks.push([]);
    body();
    return this.blocks.pop()!;
  }

  if(cond: IrExpr, then: () => void, otherwise?: () => void): void {
    const t = this.block(then);
    const e = otherwise ? this.block(otherwise) : [];
    if (t.length === 0 && e.length === 0) return;
    this.emit({ s: 'if', cond, then: t, else: e });
  }

  /** `for i in 0..n` with a constant bound (each iteration costs one unit of fuel). */
  forRange(name: string, n: number, body: (i: IrExpr) => void): void {
    const i = this.let(name, c(0n, T.u32));
    const inner = this.block(() => {
      this.if(bin('ge', this.get(i), c(BigInt(n), T.u32)), () => this.emit({ s: 'break' }));
      body(this.get(i));
      this.set(i, bin('add', this.get(i), c(1n, T.u32)));
    });
    this.emit({ s: 'loop', body: inner });
  }

  build(options: { exported?: boolean; sourceName?: string; attrs?: Record<string, unknown>; overflowChecks?: boolean } = {}): IrFunc {
    const body = this.blocks[0]!;
    if (this.result.k === 'void' && body[body.length - 1]?.s !== 'return') body.push({ s: 'return' });
    const func: IrFunc = {
      name: this.name,
      sourceName: options.sourceName ?? this.name,
      kind: this.kind,
      params: this.params,
      result: this.result,
      locals: this.locals,
      body,
      exported: options.exported ?? false,
      overflowChecks: options.overflowChecks ?? false,
      attrs: options.attrs ?? {},
    };
    if (this.loc) func.loc = this.loc;
    return func;
  }

  /** Ends the function with `return value`. */
  returns(value: IrExpr): void {
    this.emit({ s: 'return', value });
  }
}

// ── expression constructors ──────────────────────────────────────────────────────────────

export function c(value: IrConst, type: IrType): IrExpr {
  return { e: 'const', value, type };
}

export const TRUE: IrExpr = c(true, T.bool);
export const FALSE: IrExpr = c(false, T.bool);

const CMP = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

export function bin(op: IrBinaryOp, left: IrExpr, right: IrExpr, checked?: boolean): IrExpr {
  const e: IrExpr = { e: 'binary', op, left, right, type: CMP.has(op) ? T.bool : left.type };
  if (checked !== undefined) (e as { checked?: boolean }).checked = checked;
  return e;
}

export function and(a: IrExpr, b: IrExpr): IrExpr {
  return { e: 'logic', op: 'and', left: a, right: b, type: T.bool };
}

export function or(a: IrExpr, b: IrExpr): IrExpr {
  return { e: 'logic', op: 'or', left: a, right: b, type: T.bool };
}

export function not(a: IrExpr): IrExpr {
  return { e: 'unary', op: 'not', operand: a, type: T.bool };
}

export function field(object: IrExpr, index: number, type: IrType): IrExpr {
  return { e: 'field', object, index, type };
}

export function index(object: IrExpr, i: IrExpr, type: IrType): IrExpr {
  return { e: 'index', object, index: i, type };
}

export function some(value: IrExpr): IrExpr {
  return { e: 'some', value, type: T.option(value.type) };
}

export function none(inner: IrType): IrExpr {
  return { e: 'none', type: T.option(inner) };
}

export function isSome(value: IrExpr): IrExpr {
  return { e: 'isSome', value, type: T.bool };
}

export function unwrap(value: IrExpr): IrExpr {
  const t = value.type;
  return { e: 'unwrap', value, type: t.k === 'option' ? t.inner : t };
}

export function cond(c0: IrExpr, then: IrExpr, otherwise: IrExpr): IrExpr {
  return { e: 'if', cond: c0, then, else: otherwise, type: then.type };
}

export function struct(type: IrType, fields: IrExpr[]): IrExpr {
  return { e: 'struct', fields, type };
}

export function convert(kind: import('../../ir/ir.ts').IrConvertKind, value: IrExpr, type: IrType): IrExpr {
  return { e: 'convert', kind, value, type };
}

export function call(func: string, args: IrExpr[], type: IrType): IrExpr {
  return { e: 'call', func, args, type };
}

export function builtin(name: string, args: IrExpr[], type: IrType): IrExpr {
  return { e: 'builtin', name, args, type };
}

/** Integer of the given type, from a number or bigint. */
export function int(v: number | bigint, type: IrType): IrExpr {
  return c(BigInt(v), type);
}
