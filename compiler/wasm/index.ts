/**
 * IR → WebAssembly (binaryen). Public entry of the back end: compileModule, emitText.
 * binaryen is imported lazily: it costs about a second to load (issue 3).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { IrFunc, IrModule } from '../ir/ir.ts';
import { BackendError, MEM, WasmContext, resolveLoc, type Binaryen } from './context.ts';
import { FuncCompiler, RECORD_TAG, recordHelper } from './func-compiler.ts';
import { defineKeccak, roundConstantBytes } from './keccak.ts';
import { declareGlobals, declareImports, defineRuntimeFunctions } from './runtime-lib.ts';
import { constToJson, jsonSafe, typesToJson, type FuncMeta, type ModuleMeta } from './meta.ts';
import { LayoutError } from './layout.ts';

export type { ModuleMeta, FuncMeta, TrapSite, CallSite, BindingInfo, ResolvedLoc } from './meta.ts';

/** Bumped whenever generated code or the ABI changes; part of every cache key. */
export const COMPILER_VERSION = 'estream-wasm-1.0.0';
export const ABI_VERSION = 1;
/** Maximum linear memory: 1 GiB (16384 pages). */
export const MAX_PAGES = 16384;

export interface CompileOptions {
  optLevel: 0 | 1 | 2 | 3;
  /** Emit witness recording code (default true); recording is then switched per call. */
  witness?: boolean;
}

export interface CompiledModule {
  wasm: Uint8Array;
  meta: ModuleMeta;
}

let binaryenModule: Promise<Binaryen> | undefined;

/**
 * binaryen, imported once and lazily. Under tsx (how `estream` runs) every ESM file is passed
 * through tsx's loader, which rewrites binaryen's 15 MB bundle: ~30 s instead of ~1 s. A
 * file URL carrying a foreign tsx namespace is handed straight to Node's own loader; where
 * that is not possible (other loaders, bundlers) the plain specifier is used.
 */
export function loadBinaryen(): Promise<Binaryen> {
  binaryenModule ??= (async () => {
    let href: string | undefined;
    try {
      href = import.meta.resolve?.('binaryen');
    } catch {
      href = undefined;
    }
    if (href?.startsWith('file:')) {
      try {
        return ((await import(`${href}?tsx-namespace=estream-native`)) as { default: Binaryen }).default;
      } catch {
        // fall through to the plain specifier
      }
    }
    return (await import('binaryen')).default;
  })();
  return binaryenModule;
}

/**
 * Run `fn` with binaryen's output (validation reports) captured instead of printed: binaryen
 * bound console.log at load time, so the process streams themselves are intercepted. Only
 * the CLI prints (and `--json` output must stay clean).
 */
