/**
 * Entry points for the CLI (`estream check`, `compile`, `run`, `test` on ESCIR files), on
 * (path, text) pairs so the CLI keeps file collection and printing. Nothing here prints.
 */
import { DiagnosticBag, SourceFile, sortDiagnostics, type Diagnostic } from '../diagnostics/index.ts';
import type { IrConst, IrModule } from '../ir/ir.ts';
import { EscirReporter } from './diagnostics.ts';
import { EscirLoadContext, loadEscirFile, type EscirLoadOptions } from './load.ts';
import { lowerEscirDetailed, type EscirLowering } from './lower/index.ts';
import type { EscirModel } from './model.ts';
import { testTarget } from './passes/tests.ts';
import { LiteralChecker } from './types/literals.ts';
import { interpreterExecutor } from './testing/interp-executor.ts';
import { runEscirTests, type EscirExecutor, type EscirTestResult } from './testing/runner.ts';
import { wasmExecutor } from './testing/wasm-executor.ts';
import { parseYamlTree } from './yaml/load-yaml.ts';
import { get, isMap, items, type YNode } from './yaml/tree.ts';

export interface EscirCheckOptions extends Omit<EscirLoadOptions, 'context' | 'mode'> {
  /** Check as for lowering: legacy † codes are errors, W090 reported. */
  strict?: boolean;
}

/** One loader context for a whole run, so composites and imports load once. */
export function createEscirContext(searchPath: string[]): EscirLoadContext {
  return new EscirLoadContext(searchPath);
}

/** `estream check` on one ESCIR file: every finding, sorted. */
export function checkEscirSource(path: string, text: string, options: EscirCheckOptions = {}, context?: EscirLoadContext): Diagnostic[] {
  const bag = new DiagnosticBag();
  loadEscirFile(new SourceFile(path, text), bag, { ...options, mode: options.strict ? 'lower' : 'validate', ...(context ? { context } : {}) });
  return sortDiagnostics(bag.items);
}

export interface EscirCompiled {
  model?: EscirModel;
  lowering?: EscirLowering;
  diagnostics: Diagnostic[];
}

/** `estream compile`: load in lowering mode and lower to the shared IR. */
export function compileEscirSource(path: string, text: string, options: Omit<EscirLoadOptions, 'mode'> = {}): EscirCompiled {
  const bag = new DiagnosticBag();
  const model = loadEscirFile(new SourceFile(path, text), bag, { ...options, mode: 'lower' });
  const lowering = model ? lowerEscirDetailed(model, bag) : undefined;
  const out: EscirCompiled = { diagnostics: sortDiagnostics(bag.items) };
  if (model) out.model = model;
  if (lowering) out.lowering = lowering;
  return out;
}

export type EscirBackend = 'interp' | 'wasm';

export async function escirExecutor(module: IrModule, backend: EscirBackend): Promise<EscirExecutor> {
  return backend === 'wasm' ? wasmExecutor(module) : interpreterExecutor(module);
}

/** `estream test` on one ESCIR file: tests, invariants and vectors through the chosen back end(s). */
export async function testEscirSource(
  path: string,
  text: string,
  options: Omit<EscirLoadOptions, 'mode'> & { backends?: EscirBackend[] } = {},
): Promise<{ results: (EscirTestResult & { backend?: EscirBackend })[]; diagnostics: Diagnostic[] }> {
  const compiled = compileEscirSource(path, text, options);
  const bag = new DiagnosticBag();
  bag.addAll(compiled.diagnostics);
  const results: (EscirTestResult & { backend?: EscirBackend })[] = [];
  if (!compiled.model) return { results, diagnostics: compiled.diagnostics };
  const backends = options.backends ?? ['interp'];
  const graph = compiled.lowering?.graph;
  for (const backend of backends) {
    const ex = graph ? await escirExecutor(compiled.lowering!.module, backend) : { step: () => ({ state: null, outputs: null }) };
    for (const r of runEscirTests(compiled.model, graph, ex, { diagnostics: backend === backends[0] ? bag : new DiagnosticBag() })) {
      results.push(backends.length > 1 ? { ...r, backend } : r);
    }
  }
  return { results, diagnostics: sortDiagnostics(bag.items) };
}

export interface EscirRunStep {
  now: bigint;
  /** Outputs by port name: events are `null` when absent. */
  outputs: Record<string, IrConst>;
}

/**
 * `estream run`: drives a lowered circuit with a step script written like a test's steps:
 * `{steps: [{input: {port: v}}, {advance: {ms: n}}]}` (YAML or JSON). Each step reports its
 * `now` and outputs.
 */
export async function runEscirScript(
  compiled: EscirCompiled,
  scriptPath: string,
  scriptText: string,
  backend: EscirBackend = 'interp',
): Promise<{ steps: EscirRunStep[]; diagnostics: Diagnostic[] }> {
  const bag = new DiagnosticBag();
  const model = compiled.model;
  const g = compiled.lowering?.graph;
  if (!model || !g) {
    return { steps: [], diagnostics: compiled.diagnostics };
  }
  const scriptFile = new SourceFile(scriptPath, scriptText);
  const sr = new EscirReporter(scriptFile, bag, true, model.level === 'canonical');
  // The script is a mapping `{steps: [...]}` (YAML or JSON), each step as in a test.
  const parsed = parseYamlTree(scriptText, sr);
  const stepsNode = parsed ? get(parsed.root, 'steps') : undefined;
  if (parsed && !stepsNode) sr.error('E020', 'a run script is a mapping with `steps: [...]`', parsed.root);
  const ex = await escirExecutor(compiled.lowering!.module, backend);
  const lit = new LiteralChecker(model.types, sr);
  let state = g.proc.initialState;
  let now = 0n;
  const out: EscirRunStep[] = [];
  const toInputs = (node: YNode | undefined): IrConst[] => {
    const inputs: IrConst[] = g.inputFields.map(() => null);
    if (!isMap(node)) return inputs;
    for (const e of node.entries) {
      const target = testTarget(model, 'input', e.key);
      const i = g.inputFields.indexOf(e.key);
      if (!target || i < 0) {
        sr.error('E070', `\`${e.key}\` is not an input of \`${model.name}\``, e.keyNode);
        continue;
      }
      const v = lit.check(e.value, target.type, { code: 'E071', legacy: model.level === 'legacy' });
      if (v !== undefined) inputs[i] = { some: v };
    }
    return inputs;
  };
  for (const s of items(stepsNode)) {
    let inputs: IrConst[];
    const adv = get(s, 'advance');
    if (adv) {
      const ms = get(adv, 'ms');
      const ns = get(adv, 'ns');
      now += (ms && ms.kind === 'scalar' && typeof ms.value === 'bigint' ? ms.value * 1_000_000n : 0n) + (ns && ns.kind === 'scalar' && typeof ns.value === 'bigint' ? ns.value : 0n);
      inputs = toInputs(undefined);
    } else inputs = toInputs(get(s, 'input'));
    if (bag.hasErrors()) break;
    const r = ex.step(g.proc.name, state, inputs, now);
    state = r.state;
    const outputs: Record<string, IrConst> = {};
    g.outputFields.forEach((name, i) => {
      const v = (r.outputs as IrConst[])[i]!;
      outputs[name] = v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && 'some' in v ? v.some : v;
    });
    out.push({ now, outputs });
  }
  return { steps: out, diagnostics: sortDiagnostics(bag.items) };
}
