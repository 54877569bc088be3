/**
 * The network of a process circuit (ESCIR.md §3.3, §3.5, §7): which component port feeds
 * which (dialect A `connections`, canonical `channels`), the FIFO behind every stream input
 * port, and the circuit's boundary ports. Reports unresolved endpoints (E050), ports not on
 * the component (E051), wrong directions (E051), type mismatches (E042), unconnected ports
 * (W056) and name-linked externals (W065).
 *
 * Legacy decision (specs/escir.md §11): a dialect A component port that nothing connects is a
 * boundary port of the circuit, named `component.port` (or the id of the `external` that
 * names it), so legacy process circuits can be driven by tests and test vectors.
 */
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { BodyModel, ComponentModel, EscirModel, ProcessPortModel } from '../model.ts';
import { parseBodyNode } from '../passes/bodies.ts';
import { hintOpt } from '../passes/shape.ts';
import { sameEType, typeName, type EType } from '../types/etype.ts';
import { get, isMap, isScalar, items, str, type YNode } from '../yaml/tree.ts';

export type NetSource = { kind: 'port'; comp: string; port: string } | { kind: 'input'; name: string };
export type NetSink = { kind: 'port'; comp: string; port: string } | { kind: 'output'; name: string };

export interface NetRoute {
  from: NetSource;
  to: NetSink;
  /** `condition` (dialect A) or `when` (canonical): the route carries only while it holds. */
  when?: BodyModel;
  /** The typed condition (process/check.ts), when it checked. */
  cond?: { value: import('../expr/typed.ts').TExpr; stmts: import('../expr/typed.ts').TStmt[] };
  node: YNode;
  order: number;
}

export interface BoundaryPort {
  /** Field name in the step's inputs / outputs. */
  name: string;
  /** Payload type (the element of a stream). */
  type: EType;
  mode: 'value' | 'event' | 'edge' | 'stream';
  direction: 'input' | 'output';
  /** An implicit (legacy) boundary: the unconnected component port it stands for. */
  port?: { comp: string; port: string };
  node: YNode;
}

export type FifoPolicy = 'stall' | 'drop_oldest' | 'drop_newest';

export interface ChannelModel {
  /** `component.port` of the stream input port it feeds. */
  key: string;
  elem: EType;
  depth: number;
  policy: FifoPolicy;
}

export interface ProcessNet {
  routes: NetRoute[];
  boundary: BoundaryPort[];
  /** One FIFO per stream input port, by `component.port`. */
  channels: Map<string, ChannelModel>;
}

/** Default FIFO depth when neither the port nor the component gives one (specs/escir.md §11). */
export const DEFAULT_DEPTH = 16;
const MAX_DEPTH = 4096;

/** `@fifo(depth: 16, policy: stall)`, `@streaming(depth: 4)` and their mapping forms. */
export function fifoOf(annotations: YNode | undefined): { depth?: number; policy?: string } | undefined {
  let out: { depth?: number; policy?: string } | undefined;
  const take = (name: string, args: Record<string, string>) => {
    if (name !== 'fifo' && name !== 'streaming' && name !== 'stream') return;
    out ??= {};
    const d = Number(args.depth ?? args.size);
    if (Number.isInteger(d) && d > 0) out.depth = Math.min(d, MAX_DEPTH);
    if (args.policy) out.policy = args.policy;
  };
  const visit = (n: YNode | undefined) => {
    if (!n) return;
    if (isScalar(n) && typeof n.value === 'string') {
      for (const m of n.value.matchAll(/@?([A-Za-z_]+)\s*(?:\(([^)]*)\))?/g)) {
        const args: Record<string, string> = {};
        for (const part of (m[2] ?? '').split(',')) {
          const kv = /^\s*([A-Za-z_]+)\s*[:=]\s*([^\s]+)\s*$/.exec(part);
          if (kv) args[kv[1]!] = kv[2]!;
          else if (/^\s*\d+\s*$/.test(part)) args.depth = part.trim();
        }
        take(m[1]!, args);
      }
    } else if (isMap(n)) {
      for (const e of n.entries) {
        const key = e.key.replace(/^@/, '');
        if (isMap(e.value)) {
          const args: Record<string, string> = {};
          for (const x of e.value.entries) if (isScalar(x.value) && x.value.value !== null) args[x.key] = String(x.value.value);
          take(key, args);
        } else if (isScalar(e.value) && (typeof e.value.value === 'bigint' || typeof e.value.value === 'number')) take(key, { depth: String(e.value.value) });
      }
    } else for (const it of items(n)) visit(it);
  };
  visit(annotations);
  return out;
}