function quietly<T>(fn: () => T): { value: T; output: string } {
  const out = process.stdout.write;
  const err = process.stderr.write;
  let output = '';
  const capture = ((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { value: fn(), output };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** binaryen's validate(), where an internal abort also counts as "invalid". */
function validates(m: InstanceType<Binaryen['Module']>): { ok: boolean; output: string } {
  try {
    const { value, output } = quietly(() => m.validate());
    return { ok: value !== 0, output };
  } catch (e) {
    return { ok: false, output: `binaryen failed while validating: ${(e as Error)?.message ?? String(e)}` };
  }
}

function notCompiledDiagnostic(f: IrFunc, message: string, err: BackendError | undefined): Diagnostic {
  const loc = resolveLoc(err?.loc ?? f.loc);
  return {
    severity: 'error',
    code: 'E0601',
    message: `${f.sourceName}: cannot compile to WebAssembly: ${message}`,
    file: loc?.file ?? '<ir>',
    line: loc?.line ?? 1,
    column: loc?.column ?? 1,
    endLine: loc?.endLine ?? 1,
    endColumn: loc?.endColumn ?? 1,
  };
}

interface Built {
  B: Binaryen;
  module: InstanceType<Binaryen['Module']>;
  cx: WasmContext;
  diagnostics: Diagnostic[];
  compiled: Map<string, boolean>;
}

/** Build (not yet optimise) the module; functions in `refused` get not_compiled bodies. */
function build(B: Binaryen, ir: IrModule, options: CompileOptions, refused: Map<string, string>): Built {
  const m = new B.Module();
  m.setFeatures(B.Features.MutableGlobals | B.Features.NontrappingFPToInt | B.Features.BulkMemory | B.Features.BulkMemoryOpt | B.Features.SignExt);
  // Memory instructions bind to the memory that exists when they are created, so declare it
  // first; the final call below replaces it with the real size and data segments.
  m.setMemory(1, MAX_PAGES, null, []);
  const cx = new WasmContext(B, m, ir, { witness: options.witness ?? true });
  declareImports(cx);
  declareGlobals(cx);
  defineKeccak(cx);
  const diagnostics: Diagnostic[] = [];
  const compiled = new Map<string, boolean>();
  const stub = (f: IrFunc, kindMessage: string, loc = f.loc) => {
    const params = f.params.map((id) => {
      const l = f.locals[id];
      const k = l ? cx.slot(l.type) : 'i32';
      return cx.wasmType(k === 'none' ? 'i32' : k);
    });
    const resultType = cx.wasmType(cx.slot(f.result));
    m.addFunction(`f:${f.name}`, B.createType(params), resultType, [], cx.trap('not_compiled', kindMessage, loc, f.name));
  };
  const seen = new Set<string>();
  for (const f of ir.funcs) {
    // Symbols must be unique (ir.ts); a duplicate would abort binaryen, so it is refused.
    if (seen.has(f.name)) {
      diagnostics.push(notCompiledDiagnostic(f, `duplicate function symbol '${f.name}' (the first definition is used)`, undefined));
      continue;
    }
    seen.add(f.name);
    if (f.notCompiled) {
      const d = f.notCompiled;
      stub(f, `${f.sourceName} was not compiled: ${d.message}`, { file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn } as never);
      compiled.set(f.name, false);
      continue;
    }
    const refusal = refused.get(f.name);
    if (refusal !== undefined) {
      stub(f, `${f.sourceName} was not compiled: ${refusal}`);
      compiled.set(f.name, false);
      continue;
    }
    try {
      new FuncCompiler(cx, f).compile();
      compiled.set(f.name, true);
    } catch (err) {
      const be = err instanceof BackendError ? err : undefined;
      const message = err instanceof BackendError || err instanceof LayoutError ? err.message : `internal back-end error: ${(err as Error)?.message ?? String(err)}`;
      diagnostics.push(notCompiledDiagnostic(f, message, be));
      if (m.getFunction(`f:${f.name}`)) m.removeFunction(`f:${f.name}`);
      stub(f, `${f.sourceName} was not compiled: ${message}`, be?.loc ?? f.loc);
      compiled.set(f.name, false);
    }
  }
  const unique = ir.funcs.filter((f, i) => ir.funcs.findIndex((g) => g.name === f.name) === i);
  for (const f of unique) m.addFunctionExport(`f:${f.name}`, `f:${f.name}`);
  if (cx.options.witness) {
    for (const f of unique) {
      if (compiled.get(f.name)) addIoRecordersSafely(cx, f);
    }
  }
  const heapBase = Math.ceil(cx.statics.end / 16) * 16 + 16;
  defineRuntimeFunctions(cx, heapBase);
  const pages = Math.ceil((heapBase + 65536) / 65536);
  m.setMemory(pages, MAX_PAGES, 'memory', [
    { offset: m.i32.const(MEM.keccakRc), data: roundConstantBytes(), passive: false },
    { offset: m.i32.const(MEM.staticBase), data: cx.statics.contents(), passive: false },
  ]);
  return { B, module: m as Built['module'], cx, diagnostics, compiled };
}

function addIoRecordersSafely(cx: WasmContext, f: IrFunc): void {
  try {
    addIoRecorders(cx, f);
  } catch {
    // Types the back end cannot encode: the loader then encodes inputs and output in JS.
    for (const name of [`in:${f.name}`, `out:${f.name}`]) {
      if (cx.m.getFunction(name)) {
        cx.m.removeExport(name);
        cx.m.removeFunction(name);
      }
    }
  }
}

/**
 * `in:<f>(params…)` and `out:<f>(result)` append the call's inputs and output to the witness
 * buffer, so the loader never encodes them in JS (specs/witness.md §2).
 */
function addIoRecorders(cx: WasmContext, f: IrFunc): void {
  const { B, m } = cx;
  const params = f.params.map((id) => f.locals[id]?.type ?? ({ k: 'void' } as const));
  const wasmParams = params.map((t) => (cx.slot(t) === 'none' ? B.i32 : cx.typeOf(t)));
  const inputs = params.map((t, i) =>
    t.k === 'void' ? m.nop() : m.call(recordHelper(cx, t), [m.i32.const(RECORD_TAG.input), m.i32.const(i), m.local.get(i, wasmParams[i]!)], B.none),
  );
  m.addFunction(`in:${f.name}`, B.createType(wasmParams), B.none, [], m.block(null, inputs));
  m.addFunctionExport(`in:${f.name}`, `in:${f.name}`);
  const rt = cx.slot(f.result) === 'none' ? B.i32 : cx.typeOf(f.result);
  const out = f.result.k === 'void' ? m.nop() : m.call(recordHelper(cx, f.result), [m.i32.const(RECORD_TAG.output), m.i32.const(0), m.local.get(0, rt)], B.none);
  m.addFunction(`out:${f.name}`, B.createType([rt]), B.none, [], out);
  m.addFunctionExport(`out:${f.name}`, `out:${f.name}`);
}

/** Compile an IR module to validated wasm plus its JSON metadata. Deterministic. */
export async function compileModule(ir: IrModule, options: CompileOptions): Promise<CompiledModule> {
  const B = await loadBinaryen();
  const refused = new Map<string, string>();
  let built = build(B, ir, options, refused);
  if (!validates(built.module).ok) {
    // A back-end bug must not sink the whole program: find the functions whose code does not
    // validate on its own, refuse just those (with a diagnostic) and rebuild.
    built.module.dispose();
    for (const f of ir.funcs) {
      if (f.notCompiled) continue;
      const others = new Map(ir.funcs.filter((g) => g !== f).map((g) => [g.name, 'isolated'] as [string, string]));
      const solo = build(B, ir, options, others);
      const { ok, output } = validates(solo.module);
      solo.module.dispose();
      if (!ok) refused.set(f.name, `internal back-end error: generated code failed validation (${output.split('\n').find((l) => l.trim()) ?? 'invalid'})`);
    }
    built = build(B, ir, options, refused);
    if (!validates(built.module).ok) {
      built.module.dispose();
      throw new Error('internal back-end error: the runtime library failed validation');
    }
    for (const [name, message] of refused) {
      const f = ir.funcs.find((g) => g.name === name)!;
      built.diagnostics.push(notCompiledDiagnostic(f, message, undefined));
    }
  }
  const { module: m, cx } = built;
  if (options.optLevel > 0) {
    B.setOptimizeLevel(options.optLevel);
    B.setShrinkLevel(0);
    B.setDebugInfo(false);
    m.optimize();
  }
  const wasm = m.emitBinary();
  m.dispose();
  const funcs: FuncMeta[] = ir.funcs.map((f) => {
    const fm: FuncMeta = {
      name: f.name,
      sourceName: f.sourceName,
      kind: f.kind,
      exported: f.exported,
      params: f.params.map((id) => ({ name: f.locals[id]?.name ?? `p${id}`, type: f.locals[id]?.type ?? { k: 'void' } })),
      result: f.result,
      compiled: built.compiled.get(f.name) ?? false,
      attrs: jsonSafe(f.attrs ?? {}),
    };
    const loc = resolveLoc(f.loc);
    if (loc) fm.loc = loc;
    return jsonSafe(fm);
  });
  const meta: ModuleMeta = {
    abiVersion: ABI_VERSION,
    compilerVersion: COMPILER_VERSION,
    optLevel: options.optLevel,
    witness: options.witness ?? true,
    heapBase: 0,
    types: typesToJson(ir.types),
    funcs,
    sites: jsonSafe(cx.sites),
    callSites: jsonSafe(cx.callSites),
    bindings: jsonSafe(cx.bindings),
    anyTypes: jsonSafe(cx.anyTypes.list),
    procs: ir.procs.map((p) => ({
      name: p.name,
      stateType: jsonSafe(p.stateType),
      inputsType: jsonSafe(p.inputsType),
      outputsType: jsonSafe(p.outputsType),
      initialState: constToJson(p.initialState),
      step: p.step,
      attrs: jsonSafe(p.attrs ?? {}),
    })),
    streams: jsonSafe(ir.streams ?? []),
    stateMachines: jsonSafe(ir.stateMachines ?? []),
    tests: jsonSafe(ir.tests ?? []),
    attrs: jsonSafe(ir.attrs ?? {}),
    diagnostics: built.diagnostics,
  };
  return { wasm, meta };
}

/** WebAssembly text of a compiled module. */
export async function emitText(compiled: CompiledModule): Promise<string> {
  const B = await loadBinaryen();
  const m = B.readBinary(compiled.wasm);
  try {
    return m.emitText();
  } finally {
    m.dispose();
  }
}
