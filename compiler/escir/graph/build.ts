/**
 * P5 (part 1): graph nodes and edges. Maps legacy node types to ops, collects params,
 * parses bodies, parses flows/edges and resolves every endpoint (E050 unresolved, E051
 * port not in the op, E035 flow syntax).
 */
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { BodyModel, EdgeModel, Endpoint, EscirModel, GraphModel, NodeModel, PortModel } from '../model.ts';
import { LEGACY_PARAM_ALIASES, OPS, opFor, type OpSpec } from '../ops/registry.ts';
import { parseBodyNode } from '../passes/bodies.ts';
import { hintOpt } from '../passes/shape.ts';
import { get, isMap, isScalar, isSeq, items, numericString, str, type YMap, type YNode, type YScalar } from '../yaml/tree.ts';
import { expandFlow, FlowSyntaxError, parseFlow, type RawEndpoint } from './flows.ts';

const NODE_META = new Set(['id', 'type', 'op', 'description', 'label', 'params']);

export function buildGraph(model: EscirModel, r: EscirReporter): GraphModel | undefined {
  const canonical = model.level === 'canonical';
  const container = canonical ? get(model.root, 'graph') : get(model.root, 'compute');
  if (!isMap(container)) return undefined;
  const nodes: NodeModel[] = [];
  const byId = new Map<string, NodeModel>();
  items(get(container, 'nodes')).forEach((n, index) => {
    if (!isMap(n)) return;
    const node = buildNode(n, index, canonical, r, model);
    if (!node) return;
    const prev = byId.get(node.id);
    if (prev) {
      r.error('E032', `node id \`${node.id}\` is used twice`, node.idNode ?? n, { related: [r.related('first used here', prev.idNode ?? prev.node)] });
      return;
    }
    for (const p of [...model.inputs, ...model.outputs]) {
      if (p.name === node.id) r.error('E032', `node id \`${node.id}\` is also a port name`, node.idNode ?? n, { related: [r.related('port declared here', p.nameNode ?? p.node)] });
    }
    byId.set(node.id, node);
    nodes.push(node);
  });
  const graph: GraphModel = { nodes, edges: [] };
  const flowsNode = canonical ? get(container, 'edges') : (get(container, 'flows') ?? get(container, 'edges'));
  if (!canonical && !flowsNode) r.error('E020', '`compute` is missing the required key `flows`', container.entries[0]?.keyNode ?? container, { pointer: container.pointer });
  let order = 0;
  for (const f of items(flowsNode)) {
    if (isScalar(f) && typeof f.value === 'string') {
      for (const [a, b] of parseFlowScalar(f, r)) graph.edges.push({ from: a, to: b, order: order++, node: f });
    } else if (isMap(f)) {
      const from = endpointOf(get(f, 'from'), r);
      const to = endpointOf(get(f, 'to'), r);
      if (!from || !to) {
        // A flow that names no endpoint would be dropped silently (canonical edges: the shape pass).
        if (!canonical) for (const k of ['from', 'to'] as const) {
          const v = get(f, k);
          if (!v) r.error('E020', `a flow mapping needs \`${k}\``, f, { hint: 'write `{from: a.out, to: b.in}` or `"a -> b"`' });
          else if (str(v) === undefined) r.error('E021', `flow \`${k}\` must be an endpoint string such as \`node.port\``, v);
        }
        continue;
      }
      const edge: EdgeModel = { from, to, order: order++, node: f };
      const when = parseBodyNode(get(f, 'when'), r, { canonical, what: 'edge condition' });
      if (when) edge.when = when;
      graph.edges.push(edge);
    } else if (isScalar(f) ? f.value !== null : !canonical) {
      r.error('E021', `a flow is a string \`"a -> b"\` or a mapping \`{from, to}\`, found ${isSeq(f) ? 'a list' : 'a number or boolean'}`, f);
    }
  }
  for (const e of graph.edges) {
    resolveEndpoint(e.from, 'source', byId, model, r);
    resolveEndpoint(e.to, 'target', byId, model, r);
  }
  return graph;
}

