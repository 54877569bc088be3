/**
 * Witnesses of ESCIR steps (specs/compile-run.md §8). A witness records one call of the
 * circuit's step function `(state, inputs, now)` in the same file format as a FastLang
 * call; a script writes one witness per step (`OUT-1.wit`, `OUT-2.wit`, …), each
 * verifiable on its own. On verification, a difference the replay found only in the
 * output (the step's `{state, outputs}`) is narrowed to the first output port or state slot
 * that differs, located at its port or node in the YAML.
 */
import { extname } from 'node:path';
import type { Span } from '../../compiler/diagnostics/index.ts';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { EscirModel } from '../../compiler/escir/model.ts';
import type { BindingInfo, ResolvedLoc } from '../../compiler/wasm/meta.ts';
import type { CompiledModule } from '../../compiler/wasm/index.ts';
import type { WitnessRecording } from '../../runtime/wasm/index.ts';
import type { Difference, SigningKey } from '../../runtime/witness/index.ts';
import { displayPath } from '../../compiler/source/files.ts';
import type { EscirCircuit } from './escir-circuit.ts';

/** `run.wit` → `run-3.wit`; a name without an extension gets `-3` appended. */
export function stepWitnessPath(out: string, step: number): string {
  const ext = extname(out);
  return ext === '' ? `${out}-${step}` : `${out.slice(0, -ext.length)}-${step}${ext}`;
}

export interface WrittenWitness {
  path: string;
  bytes: number;
  records: number;
  commitment: string;
  attested: boolean;
  signed: boolean;
  keyId?: string;
}

/** Writes the witness of one step call; signed only for an attested circuit given a key. */
export async function writeStepWitness(
  path: string,
  recording: WitnessRecording,
  c: EscirCircuit,
  compiled: CompiledModule,
  sources: { path: string; text: string }[],
  fuel: bigint,
  key: (SigningKey & { keyId: string }) | undefined,
): Promise<WrittenWitness> {
  const { witnessHeaderFor, writeWitness, checkIntegrity } = await import('../../runtime/witness/index.ts');
  const { writeFileAtomically } = await import('./run-circuit.ts');
  const { hex } = await import('./report.ts');
  // The step function carries no `attested` attribute: the circuit's annotations decide.
  const header = { ...witnessHeaderFor(compiled, c.step, { sources, fuel }), attested: c.attested };
  const bytes = writeWitness(recording, header, c.attested ? key : undefined);
  await writeFileAtomically(path, bytes);
  const written = checkIntegrity(bytes).file!;
  return {
    path: displayPath(path),
    bytes: bytes.length,
    records: recording.records.length,
    commitment: hex(written.commitment),
    attested: c.attested,
    signed: written.header.signed,
    ...(written.header.signed && key ? { keyId: key.keyId } : {}),
  };
}

function resolved(model: EscirModel, span: Span): ResolvedLoc {
  const a = model.file.lineCol(span.start);
  const b = model.file.lineCol(span.end);
  return { file: span.file.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/**
 * Narrows "the output differs" to the first output port, then the first state slot, whose
 * value differs; undefined when the difference is not of that kind or cannot be decoded.
 * The returned difference carries the sub-values' encodings and a binding naming the slot,
 * so it is rendered like any binding difference.
 */
export async function narrowStepDifference(d: Difference, model: EscirModel, compiled: CompiledModule, func: string): Promise<Difference | undefined> {
  if (!d.expected || !d.actual || d.binding) return undefined;
  const { decodeCanonical, encodeCanonical, valuesEqual } = await import('../../runtime/values/index.ts');
  const { typesFromJson } = await import('../../compiler/wasm/meta.ts');
  const { spanOf } = await import('../../compiler/diagnostics/index.ts');
  const fm = compiled.meta.funcs.find((f) => f.name === func);
  const proc = compiled.meta.procs.find((p) => p.step === func);
  if (!fm || !proc) return undefined;
  const types: IrTypeDef[] = typesFromJson(compiled.meta.types);
  let recorded: IrConst;
  let replayed: IrConst;
  try {
    recorded = decodeCanonical(d.expected, fm.result, types);
    replayed = decodeCanonical(d.actual, fm.result, types);
  } catch {
    return undefined;
  }
  if (!Array.isArray(recorded) || !Array.isArray(replayed)) return undefined;
  const fields = (t: IrType) => (t.k === 'struct' && types[t.id]?.kind === 'struct' ? (types[t.id] as { fields: { name: string; type: IrType }[] }).fields : []);
  const span = (n: { start: number; end: number }) => spanOf(model.file, n.start, n.end);
  const where = (slot: string): Span => {
    const [kind, name] = [slot.slice(0, slot.indexOf('$')), slot.slice(slot.indexOf('$') + 1)];
    const node = model.graph?.nodes.find((n) => n.id === name);
    if ((kind === 'node' || kind === 'fsm') && node) return span(node.node);
    const port = [...model.inputs, ...model.outputs].find((p) => p.name === name);
    if (port) return span(port.node);
    const reg = model.state.find((r) => r.name === name);
    if (reg) return span(reg.node);
    // Process circuits: `reg$comp.r`, `chan$comp.port`, `slot$comp.core` belong to a component.
    const component = model.components.find((c) => c.id === name.slice(0, name.indexOf('.')));
    return component ? span(component.node) : span(model.root);
  };
  // Outputs first (field 1 of the step's result), then the state (field 0).
  const parts: { label: string; values: [IrConst, IrConst]; type: IrType; loc: (name: string) => Span }[] = [
    { label: 'output', values: [recorded[1]!, replayed[1]!], type: proc.outputsType, loc: (name) => span(model.outputs.find((p) => p.name === name)?.node ?? model.root) },
    { label: 'state slot', values: [recorded[0]!, replayed[0]!], type: proc.stateType, loc: where },
  ];
  for (const part of parts) {
    const [a, b] = part.values;
    if (!Array.isArray(a) || !Array.isArray(b)) continue;
    const fs = fields(part.type);
    for (let i = 0; i < fs.length; i++) {
      if (valuesEqual(a[i]!, b[i]!)) continue;
      const f = fs[i]!;
      const loc = resolved(model, part.loc(f.name));
      const binding: BindingInfo = { id: -1, func, name: f.name, type: f.type, loc };
      return {
        index: d.index,
        message: `${part.label} ${f.name} has a different value than recorded`,
        binding,
        loc,
        expected: encodeCanonical(a[i]!, f.type, types),
        actual: encodeCanonical(b[i]!, f.type, types),
      };
    }
  }
  return undefined;
}
