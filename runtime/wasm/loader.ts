/**
 * Loads a compiled module and calls its functions with IR values or public JS values
 * (issue 3 item 5). One instance per LoadedModule; every top-level call resets the heap,
 * fuel and witness buffer (specs/abi.md §3).
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { CompiledModule } from '../../compiler/wasm/index.ts';
import { ABI_VERSION } from '../../compiler/wasm/index.ts';
import { AnyTypes, MEM } from '../../compiler/wasm/context.ts';
import { constFromJson, typesFromJson, type FuncMeta, type ModuleMeta } from '../../compiler/wasm/meta.ts';
import { readValue, writeValue, type AnyTypeTable, type Arena } from '../../compiler/wasm/value-memory.ts';
import { RuntimeTrap, type RuntimeLocation } from '../errors.ts';
import { createHost, type Host } from '../host/index.ts';
import { encodeCanonical, fromJs, toJs } from '../values/index.ts';
import { buildImports, type CallState } from './imports.ts';
import { BufferedRecording, copyOutRecords, type WitnessRecording } from './recording.ts';
import type { EffectReplay } from './replay-source.ts';

export const DEFAULT_FUEL = 10_000_000n;

// The project compiles without DOM typings; this is the slice of the WebAssembly API used.
const wasmApi = (globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }> };
}).WebAssembly;

export interface CallOptions {
  /** Record a witness for this call (default false). */
  witness?: boolean;
  /** Host for this call (default: the module's host). */
  host?: Host;
  /** Fuel budget: loop iterations plus calls (default 10 000 000). */
  fuel?: number | bigint;
  /** Replay mode: effects return these recorded results instead of calling the host. */
  replay?: EffectReplay;
}

export interface CallResult {
  /** The result as a public JS value. */
  value: unknown;
  witness?: WitnessRecording;
}

export interface IrCallResult {
  value: IrConst;
  witness?: WitnessRecording;
}

export interface LoadedModule {
  readonly meta: ModuleMeta;
  readonly types: IrTypeDef[];
  /** The module's default host (fresh per load unless one was given). */
  readonly host: Host;
  call(circuit: string, args: unknown[] | Record<string, unknown>, options?: CallOptions): CallResult;
  callIr(func: string, args: IrConst[], options?: CallOptions): IrCallResult;
  step(proc: string, state: IrConst, inputs: IrConst, now: bigint, options?: CallOptions): { state: IrConst; outputs: IrConst; witness?: WitnessRecording };
  /** Initial state of a Proc. */
  initialState(proc: string): IrConst;
  /** Function metadata by symbol or source name (exported circuits first). */
  findFunction(name: string): FuncMeta | undefined;
}

interface Exports {
  memory: { buffer: ArrayBuffer };
  'rt.alloc': (n: number) => number;
  'rt.begin': (fuel: bigint, witOn: number) => void;
  'rt.witFinish': () => number;
  'rt.witReserve': (n: number) => number;
  'rt.depth': () => number;
  [fn: string]: unknown;
}

/** Linear memory seen from JS; views follow memory growth. */
export class WasmArena implements Arena {
  private buf: ArrayBuffer | undefined;
  private u8 = new Uint8Array(0);
  private dv = new DataView(new ArrayBuffer(0));
  constructor(private readonly exports: Exports) {}
  private refresh(): void {
    const b = this.exports.memory.buffer;
    if (b !== this.buf) {
      this.buf = b;
      this.u8 = new Uint8Array(b);
      this.dv = new DataView(b);
    }
  }
  get bytes(): Uint8Array {
    this.refresh();
    return this.u8;
  }
  get view(): DataView {
    this.refresh();
    return this.dv;
  }
  alloc(size: number): number {
    return this.exports['rt.alloc'](size);
  }
}

/** `any` type table (static part from the module) plus per-call handles for host values. */
class RuntimeAnyTable extends AnyTypes {
  handles: IrConst[] = [];
  handle(v: IrConst): number {
    this.handles.push(v);
    return this.handles.length - 1;
  }
  fromHandle(h: number): IrConst {
    return this.handles[h] ?? null;
  }
}

