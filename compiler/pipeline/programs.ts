import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { collectFiles, displayPath } from './files.ts';
import type { Diagnostic } from '../diagnostics/index.ts';

/** Source kinds that make up a FastLang program (LANGUAGE.md §1). */
export const PROGRAM_SUFFIXES = ['.fl', '.fld', '.flj'] as const;

/** Files that mark the root of an estream package (MARKETPLACE.md §2, §3.3). */
export const PACKAGE_MARKERS = ['estream-component.toml', 'estream-workspace.toml'] as const;

/**
 * One program to compile once: every source file under `root` is loaded (names resolve
 * across the whole package, §10), and tests are run from `selected` files only.
 */
export interface ProgramGroup {
  root: string;
  /** Every .fl/.fld/.flj file of the program, in stable path order. */
  files: string[];
  /** The files whose tests run (the paths the user named, expanded). */
  selected: string[];
}

export interface ProgramDiscovery {
  programs: ProgramGroup[];
  diagnostics: Diagnostic[];
}

/**
 * Groups the paths given to `estream test` into programs (specs/testing.md §Discovery):
 * a file or directory inside a package (an ancestor holding estream-component.toml or
 * estream-workspace.toml) belongs to that package's program; otherwise a directory argument
 * is its own program, and a file argument's program is the source tree it sits in
 * (sourceTreeRoot), so a file named alone gets the same program as a run over that tree.
 * Each program is compiled once however many of its files were named.
 */
export function discoverPrograms(paths: readonly string[]): ProgramDiscovery {
  const diagnostics: Diagnostic[] = [];
  const groups = new Map<string, ProgramGroup>();
  for (const p of paths) {
    const { files, diagnostics: ds } = collectFiles([p], PROGRAM_SUFFIXES);
    diagnostics.push(...ds);
    if (files.length === 0) continue;
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    const abs = resolve(p);
    const start = isDir ? abs : dirname(abs);
    // A directory named on the command line is its own program; a file named alone climbs
    // to the source tree it belongs to, so its results agree with a run over that tree.
    const root = packageRoot(start) ?? (isDir ? start : sourceTreeRoot(start));
    let group = groups.get(root);
    if (!group) {
      const all = collectFiles([displayPath(root)], PROGRAM_SUFFIXES).files.map(normalize);
      group = { root, files: all, selected: [] };
      groups.set(root, group);
    }
    for (const raw of files) {
      const f = normalize(raw);
      if (!group.selected.includes(f)) group.selected.push(f);
      if (!group.files.includes(f)) group.files.push(f);
    }
  }
  return { programs: [...groups.values()], diagnostics };
}

/** One spelling per file (relative to the working directory when inside it). */
function normalize(f: string): string {
  return displayPath(resolve(f));
}

/** Nearest ancestor directory (inclusive) holding a package marker. */
export function packageRoot(dir: string): string | undefined {
  let cur = dir;
  for (;;) {
    if (PACKAGE_MARKERS.some((m) => existsSync(join(cur, m)))) return cur;
    const parent = dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/**
 * Outside a package, the program of a file named alone climbs from the file's directory to
 * the top of the run of ancestors that directly hold FastLang sources: `lot/ops/lot_tests.fl`
 * belongs with `lot/lot.fl`, so a test file kept in a subdirectory sees the circuits of its
 * siblings (LANGUAGE.md §10 name resolution; specs/testing.md). A directory named on the
 * command line does not climb: it is its own program.
 * The climb never leaves `boundary` (the working directory): a scratch directory under a
 * shared /tmp that happens to hold a loose .fl file stays its own program.
 */
export function sourceTreeRoot(dir: string, boundary: string = process.cwd()): string {
  const limit = resolve(boundary);
  let cur = dir;
  for (;;) {
    const parent = dirname(cur);
    if (parent === cur || !within(parent, limit) || !holdsSources(parent)) return cur;
    cur = parent;
  }
}

function within(dir: string, limit: string): boolean {
  const rel = relative(limit, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function holdsSources(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some(
      (e) => e.isFile() && PROGRAM_SUFFIXES.some((s) => e.name.endsWith(s)),
    );
  } catch {
    return false;
  }
}
