/**
 * `estream run`: compile (cached), pick the circuit, convert the input, call it on the wasm
 * runtime with a fresh in-memory host, print the result or the located trap, and write the
 * witness (signed with ML-DSA-87 for attested circuits when a key is given).
 */
import type { FuncMeta, ModuleMeta } from '../../compiler/wasm/index.ts';
import type { RunCommandOptions } from '../commands/run.ts';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';
import { displayPath } from '../../compiler/pipeline/files.ts';
// "Did you mean" on a misspelt circuit name.
import { closeNames } from '../../compiler/diagnostics/suggest.ts';

/**
 * The function a circuit name denotes. Several files may declare the same name (a warning,
 * LANGUAGE.md §10): the one in the file given on the command line wins, else the first in
 * path order. Circuits are preferred over tests and helpers of the same name.
 */
export function selectCircuit(meta: ModuleMeta, name: string, targetFile?: string): FuncMeta {
  const candidates = meta.funcs.filter((f) => f.sourceName === name || f.name === name);
  const rank = (f: FuncMeta) => (f.kind === 'circuit' ? 0 : 2) + (targetFile !== undefined && f.loc?.file === targetFile ? 0 : 1);
  const best = [...candidates].sort((a, b) => rank(a) - rank(b))[0];
  if (best) return best;
  const circuits = [...new Set(meta.funcs.filter((f) => f.kind === 'circuit').map((f) => f.sourceName))].sort();
  const close = closeNames(name, circuits);
  const hint = close.length > 0 ? `; did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : circuits.length > 0 ? `; circuits: ${circuits.join(', ')}` : '; the program has no circuits';
  throw new CliError(`no circuit named '${name}' in the program${hint}`, EXIT_USAGE);
}

export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const { mkdir, rename, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    throw new CliError(`cannot write witness ${path}: ${(e as Error).message}`, EXIT_USAGE);
  }
}

export async function runCircuitCommand(target: string, circuitName: string, opts: RunCommandOptions): Promise<number> {
  const { compileFlags, findOneProgram } = await import('./programs.ts');
  const { outputFor, renderAll, renderTrap, trapJson, hex, plural, withProgress } = await import('./report.ts');
  const { parseArguments } = await import('./inputs.ts');
  const { parseClock, parseFuel, readModels, readWitnessKey } = await import('./host-setup.ts');
  const json = opts.json === true;
  const out = outputFor(process.stderr, opts.color);

  // Everything the user typed is checked before the (possibly slow) compilation.
  const flags = await compileFlags(opts, 0);
  const { DEFAULT_FUEL } = await import('../../runtime/index.ts');
  const fuel = parseFuel(opts.fuel, DEFAULT_FUEL);
  const clockMs = parseClock(opts.clock);
  const models = readModels(opts.model);
  const key = opts.key !== undefined ? await readWitnessKey(opts.key) : undefined;
  // A directory may also hold ESCIR circuits: one named CIRCUIT runs when the FastLang
  // program does not define it (specs/compile-run.md §8).
  const escirFallback = async (): Promise<number | undefined> => {
    const { findEscirCircuitFile, runEscirCommand } = await import('./escir-run.ts');
    const file = await findEscirCircuitFile(target, circuitName);
    return file === undefined ? undefined : runEscirCommand(file, circuitName, opts);
  };
  let program: Awaited<ReturnType<typeof findOneProgram>>;
  try {
    program = await findOneProgram(target);
  } catch (e) {
    const r = e instanceof CliError ? await escirFallback() : undefined;
    if (r !== undefined) return r;
    const { escirCircuitsIn } = await import('./escir-run.ts');
    const escir = e instanceof CliError ? await escirCircuitsIn(target) : [];
    if (escir.length > 0) {
      const names = escir.map((c) => c.name);
      const close = closeNames(circuitName, names);
      throw new CliError(`no circuit named '${circuitName}' in ${displayPath(target)}${close.length > 0 ? `; did you mean ${close.map((n) => `'${n}'`).join(' or ')}?` : ''} (ESCIR circuits: ${names.join(', ')})`, EXIT_USAGE);
    }
    throw e;
  }

  const { compileProgram } = await import('../../compiler/pipeline/compile.ts');
  const compilation = await withProgress(
    `compiling ${program.root} (${plural(program.files.length, 'file')})`,
    () => compileProgram(program, { optLevel: flags.optLevel, overflowChecks: flags.overflowChecks, cacheDir: flags.cacheDir }),
    json ? false : undefined,
  );
  const sources = new Map(compilation.sources.map((s) => [s.path, s.text]));
  const compiled = compilation.compiled;
  const emit = (obj: Record<string, unknown>) => process.stdout.write(JSON.stringify(obj) + '\n');
  if (!compiled) {
    const errors = compilation.diagnostics.filter((d) => d.severity === 'error');
    if (json) emit({ circuit: circuitName, ok: false, diagnostics: errors });
    else process.stderr.write((await renderAll(errors, sources, out)) + `estream: ${program.root} could not be compiled\n`);
    return EXIT_FINDINGS;
  }

  let fm: FuncMeta;
  try {
    fm = selectCircuit(compiled.meta, circuitName, program.targetIsFile ? displayPath(target) : undefined);
  } catch (e) {
    const r = e instanceof CliError ? await escirFallback() : undefined;
    if (r !== undefined) return r;
    throw e;
  }
  if (!fm.compiled) {
    const errors = compilation.diagnostics.filter((d) => d.severity === 'error');
    if (json) emit({ circuit: fm.sourceName, ok: false, diagnostics: errors });
    else process.stderr.write((await renderAll(errors, sources, out)) + `\nestream: ${fm.sourceName} was not compiled (${plural(errors.length, 'error')} above)\n`);
    return EXIT_FINDINGS;
  }
  if (!json && compilation.errors > 0) {
    process.stderr.write(`note: ${program.root} has ${plural(compilation.errors, 'error')} in other declarations (they trap not_compiled if called); \`estream compile ${program.root}\` lists them\n`);
  }

  const { loadModule, RuntimeTrap, witnessHeaderFor, writeWitness } = await import('../../runtime/index.ts');
  const { createHost } = await import('../../runtime/host/index.ts');
  const { toJson, formatJson } = await import('../../runtime/values/index.ts');
  const { typesFromJson } = await import('../../compiler/wasm/meta.ts');
  const types = typesFromJson(compiled.meta.types);
  const args = await parseArguments(opts.input, fm.sourceName, fm.params, types);

  const host = createHost({
    clockMs,
    streams: compiled.meta.streams as never,
    ...(opts.seed !== undefined ? { testName: opts.seed } : {}),
    ...(models ? { models } : {}),
  });
  const loaded = await loadModule(compiled, { host });
  const wantWitness = opts.witness !== undefined;
  const attested = fm.attrs['attested'] === true;

  let value: unknown;
  let trap: InstanceType<typeof RuntimeTrap> | undefined;
  let recording;
  try {
    const r = loaded.callIr(fm.name, args, { witness: wantWitness, fuel });
    value = r.value;
    recording = r.witness;
  } catch (e) {
    if (!(e instanceof RuntimeTrap)) throw e;
    trap = e;
    recording = (e as { witness?: typeof recording }).witness;
  }

  let witnessInfo: Record<string, unknown> | null = null;
  const notes: string[] = [];
  if (wantWitness && recording) {
    const header = witnessHeaderFor(compiled, fm.name, { sources: compilation.sources, fuel });
    const bytes = writeWitness(recording, header, attested ? key : undefined);
    await writeFileAtomically(opts.witness!, bytes);
    const { checkIntegrity } = await import('../../runtime/witness/index.ts');
    const written = checkIntegrity(bytes).file!;
    witnessInfo = {
      path: displayPath(opts.witness!),
      bytes: bytes.length,
      records: recording.records.length,
      commitment: hex(written.commitment),
      attested,
      signed: written.header.signed,
      ...(written.header.signed && key ? { keyId: key.keyId } : {}),
    };
    if (attested && !key) notes.push(`note: ${fm.sourceName} is attested; pass --key to sign the witness commitment with ML-DSA-87`);
    if (!attested && key) notes.push(`note: ${fm.sourceName} is not attested; the witness is not signed`);
  } else if (key && !wantWitness) notes.push('note: --key signs witnesses; it has no effect without --witness');

  if (trap) {
    if (json) emit({ circuit: fm.sourceName, ok: false, trap: trapJson(trap), witness: witnessInfo });
    else {
      process.stderr.write(await renderTrap(trap, sources, out));
      if (witnessInfo) process.stderr.write(`witness of the failed call written to ${witnessInfo['path']} (${plural(witnessInfo['records'] as number, 'record')})\n`);
    }
    for (const n of notes) if (!json) process.stderr.write(n + '\n');
    return EXIT_FINDINGS;
  }

  const result = toJson(value as never, fm.result, types);
  if (json) emit({ circuit: fm.sourceName, ok: true, result, witness: witnessInfo });
  else {
    process.stdout.write(formatJson(result));
    if (witnessInfo) {
      const signed = witnessInfo['signed'] ? `, signed with ML-DSA-87 key ${witnessInfo['keyId']}` : '';
      process.stderr.write(`witness written to ${witnessInfo['path']}: ${plural(witnessInfo['records'] as number, 'record')}, commitment ${witnessInfo['commitment']}${signed}\n`);
    }
    for (const n of notes) process.stderr.write(n + '\n');
  }
  return EXIT_OK;
}

