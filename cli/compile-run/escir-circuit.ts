/**
 * The facts `estream run` needs about one lowered ESCIR circuit: its step function, the
 * port layout of the inputs and outputs structs with each port's ESCIR and IR types, the
 * legacy `X_valid` flags and clock input, the invariant predicates, and whether witnesses
 * of its steps are signed (specs/compile-run.md §8).
 */
import type { Span } from '../../compiler/diagnostics/index.ts';
import type { IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { EscirModel, PortMode } from '../../compiler/escir/model.ts';
import type { EType } from '../../compiler/escir/types/etype.ts';
import type { TypeTable } from '../../compiler/escir/types/type-table.ts';
import type { GraphLowering } from '../../compiler/escir/lower/graph.ts';
import type { CompiledModule } from '../../compiler/wasm/index.ts';
import type { EscirValueContext } from './escir-values.ts';

export interface EscirPort {
  name: string;
  mode: PortMode;
  /** The payload's ESCIR type (a stream port's element type). */
  et: EType;
  /** The payload's IR type (the item type of a list output). */
  ir: IrType;
  /**
   * How the struct field holds the payload: `option` (every input; event and stream outputs:
   * none = absent), `value` (value outputs), `list` (stream outputs of process circuits:
   * every item of the step).
   */
  shape: 'option' | 'value' | 'list';
  /** Index of the port's field in the inputs or outputs struct. */
  field: number;
  /** Legacy `X_valid` flag giving the presence of this port. */
  validFlag?: string;
  loc: Span;
}

export interface EscirCircuit extends EscirValueContext {
  name: string;
  file: string;
  /** The proc, and its step function's symbol. */
  proc: string;
  step: string;
  stateType: IrType;
  inputsType: IrType;
  outputsType: IrType;
  inputs: EscirPort[];
  outputs: EscirPort[];
  /** Names of the state struct's fields (`in$x`, `reg$r`, `node$id`, `fsm$id`, …). */
  stateFields: { name: string; type: IrType }[];
  /** Legacy time input (`clock_ns`, `now`, `current_timestamp`): its value is the step's `now`. */
  clock?: string;
  invariants: { name: string; func: string; loc: Span }[];
  /** Declared externs the circuit calls (host effects; `mock` gives their results), by name. */
  externs: Map<string, { et: EType; ir: IrType }>;
  /** Witnesses of its steps are signed with `--key` (`povc_enabled` or `attested` annotation). */
  attested: boolean;
  model: EscirModel;
  types: IrTypeDef[];
  table: TypeTable;
}

/**
 * ESCIR's word for an attested circuit *(decision, specs/compile-run.md §8)*: the annotation
 * `povc_enabled: true` (`povc` is the older spelling of `attested`, LANGUAGE.md A6) or
 * `attested: true`. `witness_tier` says how much a witness holds, not who vouches for it.
 */
export function isAttested(model: EscirModel): boolean {
  const a = model.annotations;
  return a['povc_enabled'] === true || a['attested'] === true;
}

export async function escirCircuit(model: EscirModel, graph: GraphLowering, compiled: CompiledModule): Promise<EscirCircuit> {
  const { typesFromJson } = await import('../../compiler/wasm/meta.ts');
  const { spanOf } = await import('../../compiler/diagnostics/index.ts');
  const types = typesFromJson(compiled.meta.types);
  const procMeta = compiled.meta.procs.find((p) => p.name === graph.proc.name) ?? compiled.meta.procs[0]!;
  const structFields = (t: IrType) => (t.k === 'struct' && types[t.id]?.kind === 'struct' ? (types[t.id] as { fields: { name: string; type: IrType }[] }).fields : []);
  const span = (n: { start: number; end: number }) => spanOf(model.file, n.start, n.end);
  const payload = (t: EType): EType => (t.k === 'stream' ? t.elem : t);
  // The field's type says how it holds the payload; the declared port (or, for a child's
  // `sub.port`, the lowering's sub-port table) gives the mode and the ESCIR type.
  const listOutputs = graph.listOutputs ?? new Set<string>();
  const ports = (structType: IrType, declared: EscirModel['inputs'], inputs: boolean): EscirPort[] =>
    structFields(structType).map((f, field) => {
      const p = declared.find((x) => x.name === f.name && !x.isValidFlag);
      const sub = graph.subPorts?.get(f.name);
      const shape: EscirPort['shape'] = !inputs && listOutputs.has(f.name) && f.type.k === 'list' ? 'list' : f.type.k === 'option' && (inputs || p?.mode !== 'value') ? 'option' : 'value';
      const ir = shape === 'list' && f.type.k === 'list' ? f.type.elem : shape === 'option' && f.type.k === 'option' ? f.type.inner : f.type;
      const et: EType = p ? payload(p.type) : (sub ?? { k: 'unknown' });
      const mode: PortMode = p?.mode ?? (shape === 'value' ? 'value' : 'event');
      const port: EscirPort = { name: f.name, mode, et, ir, shape, field, loc: p ? span(p.node) : span(model.root) };
      if (p?.validPort) port.validFlag = p.validPort;
      return port;
    });
  const circuit: EscirCircuit = {
    name: model.name ?? graph.proc.name,
    file: model.file.path,
    proc: procMeta.name,
    step: procMeta.step,
    stateType: procMeta.stateType,
    inputsType: procMeta.inputsType,
    outputsType: procMeta.outputsType,
    inputs: ports(procMeta.inputsType, model.inputs, true),
    outputs: ports(procMeta.outputsType, model.outputs, false),
    stateFields: structFields(procMeta.stateType),
    invariants: graph.invariants.map((inv) => {
      const m = model.invariants.find((x) => x.name === inv.name);
      return { ...inv, loc: m ? span(m.body ? m.body.scalar : m.node) : span(model.root) };
    }),
    externs: new Map(
      compiled.meta.callSites.filter((site) => site.kind === 'host' && model.externs.has(site.name)).map((site) => [site.name, { et: model.externs.get(site.name)!.result, ir: site.resultType }]),
    ),
    attested: isAttested(model),
    model,
    types,
    table: model.types,
  };
  // ESCIR.md §6 "Legacy now": the u64 input clock_ns, now or current_timestamp.
  if (model.level === 'legacy') {
    const clock = ['clock_ns', 'now', 'current_timestamp'].find((n) => circuit.inputs.some((p) => p.name === n));
    if (clock) circuit.clock = clock;
  }
  return circuit;
}
