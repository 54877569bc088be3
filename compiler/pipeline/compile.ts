/**
 * Program → IR → WebAssembly, with a content-hash cache (issue 3 items 4 and 7): the pipeline
 * behind `estream compile`, `estream run` and `estream witness verify`.
 *
 * The cache key covers everything that changes the output (STYLE.md): every source's path
 * and content, the package root, the overflow mode, the optimisation level, the witness
 * flag and the compiler version. "Compiler version" is the back end's COMPILER_VERSION plus
 * a digest of the compiler's own source files, so a development checkout never reuses the
 * output of a different compiler. A hit skips the front end and binaryen entirely: the
 * front end's diagnostics are stored beside the artefact. Nothing here prints.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceText } from './files.ts';
import { countBySeverity, sortDiagnostics, type Diagnostic } from '../diagnostics/index.ts';
import type { IrModule } from '../ir/ir.ts';
import type { CompiledModule } from '../wasm/index.ts';
import { compileSources } from './program.ts';

export type OptLevel = 0 | 1 | 2 | 3;

/** One program: the files that are compiled together into one module. */
export interface ProgramInput {
  /** Package root for `import x from "path"` (display path). */
  root: string;
  /** Every source file, as displayed in diagnostics, in stable path order. */
  files: string[];
}

export interface CompileProgramOptions {
  optLevel: OptLevel;
  /** LANGUAGE.md §8.1: `+ - *` and unary `-` trap on overflow. */
  overflowChecks?: boolean;
  /** Emit witness recording code (default true: `run --witness` and verify need it). */
  witness?: boolean;
  /** Cache directory, or null for no cache (default: defaultCacheDir()). */
  cacheDir?: string | null;
  /** Run the back end (default true); false stops after the IR. */
  backEnd?: boolean;
  /** Run the front end even on a cache hit, to get the IR (`--emit ir`). */
  needIr?: boolean;
  /** Source texts to use instead of reading the files (witness verification, tests). */
  texts?: Map<string, string>;
}

export interface ProgramCompilation {
  input: ProgramInput;
  /** The sources that were read, in program order (for code frames and witness headers). */
  sources: { path: string; text: string }[];
  /** Read, front-end and back-end diagnostics, sorted by file and position. */
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  /** Present when the front end ran. */
  ir?: IrModule;
  /** Present when the back end ran or the cache held the module. */
  compiled?: CompiledModule;
  cache: 'hit' | 'miss' | 'off';
  /** Milliseconds per phase (read, front, back, cache) plus total. */
  timings: Record<string, number>;
  /** ESCIR files only: the typed model and its lowering (compileEscirFile). */
  escir?: EscirFront;
}

/** `$ESTREAM_HOME/cache/wasm`, with ESTREAM_HOME defaulting to `~/.estream` (as the marketplace). */
export function defaultCacheDir(): string {
  const home = process.env['ESTREAM_HOME'];
  return join(home && home.length > 0 ? resolve(home) : join(homedir(), '.estream'), 'cache', 'wasm');
}

let compilerDigest: string | undefined;

/**
 * SHA3-256 over the compiler's own sources (`compiler/**`). Read once per process; a few
 * milliseconds, against a second or more for a compilation it may save.
 */
export function compilerFingerprint(): string {
  if (compilerDigest !== undefined) return compilerDigest;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const h = createHash('sha3-256');
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true })
        .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
        .sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name.endsWith('/')) walk(join(dir, name));
      else if (name.endsWith('.ts') || name.endsWith('.json')) {
        const path = join(dir, name);
        h.update(path.slice(root.length));
        h.update('\0');
        try {
          h.update(readFileSync(path));
        } catch {
          h.update('unreadable');
        }
        h.update('\0');
      }
    }
  };
  walk(root);
  compilerDigest = h.digest('hex');
  return compilerDigest;
}

export function sha3Hex(text: string | Uint8Array): string {
  return createHash('sha3-256').update(text).digest('hex');
}

/** The part of the cache key that the sources and front-end flags determine. */
export function programContentKey(input: ProgramInput, sources: { path: string; text: string }[], overflowChecks: boolean): string {
  const material = JSON.stringify({
    compiler: compilerFingerprint(),
    root: input.root,
    overflowChecks,
    sources: sources.map((s) => [s.path, sha3Hex(s.text)]),
  });
  return sha3Hex(material);
}

/** Front-end diagnostics stored beside a cached module (B's ArtifactCache holds the module). */
interface FrontEntry {
  contentKey: string;
  diagnostics: Diagnostic[];
}

async function readFrontEntry(dir: string, key: string, contentKey: string): Promise<Diagnostic[] | undefined> {
  try {
    const entry = JSON.parse(await readFile(join(dir, `${key}.front.json`), 'utf8')) as FrontEntry;
    if (entry.contentKey !== contentKey || !Array.isArray(entry.diagnostics)) return undefined;
    return entry.diagnostics;
  } catch {
    return undefined;
  }
}

