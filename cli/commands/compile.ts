import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';

interface CompileCommandOptions {
  output?: string;
  emit?: string;
  O?: string;
  overflowChecks?: boolean;
  json?: boolean;
  cache?: boolean;
  cacheDir?: string;
  color?: boolean;
  timings?: boolean;
}

const EMIT_KINDS = ['wasm', 'wat', 'ir'] as const;
type EmitKind = (typeof EMIT_KINDS)[number];

/**
 * `estream compile PATHS -o DIR`: FastLang programs → IR → validated WebAssembly (issue 3
 * item 7). The pipeline is compiler/pipeline/compile.ts; heavy modules load in the action.
 */
export function register(program: Command): void {
  program
    .command('compile')
    .description('compile FastLang programs to WebAssembly (and print or write their IR / WAT)')
    .argument('[paths...]', 'files or directories; each directory (or package) is one program', ['.'])
    .option('-o, --output <dir>', 'write <program>.wasm and <program>.meta.json (plus .wat / .ir when emitted) into this directory')
    .option('--emit <kinds>', 'comma-separated artefacts: wasm, wat, ir (default wasm; without -o, wat and ir are printed)', 'wasm')
    .option('-O <level>', 'optimisation level 0-3 (default 2; 0 skips binaryen\'s optimiser)')
    .option('--overflow-checks', 'trap on + - * and unary - overflow instead of wrapping (LANGUAGE.md §8.1)')
    .option('--json', 'print exactly one JSON object {"modules":[…],"diagnostics":[…],"errors":N,"warnings":N}')
    .option('--no-cache', 'always recompile (the cache lives in $ESTREAM_HOME/cache/wasm)')
    .option('--cache-dir <dir>', 'artefact cache directory (default $ESTREAM_HOME/cache/wasm, ESTREAM_HOME defaulting to ~/.estream)')
    .option('--timings', 'print the time each program spent reading, in the front end and in the back end')
    .option('--no-color', 'never colour the output (colour is used only on a terminal)')
    .addHelpText(
      'after',
      `
A program is a directory tree (or the package an estream-component.toml marks); a file
argument compiles its directory, so types in sibling .fld files resolve. Every circuit is
compiled on its own: a declaration with errors becomes a not_compiled stub and the rest of
the program still compiles (LANGUAGE.md §10).

Unchanged programs are not recompiled: the cache key covers every source's content, the
package root, -O, --overflow-checks and the compiler version.

Exit status: 0 without errors, 1 when a diagnostic is an error (the module is still
written), 2 on usage or I/O errors.

Examples:
  estream compile circuits/licensing -o out            out/licensing.wasm + .meta.json
  estream compile circuits -o out --emit wasm,wat,ir -O0
  estream compile circuits/licensing --emit ir         print the IR
  estream compile --json -o out src > report.json`,
    )
    .action(async (paths: string[], opts: CompileCommandOptions) => {
      process.exitCode = await runCompile(paths, opts);
    });
}

function parseEmit(text: string | undefined): Set<EmitKind> {
  const kinds = new Set<EmitKind>();
  for (const raw of (text ?? 'wasm').split(',')) {
    const k = raw.trim();
    if (k === '') continue;
    if (!(EMIT_KINDS as readonly string[]).includes(k)) throw new CliError(`--emit takes wasm, wat and ir (comma-separated), not '${k}'`, EXIT_USAGE);
    kinds.add(k as EmitKind);
  }
  if (kinds.size === 0) throw new CliError('--emit needs at least one of wasm, wat, ir', EXIT_USAGE);
  return kinds;
}