function buildNode(n: YMap, index: number, canonical: boolean, r: EscirReporter, model: EscirModel): NodeModel | undefined {
  const idNode = get(n, 'id');
  const id = str(idNode);
  if (!id) {
    if (!idNode) r.error('E020', 'graph node has no `id`', n);
    return undefined;
  }
  const opNode = get(n, canonical ? 'op' : 'type');
  const written = str(opNode) ?? '';
  let op: string | undefined;
  const params = new Map<string, YNode>();
  if (canonical) {
    const p = get(n, 'params');
    if (isMap(p)) for (const e of p.entries) params.set(e.key, e.value);
    const body = get(n, 'body');
    if (body) params.set('body', body);
    op = OPS[written] ? written : undefined;
  } else {
    for (const e of n.entries) if (!NODE_META.has(e.key)) params.set(e.key, e.value);
    op = opFor(written, (k) => params.has(k));
    const aliases = op ? LEGACY_PARAM_ALIASES[op] : undefined;
    if (aliases) for (const [from, to] of Object.entries(aliases)) if (params.has(from) && !params.has(to)) params.set(to, params.get(from)!);
  }
  const node: NodeModel = {
    id,
    op,
    written,
    node: n,
    idNode: isScalar(idNode) ? idNode : undefined,
    opNode,
    params,
    exprs: new Map(),
    executable: true,
    index,
  };
  if (!opNode) {
    r.error('E020', `node \`${id}\` has no \`${canonical ? 'op' : 'type'}\``, node.idNode ?? n);
    node.executable = false;
    return node;
  }
  if (!op) {
    const names = canonical ? Object.keys(OPS) : [...Object.keys(OPS), ...Object.keys(LEGACY_NAMES)];
    r.error('E021', `unknown ${canonical ? 'op' : 'node type'} \`${written}\` (the operator registry is closed)`, opNode, {
      hint: didYouMean(written, names) ?? 'other logic is a `call` to a declared extern',
    });
    node.executable = false;
    return node;
  }
  checkParams(node, OPS[op]!, canonical, r, model);
  return node;
}

const LEGACY_NAMES: Record<string, true> = Object.fromEntries(
  ['transform', 'arithmetic', 'conditional', 'comparator', 'probabilistic_filter', 'multiplexer', 'accumulator', 'retry_controller', 'state_machine', 'verify_mldsa', 'struct_build', 'output_formatter'].map((k) => [k, true]),
);