function policyOf(p: string | undefined): FifoPolicy | undefined {
  if (!p) return undefined;
  if (p === 'stall' || p === 'block' || p === 'backpressure') return 'stall';
  if (p === 'drop_oldest') return 'drop_oldest';
  if (p === 'drop' || p === 'drop_newest' || p === 'sample' || p === 'fire_and_forget') return 'drop_newest';
  return undefined;
}

/** Policy of sends from `out` into `ch`: a dropping sender drops, else the channel decides. */
export function sendPolicy(out: ProcessPortModel | undefined, ch: ChannelModel): FifoPolicy {
  if (out?.dropWhenFull) return policyOf(out.fifo?.policy) === 'drop_oldest' ? 'drop_oldest' : 'drop_newest';
  return policyOf(out?.fifo?.policy) ?? ch.policy;
}

export function buildNet(model: EscirModel, comps: ComponentModel[], r: EscirReporter, canonical: boolean): ProcessNet {
  const net: ProcessNet = { routes: [], boundary: [], channels: new Map() };
  const byId = new Map(comps.map((c) => [c.id, c]));
  const externals = items(get(model.root, 'external'));
  const externalIds = new Set(externals.map((x) => str(get(x, 'id')) ?? ''));
  const inputs = new Map(model.inputs.map((p) => [p.name, p]));
  const outputs = new Map(model.outputs.map((p) => [p.name, p]));
  const elem = (t: EType) => (t.k === 'stream' ? t.elem : t);

  // Declared boundary ports.
  for (const p of model.inputs) if (!p.isValidFlag) net.boundary.push({ name: p.name, type: elem(p.type), mode: p.type.k === 'stream' ? 'stream' : p.mode, direction: 'input', node: p.node });
  for (const p of model.outputs) if (!p.isValidFlag) net.boundary.push({ name: p.name, type: elem(p.type), mode: p.type.k === 'stream' ? 'stream' : p.mode, direction: 'output', node: p.node });

  // Ports named by a connection, even one whose other end did not resolve (no W056 for them).
  const mentioned = new Set<string>();
  const endpoint = (role: 'from' | 'to', compNode: YNode | undefined, portNode: YNode | undefined, text?: string): NetSource | NetSink | undefined => {
    const cid = text !== undefined ? text.split('.')[0]! : str(compNode);
    const pid = text !== undefined ? text.split('.').slice(1).join('.') || undefined : str(portNode);
    const at = compNode!;
    if (!cid) return undefined;
    const comp = byId.get(cid);
    if (!comp) {
      if (role === 'from' && inputs.has(cid)) return { kind: 'input', name: cid };
      if (role === 'to' && outputs.has(cid)) return { kind: 'output', name: cid };
      if (externalIds.has(cid)) return undefined; // name-linked only (W065 below)
      const what = canonical ? `channel ${role}` : `connection ${role === 'from' ? 'source' : 'target'}`;
      r.error('E050', `${what} \`${text ?? cid}\`: \`${cid}\` is not a ${canonical ? 'process' : 'component'}${role === 'from' ? ' or input' : ' or output'}`, at, hintOpt(didYouMean(cid, [...byId.keys(), ...(role === 'from' ? inputs.keys() : outputs.keys())])));
      return undefined;
    }
    if (comp.type === 'memory') {
      r.error('E051', `\`${cid}\` is a memory component; it is read with \`${cid}.lookup(h)\`, not connected`, at);
      return undefined;
    }
    if (!pid) {
      r.error('E051', `${canonical ? 'channel' : 'connection'} ${role} \`${cid}\` names no port`, portNode ?? at, hintOpt(comp.ports.length ? `its ports are ${comp.ports.map((p) => `\`${p.id}\``).join(', ')}` : undefined));
      return undefined;
    }
    const port = comp.ports.find((p) => p.id === pid);
    const pAt = portNode ?? at;
    if (!port) {
      r.error('E051', `${canonical ? 'process' : 'component'} \`${cid}\` has no port \`${pid}\``, pAt, hintOpt(didYouMean(pid, comp.ports.map((p) => p.id))));
      return undefined;
    }
    const dir = role === 'from' ? 'output' : 'input';
    if (port.direction !== dir && port.direction !== 'inout') {
      r.error('E051', `\`${cid}.${pid}\` is an ${port.direction} port; a ${canonical ? 'channel' : 'connection'} ${role === 'from' ? (canonical ? 'from' : 'source') : canonical ? 'to' : 'target'} needs an ${dir}`, pAt);
      return undefined;
    }
    mentioned.add(`${cid}.${pid}`);
    return { kind: 'port', comp: cid, port: pid };
  };

  const list = canonical ? items(get(model.root, 'channels')) : items(get(model.root, 'connections'));
  list.forEach((conn, order) => {
    if (!isMap(conn)) return;
    // Dialect A writes `source`/`sourceHandle`/`target`/`targetHandle`; `from`/`to` text is accepted too.
    const textual = canonical || (!get(conn, 'source') && !get(conn, 'target') && (get(conn, 'from') !== undefined || get(conn, 'to') !== undefined));
    if (!canonical && !textual && (!get(conn, 'source') || !get(conn, 'target'))) {
      r.error('E020', `a connection needs \`${get(conn, 'source') ? 'target' : 'source'}\``, conn.entries[0]?.keyNode ?? conn, { pointer: conn.pointer });
      return;
    }
    if (!canonical && textual && (!get(conn, 'from') || !get(conn, 'to'))) {
      r.error('E020', `a connection needs \`${get(conn, 'from') ? 'to' : 'from'}\``, conn.entries[0]?.keyNode ?? conn, { pointer: conn.pointer });
      return;
    }
    const from = textual ? endpoint('from', get(conn, 'from'), undefined, str(get(conn, 'from'))) : endpoint('from', get(conn, 'source'), get(conn, 'sourceHandle'));
    const to = textual ? endpoint('to', get(conn, 'to'), undefined, str(get(conn, 'to'))) : endpoint('to', get(conn, 'target'), get(conn, 'targetHandle'));
    const whenNode = get(conn, canonical ? 'when' : 'condition') ?? get(conn, 'when');
    const when = parseBodyNode(whenNode, r, { canonical, what: canonical ? 'channel condition' : 'connection condition' });
    if (!from || !to) return;
    const route: NetRoute = { from: from as NetSource, to: to as NetSink, node: conn, order };
    if (when) route.when = when;
    if (checkRouteTypes(route, byId, model, r)) net.routes.push(route);
  });

  // Channels of stream input ports, and implicit boundaries of unconnected legacy ports.
  const connected = new Set<string>();
  for (const rt of net.routes) {
    if (rt.from.kind === 'port') connected.add(`${rt.from.comp}.${rt.from.port}`);
    if (rt.to.kind === 'port') connected.add(`${rt.to.comp}.${rt.to.port}`);
  }
  for (const c of comps) {
    for (const p of c.ports) {
      const key = `${c.id}.${p.id}`;
      if (p.stream && p.direction !== 'output') {
        const depth = p.fifo?.depth ?? c.fifo?.depth ?? DEFAULT_DEPTH;
        net.channels.set(key, { key, elem: elem(p.type), depth, policy: policyOf(p.fifo?.policy) ?? policyOf(c.fifo?.policy) ?? 'stall' });
      }
      if (connected.has(key) || mentioned.has(key)) continue;
      const external = externals.find((x) => str(get(x, 'id')) === p.id);
      if (!canonical) {
        // A legacy port named like a declared circuit port is linked to it by name.
        const declared = p.direction === 'output' ? outputs.get(p.id) : inputs.get(p.id);
        if (declared && !declared.isValidFlag) {
          const self = { kind: 'port' as const, comp: c.id, port: p.id };
          const route: NetRoute = p.direction === 'output' ? { from: self, to: { kind: 'output', name: p.id }, node: p.node, order: net.routes.length } : { from: { kind: 'input', name: p.id }, to: self, node: p.node, order: net.routes.length };
          if (checkRouteTypes(route, byId, model, r)) net.routes.push(route);
          continue;
        }
      }
      if (!external) r.warning('W056', `port \`${key}\` is not connected${canonical ? '' : '; it is a boundary port of the circuit'}`, get(p.node, 'id') ?? get(p.node, 'name') ?? p.node);
      if (canonical) continue;
      const name = external ? p.id : key;
      if (net.boundary.some((b) => b.name === name)) continue;
      const direction = p.direction === 'output' ? 'output' : 'input';
      net.boundary.push({ name, type: elem(p.type), mode: p.stream ? 'stream' : 'value', direction, port: { comp: c.id, port: p.id }, node: p.node });
      const self = { kind: 'port' as const, comp: c.id, port: p.id };
      net.routes.push(direction === 'output' ? { from: self, to: { kind: 'output', name }, node: p.node, order: net.routes.length } : { from: { kind: 'input', name }, to: self, node: p.node, order: net.routes.length });
    }
  }
  for (const x of externals) {
    const idNode = get(x, 'id');
    const id = str(idNode);
    if (!idNode || !id) continue;
    const linked = comps.some((c) => c.ports.some((p) => p.id === id && !connected.has(`${c.id}.${p.id}`)));
    r.warning('W065', linked ? `external \`${id}\` is linked by name only (to the unconnected port \`${id}\`)` : `external \`${id}\` is linked by name only; no unconnected component port has that name`, idNode);
  }
  return net;
}