/** Output names: the program root's last segment, made unique within one invocation. */
function moduleNames(roots: string[]): string[] {
  const used = new Map<string, number>();
  return roots.map((root) => {
    const segs = root.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
    const base = (segs[segs.length - 1] ?? 'program').replace(/[^A-Za-z0-9._-]/g, '_');
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

async function runCompile(paths: string[], opts: CompileCommandOptions): Promise<number> {
  const { compileFlags, findCompileUnits } = await import('../compile-run/programs.ts');
  const { outputFor, plural, renderAll } = await import('../compile-run/report.ts');
  const { compileProgram, compileEscirFile, circuitStatuses } = await import('../../compiler/pipeline/compile.ts');
  const { printModule } = await import('../../compiler/ir/print.ts');
  const { emitText } = await import('../../compiler/wasm/index.ts');
  const { mkdir, writeFile, rename } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { displayPath } = await import('../../compiler/pipeline/files.ts');

  const emit = parseEmit(opts.emit);
  const flags = await compileFlags(opts, 2);
  const json = opts.json === true;
  const out = outputFor(process.stdout, opts.color);
  const outDir = opts.output;
  // Without -o, text artefacts go to stdout; --json keeps stdout for the report alone.
  const printText = outDir === undefined && !json;
  const needBackEnd = emit.has('wasm') || emit.has('wat');

  const { units, diagnostics: pathDiagnostics } = await findCompileUnits(paths);
  if (outDir !== undefined) {
    try {
      await mkdir(outDir, { recursive: true });
    } catch (e) {
      throw new CliError(`cannot create output directory ${outDir}: ${(e as Error).message}`, EXIT_USAGE);
    }
  }
  const names = moduleNames(units.map((u) => (u.kind === 'fastlang' ? u.program.root : u.file.replace(/\.(escir|flir)\.ya?ml$/, ''))));
  const modules: Record<string, unknown>[] = [];
  const diagnostics = [...pathDiagnostics];
  const sources = new Map<string, string>();
  const textBlocks: string[] = [];
  const summaries: string[] = [];
  let circuitsTotal = 0;
  let circuitsCompiled = 0;
  const progress = !json && process.stderr.isTTY === true;

  const write = async (file: string, data: string | Uint8Array) => {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, file);
    } catch (e) {
      throw new CliError(`cannot write ${file}: ${(e as Error).message}`, EXIT_USAGE);
    }
  };

  for (const [i, unit] of units.entries()) {
    const program = unit.kind === 'fastlang' ? unit.program : { root: unit.file, files: [unit.file] };
    if (progress) process.stderr.write(`compiling ${program.root} (${plural(program.files.length, 'file')})…\n`);
    const c =
      unit.kind === 'fastlang'
        ? await compileProgram(unit.program, {
            optLevel: flags.optLevel,
            overflowChecks: flags.overflowChecks,
            cacheDir: flags.cacheDir,
            backEnd: needBackEnd,
            needIr: emit.has('ir'),
          })
        : await compileEscirFile(unit.file, { optLevel: flags.optLevel, backEnd: needBackEnd });
    for (const s of c.sources) sources.set(s.path, s.text);
    diagnostics.push(...c.diagnostics);
    const circuits = circuitStatuses(c);
    circuitsTotal += circuits.length;
    circuitsCompiled += circuits.filter((x) => x.compiled).length;
    const name = names[i]!;
    const written: Record<string, string> = {};
    if (outDir !== undefined) {
      if (emit.has('wasm') && c.compiled) {
        written['wasm'] = join(outDir, `${name}.wasm`);
        await write(written['wasm'], c.compiled.wasm);
        written['meta'] = join(outDir, `${name}.meta.json`);
        await write(written['meta'], JSON.stringify(c.compiled.meta, null, 1) + '\n');
      }
      if (emit.has('wat') && c.compiled) {
        written['wat'] = join(outDir, `${name}.wat`);
        await write(written['wat'], await emitText(c.compiled));
      }
      if (emit.has('ir') && c.ir) {
        written['ir'] = join(outDir, `${name}.ir`);
        await write(written['ir'], printModule(c.ir));
      }
    } else if (printText) {
      if (emit.has('ir') && c.ir) textBlocks.push(`;; IR of ${program.root}\n${printModule(c.ir)}`);
      if (emit.has('wat') && c.compiled) textBlocks.push(`;; WebAssembly text of ${program.root}\n${await emitText(c.compiled)}`);
    }
    const entry: Record<string, unknown> = {
      path: program.root,
      wasm: written['wasm'] !== undefined ? displayPath(written['wasm']) : null,
      circuits: circuits.map((x) => ({ name: x.name, compiled: x.compiled, ...(x.file !== undefined ? { file: x.file, line: x.line, column: x.column } : {}) })),
      files: program.files,
      ...(written['meta'] !== undefined ? { meta: displayPath(written['meta']) } : {}),
      ...(written['wat'] !== undefined ? { wat: displayPath(written['wat']) } : {}),
      ...(written['ir'] !== undefined ? { ir: displayPath(written['ir']) } : {}),
      ...(c.compiled ? { bytes: c.compiled.wasm.length, optLevel: flags.optLevel } : {}),
      cache: c.cache,
      errors: c.errors,
      warnings: c.warnings,
    };
    if (opts.timings) entry['timings'] = roundTimings(c.timings);
    modules.push(entry);
    const done = circuits.filter((x) => x.compiled).length;
    const target = written['wasm'] ? ` → ${displayPath(written['wasm'])} (${c.compiled!.wasm.length} bytes)` : '';
    const cached = c.cache === 'hit' ? ', unchanged (cached)' : '';
    summaries.push(
      `${program.root}${target}: ${done}/${plural(circuits.length, 'circuit')} compiled${needBackEnd ? '' : ' (front end only)'}${cached}` +
        (opts.timings ? `\n  ${Object.entries(roundTimings(c.timings)).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}` : ''),
    );
  }

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (json) {
    process.stdout.write(JSON.stringify({ modules, diagnostics, errors, warnings }) + '\n');
  } else {
    const rendered = await renderAll(diagnostics, sources, out);
    if (textBlocks.length > 0) process.stdout.write(textBlocks.join('\n'));
    if (rendered) process.stdout.write(rendered + '\n');
    for (const s of summaries) process.stdout.write(s + '\n');
    const outcome = needBackEnd ? `${circuitsCompiled}/${plural(circuitsTotal, 'circuit')} to WebAssembly` : `${circuitsCompiled}/${plural(circuitsTotal, 'circuit')} without errors (front end only)`;
    process.stdout.write(`${needBackEnd ? 'compiled' : 'checked'} ${plural(units.length, 'program')}: ${outcome}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  // A path that does not exist or cannot be read is a usage/I-O failure (exit 2), as for check.
  const ioFailure = diagnostics.some((d) => d.code === 'FL9001' || d.code === 'FL9002');
  if (ioFailure) return EXIT_USAGE;
  return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function roundTimings(t: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(t)) out[k] = Math.round(v * 1000) / 1000;
  return out;
}