function checkParams(node: NodeModel, spec: OpSpec, canonical: boolean, r: EscirReporter, model: EscirModel): void {
  const what = `node \`${node.id}\``;
  if (canonical) {
    for (const [k, v] of node.params) {
      if (!spec.params[k]) {
        const keyNode = keyOf(node.node, k) ?? v;
        r.error('E022', `\`${spec.op}\` has no parameter \`${k}\``, keyNode, hintOpt(didYouMean(k, Object.keys(spec.params))));
      }
    }
  }
  // Bodies by op.
  const body = (key: string, label: string): BodyModel | undefined => {
    const b = parseBodyNode(node.params.get(key), r, { canonical, what: `${label} of ${what}` });
    if (b) {
      node.exprs.set(key, b);
      if (b.opaque) node.executable = false;
    }
    return b;
  };
  switch (spec.op) {
    case 'expr': {
      const ops = node.params.get('operations');
      if (isMap(ops)) {
        r.dagger('W058', `${what} has variant-keyed \`operations\`; kept as text, not executable`, keyOf(node.node, 'operations') ?? ops);
        node.executable = false;
        return;
      }
      const b = body('body', 'body');
      if (b) node.body = b;
      else {
        r.dagger('W054', `${what} (\`${node.written}\`) has no body; it is opaque`, node.opNode ?? node.node, { hint: 'give it a `body` expression' });
        node.executable = false;
      }
      return;
    }
    case 'compare': {
      if (node.params.has('condition') || node.params.has('operation')) {
        body('condition', 'condition');
        body('operation', 'operation');
      } else if (node.params.has('body')) node.body = body('body', 'body');
      else {
        r.dagger('W054', `${what} has no \`body\` (or \`condition\`/\`operation\`); it is opaque`, node.opNode ?? node.node);
        node.executable = false;
      }
      return;
    }
    case 'filter':
      if (!body('predicate', 'predicate')) {
        r.dagger('W054', `${what} has no \`predicate\`; it is opaque`, node.opNode ?? node.node);
        node.executable = false;
      }
      return;
    case 'select':
      body('when', '`when`');
      break;
    case 'build': {
      const fields = node.params.get('fields');
      if (isMap(fields)) {
        for (const e of fields.entries) {
          const b = parseBodyNode(e.value, r, { canonical, what: `field \`${e.key}\` of ${what}` });
          if (b) {
            node.exprs.set(`fields.${e.key}`, b);
            if (b.opaque) node.executable = false;
          }
        }
      }
      if (!canonical && !node.params.has('type') && !isMap(fields)) {
        r.dagger('W054', `${what} (\`${node.written}\`) has no \`type\` or \`fields\`; it is opaque`, node.opNode ?? node.node);
        node.executable = false;
        return;
      }
      break;
    }
    case 'fsm':
      items(node.params.get('transitions')).forEach((t, i) => {
        const b = parseBodyNode(get(t, 'when'), r, { canonical, what: `guard of transition ${i} of ${what}` });
        if (b) {
          node.exprs.set(`when.${i}`, b);
          if (b.opaque) node.executable = false;
        }
      });
      break;
    case 'verify':
      break;
    case 'pack':
    case 'unpack':
      if (node.params.has('format') && !node.params.has('layout')) {
        r.dagger('W058', `${what} uses codec \`${str(node.params.get('format')) ?? '?'}\`, which ESCIR leaves unspecified`, node.params.get('format')!);
        node.executable = false;
      } else if (spec.op === 'pack') {
        // Each layout entry's `expr` is a body over the packed value (`in`).
        items(node.params.get('layout')).forEach((l, i) => {
          const b = parseBodyNode(get(l, 'expr') ?? get(l, 'value'), r, { canonical, what: `layout entry ${i} of ${what}` });
          if (b) {
            node.exprs.set(`layout.${i}`, b);
            if (b.opaque) node.executable = false;
          }
        });
      }
      break;
    case 'call': {
      const fnName = str(node.params.get('fn'));
      const ext = fnName ? model.externs.get(fnName) : undefined;
      if (ext) node.callParams = ext.params.map((p) => p.name);
      break;
    }
    default:
      break;
  }
  // Required params (expr/compare/filter bodies were handled above).
  for (const [k, p] of Object.entries(spec.params)) {
    if (!p.required || node.params.has(k)) continue;
    if (k === 'body' || k === 'predicate') continue;
    if (spec.op === 'counter' || spec.op === 'merge' && !canonical) continue;
    r.error('E020', `${what} (\`${spec.op}\`) needs the parameter \`${k}\``, node.opNode ?? node.node);
    node.executable = false;
  }
  // Kinds, enumerations and config references.
  for (const [k, v] of node.params) {
    const p = spec.params[k];
    if (!p) continue;
    if ((p.kind === 'int' || p.kind === 'number') && isScalar(v)) {
      const quoted = !canonical && typeof v.value === 'string' ? numericString(v.value) : undefined;
      if (quoted !== undefined) {
        // Legacy exports quote numbers (`burst: "4"`): read as the number (specs/escir.md §4).
        if (p.kind === 'int' && typeof quoted === 'number') {
          r.error('E021', `parameter \`${k}\` of ${what} must be an integer`, v);
          node.executable = false;
        }
      } else if (typeof v.value === 'string') {
        if (v.value.startsWith('config.')) checkConfigRef(v, model, r);
        else if (p.configRef) {
          r.error('E021', `parameter \`${k}\` of ${what} must be a number or \`config.<field>\``, v);
          node.executable = false;
        }
      } else if (typeof v.value !== 'bigint' && typeof v.value !== 'number' && v.value !== null) {
        r.error('E021', `parameter \`${k}\` of ${what} must be a number`, v);
        node.executable = false;
      } else if (p.kind === 'int' && typeof v.value === 'number' && !Number.isInteger(v.value)) {
        r.error('E021', `parameter \`${k}\` of ${what} must be an integer`, v);
        node.executable = false;
      }
    }
    if ((p.kind === 'int' || p.kind === 'number') && isMap(v)) {
      const ref = get(v, 'ref');
      if (isScalar(ref) && typeof ref.value === 'string') checkConfigRef(ref, model, r);
      else r.error('E021', `parameter \`${k}\` of ${what} must be a number or \`{ref: config.<field>}\``, v);
    }
    // Every other kind of wrong shape is a located E021, never a crash later (specs/escir.md §4).
    const found = wrongShape(p.kind, v);
    if (found) {
      r.error('E021', `parameter \`${k}\` of ${what} must be ${PARAM_KIND_TEXT[p.kind]}, found ${found}`, v);
      node.executable = false;
      continue;
    }
    if (p.enum && isScalar(v) && typeof v.value === 'string' && !p.enum.includes(v.value)) {
      r.error('E021', `parameter \`${k}\` of ${what} must be one of ${p.enum.map((e) => `\`${e}\``).join(', ')}`, v, hintOpt(didYouMean(v.value, p.enum)));
      node.executable = false;
    }
  }
}

const PARAM_KIND_TEXT: Record<string, string> = {
  int: 'an integer', number: 'a number', string: 'a string', bool: 'a boolean', expr: 'an expression string', type: 'a type', list: 'a list', map: 'a mapping', any: 'a value',
};

/** What a parameter value is, when its shape cannot be of `kind` (null values are absent). */
function wrongShape(kind: string, v: YNode): string | undefined {
  const what = isSeq(v) ? 'a list' : isMap(v) ? 'a mapping' : isScalar(v) ? (v.value === null ? undefined : typeof v.value === 'string' ? 'a string' : typeof v.value === 'boolean' ? 'a boolean' : 'a number') : undefined;
  if (!what) return undefined;
  switch (kind) {
    case 'int':
    case 'number':
      return isSeq(v) ? what : isScalar(v) && typeof v.value === 'boolean' ? what : undefined;
    case 'string':
    case 'expr':
      return isScalar(v) ? undefined : what;
    case 'bool':
      return isScalar(v) && typeof v.value === 'boolean' ? undefined : what;
    case 'list':
      return isSeq(v) ? undefined : what;
    case 'map':
      return isMap(v) ? undefined : what;
    case 'type':
      return isSeq(v) ? what : undefined;
    default:
      return undefined;
  }
}

/** `"config.x"` must name a field of the `config` input (ESCIR.md §3.2), else E033. */
function checkConfigRef(v: YScalar, model: EscirModel, r: EscirReporter): void {
  const path = String(v.value).split('.').slice(1);
  const config = model.inputs.find((p) => p.name === 'config');
  if (!config) {
    r.error('E033', `\`${String(v.value)}\`: the circuit has no \`config\` input`, v, { hint: 'declare an input `{name: config, type: <Config struct>}`' });
    return;
  }
  let t = config.type;
  for (const seg of path) {
    if (t.k === 'unknown') return;
    const d = t.k === 'struct' ? model.types.struct(t.name) : undefined;
    const f = d?.fields.find((x) => x.name === seg);
    if (!f) {
      r.error('E033', `\`${String(v.value)}\`: \`config\` has no field \`${seg}\``, v, hintOpt(didYouMean(seg, d?.fields.map((x) => x.name) ?? [])));
      return;
    }
    t = f.type;
  }
}

