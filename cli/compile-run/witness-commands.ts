/**
 * `estream witness verify` and `estream witness show` (specs/witness.md). Integrity first
 * (every byte: commitment, signature, structure), then the program (sources by hash), then
 * the replay, whose first difference is reported at its source location.
 */
import { createHash } from 'node:crypto';
import type { IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { ModuleMeta } from '../../compiler/wasm/index.ts';
import type { VerifyReport, WitnessFile } from '../../runtime/witness/index.ts';
import type { WitnessCommandOptions } from '../commands/witness.ts';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';
import { displayPath, ioReason } from '../../compiler/pipeline/files.ts';
import type { LocatedSource, WitnessProgram } from './witness-program.ts';

async function readWitnessBytes(file: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    throw new CliError(`cannot read witness ${file}: ${ioReason(e)}`, EXIT_USAGE);
  }
}

async function cacheDirFor(opts: WitnessCommandOptions): Promise<string | null> {
  const { defaultCacheDir } = await import('../../compiler/pipeline/compile.ts');
  return opts.cache === false ? null : (opts.cacheDir ?? defaultCacheDir());
}

/** A value for a message: canonical JSON on one line, decoded with its type when possible. */
async function describeValue(bytes: Uint8Array | undefined, type: IrType | undefined, types: IrTypeDef[], max = 160): Promise<string> {
  if (bytes === undefined) return 'nothing';
  const { decodeCanonical, toJson } = await import('../../runtime/values/index.ts');
  let text: string;
  try {
    if (!type) throw new Error('untyped');
    text = JSON.stringify(toJson(decodeCanonical(bytes, type, types), type, types));
  } catch {
    text = `0x${Buffer.from(bytes).toString('hex')}`;
  }
  return text.length > max ? `${text.slice(0, max)}… (${bytes.length} bytes)` : text;
}

/** The key a `--signer` file names: a marketplace `.pub.json` record or a PEM private key. */
async function signerKey(path: string): Promise<Uint8Array> {
  const { readFileSync } = await import('node:fs');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read signer key ${path}: ${ioReason(e)}`, EXIT_USAGE);
  }
  if (text.trimStart().startsWith('{')) {
    try {
      const rec = JSON.parse(text) as { public_key_hex?: unknown };
      if (typeof rec.public_key_hex === 'string' && /^[0-9a-f]+$/i.test(rec.public_key_hex)) return new Uint8Array(Buffer.from(rec.public_key_hex, 'hex'));
    } catch {
      // reported below
    }
    throw new CliError(`${path}: a public key record needs "public_key_hex" (as \`estream marketplace keygen\` writes it)`, EXIT_USAGE);
  }
  const { readWitnessKey } = await import('./host-setup.ts');
  return (await readWitnessKey(path)).publicKey;
}

/** Key fingerprint as `estream marketplace keygen` prints it: SHA3-256 of the public key, 32 hex digits. */
function fingerprint(publicKey: Uint8Array): string {
  return createHash('sha3-256').update(publicKey).digest('hex').slice(0, 32);
}

async function loadProgramFor(file: string, opts: WitnessCommandOptions, witness: WitnessFile): Promise<WitnessProgram> {
  const { locateSources, recompileForWitness } = await import('./witness-program.ts');
  const sources = locateSources(witness.header, file, opts.root);
  const { withProgress } = await import('./report.ts');
  const cacheDir = await cacheDirFor(opts);
  return withProgress(`recompiling ${witness.header.circuit} from ${sources.length} recorded source${sources.length === 1 ? '' : 's'}`, () => recompileForWitness(witness.header, sources, cacheDir), opts.json ? false : undefined);
}

function sourceProblems(sources: LocatedSource[]): string[] {
  return sources.filter((s) => s.state !== 'unchanged').map((s) => (s.state === 'missing' ? `${s.path}: source not found (use --root DIR)` : `${s.path}: source changed since the witness was recorded${displayPath(s.found!) !== s.path ? ` (found at ${displayPath(s.found!)})` : ''}`));
}

