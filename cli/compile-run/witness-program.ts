/**
 * Recompiling the program a witness names (`estream witness verify` and `show`).
 *
 * The header lists every source by the path it was compiled under and the SHA3-256 of its
 * content. A relative path is looked for under `--root` (when given), the working directory,
 * then the witness file's directory; the first copy whose content still has the recorded hash
 * wins, otherwise the first copy found is used and reported as changed. The program is then
 * compiled under the recorded paths (so locations read as they did when it ran) at the
 * recorded `-O`; the overflow mode is not in the header, so it is taken as the one whose
 * module has the recorded module hash (wrapping first).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { OptLevel, ProgramCompilation } from '../../compiler/pipeline/compile.ts';
import type { CompiledModule } from '../../compiler/wasm/index.ts';
import type { WitnessHeader } from '../../runtime/witness/index.ts';

export type SourceState = 'unchanged' | 'changed' | 'missing';

export interface LocatedSource {
  /** Path as recorded in the witness (and used for compilation). */
  path: string;
  /** Where it was found on disk. */
  found?: string;
  state: SourceState;
  text?: string;
}

export interface WitnessProgram {
  sources: LocatedSource[];
  compilation?: ProgramCompilation;
  compiled?: CompiledModule;
  /** The recompiled module is byte-identical to the one that ran. */
  sameModule: boolean;
  overflowChecks: boolean;
  notes: string[];
  /** Why the program could not be recompiled, when known (ESCIR: its errors). */
  failure?: string;
}

export function locateSources(header: WitnessHeader, witnessPath: string, root: string | undefined): LocatedSource[] {
  const bases = [...(root !== undefined ? [resolve(root)] : []), process.cwd(), dirname(resolve(witnessPath))];
  return header.sources.map((s) => {
    const candidates = isAbsolute(s.path) ? [s.path] : [...new Set(bases.map((b) => resolve(b, s.path)))];
    let first: LocatedSource | undefined;
    for (const c of candidates) {
      if (!existsSync(c)) continue;
      let text: string;
      try {
        text = readFileSync(c, 'utf8');
      } catch {
        continue;
      }
      const sha3 = createHash('sha3-256').update(text).digest('hex');
      const located: LocatedSource = { path: s.path, found: c, state: sha3 === s.sha3 ? 'unchanged' : 'changed', text };
      if (located.state === 'unchanged') return located;
      first ??= located;
    }
    return first ?? { path: s.path, state: 'missing' };
  });
}

/** The deepest directory holding every source (the front end's default package root). */
function commonRoot(paths: string[]): string {
  const dirs = paths.map((p) => dirname(p).split('/'));
  if (dirs.length === 0) return '.';
  let n = dirs[0]!.length;
  for (const d of dirs) {
    let i = 0;
    while (i < n && i < d.length && d[i] === dirs[0]![i]) i++;
    n = i;
  }
  const root = dirs[0]!.slice(0, n).join('/');
  return root === '' ? (paths[0]!.startsWith('/') ? '/' : '.') : root;
}

export async function recompileForWitness(
  header: WitnessHeader,
  sources: LocatedSource[],
  cacheDir: string | null,
): Promise<WitnessProgram> {
  const notes: string[] = [];
  const available = sources.filter((s) => s.text !== undefined);
  if (available.length === 0) return { sources, sameModule: false, overflowChecks: false, notes: ['none of the program\'s sources were found'] };
  const { compileProgram, sha3Hex } = await import('../../compiler/pipeline/compile.ts');
  const texts = new Map(available.map((s) => [s.path, s.text!]));
  const { isEscirFile } = await import('../../compiler/pipeline/escir-files.ts');
  if (isEscirFile(sources[0]!.path)) return recompileEscir(header, sources, texts);
  const input = { root: commonRoot(available.map((s) => s.path)), files: available.map((s) => s.path) };
  const optLevel = ([0, 1, 2, 3].includes(header.optLevel) ? header.optLevel : 0) as OptLevel;
  let fallback: { compilation: ProgramCompilation; overflowChecks: boolean } | undefined;
  for (const overflowChecks of [false, true]) {
    const compilation = await compileProgram(input, { optLevel, overflowChecks, cacheDir, texts });
    if (!compilation.compiled) {
      fallback ??= { compilation, overflowChecks };
      continue;
    }
    if (sha3Hex(compilation.compiled.wasm) === header.moduleHash) {
      return { sources, compilation, compiled: compilation.compiled, sameModule: true, overflowChecks, notes };
    }
    fallback ??= { compilation, overflowChecks };
  }
  if (header.compilerVersion !== fallback!.compilation.compiled?.meta.compilerVersion && fallback!.compilation.compiled) {
    notes.push(`recorded with ${header.compilerVersion}, recompiled with ${fallback!.compilation.compiled.meta.compilerVersion}`);
  }
  notes.push('the recompiled module is not byte-identical to the one that ran (a changed source or compiler); the replay decides');
  const result: WitnessProgram = { sources, compilation: fallback!.compilation, sameModule: false, overflowChecks: fallback!.overflowChecks, notes };
  if (fallback!.compilation.compiled) result.compiled = fallback!.compilation.compiled;
  return result;
}

/**
 * An ESCIR step witness: its first source is the circuit file, the others the files the
 * loader read for it (imports). One compilation: ESCIR has no overflow flag (`checked` is an
 * annotation in the source).
 */
async function recompileEscir(header: WitnessHeader, sources: LocatedSource[], texts: Map<string, string>): Promise<WitnessProgram> {
  const { compileEscirFile, sha3Hex } = await import('../../compiler/pipeline/compile.ts');
  const main = sources[0]!;
  if (main.text === undefined) return { sources, sameModule: false, overflowChecks: false, notes: [`the circuit file ${main.path} was not found`] };
  const optLevel = ([0, 1, 2, 3].includes(header.optLevel) ? header.optLevel : 0) as OptLevel;
  const compilation = await compileEscirFile(main.path, { optLevel, witness: true, texts });
  const notes: string[] = [];
  const result: WitnessProgram = { sources, compilation, sameModule: false, overflowChecks: false, notes };
  // A circuit that no longer lowers has no step function to replay: its errors say why.
  const errors = compilation.diagnostics.filter((d) => d.severity === 'error');
  if (!compilation.compiled || errors.length > 0 || !compilation.escir?.lowering?.graph) {
    result.failure = errors.length > 0 ? errors.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`).join('; ') : `${main.path} has no graph that lowers to a step function`;
    return result;
  }
  result.compiled = compilation.compiled;
  result.sameModule = sha3Hex(compilation.compiled.wasm) === header.moduleHash;
  if (!result.sameModule) {
    if (header.compilerVersion !== compilation.compiled.meta.compilerVersion) notes.push(`recorded with ${header.compilerVersion}, recompiled with ${compilation.compiled.meta.compilerVersion}`);
    notes.push('the recompiled module is not byte-identical to the one that ran (a changed source or compiler); the replay decides');
  }
  return result;
}
