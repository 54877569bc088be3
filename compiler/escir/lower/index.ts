/**
 * `lowerEscir`: an ESCIR model → the shared IR (ESCIR.md §10). Canonical circuits lower
 * completely (types, the step proc, operator helpers, invariant predicates). Legacy files
 * lower their executable parts: types always, state machines as IrStateMachines, and the
 * whole graph as a proc when every node is executable; otherwise E099 lists what blocks it.
 * Composites lower to a netlist in `attrs`; declarative constructs are kept as attrs.
 */
import type { Diagnostic, DiagnosticBag, RelatedLocation } from '../../diagnostics/index.ts';
import { lowerProcessCircuit, lowerProcessParts } from '../process/lower.ts';
import type { IrFunc, IrModule, IrStateMachine } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { EscirReporter } from '../diagnostics.ts';
import type { EscirModel, NodeModel } from '../model.ts';
import { get, items, str } from '../yaml/tree.ts';
import { bin, c, cond, FnBuilder } from './builder.ts';
import { LoweringError } from './errors.ts';
import { lowerGraph, type GraphLowering } from './graph.ts';
import { IrTypes } from './ir-types.ts';
import { lowerExecutableParts } from './partial.ts';
import { CircuitSpans } from './locations.ts';

export interface EscirLowering {
  module: IrModule;
  /** The graph lowering (proc, port layout, invariants) when the circuit lowered completely. */
  graph?: GraphLowering;
}

export function lowerEscirDetailed(model: EscirModel, diagnostics: DiagnosticBag): EscirLowering {
  const r = new EscirReporter(model.file, diagnostics, true, model.level === 'canonical');
  const types = new IrTypes(model.types);
  const module: IrModule = { types: types.defs, funcs: [], procs: [], streams: [], stateMachines: [], tests: [], attrs: {} };
  module.attrs.escir = {
    name: model.name,
    level: model.level,
    dialect: model.dialect,
    formatVersion: model.formatVersion,
    circuitVersion: model.circuitVersion,
    ...model.attrs,
  };
  // Types → layouts: every declared type is in the module's table.
  for (const name of model.types.names()) {
    const d = model.types.declaration(name);
    if (!d || d.kind === 'alias') continue;
    try {
      types.of(d.kind === 'struct' ? { k: 'struct', name } : d.kind === 'enum' ? { k: 'enum', name } : { k: 'union', name });
    } catch {
      /* a type with unresolved parts stays out of the table; it was reported by P4 */
    }
  }
  if (model.composite) {
    module.attrs.netlist = model.composite.netlist;
    module.attrs.limits = model.composite.limits;
  }
  const out: EscirLowering = { module };
  if (model.template) {
    // A template's placeholders are opaque (ESCIR.md §2): only its types lower until they are
    // substituted (specs/escir.md §10).
    r.error('E099', 'lowering refused: a template lowers only after its `{{X}}` placeholders are substituted; checked in template mode, lowered: types', model.root.entries[0]?.keyNode ?? model.root, {
      hint: 'substitute the placeholders (a values file) and compile the result',
    });
    return out;
  }
  const blockers = blockingFindings(model, diagnostics);
  if (model.graph) {
    for (const n of model.graph.nodes) if (n.op === 'fsm' && n.executable) lowerStateMachine(model, n, module);
    if (blockers.length === 0 && model.graph.order && model.graph.nodes.every((n) => n.executable && n.op)) {
      let g: GraphLowering | undefined;
      try {
        g = lowerGraph(model, types, (n, e) => refuse(r, model, `node \`${n?.id ?? '?'}\`: ${e.message}`, n));
      } catch (e) {
        if (!(e instanceof LoweringError)) throw e;
        refuse(r, model, e.message, undefined);
      }
      if (g) {
        module.procs.push(g.proc);
        module.funcs.push(...g.funcs);
        module.streams.push(...(g.telemetry?.streams ?? []));
        for (const u of g.telemetry?.unresolved ?? []) r.warning('W090', `${u.what} is kept as attrs: ${u.why}`, u.node);
        keptTelemetry(model, r, ['emissions']);
        out.graph = g;
        return out;
      }
      keptTelemetry(model, r);
      return out;
    }
  }
  if (!model.graph && model.net) {
    lowerProcessModel(model, types, module, blockers, r, out);
    keptTelemetry(model, r, out.graph ? ['streamsight'] : undefined);
    return out;
  }
  keptTelemetry(model, r);
  if (blockers.length > 0 || (model.graph && !model.graph.nodes.every((n) => n.executable))) {
    const opaque = model.graph?.nodes.filter((n) => !n.executable) ?? [];
    const parts = lowerExecutableParts(model, types);
    module.funcs.push(...parts.funcs);
    module.attrs.loweredNodes = parts.lowered;
    const related: RelatedLocation[] = [
      ...blockers.slice(0, 20).map((d) => ({ message: `${d.code} ${d.message}`, file: d.file, line: d.line, column: d.column })),
      ...opaque.slice(0, 20).map((n) => r.related(`node \`${n.id}\` is not executable`, n.idNode ?? n.node)),
    ];
    const done = [module.types.length ? 'types' : '', module.stateMachines.length ? 'state machines' : '', parts.lowered.length ? `${parts.lowered.length} node(s) as standalone functions` : ''].filter(Boolean).join(', ');
    r.error('E099', `lowering refused: ${blockers.length} error(s)${opaque.length ? ` and ${opaque.length} non-executable node(s)` : ''}${done ? `; lowered: ${done}` : ''}`, model.root.entries[0]?.keyNode ?? model.root, {
      pointer: '',
      related,
      hint: 'fix the listed findings (legacy † warnings are errors when lowering)',
    });
  }
  return out;
}

