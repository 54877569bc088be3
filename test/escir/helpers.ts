import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticBag, SourceFile, sortDiagnostics, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { compileEscir, loadEscirFile, type EscirLoadOptions, type EscirModel } from '../../compiler/escir/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'escir');

export function fixture(rel: string): { path: string; text: string } {
  const path = join(FIXTURES, rel);
  return { path, text: readFileSync(path, 'utf8') };
}

export interface Loaded {
  model: EscirModel | undefined;
  diagnostics: Diagnostic[];
  codes: string[];
}

/** Loads YAML text as `name` (validate mode unless told otherwise). */
export function load(text: string, options: EscirLoadOptions & { name?: string } = {}): Loaded {
  const bag = new DiagnosticBag();
  const model = loadEscirFile(new SourceFile(options.name ?? 'inline.escir.yaml', text), bag, options);
  const diagnostics = sortDiagnostics(bag.items);
  return { model, diagnostics, codes: diagnostics.map((d) => d.code) };
}

export function loadFixture(rel: string, options: EscirLoadOptions = {}): Loaded {
  const f = fixture(rel);
  return load(f.text, { ...options, name: f.path });
}

export function compile(text: string, name = 'inline.escir.yaml') {
  const bag = new DiagnosticBag();
  const out = compileEscir(new SourceFile(name, text), bag);
  return { ...out, diagnostics: sortDiagnostics(bag.items), bag };
}

/** `file:line:col CODE /pointer` lines, for golden comparisons. */
export function brief(ds: Diagnostic[]): string[] {
  return ds.map((d) => `${d.line}:${d.column} ${d.code} ${d.pointer ?? ''}`);
}