/** A route joins a stream to a stream (or an event boundary) and a wire to a wire, of one type (E042). */
function checkRouteTypes(route: NetRoute, byId: Map<string, ComponentModel>, model: EscirModel, r: EscirReporter): boolean {
  const side = (e: NetSource | NetSink): { stream: boolean; event: boolean; type: EType; text: string } | undefined => {
    if (e.kind === 'port') {
      const p = byId.get(e.comp)?.ports.find((x) => x.id === e.port);
      if (!p) return undefined;
      return { stream: p.stream, event: false, type: p.type.k === 'stream' ? p.type.elem : p.type, text: `${e.comp}.${e.port}` };
    }
    const p = e.kind === 'input' ? model.inputs.find((x) => x.name === e.name) : model.outputs.find((x) => x.name === e.name);
    if (!p) return undefined;
    const stream = p.type.k === 'stream' || p.mode === 'stream';
    return { stream, event: p.mode === 'event' || p.mode === 'edge', type: p.type.k === 'stream' ? p.type.elem : p.type, text: e.name };
  };
  const a = side(route.from);
  const b = side(route.to);
  if (!a || !b) return true;
  const at = route.node;
  // Events cross into streams (one item) and wires (a held value); values only into wires.
  const kindOk = a.stream === b.stream || (a.event && !a.stream) || (b.event && !b.stream && a.stream);
  if (!kindOk) {
    r.error('E042', `\`${a.text}\` is a ${a.stream ? 'stream' : 'wire'} but \`${b.text}\` is a ${b.stream ? 'stream' : 'wire'}`, at, { hint: 'connect streams to streams and wires to wires' });
    return false;
  }
  if (!sameEType(a.type, b.type)) {
    r.error('E042', `\`${a.text}\` carries ${typeName(a.type)}, but \`${b.text}\` takes ${typeName(b.type)}`, at, { hint: 'convert in the sending component' });
    return false;
  }
  return true;
}