/** Dialect A / canonical `processes`: the whole circuit as a proc, or its executable parts and E099. */
function lowerProcessModel(model: EscirModel, types: IrTypes, module: IrModule, blockers: Diagnostic[], r: EscirReporter, out: EscirLowering): void {
  const at = model.root.entries.find((e) => e.key === 'components' || e.key === 'processes')?.keyNode ?? model.root;
  const opaque = model.components.filter((c) => c.type !== 'memory' && !c.typed);
  let why = '';
  if (blockers.length === 0 && opaque.length === 0) {
    try {
      const p = lowerProcessCircuit(model, types);
      module.procs.push(p.proc);
      module.funcs.push(...p.funcs);
      module.streams.push(...(p.telemetry?.streams ?? []));
      for (const u of p.telemetry?.unresolved ?? []) r.warning('W090', `${u.what} is kept as attrs: ${u.why}`, u.node);
      out.graph = p;
      return;
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
      why = `: ${e.message}`;
    }
  }
  const parts = lowerProcessParts(model, types);
  module.funcs.push(...parts.funcs);
  module.attrs.loweredComponents = parts.lowered;
  const related: RelatedLocation[] = [
    ...blockers.slice(0, 20).map((d) => ({ message: `${d.code} ${d.message}`, file: d.file, line: d.line, column: d.column })),
    ...opaque.slice(0, 20).map((c) => r.related(`component \`${c.id}\` is not executable`, get(c.node, 'id') ?? c.node)),
  ];
  const done = parts.lowered.length ? `; lowered: ${parts.lowered.map((x) => `\`${x}\``).join(', ')}` : '';
  r.error('E099', `lowering refused${why || `: ${blockers.length} error(s)${opaque.length ? ` and ${opaque.length} non-executable component(s)` : ''}`}${done}`, at, {
    related,
    hint: 'fix the listed findings (legacy † warnings are errors when lowering); test vectors are skipped (W076)',
  });
}

/** W090 for telemetry sections kept whole as attrs (the circuit did not lower, or the section does not apply). */
function keptTelemetry(model: EscirModel, r: EscirReporter, only?: string[]): void {
  for (const key of only ?? ['streamsight', 'emissions', 'telemetry']) {
    const e = model.root.entries.find((x) => x.key === key);
    if (e) r.warning('W090', `\`${key}\` is kept as attrs: ${only ? 'its entries do not apply to this kind of circuit' : 'the circuit does not lower'}`, e.keyNode);
  }
}

export function lowerEscir(model: EscirModel, diagnostics: DiagnosticBag): IrModule {
  return lowerEscirDetailed(model, diagnostics).module;
}

function blockingFindings(model: EscirModel, bag: DiagnosticBag) {
  return bag.items.filter((d) => d.file === model.file.path && d.severity === 'error' && d.code !== 'E099');
}

function refuse(r: EscirReporter, model: EscirModel, message: string, n: NodeModel | undefined): void {
  r.error('E099', `lowering refused: ${message}`, n?.opNode ?? n?.node ?? model.root, {});
}

/** state_machine → IrStateMachine plus `<name>__step(state: i32, event: i32) -> i32` (ESCIR.md §10). */
function lowerStateMachine(model: EscirModel, n: NodeModel, module: IrModule): void {
  const enumName = model.graph?.analysis?.fsmStates.get(n.id);
  const decl = enumName ? model.types.declaration(enumName) : undefined;
  const states = decl?.kind === 'enum' ? decl.variants.map((v) => v.name) : items(n.params.get('states')).map((s) => str(s) ?? str(get(s, 'name')) ?? '');
  const transitions = items(n.params.get('transitions')).map((t) => ({
    from: str(get(t, 'from')) ?? '*',
    to: str(get(t, 'to')) ?? '',
    event: str(get(t, 'trigger')) ?? '',
    ...(str(get(t, 'when')) ? { guard: str(get(t, 'when'))! } : {}),
  }));
  const events = [...new Set(transitions.map((t) => t.event).filter(Boolean))];
  const name = `${model.name ?? 'circuit'}.${n.id}`;
  const loc = new CircuitSpans(model).of(n.node);
  const fn = new FnBuilder(`${name}__step`, 'step', T.i32, loc);
  const s = fn.param('state', T.i32);
  const ev = fn.param('event', T.i32);
  // Wildcard rules first, then list order; a guarded rule is taken only by the full step (guards read ports).
  const ordered = [...transitions.filter((t) => t.from === '*'), ...transitions.filter((t) => t.from !== '*')].filter((t) => !('guard' in t));
  let result = fn.get(s);
  for (const t of [...ordered].reverse()) {
    const to = states.indexOf(t.to);
    const e = events.indexOf(t.event);
    if (to < 0 || e < 0) continue;
    let test = bin('eq', fn.get(ev), c(BigInt(e), T.i32));
    if (t.from !== '*') test = { e: 'logic', op: 'and', left: bin('eq', fn.get(s), c(BigInt(states.indexOf(t.from)), T.i32)), right: test, type: T.bool };
    result = cond(test, c(BigInt(to), T.i32), result);
  }
  fn.returns(result);
  const func: IrFunc = fn.build({ attrs: { escirOp: 'fsm', node: n.id } });
  module.funcs.push(func);
  const sm: IrStateMachine = {
    name,
    states,
    events,
    initial: str(n.params.get('initial_state')) ?? states[0] ?? '',
    terminal: [],
    transitions,
    verify: [],
    wal: false,
    stepFunc: func.name,
    loc,
  };
  module.stateMachines.push(sm);
}
