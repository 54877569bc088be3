/**
 * ModuleMeta: everything the runtime needs besides the wasm bytes, as plain JSON
 * (specs/abi.md §6). Spans are resolved to file:line:col at compile time so the runtime never
 * needs source files.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { IrConst, IrFuncKind, IrType, IrTypeDef, TrapKind } from '../ir/ir.ts';

export interface ResolvedLoc {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A place that can trap: `trap(site)` in wasm names one of these. */
export interface TrapSite {
  kind: TrapKind;
  message: string;
  loc?: ResolvedLoc;
  /** The IrFunc whose code holds the site (absent for runtime-library sites). */
  func?: string;
}

/** A call from wasm into JS: a host effect (recorded) or a pure builtin (not recorded). */
export interface CallSite {
  kind: 'host' | 'builtin';
  name: string;
  argTypes: IrType[];
  resultType: IrType;
  target?: string;
  /** Lex path of the calling function (`attrs.lex`), for kv and model lookups. */
  lexPath?: string;
  func: string;
  loc?: ResolvedLoc;
}

/** One `witness: true` local: witness binding records carry its id. */
export interface BindingInfo {
  id: number;
  func: string;
  name: string;
  type: IrType;
  loc?: ResolvedLoc;
}

export interface FuncMeta {
  name: string;
  sourceName: string;
  kind: IrFuncKind;
  exported: boolean;
  params: { name: string; type: IrType }[];
  result: IrType;
  /** False when the body is a not_compiled trap (front-end error or back-end refusal). */
  compiled: boolean;
  attrs: Record<string, unknown>;
  loc?: ResolvedLoc;
}

/** Type definitions without source spans (JSON-safe). */
export type MetaTypeDef = IrTypeDef;

export interface ModuleMeta {
  /** ABI / compiler version; the loader refuses other versions. */
  abiVersion: number;
  compilerVersion: string;
  optLevel: 0 | 1 | 2 | 3;
  witness: boolean;
  heapBase: number;
  types: MetaTypeDef[];
  funcs: FuncMeta[];
  sites: TrapSite[];
  callSites: CallSite[];
  bindings: BindingInfo[];
  /** Types of values held in `any` boxes created by compiled code, by box index. */
  anyTypes: IrType[];
  procs: {
    name: string;
    stateType: IrType;
    inputsType: IrType;
    outputsType: IrType;
    /** The initial state in the tagged JSON form of constToJson. */
    initialState: unknown;
    step: string;
    attrs: Record<string, unknown>;
  }[];
  streams: unknown[];
  stateMachines: unknown[];
  tests: unknown[];
  attrs: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

/**
 * Deep copy of plain data without spans/SourceFiles, bigints as decimal strings, bytes as hex.
 * Cycles and functions are dropped rather than failing: attrs come from front ends as
 * "plain data", but metadata must never crash a compilation.
 */
export function jsonSafe<T>(value: T): T {
  const replace = (key: string, v: unknown): unknown => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
    if (v && typeof v === 'object') {
      if ('text' in v && 'path' in v && typeof (v as { lineCol?: unknown }).lineCol === 'function') return undefined;
      if (key === 'loc' && 'file' in v && typeof (v as { file: unknown }).file === 'object') return undefined;
    }
    return v;
  };
  let text: string | undefined;
  try {
    text = JSON.stringify(value, replace);
  } catch {
    text = JSON.stringify(withoutCycles(value, []), replace);
  }
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

/** A copy in which a reference back to an ancestor is dropped (shared, acyclic parts stay). */
function withoutCycles(v: unknown, ancestors: object[]): unknown {
  if (!v || typeof v !== 'object' || v instanceof Uint8Array) return v;
  if (ancestors.includes(v)) return undefined;
  const next = [...ancestors, v];
  if (Array.isArray(v)) return v.map((x) => withoutCycles(x, next));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = withoutCycles(x, next);
  return out;
}

/** Untyped, reversible JSON form of an IrConst (bigints and bytes tagged). */
export function constToJson(v: IrConst): unknown {
  if (typeof v === 'bigint') return { n: v.toString() };
  if (v instanceof Uint8Array) return { x: Buffer.from(v).toString('hex') };
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(constToJson);
  if ('some' in v) return { some: constToJson(v.some) };
  return { any: jsonSafe(v.any), value: constToJson(v.value) };
}

export function constFromJson(j: unknown): IrConst {
  if (j === null || typeof j !== 'object') return j as IrConst;
  if (Array.isArray(j)) return j.map(constFromJson);
  const o = j as Record<string, unknown>;
  if ('n' in o) return BigInt(o['n'] as string);
  if ('x' in o) return new Uint8Array(Buffer.from(o['x'] as string, 'hex'));
  if ('some' in o) return { some: constFromJson(o['some']) };
  return { any: o['any'] as IrType, value: constFromJson(o['value']) };
}

/** Type definitions as JSON: enum discriminants become decimal strings; spans are dropped. */
export function typesToJson(types: IrTypeDef[]): MetaTypeDef[] {
  return types.map((t) => {
    if (t.kind === 'enum') return jsonSafe({ kind: t.kind, name: t.name, reprBits: t.reprBits, variants: t.variants });
    const def: Record<string, unknown> = { kind: t.kind, name: t.name, fields: jsonSafe(t.fields) };
    if (t.encode) {
      def['encode'] = {
        ...(t.encode.size !== undefined ? { size: t.encode.size } : {}),
        ...(t.encode.format !== undefined ? { format: t.encode.format } : {}),
        fields: t.encode.fields.map((f) => ({ field: f.field, index: f.index, endian: f.endian, ...(f.value !== undefined ? { value: constToJson(f.value) } : {}) })),
      };
    }
    return def as unknown as MetaTypeDef;
  });
}

/** Inverse of typesToJson. */
export function typesFromJson(types: MetaTypeDef[]): IrTypeDef[] {
  return types.map((t) => {
    if (t.kind === 'enum') return { ...t, variants: t.variants.map((v) => ({ name: v.name, value: BigInt(v.value as unknown as string | bigint) })) };
    if (!t.encode) return t;
    return { ...t, encode: { ...t.encode, fields: t.encode.fields.map((f) => (f.value !== undefined ? { ...f, value: constFromJson(f.value) } : f)) } };
  });
}
