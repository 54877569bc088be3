/**
 * Witness replay and verification (issue 3 item 6): check integrity, rerun the circuit on the
 * recorded inputs with recorded effect results, and name the first binding whose value
 * differs, with its source span. `estream witness verify` is a thin layer over verifyWitness.
 */
import type { IrConst } from '../../compiler/ir/ir.ts';
import type { BindingInfo, ResolvedLoc } from '../../compiler/wasm/meta.ts';
import { RuntimeTrap } from '../errors.ts';
import { decodeCanonical } from '../values/index.ts';
import type { LoadedModule } from '../wasm/loader.ts';
import type { EffectRecord, WitnessRecord, WitnessRecording } from '../wasm/recording.ts';
import { replayFrom } from '../wasm/replay-source.ts';
import { checkIntegrity, type WitnessFile, type WitnessHeader } from './format.ts';

export interface Difference {
  /** Index of the first differing record (records.length = the outcome). */
  index: number;
  message: string;
  binding?: BindingInfo;
  loc?: ResolvedLoc;
  expected?: Uint8Array;
  actual?: Uint8Array;
}

export interface VerifyReport {
  ok: boolean;
  commitmentOk: boolean;
  signature: 'none' | 'valid' | 'invalid';
  /** The replayed run reproduced every record and the outcome. */
  replayed: boolean;
  difference?: Difference;
  error?: string;
  /** Notes that do not fail verification (a different compiler version, …). */
  notes: string[];
  file?: WitnessFile;
}

