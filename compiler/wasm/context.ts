/**
 * State shared by every part of one module compilation: the binaryen module, the static data
 * segment, trap sites, host/builtin call sites, the witness binding table and the registry of
 * generated helper functions.
 */
import type binaryenNs from 'binaryen';
import type { IrConst, IrModule, IrType, IrTypeDef, TrapKind } from '../ir/ir.ts';
import type { Span } from '../diagnostics/source.ts';
import { isBoxed, slotKind, typeKey, type SlotKind } from './layout.ts';
import { writeValue, type AnyTypeTable, type Arena, type SlotValue } from './value-memory.ts';
import type { ResolvedLoc, TrapSite, CallSite, BindingInfo } from './meta.ts';

export type Binaryen = typeof binaryenNs;
export type Module = binaryenNs.Module;
export type Ref = binaryenNs.ExpressionRef;
export type WasmType = binaryenNs.Type;

/** Fixed addresses below the static data (specs/abi.md §1). */
export const MEM = {
  /** Keccak state (200 B) and one padded block (200 B). */
  keccakState: 64,
  keccakBlock: 264,
  /** Round constants, 24 × i64. */
  keccakRc: 464,
  /** Shadow call stack of function indices, 4 B per frame. */
  callStack: 1024,
  maxDepth: 2000,
  /** First byte of the static data segment. */
  staticBase: 1024 + 4 * 2000,
} as const;

/** Compile-time refusal of an IR construct: the function gets a not_compiled body. */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly loc?: Span,
  ) {
    super(message);
  }
}

export function resolveLoc(span: Span | undefined): ResolvedLoc | undefined {
  if (!span || !span.file || typeof span.file.lineCol !== 'function') return undefined;
  const s = span.file.lineCol(span.start);
  const e = span.file.lineCol(Math.max(span.end, span.start));
  return { file: span.file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** The static data segment, laid out at compile time; constants are interned. */
export class StaticData implements Arena {
  /** Indexed by absolute address; bytes below `base` are unused. */
  private buf: Uint8Array;
  private dv: DataView;
  private top: number;
  private interned = new Map<string, SlotValue>();

  constructor(readonly base: number) {
    this.buf = new Uint8Array(base + 4096);
    this.dv = new DataView(this.buf.buffer);
    this.top = base;
  }

  get bytes(): Uint8Array {
    return this.buf;
  }
  get view(): DataView {
    return this.dv;
  }

  alloc(size: number): number {
    const start = Math.ceil(this.top / 8) * 8;
    const end = start + Math.max(size, 0);
    if (end > this.buf.length) {
      let cap = this.buf.length;
      while (cap < end) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf);
      this.buf = next;
      this.dv = new DataView(next.buffer);
    }
    this.top = end;
    return start;
  }

  /** Final contents, from `base` to the end of the last allocation. */
  contents(): Uint8Array {
    return this.buf.slice(this.base, this.top);
  }

  get end(): number {
    return Math.ceil(this.top / 8) * 8;
  }

  /** Lay a constant out once; equal constants of one type share an address. */
  constant(t: IrType, v: IrConst, types: IrTypeDef[], anyTable: AnyTypeTable): SlotValue {
    const key = `${typeKey(t)}=${constKey(v)}`;
    const hit = this.interned.get(key);
    if (hit !== undefined) return hit;
    const slot = writeValue(this, t, v, types, anyTable);
    this.interned.set(key, slot);
    return slot;
  }
}

/** A stable textual key of a constant, for interning. */
export function constKey(v: IrConst): string {
  if (v === null) return 'N';
  if (typeof v === 'bigint') return `n${v}`;
  if (typeof v === 'number') return `f${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(constKey).join(',')}]`;
  if ('some' in v) return `S(${constKey(v.some)})`;
  return `A(${typeKey(v.any)}:${constKey(v.value)})`;
}

/** Compile-time table of types stored in `any` boxes (extended at run time by the loader). */
export class AnyTypes implements AnyTypeTable {
  private readonly index = new Map<string, number>();
  /** `list` may start with the types a compiled module recorded (the loader's case). */
  constructor(readonly list: IrType[] = []) {
    list.forEach((t, i) => this.index.set(typeKey(t), i));
  }
  indexOf(t: IrType): number {
    const k = typeKey(t);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(t);
      this.index.set(k, i);
    }
    return i;
  }
  typeAt(i: number): IrType {
    const t = this.list[i];
    if (!t) throw new Error(`unknown any type #${i}`);
    return t;
  }
}

