/**
 * Which programs the paths on a command line name, and the flags every compiling command
 * shares (`-O`, `--overflow-checks`, `--no-cache`). Programs are grouped exactly as
 * `estream test` groups them (harness/discover, specs/testing.md §Discovery): a path inside
 * a package (an ancestor with estream-component.toml or estream-workspace.toml) belongs to
 * the package's program; otherwise a directory is its own program and a file's program is
 * its directory, so sibling `.fld` types resolve (LANGUAGE.md §10 name resolution).
 */
import { statSync } from 'node:fs';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { OptLevel, ProgramInput } from '../../compiler/pipeline/compile.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { collectFiles, displayPath } from '../../compiler/pipeline/files.ts';
import { ESCIR_SUFFIXES, isEscirCheckFile } from '../../compiler/pipeline/escir-files.ts';

export interface CompileFlags {
  optLevel: OptLevel;
  overflowChecks: boolean;
  cacheDir: string | null;
}

export interface CompileCliOptions {
  O?: string;
  overflowChecks?: boolean;
  cache?: boolean;
  cacheDir?: string;
}

export function parseOptLevel(text: string | undefined, fallback: OptLevel): OptLevel {
  if (text === undefined) return fallback;
  if (!/^[0-3]$/.test(text)) throw new CliError(`-O takes 0, 1, 2 or 3, not '${text}'`, EXIT_USAGE);
  return Number(text) as OptLevel;
}

export async function compileFlags(opts: CompileCliOptions, defaultOpt: OptLevel): Promise<CompileFlags> {
  const { defaultCacheDir } = await import('../../compiler/pipeline/compile.ts');
  return {
    optLevel: parseOptLevel(opts.O, defaultOpt),
    overflowChecks: opts.overflowChecks === true,
    cacheDir: opts.cache === false ? null : (opts.cacheDir ?? defaultCacheDir()),
  };
}

export interface FoundPrograms {
  programs: (ProgramInput & { selected: string[] })[];
  /** Paths that do not exist or cannot be read. */
  diagnostics: Diagnostic[];
}

/** Groups command-line paths into programs (display paths throughout). */
export async function findPrograms(paths: readonly string[]): Promise<FoundPrograms> {
  const { discoverPrograms } = await import('../../compiler/pipeline/programs.ts');
  const found = discoverPrograms(paths);
  return {
    programs: found.programs.map((g) => ({ root: displayPath(g.root) || '.', files: g.files, selected: g.selected })),
    diagnostics: found.diagnostics.map((d) => ({ ...d, file: displayPath(d.file) })),
  };
}

/** The one program a `run` target names, or a usage error saying why there is none. */
export async function findOneProgram(target: string): Promise<ProgramInput & { selected: string[]; targetIsFile: boolean }> {
  let isFile: boolean;
  try {
    isFile = statSync(target).isFile();
  } catch {
    throw new CliError(`${target}: no such file or directory`, EXIT_USAGE);
  }
  const found = await findPrograms([target]);
  const first = found.diagnostics[0];
  if (first) throw new CliError(`${first.file}: ${first.message}`, EXIT_USAGE);
  const program = found.programs[0];
  if (!program) throw new CliError(`${target}: no FastLang files (.fl, .fld, .flj) found`, EXIT_USAGE);
  return { ...program, targetIsFile: isFile };
}

/** What `estream compile` compiles: FastLang programs, and ESCIR files one module each. */
export type CompileUnit = { kind: 'fastlang'; program: ProgramInput & { selected: string[] } } | { kind: 'escir'; file: string };

/**
 * Splits command-line paths into compile units: `.escir.yaml` files (named, or found under a
 * directory argument) are modules of their own; everything else is grouped into FastLang
 * programs by findPrograms.
 */
export async function findCompileUnits(paths: readonly string[]): Promise<{ units: CompileUnit[]; diagnostics: Diagnostic[] }> {
  const escirFiles: string[] = [];
  const fastlangPaths: string[] = [];
  for (const p of paths) {
    // Circuits, and a template named explicitly (it compiles only after substitution: E099).
    if (isEscirCheckFile(p)) {
      escirFiles.push(p);
      continue;
    }
    fastlangPaths.push(p);
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) escirFiles.push(...collectFiles([p], ESCIR_SUFFIXES).files);
  }
  const found = fastlangPaths.length > 0 ? await findPrograms(fastlangPaths) : { programs: [], diagnostics: [] };
  const units: CompileUnit[] = [
    ...found.programs.map((program) => ({ kind: 'fastlang' as const, program })),
    ...[...new Set(escirFiles.map((f) => displayPath(f)))].map((file) => ({ kind: 'escir' as const, file })),
  ];
  return { units, diagnostics: found.diagnostics };
}