export async function verifyCommand(file: string, opts: WitnessCommandOptions): Promise<number> {
  const { outputFor, renderLocated, hex, plural } = await import('./report.ts');
  const { verifyWitness, checkIntegrity } = await import('../../runtime/witness/index.ts');
  const bytes = await readWitnessBytes(file);
  const expectedSigner = opts.signer !== undefined ? await signerKey(opts.signer) : undefined;
  const json = opts.json === true;
  const out = outputFor(process.stdout, opts.color);
  const shown = displayPath(file);

  let program: WitnessProgram | undefined;
  const integrity = checkIntegrity(bytes);
  let report: VerifyReport;
  if (!integrity.ok || !integrity.file) {
    report = { ok: false, commitmentOk: integrity.commitmentOk, signature: integrity.signature, replayed: false, notes: [], error: integrity.error ?? 'integrity check failed' };
  } else {
    const witness = integrity.file;
    report = await verifyWitness(bytes, async () => {
      program = await loadProgramFor(file, opts, witness);
      if (!program.compiled) {
        const missing = program.sources.filter((s) => s.state === 'missing').map((s) => s.path);
        if (program.sources.length === 0) throw new Error('the witness names no source files to recompile');
        throw new Error(missing.length > 0 ? `sources not found: ${missing.join(', ')} (use --root DIR)` : (program.failure ?? 'the program does not compile'));
      }
      const { loadModule } = await import('../../runtime/index.ts');
      const { createHost } = await import('../../runtime/host/index.ts');
      return loadModule(program.compiled, { host: createHost({ streams: program.compiled.meta.streams as never }) });
    });
  }

  const problems: string[] = [];
  if (program) problems.push(...sourceProblems(program.sources));
  const witness = report.file ?? integrity.file;
  if (expectedSigner && witness) {
    if (!witness.signature) problems.push('the witness is not signed, but --signer requires a signature');
    else if (!Buffer.from(witness.signature.publicKey).equals(Buffer.from(expectedSigner))) {
      problems.push(`the witness is signed by key ${fingerprint(witness.signature.publicKey)}, not by the --signer key ${fingerprint(expectedSigner)}`);
    }
  }
  const ok = report.ok && problems.length === 0;
  const meta: ModuleMeta | undefined = program?.compiled?.meta;
  const { typesFromJson } = await import('../../compiler/wasm/meta.ts');
  const types = meta ? typesFromJson(meta.types) : [];
  let d = report.difference;
  // ESCIR steps: "the output differs" is narrowed to the output port or state slot that does.
  const escirModel = program?.compilation?.escir?.model;
  if (d && escirModel && program?.compiled && witness) {
    const { narrowStepDifference } = await import('./escir-witness.ts');
    const narrowed = await narrowStepDifference(d, escirModel, program.compiled, witness.header.func);
    if (narrowed) report.error = (d = narrowed).message;
  }
  const differenceJson = d
    ? {
        message: d.message,
        record: d.index,
        ...(d.binding ? { binding: d.binding.name, function: d.binding.func } : {}),
        ...(d.loc ? { file: d.loc.file, line: d.loc.line, column: d.loc.column, endLine: d.loc.endLine, endColumn: d.loc.endColumn } : {}),
        ...(d.expected ? { recorded: await describeValue(d.expected, d.binding?.type, types) } : {}),
        ...(d.actual ? { replayed: await describeValue(d.actual, d.binding?.type, types) } : {}),
      }
    : undefined;

  if (json) {
    process.stdout.write(
      JSON.stringify({
        ok,
        file: shown,
        circuit: witness?.header.circuit ?? null,
        commitmentOk: report.commitmentOk,
        signature: report.signature,
        ...(witness?.signature ? { signer: fingerprint(witness.signature.publicKey) } : {}),
        replayed: report.replayed,
        sources: program?.sources.map((s) => ({ path: s.path, state: s.state })) ?? [],
        ...(differenceJson ? { difference: differenceJson } : {}),
        ...(report.error !== undefined ? { error: report.error } : {}),
        problems,
        notes: [...(program?.notes ?? []), ...report.notes],
      }) + '\n',
    );
    return ok ? EXIT_OK : EXIT_FINDINGS;
  }

  const lines: string[] = [];
  const sourceTexts = new Map((program?.sources ?? []).filter((s) => s.text !== undefined).map((s) => [s.path, s.text!]));
  if (d && d.loc) {
    const detail = differenceJson && 'recorded' in differenceJson ? `: recorded ${differenceJson.recorded}, replayed ${differenceJson.replayed ?? 'nothing'}` : '';
    lines.push(await renderLocated(d.loc, `${d.message}${detail}`, sourceTexts, out));
  } else if (report.error !== undefined) lines.push(`${shown}: error: ${report.error}`);
  for (const p of problems) lines.push(`${shown}: error: ${p}`);
  if (witness) {
    const h = witness.header;
    const signature =
      report.signature === 'valid' ? `valid ML-DSA-87 signature by key ${fingerprint(witness.signature!.publicKey)}` : report.signature === 'invalid' ? 'INVALID signature' : 'not signed';
    lines.push(`${ok ? 'verified' : 'NOT verified'}: ${shown} — ${h.circuit}${h.attested ? ' (attested)' : ''}`);
    lines.push(`  commitment  ${hex(witness.commitment)} ${report.commitmentOk ? 'matches the content' : 'does NOT match the content'}; ${signature}`);
    if (program) {
      const unchanged = program.sources.filter((s) => s.state === 'unchanged').length;
      lines.push(`  program     ${plural(program.sources.length, 'source')}, ${unchanged} unchanged; -O${h.optLevel}${program.overflowChecks ? ', overflow checks' : ''}; module ${program.sameModule ? 'identical to the one that ran' : 'differs from the one that ran'}`);
    }
    if (report.replayed) lines.push(`  replay      ${plural(witness.recording.records.length, 'record')} and the ${witness.recording.trap ? 'trap' : 'output'} reproduced`);
  } else lines.push(`NOT verified: ${shown}`);
  for (const n of [...(program?.notes ?? []), ...report.notes]) lines.push(`note: ${n}`);
  process.stdout.write(lines.join('\n') + '\n');
  return ok ? EXIT_OK : EXIT_FINDINGS;
}