function keyOf(map: YMap, key: string): YScalar | undefined {
  for (const e of map.entries) if (e.key === key) return e.keyNode;
  const params = get(map, 'params');
  if (isMap(params)) for (const e of params.entries) if (e.key === key) return e.keyNode;
  return undefined;
}

function parseFlowScalar(f: YScalar, r: EscirReporter): [Endpoint, Endpoint][] {
  const text = f.value as string;
  try {
    const pairs = expandFlow(parseFlow(text));
    return pairs.map(([a, b]) => [toEndpoint(a, f), toEndpoint(b, f)]);
  } catch (e) {
    if (!(e instanceof FlowSyntaxError)) throw e;
    r.error('E035', `flow syntax error: ${e.message}`, { start: f.offsetAt(e.start), end: Math.max(f.offsetAt(e.end), f.offsetAt(e.start) + 1), pointer: f.pointer }, {
      hint: 'a flow is `a -> b.port -> c`, with `,` for fan-in and fan-out',
    });
    return [];
  }
}

function endpointOf(n: YNode | undefined, r: EscirReporter): Endpoint | undefined {
  if (!isScalar(n) || typeof n.value !== 'string') return undefined;
  try {
    const groups = parseFlow(`${n.value} -> x`);
    return toEndpoint(groups[0]![0]!, n);
  } catch (e) {
    if (!(e instanceof FlowSyntaxError)) throw e;
    r.error('E035', `endpoint syntax error: ${e.message}`, n);
    return undefined;
  }
}