async function writeFrontEntry(dir: string, key: string, entry: FrontEntry): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${key}.${process.pid}.front.tmp`);
  await writeFile(tmp, JSON.stringify(entry));
  await rename(tmp, join(dir, `${key}.front.json`));
}

/**
 * Compiles one program. Never throws for bad input: unreadable files, syntax and type
 * errors and functions the back end refuses are diagnostics; a cache that cannot be read
 * or written is only skipped.
 */
export async function compileProgram(input: ProgramInput, options: CompileProgramOptions): Promise<ProgramCompilation> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const overflowChecks = options.overflowChecks === true;
  const witness = options.witness ?? true;
  const backEnd = options.backEnd ?? true;

  let t = performance.now();
  const readDiagnostics: Diagnostic[] = [];
  const sources: { path: string; text: string }[] = [];
  for (const path of input.files) {
    const given = options.texts?.get(path);
    if (given !== undefined) {
      sources.push({ path, text: given });
      continue;
    }
    const r = readSourceText(path);
    if ('diagnostic' in r) readDiagnostics.push({ ...r.diagnostic, file: path });
    else sources.push({ path, text: r.text });
  }
  timings['read'] = performance.now() - t;

  // An unreadable file is not content: such a compilation is never cached.
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const useCache = backEnd && cacheDir !== null && readDiagnostics.length === 0;
  const contentKey = useCache ? programContentKey(input, sources, overflowChecks) : '';
  const { ArtifactCache, cacheKey } = useCache ? await import('../wasm/cache.ts') : { ArtifactCache: undefined, cacheKey: undefined };
  const cache = useCache ? new ArtifactCache!(cacheDir!) : undefined;
  const key = useCache ? cacheKey!(contentKey, { optLevel: options.optLevel, witness }) : '';

  const finish = (front: Diagnostic[], back: Diagnostic[], rest: Partial<ProgramCompilation>, state: ProgramCompilation['cache']): ProgramCompilation => {
    const diagnostics = sortDiagnostics([...readDiagnostics, ...front, ...back]);
    timings['total'] = performance.now() - started;
    return {
      input,
      sources,
      diagnostics,
      errors: countBySeverity(diagnostics, 'error'),
      warnings: countBySeverity(diagnostics, 'warning'),
      cache: state,
      timings,
      ...rest,
    };
  };

  if (cache && !options.needIr) {
    t = performance.now();
    const hit = await cache.get(key);
    const front = hit ? await readFrontEntry(cache.dir, key, contentKey) : undefined;
    timings['cache'] = performance.now() - t;
    if (hit && front) return finish(front, hit.meta.diagnostics, { compiled: hit }, 'hit');
  }

  t = performance.now();
  let program: ReturnType<typeof compileSources>;
  try {
    program = compileSources(sources, { overflowChecks, root: input.root });
  } catch (e) {
    // A front-end bug must not take the other programs of the command down with it.
    timings['front'] = performance.now() - t;
    return finish([internalError('E0603', 'front-end', e, input)], [], {}, 'off');
  }
  timings['front'] = performance.now() - t;
  const front = program.diagnostics;
  if (!backEnd) return finish(front, [], { ir: program.ir }, 'off');

  t = performance.now();
  let compiled: CompiledModule | undefined;
  let state: ProgramCompilation['cache'] = cache ? 'miss' : 'off';
  if (cache && options.needIr) {
    const hit = await cache.get(key);
    if (hit) {
      compiled = hit;
      state = 'hit';
    }
  }
  if (!compiled) {
    const { compileModule } = await import('../wasm/index.ts');
    try {
      compiled = await compileModule(program.ir, { optLevel: options.optLevel, witness });
    } catch (e) {
      // The back end isolates functions it refuses; this is only reached when its own runtime
      // library fails, which is still a diagnostic, never a crash.
      timings['back'] = performance.now() - t;
      return finish(front, [internalError('E0602', 'back-end', e, input)], { ir: program.ir }, state);
    }
    if (cache) {
      try {
        await cache.put(key, compiled);
        await writeFrontEntry(cache.dir, key, { contentKey, diagnostics: front });
      } catch {
        // A read-only or full cache directory only costs the next run a recompilation.
      }
    }
  }
  timings['back'] = performance.now() - t;
  return finish(front, compiled.meta.diagnostics, { ir: program.ir, compiled }, state);
}

function internalError(code: string, stage: string, e: unknown, input: ProgramInput): Diagnostic {
  return {
    severity: 'error',
    code,
    message: `internal ${stage} error: ${(e as Error)?.message ?? String(e)}`,
    file: input.files[0] ?? input.root,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    hint: 'please report this together with the program',
  };
}

/** Which circuits of a compiled module are callable wasm (for reports). */
export interface CircuitStatus {
  name: string;
  symbol: string;
  file?: string;
  line?: number;
  column?: number;
  compiled: boolean;
}

/**
 * The module's circuits in module order: functions of kind `circuit`, then stateful ESCIR
 * circuits (procs), which count as compiled when their step function is.
 */
export function circuitStatuses(compilation: ProgramCompilation): CircuitStatus[] {
  if (compilation.compiled) {
    const meta = compilation.compiled.meta;
    const funcs = meta.funcs
      .filter((f) => f.kind === 'circuit')
      .map((f) => ({
        name: f.sourceName,
        symbol: f.name,
        ...(f.loc ? { file: f.loc.file, line: f.loc.line, column: f.loc.column } : {}),
        compiled: f.compiled,
      }));
    const procs = meta.procs.map((p) => {
      const step = meta.funcs.find((f) => f.name === p.step);
      return { name: p.name, symbol: p.step, ...(step?.loc ? { file: step.loc.file, line: step.loc.line, column: step.loc.column } : {}), compiled: step?.compiled === true };
    });
    return [...funcs, ...procs];
  }
  // Front end only: a circuit counts as compiled when it has no front-end error.
  const ir = compilation.ir;
  return [
    ...(ir?.funcs ?? []).filter((f) => f.kind === 'circuit').map((f) => ({ name: f.sourceName, symbol: f.name, compiled: f.notCompiled === undefined })),
    ...(ir?.procs ?? []).map((p) => ({ name: p.name, symbol: p.step, compiled: ir?.funcs.find((f) => f.name === p.step)?.notCompiled === undefined })),
  ];
}

/** What the ESCIR front end produced for a file (the model and its lowering). */
export type EscirFront = Omit<import('../escir/driver.ts').EscirCompiled, 'diagnostics'>;

export interface CompileEscirOptions extends Pick<CompileProgramOptions, 'optLevel' | 'witness' | 'backEnd'> {
  /**
   * Source texts to use instead of the files, by the path they are compiled under (witness
   * verification recompiles the located copies of the recorded sources).
   */
  texts?: Map<string, string>;
}

/**
 * One ESCIR circuit (`.escir.yaml`) → IR (compiler/escir, lowering mode) → wasm. Not cached:
 * the loader follows composite references into other files, which the content key would
 * not cover. `sources` lists the file and every file the loader read for it (imports);
 * `escir` holds the model and lowering (`estream run` needs the ports and invariants).
 * The lowering locates every trap site and witness binding in the YAML itself
 * (compiler/escir/lower/locations.ts), so traps point into the YAML.
 */
export async function compileEscirFile(path: string, options: CompileEscirOptions): Promise<ProgramCompilation> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const input: ProgramInput = { root: path, files: [path] };
  const sources: { path: string; text: string }[] = [];
  const done = (diagnostics: Diagnostic[], rest: Partial<ProgramCompilation>): ProgramCompilation => {
    const sorted = sortDiagnostics(diagnostics);
    timings['total'] = performance.now() - started;
    return { input, sources, diagnostics: sorted, errors: countBySeverity(sorted, 'error'), warnings: countBySeverity(sorted, 'warning'), cache: 'off', timings, ...rest };
  };
  const given = options.texts?.get(path);
  const read = given !== undefined ? { text: given } : readSourceText(path);
  if ('diagnostic' in read) return done([{ ...read.diagnostic, file: path }], {});
  sources.push({ path, text: read.text });
  let t = performance.now();
  let front: import('../escir/driver.ts').EscirCompiled;
  try {
    const { compileEscirSource } = await import('../escir/driver.ts');
    const { defaultSearchPath } = await import('../escir/load.ts');
    const { SourceTrackingEscirContext } = await import('./escir-sources.ts');
    const overlay = new Map([...(options.texts ?? new Map<string, string>())].map(([p, text]) => [resolve(p), text]));
    const context = new SourceTrackingEscirContext(defaultSearchPath(path), overlay);
    front = compileEscirSource(path, read.text, { context });
    sources.push(...context.dependencies(path));
  } catch (e) {
    return done([internalError('E0603', 'ESCIR front-end', e, input)], {});
  }
  timings['front'] = performance.now() - t;
  const escir: EscirFront = {};
  if (front.model) escir.model = front.model;
  if (front.lowering) escir.lowering = front.lowering;
  const ir = front.lowering?.module;
  if (!ir || options.backEnd === false) return done(front.diagnostics, ir ? { ir, escir } : { escir });
  t = performance.now();
  try {
    const { compileModule } = await import('../wasm/index.ts');
    const compiled = await compileModule(ir, { optLevel: options.optLevel, witness: options.witness ?? true });
    timings['back'] = performance.now() - t;
    return done([...front.diagnostics, ...compiled.meta.diagnostics], { ir, compiled, escir });
  } catch (e) {
    return done([...front.diagnostics, internalError('E0602', 'back-end', e, input)], { ir, escir });
  }
}
