/**
 * Source files on disk: expanding command-line paths into files, reading them as text with
 * a located diagnostic on failure, and the paths users see. Below every stage (the ESCIR
 * front end and the pipeline both use it), so it imports nothing but diagnostics.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileDiagnostic, type Diagnostic } from '../diagnostics/index.ts';

export interface CollectedFiles {
  /** Files in a stable order: as given, directories expanded in sorted path order. */
  files: string[];
  /** Paths that do not exist or cannot be read, as diagnostics. */
  diagnostics: Diagnostic[];
}

export interface CollectOptions {
  /**
   * How many directory levels below a given directory are walked (default: all). A bound
   * keeps a scan of a search path cheap and finite under symbolic-link loops.
   */
  maxDepth?: number;
}

/**
 * Expands the paths given on the command line: files are kept as they are, directories are
 * walked recursively for files whose name ends with one of `suffixes`. `node_modules` and
 * dot-directories are skipped.
 */
export function collectFiles(paths: readonly string[], suffixes: readonly string[], options: CollectOptions = {}): CollectedFiles {
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  const walk = (dir: string, depth: number) => {
    if (depth > maxDepth) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      diagnostics.push(fileDiagnostic('error', 'FL9002', `cannot read directory: ${ioReason(e)}`, dir));
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = join(dir, name);
      let st;
      try {
        st = statSync(full);
      } catch (e) {
        diagnostics.push(fileDiagnostic('error', 'FL9001', `cannot read file: ${ioReason(e)}`, full));
        continue;
      }
      if (st.isDirectory()) walk(full, depth + 1);
      else if (suffixes.some((s) => name.endsWith(s))) add(full);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      diagnostics.push(fileDiagnostic('error', 'FL9001', `cannot read file: ${ioReason(e)}`, p));
      continue;
    }
    if (st.isDirectory()) walk(p, 0);
    else add(p);
  }
  return { files, diagnostics };
}

/** Reads a file as UTF-8 text, or returns a diagnostic saying why it could not. */
export function readSourceText(path: string): { text: string } | { diagnostic: Diagnostic } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { diagnostic: fileDiagnostic('error', 'FL9001', `cannot read file: ${ioReason(e)}`, path) };
  }
}

export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return err?.message ?? String(e);
  }
}

/** A path relative to the working directory when that is shorter, with forward slashes. */
export function displayPath(p: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, p);
  const chosen = rel && !rel.startsWith('..') && rel.length < p.length ? rel : p;
  return chosen.split(sep).join('/');
}