function same(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

function describeRecord(r: WitnessRecord | undefined, bindings: BindingInfo[]): string {
  if (!r) return 'nothing';
  if (r.kind === 'effect') return `effect ${r.name}`;
  const b = bindings[r.id];
  return b ? `binding ${b.name}` : `binding #${r.id}`;
}

/** Compare a replayed recording with the recorded one; undefined when identical. */
export function compareRecordings(recorded: WitnessRecording, replayed: WitnessRecording, bindings: BindingInfo[]): Difference | undefined {
  const n = Math.max(recorded.records.length, replayed.records.length);
  for (let i = 0; i < n; i++) {
    const a = recorded.records[i];
    const b = replayed.records[i];
    if (a && b && a.kind === 'binding' && b.kind === 'binding' && a.id === b.id) {
      if (same(a.value, b.value)) continue;
      const info = bindings[a.id];
      const d: Difference = { index: i, message: `binding ${info?.name ?? `#${a.id}`} has a different value than recorded`, expected: a.value, actual: b.value };
      if (info) d.binding = info;
      if (info?.loc) d.loc = info.loc;
      return d;
    }
    if (a && b && a.kind === 'effect' && b.kind === 'effect' && a.name === b.name && same(a.argDigest, b.argDigest) && same(a.result, b.result)) continue;
    const info = a?.kind === 'binding' ? bindings[a.id] : b?.kind === 'binding' ? bindings[b.id] : undefined;
    const d: Difference = { index: i, message: `record #${i + 1}: the witness has ${describeRecord(a, bindings)}, the replay produced ${describeRecord(b, bindings)}` };
    if (info) d.binding = info;
    if (info?.loc) d.loc = info.loc;
    return d;
  }
  if (!!recorded.trap !== !!replayed.trap || (recorded.trap && replayed.trap && (recorded.trap.kind !== replayed.trap.kind || recorded.trap.message !== replayed.trap.message))) {
    return { index: n, message: `outcome differs: the witness has ${recorded.trap ? `trap ${recorded.trap.kind}` : 'an output'}, the replay ${replayed.trap ? `trapped with ${replayed.trap.kind}: ${replayed.trap.message}` : 'returned an output'}` };
  }
  if (!same(recorded.output, replayed.output)) return { index: n, message: 'the output differs from the recorded output', ...(recorded.output ? { expected: recorded.output } : {}), ...(replayed.output ? { actual: replayed.output } : {}) };
  return undefined;
}

/** Re-run the recorded call on a loaded module with the recorded effect results. */
export function replay(file: WitnessFile, module: LoadedModule): { recording?: WitnessRecording; error?: string; difference?: Difference } {
  const fm = module.findFunction(file.header.func);
  if (!fm) return { error: `the program has no function ${file.header.func}` };
  if (fm.params.length !== file.recording.inputs.length) return { error: `${fm.sourceName} takes ${fm.params.length} arguments; the witness has ${file.recording.inputs.length} inputs` };
  let args: IrConst[];
  try {
    args = fm.params.map((p, i) => decodeCanonical(file.recording.inputs[i]!, p.type, module.types));
  } catch (e) {
    return { error: `recorded inputs do not match the parameters of ${fm.sourceName}: ${(e as Error).message}` };
  }
  const effects = file.recording.records.filter((r): r is EffectRecord => r.kind === 'effect');
  const source = replayFrom(effects);
  let recording: WitnessRecording | undefined;
  try {
    recording = module.callIr(fm.name, args, { witness: true, replay: source, fuel: BigInt(file.header.fuel) }).witness!;
  } catch (e) {
    if (!(e instanceof RuntimeTrap)) return { error: `replay failed: ${(e as Error).message}` };
    recording = (e as RuntimeTrap & { witness?: WitnessRecording }).witness;
    if (e.kind === 'replay_divergence') {
      // A binding that already differed before the effect diverged is the better answer.
      if (recording) {
        const prefix = { ...file.recording, records: file.recording.records.slice(0, recording.records.length) };
        const sameOutcome: WitnessRecording = { func: recording.func, inputs: recording.inputs, records: recording.records, bindingsRecorded: recording.bindingsRecorded };
        if (file.recording.trap) sameOutcome.trap = file.recording.trap;
        if (file.recording.output) sameOutcome.output = file.recording.output;
        const earlier = compareRecordings(prefix, sameOutcome, module.meta.bindings);
        if (earlier && earlier.index < recording.records.length) return { recording, difference: earlier };
      }
      const d: Difference = { index: recording?.records.length ?? 0, message: `replay diverged: ${e.message}` };
      if (e.location) d.loc = { file: e.location.file, line: e.location.line, column: e.location.column, endLine: e.location.endLine ?? e.location.line, endColumn: e.location.endColumn ?? e.location.column };
      return recording ? { recording, difference: d } : { difference: d };
    }
    if (!recording) return { error: `replay trapped: ${e.format()}` };
  }
  if (source.remaining() > 0) {
    const d = compareRecordings(file.recording, recording, module.meta.bindings);
    return { recording, difference: d ?? { index: recording.records.length, message: `the replay used fewer effects than recorded (${source.remaining()} left over)` } };
  }
  const d = compareRecordings(file.recording, recording, module.meta.bindings);
  return d ? { recording, difference: d } : { recording };
}

/**
 * Verify a witness file: integrity (commitment, signature), then replay on the program that
 * `loadProgram` recompiles from the header's sources.
 */
export async function verifyWitness(bytes: Uint8Array, loadProgram: (header: WitnessHeader) => Promise<LoadedModule>): Promise<VerifyReport> {
  const integrity = checkIntegrity(bytes);
  const report: VerifyReport = { ok: false, commitmentOk: integrity.commitmentOk, signature: integrity.signature, replayed: false, notes: [] };
  if (integrity.file) report.file = integrity.file;
  if (!integrity.ok || !integrity.file) {
    report.error = integrity.error ?? 'integrity check failed';
    return report;
  }
  const file = integrity.file;
  if (file.header.attested && file.signature === undefined) report.notes.push('the circuit is attested but the witness is not signed (no key was given)');
  let module: LoadedModule;
  try {
    module = await loadProgram(file.header);
  } catch (e) {
    report.error = `cannot recompile the program: ${(e as Error).message}`;
    return report;
  }
  if (module.meta.compilerVersion !== file.header.compilerVersion) report.notes.push(`recorded with ${file.header.compilerVersion}, replayed with ${module.meta.compilerVersion}`);
  const r = replay(file, module);
  if (r.error) {
    report.error = r.error;
    return report;
  }
  if (r.difference) {
    report.difference = r.difference;
    report.error = r.difference.message;
    return report;
  }
  report.replayed = true;
  report.ok = true;
  return report;
}