export async function showCommand(file: string, opts: WitnessCommandOptions): Promise<number> {
  const { checkIntegrity, readWitness, showWitness, WitnessFormatError } = await import('../../runtime/witness/index.ts');
  const { hex } = await import('./report.ts');
  const bytes = await readWitnessBytes(file);
  let witness: WitnessFile;
  try {
    witness = readWitness(bytes);
  } catch (e) {
    if (e instanceof WitnessFormatError) {
      process.stderr.write(`${displayPath(file)}: error: ${e.message}\n`);
      return EXIT_FINDINGS;
    }
    throw e;
  }
  const integrity = checkIntegrity(bytes);
  const program = await loadProgramFor(file, opts, witness);
  // Values are decoded with the recompiled module only when it is the module that ran.
  const meta = program.compiled && program.sameModule ? program.compiled.meta : undefined;
  const integrityLine = integrity.ok
    ? `integrity: commitment matches${integrity.signature === 'valid' ? ', signature valid' : ''}`
    : `integrity: FAILED — ${integrity.error}`;
  if (opts.json) {
    process.stdout.write(JSON.stringify(await witnessJson(witness, meta, integrity.ok, integrity.signature, hex)) + '\n');
  } else {
    const note = meta ? '' : '\n(values undecoded: the program that ran was not found; see --root)';
    process.stdout.write(`${showWitness(witness, meta)}\n${integrityLine}${note}\n`);
  }
  return integrity.ok ? EXIT_OK : EXIT_FINDINGS;
}

async function witnessJson(
  w: WitnessFile,
  meta: ModuleMeta | undefined,
  intact: boolean,
  signature: 'none' | 'valid' | 'invalid',
  hex: (b: Uint8Array) => string,
): Promise<Record<string, unknown>> {
  const { decodeCanonical, toJson } = await import('../../runtime/values/index.ts');
  const { typesFromJson } = await import('../../compiler/wasm/meta.ts');
  const types = meta ? typesFromJson(meta.types) : [];
  const fm = meta?.funcs.find((f) => f.name === w.header.func);
  const value = (bytes: Uint8Array, type: IrType | undefined): unknown => {
    if (!type) return hex(bytes);
    try {
      return toJson(decodeCanonical(bytes, type, types), type, types);
    } catch {
      return hex(bytes);
    }
  };
  const loc = (l: { file: string; line: number; column: number } | undefined) => (l ? { file: l.file, line: l.line, column: l.column } : {});
  return {
    header: w.header,
    intact,
    signature: w.signature ? { state: signature, publicKey: hex(w.signature.publicKey) } : null,
    decoded: meta !== undefined,
    inputs: w.recording.inputs.map((b, i) => ({ name: fm?.params[i]?.name ?? null, value: value(b, fm?.params[i]?.type) })),
    records: w.recording.records.map((r) => {
      if (r.kind === 'binding') {
        const b = meta?.bindings[r.id];
        return { kind: 'binding', id: r.id, name: b?.name ?? null, ...loc(b?.loc), value: value(r.value, b?.type) };
      }
      const site = meta?.callSites[r.site];
      return { kind: 'effect', name: r.name, site: r.site, ...loc(site?.loc), argDigest: hex(r.argDigest), result: value(r.result, site?.resultType) };
    }),
    outcome: w.recording.trap ? { trap: w.recording.trap } : { output: value(w.recording.output ?? new Uint8Array(0), fm?.result) },
    commitment: hex(w.commitment),
  };
}
