/**
 * A FastLang program from paths: collect `.fl`/`.fld`/`.flj` files (directories recursively,
 * in sorted path order), parse each, then resolve names, type-check and lower the whole set
 * to one IR module. Nothing here prints; every problem is a diagnostic.
 */
import { statSync } from 'node:fs';
import { collectFiles, readSourceText } from './files.ts';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { SourceFile } from '../diagnostics/source.ts';
import type { IrModule } from '../ir/ir.ts';
import { lowerProgram, type LowerOptions } from '../ir/lower/index.ts';
import type { SourceFileAst } from '../syntax/ast.ts';
import { parseSource } from '../syntax/index.ts';

export const FASTLANG_SUFFIXES = ['.fl', '.fld', '.flj'] as const;

export interface ProgramOptions extends LowerOptions {}

export interface ProgramFile {
  path: string;
  source: SourceFile;
  ast: SourceFileAst;
}

export interface LoadedProgram {
  files: ProgramFile[];
  ir: IrModule;
  diagnostics: Diagnostic[];
  /** Phase times in milliseconds: read, parse, check (resolve, type-check and lower). */
  timings: Record<string, number>;
}

/** Loads, parses, checks and lowers the program made of these files and directories. */
export function loadProgram(paths: readonly string[], options: ProgramOptions = {}): LoadedProgram {
  const t0 = performance.now();
  const bag = new DiagnosticBag();
  const collected = collectFiles(paths, FASTLANG_SUFFIXES);
  bag.addAll(collected.diagnostics);
  const sources: { path: string; text: string }[] = [];
  for (const path of collected.files) {
    const r = readSourceText(path);
    if ('diagnostic' in r) bag.add(r.diagnostic);
    else sources.push({ path, text: r.text });
  }
  const root = options.root ?? singleDirectory(paths);
  const program = compileSources(sources, { ...options, ...(root !== undefined ? { root } : {}) }, bag);
  program.timings = { read: performance.now() - t0 - (program.timings.parse ?? 0) - (program.timings.check ?? 0), ...program.timings };
  return program;
}

/**
 * The same pipeline over sources held in memory (tests, editors, the harness). Files are
 * taken in the order given; pass them in sorted path order for the §10 tie-breaks.
 */
export function compileSources(
  sources: readonly { path: string; text: string }[],
  options: ProgramOptions = {},
  bag: DiagnosticBag = new DiagnosticBag(),
): LoadedProgram {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const files: ProgramFile[] = [];
  for (const s of sources) {
    const source = new SourceFile(s.path, s.text);
    try {
      files.push({ path: s.path, source, ast: parseSource(source, bag) });
    } catch (e) {
      // The parser reports through the bag; an exception escaping it is still only a diagnostic.
      bag.add({
        severity: 'error',
        code: 'FL502',
        message: `internal parser error: ${(e as Error)?.message ?? String(e)}`,
        file: s.path,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      });
    }
  }
  timings.parse = performance.now() - t;
  t = performance.now();
  const ir = lowerProgram(
    files.map((f) => f.ast),
    bag,
    options,
  );
  timings.check = performance.now() - t;
  return { files, ir, diagnostics: bag.items, timings };
}

/** A single directory argument is the package root for `import x from "path"`. */
function singleDirectory(paths: readonly string[]): string | undefined {
  if (paths.length !== 1) return undefined;
  try {
    return statSync(paths[0]!).isDirectory() ? paths[0] : undefined;
  } catch {
    return undefined;
  }
}