export async function loadModule(compiled: CompiledModule, options: { host?: Host } = {}): Promise<LoadedModule> {
  const meta = compiled.meta;
  if (meta.abiVersion !== ABI_VERSION) throw new Error(`module ABI version ${meta.abiVersion} is not supported (expected ${ABI_VERSION}); recompile it`);
  const types = typesFromJson(meta.types);
  const anyTable = new RuntimeAnyTable(meta.anyTypes.slice());
  const defaultHost = options.host ?? createHost({ streams: meta.streams as never });
  // A host handed in from outside must still learn the module's streams and stores
  // (throttle, retention, merkle chains); declaring the same list twice is a no-op.
  if (options.host) options.host.declareStreams(meta.streams as never);
  const state: CallState = { host: defaultHost, witnessOn: false, replay: undefined };
  let exportsRef: Exports | undefined;
  const getExports = () => exportsRef!;
  const arena = { current: undefined as WasmArena | undefined };
  const callStack = (): string[] => {
    const ex = getExports();
    const depth = ex['rt.depth']();
    const view = arena.current!.view;
    const names: string[] = [];
    for (let i = 0; i < Math.min(depth, MEM.maxDepth); i++) {
      const f = meta.funcs[view.getInt32(MEM.callStack + 4 * i, true)];
      if (f) names.push(f.sourceName);
    }
    return names;
  };
  const imports = buildImports({ meta, types, anyTable, state, arena: () => arena.current!, exports: getExports, callStack });
  const { instance } = await wasmApi.instantiate(compiled.wasm, { env: imports });
  exportsRef = instance.exports as unknown as Exports;
  arena.current = new WasmArena(exportsRef);

  const byName = new Map<string, FuncMeta>();
  for (const f of meta.funcs) if (!byName.has(f.name)) byName.set(f.name, f);
  const findFunction = (name: string): FuncMeta | undefined =>
    byName.get(name) ?? meta.funcs.find((f) => f.exported && f.sourceName === name) ?? meta.funcs.find((f) => f.sourceName === name);

  // The hot path avoids per-call closures: tsx (esbuild keepNames) wraps each one in a
  // defineProperty call, which costs more than the wasm call itself.
  const callIr = (func: string, args: IrConst[], opts: CallOptions = NO_OPTIONS): IrCallResult => {
    const fm = byName.get(func) ?? findFunction(func);
    if (!fm) throw new Error(`no function named ${func} in the module`);
    if (args.length !== fm.params.length) throw new Error(`${fm.sourceName} takes ${fm.params.length} arguments, got ${args.length}`);
    const ex = getExports();
    const a = arena.current!;
    const witnessOn = opts.witness === true;
    if (opts.host !== undefined && opts.host !== defaultHost) opts.host.declareStreams(meta.streams as never);
    state.host = opts.host ?? defaultHost;
    state.witnessOn = witnessOn;
    state.replay = opts.replay;
    if (anyTable.handles.length > 0) anyTable.handles = [];
    ex['rt.begin'](opts.fuel === undefined ? DEFAULT_FUEL : BigInt(opts.fuel), witnessOn ? 1 : 0);
    const io = witnessOn ? ioRecorders.get(fm.name) : undefined;
    let inputs: Uint8Array[] | undefined;
    if (witnessOn && !io) {
      inputs = new Array<Uint8Array>(args.length);
      for (let i = 0; i < args.length; i++) inputs[i] = encodeCanonical(args[i]!, fm.params[i]!.type, types);
    }
    let result: unknown;
    try {
      const slots = new Array<number | bigint>(args.length);
      for (let i = 0; i < args.length; i++) slots[i] = writeValue(a, fm.params[i]!.type, args[i]!, types, anyTable);
      const fn = exported.get(fm.name)!;
      if (io) io.in(...slots);
      result = fn(...slots);
      if (io) io.out(result);
    } catch (e) {
      const trap = toTrap(e, fm, callStack);
      if (witnessOn) (trap as RuntimeTrap & { witness?: WitnessRecording }).witness = finishRecording(ex, a, meta, types, fm, inputs, undefined, trap);
      throw trap;
    }
    const value = fm.result.k === 'void' ? null : readValue(a, fm.result, result as number | bigint, types, anyTable);
    if (!witnessOn) return { value };
    return { value, witness: finishRecording(ex, a, meta, types, fm, inputs, value, undefined) };
  };
  const exported = new Map<string, (...xs: unknown[]) => unknown>();
  const ioRecorders = new Map<string, { in: (...xs: unknown[]) => void; out: (x: unknown) => void }>();
  for (const f of meta.funcs) {
    exported.set(f.name, exportsRef[`f:${f.name}`] as (...xs: unknown[]) => unknown);
    const i = exportsRef[`in:${f.name}`];
    const o = exportsRef[`out:${f.name}`];
    if (typeof i === 'function' && typeof o === 'function') ioRecorders.set(f.name, { in: i as (...xs: unknown[]) => void, out: o as (x: unknown) => void });
  }

  const loaded: LoadedModule = {
    meta,
    types,
    host: defaultHost,
    findFunction,
    callIr,
    call(circuit, args, opts = {}) {
      const fm = findFunction(circuit);
      if (!fm) throw new Error(`no circuit named ${circuit} in the module`);
      const list = Array.isArray(args) ? args : fm.params.map((p) => (args as Record<string, unknown>)[p.name]);
      if (!Array.isArray(args)) {
        for (const k of Object.keys(args)) {
          if (!fm.params.some((p) => p.name === k)) throw new Error(`${fm.sourceName} has no parameter named ${k}`);
        }
      }
      if (list.length !== fm.params.length) throw new Error(`${fm.sourceName} takes ${fm.params.length} arguments, got ${list.length}`);
      const irArgs = fm.params.map((p, i) => fromJs(list[i], p.type, types, `input.${p.name}`));
      const r = callIr(fm.name, irArgs, opts);
      const out: CallResult = { value: toJs(r.value, fm.result, types) };
      if (r.witness) out.witness = r.witness;
      return out;
    },
    step(proc, st, inputs, now, opts = {}) {
      const p = meta.procs.find((x) => x.name === proc);
      if (!p) throw new Error(`no proc named ${proc} in the module`);
      const r = callIr(p.step, [st, inputs, now], opts);
      const pair = r.value as IrConst[];
      const out: { state: IrConst; outputs: IrConst; witness?: WitnessRecording } = { state: pair[0]!, outputs: pair[1]! };
      if (r.witness) out.witness = r.witness;
      return out;
    },
    initialState(proc) {
      const p = meta.procs.find((x) => x.name === proc);
      if (!p) throw new Error(`no proc named ${proc} in the module`);
      return constFromJson(p.initialState);
    },
  };
  return loaded;
}

