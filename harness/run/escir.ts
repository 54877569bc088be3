/**
 * ESCIR files in `estream test`: each `.escir.yaml`/`.flir.yaml` file is one circuit whose
 * `tests`, `test_vectors` and `invariants` run step by step on its compiled WebAssembly
 * (ESCIR.md §6; compiler/escir/testing). Results join the FastLang results in one report.
 */
import { performance } from 'node:perf_hooks';
import { collectFiles, displayPath, readSourceText } from '../../compiler/pipeline/files.ts';
import { ESCIR_SUFFIXES, isEscirFile } from '../../compiler/pipeline/escir-files.ts';
import type { TestResult } from '../model.ts';

export interface EscirRunHooks {
  onResult?(r: TestResult): void;
}

/** Every ESCIR file under the paths, in stable order. */
export function escirFiles(paths: readonly string[]): string[] {
  // collectFiles keeps a file named on the command line whatever its suffix; only ESCIR files
  // belong here (`estream test a.fl` must not load a.fl as ESCIR).
  return collectFiles(paths, ESCIR_SUFFIXES).files.filter(isEscirFile).map((f) => displayPath(f));
}

export async function runEscirFiles(files: readonly string[], matches: (r: { name: string; file: string }) => boolean, hooks: EscirRunHooks = {}): Promise<TestResult[]> {
  const { testEscirSource, createEscirContext } = await import('../../compiler/escir/driver.ts');
  const context = createEscirContext([]);
  const out: TestResult[] = [];
  const emit = (r: TestResult) => {
    out.push(r);
    hooks.onResult?.(r);
  };
  for (const file of files) {
    const read = readSourceText(file);
    if ('diagnostic' in read) {
      emit({ name: `load ${file}`, kind: 'program', file, line: 1, status: 'failed', durationMs: 0, message: read.diagnostic.message });
      continue;
    }
    const t0 = performance.now();
    const { results, diagnostics } = await testEscirSource(file, read.text, { backends: ['wasm'], context });
    const elapsed = performance.now() - t0;
    const blocking = diagnostics.find((d) => d.severity === 'error' && !['E073', 'E074', 'E075'].includes(d.code));
    if (results.length === 0 && blocking) {
      emit({
        name: `compile ${file}`,
        kind: 'program',
        file,
        line: blocking.line,
        status: 'failed',
        durationMs: elapsed,
        message: `${blocking.file}:${blocking.line}:${blocking.column}: ${blocking.code} ${blocking.message}`,
      });
      continue;
    }
    const each = results.length > 0 ? elapsed / results.length : 0;
    for (const r of results) {
      if (!matches({ name: r.name, file: r.file })) continue;
      emit({
        name: r.name,
        kind: r.kind === 'test_vector' ? 'test_vector' : 'escir',
        file: r.file,
        line: r.line,
        status: r.status,
        durationMs: each,
        message: r.message ?? '',
      });
    }
  }
  return out;
}

/** `estream test --list` for ESCIR files: their tests and test vectors, without running them. */
export async function listEscirTests(files: readonly string[]): Promise<{ name: string; kind: string; file: string; line: number }[]> {
  const { compileEscirSource, createEscirContext } = await import('../../compiler/escir/driver.ts');
  const { get, items } = await import('../../compiler/escir/yaml/tree.ts');
  const context = createEscirContext([]);
  const out: { name: string; kind: string; file: string; line: number }[] = [];
  for (const file of files) {
    const read = readSourceText(file);
    if ('diagnostic' in read) continue;
    const { model } = compileEscirSource(file, read.text, { context });
    if (!model) continue;
    const lineOf = (offset: number) => model.file.lineCol(offset).line;
    for (const t of model.tests) out.push({ name: t.name, kind: 'escir', file, line: lineOf(t.node.start) });
    for (const v of items(get(model.root, 'test_vectors'))) {
      const name = get(v, 'name');
      out.push({ name: name?.kind === 'scalar' ? String(name.value) : '(test vector)', kind: 'test_vector', file, line: lineOf(v.start) });
    }
  }
  return out;
}