function toEndpoint(raw: RawEndpoint, f: YScalar): Endpoint {
  const ep: Endpoint = {
    text: raw.text,
    segs: raw.segs.map((s) => ({ name: s.name, start: f.offsetAt(s.start), end: f.offsetAt(s.end) })),
    start: f.offsetAt(raw.start),
    end: f.offsetAt(raw.end),
    pointer: f.pointer,
  };
  if (raw.index) ep.index = { value: raw.index.value, start: f.offsetAt(raw.index.start), end: f.offsetAt(raw.index.end) };
  return ep;
}

/**
 * Output ports of a node beyond its op's fixed ones: named outputs of an expr (names it
 * assigns that are not state registers, which it writes instead), stats fields.
 */
export function extraOutputs(node: NodeModel, model: EscirModel): string[] {
  const out: string[] = [];
  if (node.op === 'expr' && node.body) out.push(...node.body.assigned.filter((name) => !model.state.some((r) => r.name === name)));
  if (node.op === 'stats') for (const f of items(node.params.get('fields'))) {
    const name = str(get(f, 'name')) ?? str(f);
    if (name) out.push(name);
  }
  return out;
}

/** Input ports of a node beyond its op's fixed ones (merge inputs, arbiter levels, stats fields, verify operands). */
export function extraInputs(node: NodeModel): string[] {
  switch (node.op) {
    case 'merge':
      return items(node.params.get('inputs')).map((x) => str(x) ?? str(get(x, 'name')) ?? '').filter(Boolean);
    case 'arbiter': {
      const v = node.params.get('levels');
      const levels = isScalar(v) && typeof v.value === 'bigint' ? Number(v.value) : 0;
      return Array.from({ length: Math.min(levels, 64) }, (_, i) => `in${i}`);
    }
    case 'stats':
      return items(node.params.get('fields')).map((f) => str(get(f, 'name')) ?? str(f) ?? '').filter(Boolean);
    case 'call':
      return node.callParams ?? [];
    case 'pack':
    case 'select':
      return [];
    default:
      return [];
  }
}

