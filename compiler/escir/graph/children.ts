/**
 * Names a legacy graph reads that belong to another node or to a child circuit: named outputs
 * read by bare name, and the ports of `subcircuits` / `instance` children (ESCIR.md §5.1, §5.2).
 */
import type { EscirModel, GraphModel, NodeModel } from '../model.ts';
import { ET, type EType } from '../types/etype.ts';
import type { GraphAnalysis } from './analyze.ts';
import { expectedInputType } from './port-types.ts';

/**
 * The one node whose body assigns `name` (a legacy named output read by bare name), if
 * exactly one does and `name` is nothing else. Bodies kept as text are scanned for
 * `name = …` so readers of an opaque node's output do not report it as undefined.
 */
export function namedOutputOwner(model: EscirModel, name: string): NodeModel | undefined {
  if (model.level !== 'legacy' || !model.graph) return undefined;
  if (model.inputs.some((p) => p.name === name) || model.outputs.some((p) => p.name === name) || model.state.some((x) => x.name === name) || model.consts.has(name)) return undefined;
  const owners = model.graph.nodes.filter((n) => {
    const b = n.body ?? n.exprs.get('body');
    if (!b) return false;
    if (b.block && !b.opaque) return b.assigned.includes(name);
    return new RegExp(`(^|[\\n;{])\\s*${name}\\s*(=(?!=)|[-+*/|&^]=)`).test(b.text);
  });
  return owners.length === 1 ? owners[0] : undefined;
}

/**
 * Types of the child outputs the graph reads: the child's own port type when the child
 * was found (and its type name is known here), else what the reader expects.
 */
export function subPortTypes(model: EscirModel, graph: GraphModel, a: GraphAnalysis): void {
  const fromChild = (id: string, port: string): EType | undefined => {
    const p = model.subModels?.get(id)?.outputs.find((x) => x.name === port);
    if (!p) return undefined;
    const t = p.type.k === 'stream' ? p.type.elem : p.type;
    if (t.k === 'struct' || t.k === 'enum' || t.k === 'union') return model.types.has(t.name) ? t : undefined;
    return t;
  };
  for (const e of graph.edges) {
    const s = e.from.resolved;
    if (s?.kind !== 'sub' || !s.port) continue;
    const key = `${s.id}.${s.port}`;
    if (a.subTypes.has(key)) continue;
    const t = e.to.resolved;
    let want: EType | undefined = fromChild(s.id, s.port);
    if (!want && t?.kind === 'node') want = expectedInputType(model, t.node, t.port);
    if (!want && t?.kind === 'output' && t.fields.length === 0) want = t.port.type.k === 'stream' ? t.port.type.elem : t.port.type;
    if (want) a.subTypes.set(key, want);
  }
  for (const ts of a.fsmTriggers.values()) {
    for (const k of ts) if (k?.startsWith('sub:') && !a.subTypes.has(k.slice(4))) a.subTypes.set(k.slice(4), fromChild(k.slice(4).split('.')[0]!, k.slice(4).split('.')[1]!) ?? ET.unit);
  }
}
