/**
 * The ESCIR front end (ESCIR.md): load and validate `.escir.yaml` / `.flir.yaml` circuits,
 * lower them to the shared IR — graphs (dialect B, canonical `graph`) and process circuits
 * (dialect A, canonical `processes`) each to one stateful proc — and run their tests,
 * invariants and test vectors.
 *
 *   loadEscirFile(file, bag, options?)   → EscirModel | undefined   (P0–P8, every finding in `bag`)
 *   lowerEscir(model, bag)               → IrModule                 (E099 in `bag` when refused)
 *   runEscirTests(model, lowering, executor, options?) → EscirTestResult[]
 *   compileEscir(file, bag, options?)    → load in lowering mode + lower, in one call
 */
import type { DiagnosticBag, SourceFile } from '../diagnostics/index.ts';
import { loadEscirFile, type EscirLoadOptions } from './load.ts';
import { lowerEscirDetailed, type EscirLowering } from './lower/index.ts';
import type { EscirModel } from './model.ts';

export { loadEscirFile, EscirLoadContext, type EscirLoadOptions } from './load.ts';
export { lowerEscir, lowerEscirDetailed, type EscirLowering } from './lower/index.ts';
export { runEscirTests, matches, type EscirExecutor, type EscirTestResult, type RunOptions } from './testing/runner.ts';
export { interpreterExecutor } from './testing/interp-executor.ts';
export { ESCIR_CODES } from './diagnostics.ts';
export { editDistance, didYouMean } from '../diagnostics/suggest.ts';
export { CircuitIndex } from './composite/resolver.ts';
export { ESCIR_SUFFIXES } from './suffixes.ts';
export { fnv1a32, XPathHasher } from './ops/fnv.ts';
export type { EscirModel, PortModel, NodeModel, GraphModel, TestModel } from './model.ts';
export type { GraphLowering } from './lower/graph.ts';
export type { ProcessNet, BoundaryPort } from './process/net.ts';

/** Loads in lowering mode (legacy † findings are errors) and lowers. */
export function compileEscir(file: SourceFile, diagnostics: DiagnosticBag, options: Omit<EscirLoadOptions, 'mode'> = {}): { model?: EscirModel; lowering?: EscirLowering } {
  const model = loadEscirFile(file, diagnostics, { ...options, mode: 'lower' });
  if (!model) return {};
  return { model, lowering: lowerEscirDetailed(model, diagnostics) };
}
export { wasmExecutor } from './testing/wasm-executor.ts';
export { checkEscirSource, compileEscirSource, testEscirSource, runEscirScript, createEscirContext, escirExecutor, type EscirCompiled, type EscirRunStep, type EscirBackend } from './driver.ts';