export class WasmContext {
  readonly types: IrTypeDef[];
  readonly sites: TrapSite[] = [];
  readonly callSites: CallSite[] = [];
  readonly bindings: BindingInfo[] = [];
  readonly statics: StaticData;
  readonly anyTypes = new AnyTypes();
  private helpers = new Set<string>();
  private siteKeys = new Map<string, number>();
  /** IrFunc name → index in the shadow-stack name table. */
  readonly funcIndex = new Map<string, number>();

  constructor(
    readonly B: Binaryen,
    readonly m: Module,
    readonly ir: IrModule,
    readonly options: { witness: boolean },
  ) {
    this.types = ir.types;
    this.statics = new StaticData(MEM.staticBase);
    ir.funcs.forEach((f, i) => {
      if (!this.funcIndex.has(f.name)) this.funcIndex.set(f.name, i);
    });
  }

  wasmType(kind: SlotKind): WasmType {
    const B = this.B;
    return kind === 'i32' ? B.i32 : kind === 'i64' ? B.i64 : kind === 'f32' ? B.f32 : kind === 'f64' ? B.f64 : B.none;
  }

  typeOf(t: IrType): WasmType {
    return this.wasmType(slotKind(t, this.types));
  }

  slot(t: IrType): SlotKind {
    return slotKind(t, this.types);
  }

  boxed(t: IrType): boolean {
    return isBoxed(t);
  }

  /** Register a trap site; identical (kind, message, location) share an id. */
  site(kind: TrapKind, message: string, loc: Span | ResolvedLoc | undefined, func?: string): number {
    const resolved = loc && 'file' in loc && typeof loc.file === 'string' ? (loc as ResolvedLoc) : resolveLoc(loc as Span | undefined);
    const key = `${kind}|${message}|${func ?? ''}|${resolved ? `${resolved.file}:${resolved.line}:${resolved.column}` : ''}`;
    const hit = this.siteKeys.get(key);
    if (hit !== undefined) return hit;
    const id = this.sites.length;
    const site: TrapSite = { kind, message };
    if (resolved) site.loc = resolved;
    if (func !== undefined) site.func = func;
    this.sites.push(site);
    this.siteKeys.set(key, id);
    return id;
  }

  /** Emit `trap(site); unreachable`. */
  trap(kind: TrapKind, message: string, loc: Span | ResolvedLoc | undefined, func?: string): Ref {
    const m = this.m;
    return m.block(null, [m.call('rt.trap', [m.i32.const(this.site(kind, message, loc, func))], this.B.none), m.unreachable()]);
  }

  /** Add a helper function once, built lazily by `build`. */
  helper(name: string, build: () => void): string {
    // Registered only after a successful build, so a refused construct never leaves a
    // dangling reference to a helper that was not added.
    if (!this.helpers.has(name)) {
      build();
      this.helpers.add(name);
    }
    return name;
  }

  i64(v: bigint): Ref {
    return this.m.i64.const(BigInt.asIntN(64, v));
  }

  /** A constant of any type as an expression (boxed values point into static data). */
  constant(t: IrType, v: IrConst): Ref {
    const m = this.m;
    const slot = this.statics.constant(t, v, this.types, this.anyTypes);
    switch (this.slot(t)) {
      case 'i32':
        return m.i32.const(Number(slot) | 0);
      case 'i64':
        return this.i64(BigInt(slot));
      case 'f32':
        return m.f32.const(Number(slot));
      case 'f64':
        return m.f64.const(Number(slot));
      case 'none':
        return m.nop();
    }
  }
}