const NO_OPTIONS: CallOptions = {};

/** Copy the witness buffer out of linear memory once and assemble the recording. */
function finishRecording(
  ex: Exports,
  a: WasmArena,
  meta: ModuleMeta,
  types: IrTypeDef[],
  fm: FuncMeta,
  inputs: Uint8Array[] | undefined,
  output: IrConst | undefined,
  trap: RuntimeTrap | undefined,
): WitnessRecording {
  const rec = new BufferedRecording(fm.name, copyOutRecords(a.bytes, ex['rt.witFinish']()), meta.callSites, meta.witness);
  if (inputs) rec.inputs = inputs;
  if (trap) {
    rec.trap = { kind: trap.kind, message: trap.message };
    if (trap.location) rec.trap.location = trap.location;
  } else if (inputs && output !== undefined) rec.output = encodeCanonical(output, fm.result, types);
  return rec;
}

/** Any failure inside a call becomes a located RuntimeTrap; never a raw engine error. */
function toTrap(e: unknown, fm: FuncMeta, callStack: () => string[]): RuntimeTrap {
  if (e instanceof RuntimeTrap) return e;
  const where: RuntimeLocation | undefined = fm.loc ? { ...fm.loc } : undefined;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new RuntimeTrap('fuel', 'call stack exhausted (recursion too deep)', where, safe(callStack));
  const message = e instanceof Error ? e.message : String(e);
  return new RuntimeTrap('host', `internal runtime error in ${fm.sourceName}: ${message}`, where, safe(callStack));
}

function safe(f: () => string[]): string[] {
  try {
    return f();
  } catch {
    return [];
  }
}
