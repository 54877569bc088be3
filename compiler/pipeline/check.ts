/**
 * The pipeline behind `estream check`: collect `.fl`/`.fld`/`.flj` files, read them, run the
 * phases, and gather every diagnostic per file. Nothing here prints; the CLI renders the report.
 *
 * Phases are named and timed one by one (`timings`), so later phases (name resolution, type
 * checking, `.escir.yaml` validation) can be added behind the full mode without changing the
 * report's shape. Today both modes run the parser only.
 */
import { collectFiles, displayPath, readSourceText } from '../../cli/files.ts';
import { countBySeverity, sortDiagnostics, SourceFile, DiagnosticBag, type Diagnostic } from '../diagnostics/index.ts';
import type { SourceFileAst } from '../syntax/ast.ts';
import { FASTLANG_EXTENSIONS, parseSource, prepareParser } from '../syntax/index.ts';

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

  const collected = timed('collect', () => collectFiles(paths, FASTLANG_EXTENSIONS));
  for (const d of collected.diagnostics) {
    const path = displayPath(d.file);
    fileEntry(path).push({ ...d, file: path });
  }

  const sources = new Map<string, string>();
  const texts: { path: string; text: string }[] = [];
  timed('read', () => {
    for (const file of collected.files) {
      const path = displayPath(file);
      fileEntry(path);
      const r = readSourceText(file);
      if ('diagnostic' in r) fileEntry(path).push({ ...r.diagnostic, file: path });
      else {
        texts.push({ path, text: r.text });
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

  // Later phases (resolve, typecheck) run here when !options.parseOnly; they append to the
  // same per-file lists and add their own entries to `timings`.

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