function resolveEndpoint(ep: Endpoint, role: 'source' | 'target', byId: Map<string, NodeModel>, model: EscirModel, r: EscirReporter): void {
  const first = ep.segs[0]!;
  const rest = ep.segs.slice(1);
  const at = { start: first.start, end: first.end, pointer: ep.pointer };
  if (ep.index) {
    r.error('E050', `\`${ep.text}\`: indexed endpoints belong to composites`, { start: ep.start, end: ep.end, pointer: ep.pointer });
    return;
  }
  const node = byId.get(first.name);
  if (node?.op === 'instance') {
    // An instance's ports are its child's (ESCIR.md §5.2 `instance` replaces `subcircuits`).
    ep.resolved = { kind: 'sub', id: node.id, port: rest[0]?.name };
    return;
  }
  if (node) {
    const spec = node.op ? OPS[node.op] : undefined;
    if (!spec) {
      ep.resolved = { kind: 'node', node, port: rest[0]?.name ?? '', explicit: rest.length > 0, fields: rest.slice(1).map((s) => s.name) };
      return;
    }
    if (rest.length === 0) {
      // A `call` of a one-parameter extern takes a bare edge on that parameter.
      const callIn = node.op === 'call' && node.callParams?.length === 1 ? node.callParams[0] : undefined;
      const port = role === 'source' ? spec.defaultOut : (spec.defaultIn ?? callIn ?? '');
      ep.resolved = { kind: 'node', node, port, explicit: false, fields: [] };
      return;
    }
    const portSeg = rest[0]!;
    const ports = role === 'source' ? [...Object.keys(spec.outputs), ...extraOutputs(node, model)] : [...Object.keys(spec.inputs), ...extraInputs(node)];
    if (!ports.includes(portSeg.name)) {
      // Legacy `.ready` on a comparator is documented (ESCIR.md §5.2 change).
      r.error('E051', `\`${first.name}\` (\`${node.op}\`) has no ${role === 'source' ? 'output' : 'input'} port \`${portSeg.name}\``, { start: portSeg.start, end: portSeg.end, pointer: ep.pointer }, {
        hint: didYouMean(portSeg.name, ports) ?? (ports.length ? `its ${role === 'source' ? 'outputs' : 'inputs'} are ${ports.map((p) => `\`${p}\``).join(', ')}` : `it takes no named ${role === 'source' ? 'outputs' : 'inputs'}`),
      });
      return;
    }
    ep.resolved = { kind: 'node', node, port: portSeg.name, explicit: true, fields: rest.slice(1).map((s) => s.name) };
    return;
  }
  const input = findPort(model.inputs, first.name);
  const output = findPort(model.outputs, first.name);
  if (input && (role === 'source' || !output)) {
    if (role === 'target') {
      r.error('E050', `\`${first.name}\` is a circuit input; it cannot be the target of a flow`, at);
      return;
    }
    if (checkFields(input, rest, ep, model, r)) ep.resolved = { kind: 'input', port: input, fields: rest.map((s) => s.name) };
    return;
  }
  if (output) {
    if (checkFields(output, rest, ep, model, r)) ep.resolved = { kind: 'output', port: output, fields: rest.map((s) => s.name) };
    return;
  }
  if (model.subcircuits.has(first.name)) {
    ep.resolved = { kind: 'sub', id: first.name, port: rest[0]?.name };
    return;
  }
  const candidates = [...byId.keys(), ...model.inputs.map((p) => p.name), ...model.outputs.map((p) => p.name), ...model.subcircuits.keys()];
  r.error('E050', `\`${first.name}\` is not a node, port or subcircuit`, at, hintOpt(didYouMean(first.name, candidates)));
}

function findPort(ports: PortModel[], name: string): PortModel | undefined {
  return ports.find((p) => p.name === name);
}

function checkFields(port: PortModel, rest: { name: string; start: number; end: number }[], ep: Endpoint, model: EscirModel, r: EscirReporter): boolean {
  let t = port.type.k === 'stream' ? port.type.elem : port.type;
  for (const seg of rest) {
    if (t.k === 'unknown') return true;
    const d = t.k === 'struct' ? model.types.struct(t.name) : undefined;
    const f = d?.fields.find((x) => x.name === seg.name);
    if (!f) {
      r.error('E051', `\`${port.name}\` has no field \`${seg.name}\``, { start: seg.start, end: seg.end, pointer: ep.pointer }, hintOpt(didYouMean(seg.name, d?.fields.map((x) => x.name) ?? [])));
      return false;
    }
    t = f.type;
  }
  return true;
}
