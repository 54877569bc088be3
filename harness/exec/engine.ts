import type { IrConst, IrExpr, IrModule } from '../../compiler/ir/ir.ts';
import type { CompiledModule } from '../../compiler/wasm/index.ts';
import type { LoadedModule } from '../../runtime/wasm/index.ts';
import { mapStmtExprs } from './ir-walk.ts';
import type { Host } from '../../runtime/host/index.ts';

/**
 * How the harness runs IR functions: the compiled WebAssembly module (compiled once per
 * program), or the reference IR interpreter when the back end refuses the module. The
 * harness never cares which; the output says which one ran (issue 4, dependencies).
 */
export interface Engine {
  readonly kind: 'wasm' | 'interpreter';
  /** Why the interpreter is used, when it is. */
  readonly fallbackReason?: string;
  /** Functions the back end refused one by one (calls reaching them use the interpreter). */
  readonly refused?: string[];
  /** The compiled module (wasm bytes and JSON metadata), shareable with worker threads. */
  readonly compiled?: CompiledArtifact;
  call(func: string, args: IrConst[], host: Host, fuel?: number): IrConst;
}

/** What the back end produced for a module: structured-clonable, so workers reuse it. */
export type CompiledArtifact = CompiledModule;

/** Fuel per top-level call: generous, but a runaway loop ends as a located `fuel` trap. */
export const DEFAULT_FUEL = 50_000_000;

export async function interpreterEngine(module: IrModule, reason?: string): Promise<Engine> {
  // Imported on demand: the interpreter is the fallback, and binaryen costs a second to load.
  const interp = await import('../../runtime/interp/index.ts');
  return {
    kind: 'interpreter',
    ...(reason !== undefined ? { fallbackReason: reason } : {}),
    call: (func, args, host, fuel = DEFAULT_FUEL) => interp.interpretCall(module, func, args, { host, fuel }),
  };
}

/**
 * Compiles the (instrumented) module to wasm once and returns an engine calling into it.
 * A module the back end refuses as a whole (an exception) falls back to the interpreter,
 * with the reason. Functions the back end refuses one by one keep the rest on wasm: a call
 * that can reach a refused function runs on the interpreter instead (decided from the call
 * graph before the call, so no effect ever runs twice).
 */
export async function createEngine(
  module: IrModule,
  options: { engine?: 'wasm' | 'interpreter'; compiled?: CompiledArtifact } = {},
): Promise<Engine> {
  if (options.engine === 'interpreter') return interpreterEngine(module, 'requested with --engine interpreter');
  let loaded: LoadedModule;
  let refused: string[];
  let compiled: CompiledArtifact;
  try {
    const load = await import('../../runtime/wasm/index.ts');
    if (options.compiled) compiled = options.compiled;
    else {
      const wasm = await import('../../compiler/wasm/index.ts');
      compiled = await wasm.compileModule(module, { optLevel: 1, witness: false });
    }
    const compiledFlags = new Map((compiled.meta?.funcs ?? []).map((f) => [f.name, f.compiled]));
    refused = module.funcs.filter((f) => !f.notCompiled && compiledFlags.get(f.name) === false).map((f) => f.name);
    loaded = await load.loadModule(compiled);
  } catch (e) {
    return interpreterEngine(module, `the WebAssembly back end refused the module: ${firstLine((e as Error)?.message ?? String(e))}`);
  }
  const interp = await interpreterEngine(module);
  const needsInterp = reachesAny(module, new Set(refused));
  return {
    kind: 'wasm',
    refused,
    compiled,
    call: (func, args, host, fuel = DEFAULT_FUEL) =>
      needsInterp.has(func) ? interp.call(func, args, host, fuel) : loaded.callIr(func, args, { host, witness: false, fuel }).value,
  };
}

/** Functions from which a call can reach one of `targets` (targets included). */
export function reachesAny(module: IrModule, targets: Set<string>): Set<string> {
  const out = new Set<string>(targets);
  if (targets.size === 0) return out;
  const callees = new Map<string, Set<string>>();
  for (const f of module.funcs) {
    const set = new Set<string>();
    const visit = (e: IrExpr) => {
      if (e.e === 'call') set.add(e.func);
      return e;
    };
    for (const s of f.body) mapStmtExprs(s, visit);
    callees.set(f.name, set);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const [f, cs] of callees) {
      if (out.has(f)) continue;
      for (const c of cs) {
        if (out.has(c)) {
          out.add(f);
          changed = true;
          break;
        }
      }
    }
  }
  return out;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}
