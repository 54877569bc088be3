/**
 * The pipeline behind `estream check`: collect FastLang (`.fl`/`.fld`/`.flj`) and ESCIR
 * (`.escir.yaml`, `.flir.yaml`) files, read them, run the
 * phases, and gather every diagnostic per file. Nothing here prints; the CLI renders the report.
 *
 * Phases are named and timed one by one (`timings`): `collect`, `read`, `setup`, `parse`, then
 * in the full mode `check` (name resolution, type checking and lowering of each FastLang
 * program, LANGUAGE.md §10) and `escir` (every ESCIR pass, ESCIR.md §9). With `parseOnly`,
 * FastLang files are lexed and parsed and ESCIR files are only read as YAML.
 */
import { collectFiles, displayPath, readSourceText } from './files.ts';
import { countBySeverity, sortDiagnostics, SourceFile, DiagnosticBag, type Diagnostic } from '../diagnostics/index.ts';
import type { SourceFileAst } from '../syntax/ast.ts';
import { FASTLANG_EXTENSIONS, parseSource, prepareParser } from '../syntax/index.ts';
import { lowerProgram } from '../ir/lower/index.ts';
import { checkEscirSource, createEscirContext } from '../escir/driver.ts';
import { checkEscirSyntax } from '../escir/syntax-only.ts';
import { ESCIR_CHECK_SUFFIXES, isEscirCheckFile } from './escir-files.ts';
import { discoverPrograms } from './programs.ts';

export interface CheckOptions {
  /** Syntax only (lexing and parsing). */
  parseOnly: boolean;
  /** Called after each file is parsed (for progress output on long runs). */
  onProgress?: (done: number, total: number) => void;
}

export interface CheckedFile {
  /** Path as displayed and used in every diagnostic of this file. */
  path: string;
  diagnostics: Diagnostic[];
}

export interface CheckReport {
  files: CheckedFile[];
  errors: number;
  warnings: number;
  notes: number;
  /** True when a file or directory could not be read (exit status 2). */
  ioFailure: boolean;
  /** Milliseconds per phase, in the order the phases ran, plus `total`. */
  timings: Record<string, number>;
  /** Source text by display path, for code frames. */
  sources: Map<string, string>;
  /** Parsed files, for the phases that follow (and for tests). */
  asts: Map<string, SourceFileAst>;
}

/** Codes of the I/O diagnostics produced by cli/files.ts. */
const IO_CODES = new Set(['FL9001', 'FL9002']);

export function checkPaths(paths: readonly string[], options: CheckOptions): CheckReport {
  const timings: Record<string, number> = {};
  const started = performance.now();
  const timed = <T>(phase: string, work: () => T): T => {
    const t0 = performance.now();
    try {
      return work();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + (performance.now() - t0);
    }
  };

  const byPath = new Map<string, Diagnostic[]>();
  const order: string[] = [];
  const fileEntry = (path: string): Diagnostic[] => {
    let list = byPath.get(path);
    if (list === undefined) {
      list = [];
      byPath.set(path, list);
      order.push(path);
    }
    return list;
  };

  const collected = timed('collect', () => collectFiles(paths, [...FASTLANG_EXTENSIONS, ...ESCIR_CHECK_SUFFIXES]));
  for (const d of collected.diagnostics) {
    const path = displayPath(d.file);
    fileEntry(path).push({ ...d, file: path });
  }

  const sources = new Map<string, string>();
  const texts: { path: string; text: string }[] = [];
  const escirTexts: { path: string; text: string }[] = [];
  timed('read', () => {
    for (const file of collected.files) {
      const path = displayPath(file);
      fileEntry(path);
      const r = readSourceText(file);
      if ('diagnostic' in r) fileEntry(path).push({ ...r.diagnostic, file: path });
      else {
        (isEscirCheckFile(path) ? escirTexts : texts).push({ path, text: r.text });
        sources.set(path, r.text);
      }
    }
  });

  const asts = new Map<string, SourceFileAst>();
  if (texts.length > 0) timed('setup', prepareParser);
  timed('parse', () => {
    texts.forEach(({ path, text }, i) => {
      const bag = new DiagnosticBag();
      asts.set(path, parseSource(new SourceFile(path, text), bag));
      fileEntry(path).push(...bag.items);
      options.onProgress?.(i + 1, texts.length);
    });
  });

  if (!options.parseOnly && asts.size > 0) {
    timed('check', () => checkPrograms(paths, asts, byPath, fileEntry));
  }
  if (escirTexts.length > 0) {
    timed('escir', () => {
      // One loader context per run, so composites and imports are loaded once.
      const context = options.parseOnly ? undefined : createEscirContext([]);
      for (const { path, text } of escirTexts) {
        fileEntry(path).push(...(context ? checkEscirSource(path, text, {}, context) : checkEscirSyntax(path, text)));
      }
    });
  }

  const files: CheckedFile[] = order.map((path) => ({ path, diagnostics: sortDiagnostics(byPath.get(path)!) }));
  const all = files.flatMap((f) => f.diagnostics);
  timings['total'] = performance.now() - started;
  return {
    files,
    errors: countBySeverity(all, 'error'),
    warnings: countBySeverity(all, 'warning'),
    notes: countBySeverity(all, 'note'),
    ioFailure: all.some((d) => IO_CODES.has(d.code)),
    timings,
    sources,
    asts,
  };
}

/**
 * Names, types and lowering, once per program (grouped as `compile` and `test` group them,
 * specs/testing.md §Discovery), reusing the ASTs already parsed. Each program gets its files'
 * parse diagnostics first: the lowering leaves declarations with syntax errors uncompiled
 * (§10 error isolation). Siblings parsed only so that names resolve are not reported on:
 * their findings belong to a check that names them.
 */
function checkPrograms(
  paths: readonly string[],
  asts: Map<string, SourceFileAst>,
  byPath: Map<string, Diagnostic[]>,
  fileEntry: (path: string) => Diagnostic[],
): void {
  const { programs } = discoverPrograms(paths);
  const seen = new Set<string>();
  for (const program of programs) {
    const members: SourceFileAst[] = [];
    for (const raw of program.files) {
      const path = displayPath(raw);
      let ast = asts.get(path);
      if (!ast) {
        // A sibling of a named file: parse it so names resolve across the program (§10).
        const r = readSourceText(raw);
        if ('diagnostic' in r) continue;
        const bag = new DiagnosticBag();
        ast = parseSource(new SourceFile(path, r.text), bag);
        asts.set(path, ast);
      }
      members.push(ast);
    }
    const bag = new DiagnosticBag();
    for (const ast of members) bag.addAll((byPath.get(ast.path) ?? []).filter((d) => d.severity === 'error'));
    const before = bag.items.length;
    lowerProgram(members, bag, { root: program.root });
    for (const d of bag.items.slice(before)) {
      const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (byPath.has(d.file)) fileEntry(d.file).push(d);
    }
  }
}
