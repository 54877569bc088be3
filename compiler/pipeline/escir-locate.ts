/**
 * YAML locations and witness bindings for a lowered ESCIR module, filled in before the
 * back end runs (specs/compile-run.md §8).
 *
 * The ESCIR lowering produces IR without source spans, so a trap would have no location
 * and a witness no bindings. This pass only fills what is missing (a span the lowering
 * sets always wins):
 *
 * * every statement and expression gets the span of the part of the circuit it was
 *   lowered from: a node's body (or the node itself), a process component's body, an
 *   invariant, or the circuit's `graph`/`compute` key for glue code. Helper functions say
 *   their node in `attrs.node` (a component's activation in `attrs.escirComponent`);
 *   statements of the step function are attributed by the locals they assign, which the
 *   lowering names after the node (`node_<id>.<port>`, `<id>_…`) or the port
 *   (`in_<p>`, `out_<p>`, `drive_<p>`); a statement assigning neither (a state write)
 *   belongs to the node before it;
 * * the node outputs of the step function (`node_<id>.<port>`) become witness bindings
 *   named `<id>.<port>` as the YAML writes them, located at their node, so
 *   `estream witness verify` can name the first node whose value differs
 *   (specs/witness.md §1: a witness records every named binding).
 */
import { spanOf, type Span } from '../diagnostics/index.ts';
import type { IrFunc, IrModule } from '../ir/ir.ts';
import type { EscirModel, NodeModel } from '../escir/model.ts';
import type { YNode } from '../escir/yaml/tree.ts';

export interface EscirInvariantFunc {
  name: string;
  func: string;
}

export function locateEscirModule(module: IrModule, model: EscirModel, invariants: readonly EscirInvariantFunc[] = []): void {
  const file = model.file;
  const span = (n: YNode): Span => spanOf(file, n.start, n.end);
  const nodes = model.graph?.nodes ?? [];
  const nodeSpans = new Map(nodes.map((n) => [n.id, nodeSpan(n, span)]));
  const circuitSpan = circuitSpanOf(model, span);
  const portSpans = new Map<string, Span>();
  for (const p of [...model.inputs, ...model.outputs]) if (!portSpans.has(p.name)) portSpans.set(p.name, span(p.node));
  const invariantSpans = new Map<string, Span>();
  for (const inv of invariants) {
    const m = model.invariants.find((x) => x.name === inv.name);
    if (m) invariantSpans.set(inv.func, m.body ? span(m.body.scalar) : span(m.node));
  }
  // Process circuits (ESCIR.md §7): each component's activation is a function of its own.
  const componentSpans = new Map(model.components.map((c) => [c.id, c.process ? span(c.process.scalar) : span(c.node)]));
  const steps = new Set(module.procs.map((p) => p.step));

  for (const f of module.funcs) {
    const node = typeof f.attrs['node'] === 'string' ? nodeSpans.get(f.attrs['node']) : undefined;
    const component = typeof f.attrs['escirComponent'] === 'string' ? componentSpans.get(f.attrs['escirComponent']) : undefined;
    const own = node ?? component ?? invariantSpans.get(f.name);
    if (steps.has(f.name)) locateStep(f, model, nodeSpans, portSpans, circuitSpan);
    else fillAll(f.body, own ?? circuitSpan);
    f.loc ??= own ?? circuitSpan;
  }
  for (const p of module.procs) p.loc ??= circuitSpan;
}

/** A node's body when it has one (arithmetic traps point at the formula), else the node. */
function nodeSpan(n: NodeModel, span: (n: YNode) => Span): Span {
  if (n.body) return span(n.body.scalar);
  if (n.exprs.size === 1) return span([...n.exprs.values()][0]!.scalar);
  return span(n.node);
}

function circuitSpanOf(model: EscirModel, span: (n: YNode) => Span): Span {
  for (const key of ['graph', 'compute', 'processes', 'components', 'name']) {
    const entry = model.root.entries.find((e) => e.key === key);
    if (entry) return span(entry.keyNode);
  }
  return spanOf(model.file, model.root.start, model.root.start);
}

type Owner = { kind: 'node'; id: string } | { kind: 'port'; name: string };

function locateStep(f: IrFunc, model: EscirModel, nodeSpans: Map<string, Span>, portSpans: Map<string, Span>, circuitSpan: Span): void {
  // Longest id first, so `a_b_fire` belongs to node `a_b`, not `a`.
  const ids = [...nodeSpans.keys()].sort((a, b) => b.length - a.length);
  const inputs = new Set(model.inputs.map((p) => p.name));
  const outputs = new Set(model.outputs.map((p) => p.name));
  const ownerOfLocal = (name: string): Owner | undefined => {
    for (const [prefix, ports] of [['out_', outputs], ['drive_', outputs], ['in_', inputs]] as const) {
      if (name.startsWith(prefix) && ports.has(name.slice(prefix.length))) return { kind: 'port', name: name.slice(prefix.length) };
    }
    for (const id of ids) if (name.startsWith(`node_${id}.`) || name.startsWith(`${id}_`)) return { kind: 'node', id };
    return undefined;
  };
  const owners = f.locals.map((l) => ownerOfLocal(l.name));
  for (const l of f.locals) {
    const o = owners[l.id];
    if (o?.kind === 'node' && l.name.startsWith(`node_${o.id}.`)) {
      l.witness = true;
      l.loc ??= nodeSpans.get(o.id);
      l.name = l.name.slice('node_'.length);
    }
  }
  const spanOfOwner = (o: Owner): Span => (o.kind === 'node' ? nodeSpans.get(o.id) : portSpans.get(o.name)) ?? circuitSpan;
  let current: Owner | undefined;
  for (const stmt of f.body) {
    const assigned = assignedLocals(stmt).map((id) => owners[id]).filter((o): o is Owner => o !== undefined);
    const owner = assigned.find((o) => o.kind === 'node') ?? assigned[0] ?? current;
    fillAll([stmt], owner ? spanOfOwner(owner) : circuitSpan);
    if (owner) current = owner;
  }
}

/** Locals assigned anywhere inside a statement (nested statements included). */
function assignedLocals(stmt: unknown): number[] {
  const out: number[] = [];
  walk(stmt, (n) => {
    if ('s' in n && (n['s'] === 'set' || n['s'] === 'setPlace' || n['s'] === 'push') && typeof n['local'] === 'number') out.push(n['local']);
  });
  return out;
}

/** Sets `loc` on every statement and expression (and index place step) that lacks one. */
function fillAll(stmts: unknown[], loc: Span): void {
  for (const s of stmts) {
    walk(s, (n) => {
      if (('e' in n || 's' in n || n['k'] === 'index') && n['loc'] === undefined) n['loc'] = loc;
    });
  }
}

/**
 * Visits every IR statement, expression and place step under `root`. Generic over the
 * node kinds (children are found by shape), so kinds added to the IR later are walked
 * too; constants are not entered (their values are data, not IR).
 */
function walk(root: unknown, visit: (n: Record<string, unknown>) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
    const n = v as Record<string, unknown>;
    const isIr = typeof n['e'] === 'string' || typeof n['s'] === 'string' || n['k'] === 'index';
    if (!isIr) continue;
    visit(n);
    if (n['e'] === 'const') continue;
    for (const [key, child] of Object.entries(n)) {
      if (key === 'type' || key === 'loc') continue;
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}
