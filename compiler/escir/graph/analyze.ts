/**
 * P5 (part 2): drivers (E052), stateless cycles and evaluation order (E053), port types,
 * typed bodies (E033/E034/E043/W036) and edge types (E042, W044). ESCIR.md §5.1, §6.
 */
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import { walkBlock } from '../expr/ast.ts';
import { operandKeys } from '../expr/operands.ts';
import { ExprChecker, type CheckEnv, type NameBinding } from '../expr/check.ts';
import type { TExpr, TLocal, TStmt } from '../expr/typed.ts';
import type { BodyModel, EdgeModel, EscirModel, GraphModel, NodeModel, PortModel } from '../model.ts';
import { OPS } from '../ops/registry.ts';
import { bodyAt } from '../passes/bodies.ts';
import { hintOpt } from '../passes/shape.ts';
import { ET, sameEType, typeName, type EType } from '../types/etype.ts';
import { get, isMap, isScalar, items, str, type YNode } from '../yaml/tree.ts';
import { extraInputs } from './build.ts';
import { cachedTypeParam, opOutputTypes, expectedInputType } from './port-types.ts';
import { namedOutputOwner, subPortTypes } from './children.ts';

export interface TypedBody {
  /** The body it was checked from (its tokens locate the lowered IR). */
  body: BodyModel;
  stmts: TStmt[];
  value?: TExpr;
  locals: TLocal[];
  assigned: { name: string; key: string; type: EType }[];
  /** Operand keys the body reads (for presence and ordering). */
  deps: Set<string>;
}

export interface GraphAnalysis {
  outTypes: Map<string, Map<string, EType>>;
  inTypes: Map<string, Map<string, EType>>;
  bodies: Map<string, TypedBody>;
  /** Edges into each node, in textual order. */
  incoming: Map<string, EdgeModel[]>;
  /** Edges into each circuit output. */
  outputDrivers: Map<string, EdgeModel[]>;
  /** Node id → enum type name of its states (fsm). */
  fsmStates: Map<string, string>;
  /** Node id → resolved transition triggers (operand keys), in list order. */
  fsmTriggers: Map<string, (string | undefined)[]>;
  /** Child output ports read by the graph (`sub.port`), with the type they carry. */
  subTypes: Map<string, EType>;
}

export function analyzeGraph(model: EscirModel, graph: GraphModel, r: EscirReporter): GraphAnalysis {
  const a: GraphAnalysis = { outTypes: new Map(), inTypes: new Map(), bodies: new Map(), incoming: new Map(), outputDrivers: new Map(), fsmStates: new Map(), fsmTriggers: new Map(), subTypes: new Map() };
  for (const n of graph.nodes) {
    a.incoming.set(n.id, []);
    a.outTypes.set(n.id, new Map());
    a.inTypes.set(n.id, new Map());
  }
  for (const e of graph.edges) {
    const t = e.to.resolved;
    if (t?.kind === 'node') a.incoming.get(t.node.id)!.push(e);
    if (t?.kind === 'output') {
      const list = a.outputDrivers.get(t.port.name) ?? [];
      list.push(e);
      a.outputDrivers.set(t.port.name, list);
    }
  }
  checkDrivers(graph, a, r);
  for (const n of graph.nodes) if (n.op === 'fsm') prepareFsm(model, n, a, r);
  subPortTypes(model, graph, a);
  const deps = dependencies(model, graph, a);
  graph.order = topoOrder(graph, deps, r);
  for (const n of graph.order ?? graph.nodes) typeNode(model, n, a, r);
  checkEdgeTypes(model, graph, a, r);
  return a;
}

// ── drivers ──────────────────────────────────────────────────────────────────────────────

function checkDrivers(graph: GraphModel, a: GraphAnalysis, r: EscirReporter): void {
  const seen = new Map<string, EdgeModel>();
  for (const e of graph.edges) {
    const t = e.to.resolved;
    if (!t) continue;
    let key: string | undefined;
    if (t.kind === 'output') key = `out:${t.port.name}${t.fields.length ? '.' + t.fields.join('.') : ''}`;
    else if (t.kind === 'node' && t.node.op) {
      const spec = OPS[t.node.op]!;
      if (!t.explicit && !spec.defaultIn) continue; // a dependency only
      if (spec.inputs[t.port]?.write) continue; // [W] ports take several drivers
      if (t.node.op === 'merge') continue;
      if (isUnitSource(e, a)) continue;
      key = `node:${t.node.id}.${t.port}`;
    }
    if (!key) continue;
    const prev = seen.get(key);
    if (prev) {
      r.error('E052', `\`${e.to.text}\` already has a driver (\`${prev.from.text}\`)`, { start: e.to.start, end: e.to.end, pointer: e.to.pointer }, {
        related: [r.related('first driver here', prev.from)],
        hint: 'combine the sources with a `merge` node, or drive a [W] port',
      });
    } else seen.set(key, e);
  }
}

/** Ungated gates and timer ticks carry `unit`: wired into a node they are an enable, not a driver. */
function isUnitSource(e: EdgeModel, a: GraphAnalysis): boolean {
  const s = e.from.resolved;
  if (s?.kind !== 'node') return false;
  if (s.node.op === 'compare') return (s.port === 'pass' || s.port === 'fail') && !(a.incoming.get(s.node.id) ?? []).some((x) => x.to.resolved?.kind === 'node' && x.to.resolved.port === 'in');
  return (s.node.op === 'timer' && (s.port === 'expired' || s.port === 'tick')) || (s.node.op === 'counter' && s.port === 'overflow') || (s.node.op === 'retry' && s.port === 'exhausted');
}

// ── order ────────────────────────────────────────────────────────────────────────────────

/** node id → ids it must run after (non-[W] edges, body references, fsm triggers). */
function dependencies(model: EscirModel, graph: GraphModel, a: GraphAnalysis): Map<string, { id: string; edge?: EdgeModel }[]> {
  const deps = new Map<string, { id: string; edge?: EdgeModel }[]>();
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const n of graph.nodes) deps.set(n.id, []);
  for (const e of graph.edges) {
    const s = e.from.resolved;
    const t = e.to.resolved;
    if (s?.kind !== 'node' || t?.kind !== 'node' || !t.node.op) continue;
    if (OPS[t.node.op]!.inputs[t.port]?.write) continue;
    deps.get(t.node.id)!.push({ id: s.node.id, edge: e });
  }
  const dep = (n: NodeModel, name: string) => {
    if (ids.has(name) && name !== n.id) deps.get(n.id)!.push({ id: name });
    else if (!ids.has(name)) {
      const owner = namedOutputOwner(model, name);
      if (owner && owner.id !== n.id) deps.get(n.id)!.push({ id: owner.id });
    }
  };
  for (const n of graph.nodes) {
    for (const b of n.exprs.values()) for (const name of referencedNames(b)) dep(n, name);
    if (n.body) for (const name of referencedNames(n.body)) dep(n, name);
    for (const key of a.fsmTriggers.get(n.id) ?? []) {
      const m = key && /^node:([^.]+)\./.exec(key);
      if (m && m[1] !== n.id) deps.get(n.id)!.push({ id: m[1]! });
    }
  }
  return deps;
}

function referencedNames(b: BodyModel): Set<string> {
  const out = new Set<string>();
  if (b.block) walkBlock(b.block, (e) => {
    if (e.k === 'name') out.add(e.name);
  });
  return out;
}

function topoOrder(graph: GraphModel, deps: Map<string, { id: string; edge?: EdgeModel }[]>, r: EscirReporter): NodeModel[] | undefined {
  const done = new Set<string>();
  const order: NodeModel[] = [];
  let progress = true;
  while (order.length < graph.nodes.length && progress) {
    progress = false;
    // Ties in declaration order: always take the first ready node.
    for (const n of graph.nodes) {
      if (done.has(n.id)) continue;
      if (deps.get(n.id)!.every((d) => done.has(d.id) || d.id === n.id)) {
        done.add(n.id);
        order.push(n);
        progress = true;
        break;
      }
    }
  }
  if (order.length === graph.nodes.length) return order;
  const stuck = graph.nodes.filter((n) => !done.has(n.id));
  const cycle = findCycle(stuck, deps);
  const first = cycle[0]!;
  const edge = deps.get(first)!.find((d) => cycle.includes(d.id) && d.edge)?.edge;
  const node = graph.nodes.find((n) => n.id === first)!;
  r.error('E053', `stateless cycle: ${[...cycle, cycle[0]].join(' -> ')}`, edge ? edge.to : (node.idNode ?? node.node), {
    hint: 'break the cycle with a [W] port (fifo, timer start) or a register',
  });
  return undefined;
}

function findCycle(stuck: NodeModel[], deps: Map<string, { id: string }[]>): string[] {
  const ids = new Set(stuck.map((n) => n.id));
  let cur = stuck[0]!.id;
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  while (!seenAt.has(cur)) {
    seenAt.set(cur, path.length);
    path.push(cur);
    const next = deps.get(cur)!.find((d) => ids.has(d.id));
    if (!next) break;
    cur = next.id;
  }
  const startIdx = seenAt.get(cur) ?? 0;
  return path.slice(startIdx).reverse();
}

// ── typing ───────────────────────────────────────────────────────────────────────────────

export function sourceType(model: EscirModel, e: EdgeModel, a: GraphAnalysis): EType {
  const s = e.from.resolved;
  if (!s) return ET.unknown;
  let t: EType;
  let fields: string[] = [];
  switch (s.kind) {
    case 'input':
    case 'output':
      t = s.port.type.k === 'stream' ? s.port.type.elem : s.port.type;
      fields = s.fields;
      break;
    case 'node':
      t = a.outTypes.get(s.node.id)?.get(s.port) ?? ET.unknown;
      fields = s.fields;
      break;
    case 'sub': {
      t = a.subTypes.get(`${s.id}.${s.port}`) ?? ET.unknown;
      break;
    }
    default:
      return ET.unknown;
  }
  for (const f of fields) {
    if (t.k !== 'struct') return ET.unknown;
    t = model.types.struct(t.name)?.fields.find((x) => x.name === f)?.type ?? ET.unknown;
  }
  return t;
}

function typeNode(model: EscirModel, n: NodeModel, a: GraphAnalysis, r: EscirReporter): void {
  const inTypes = a.inTypes.get(n.id)!;
  for (const e of a.incoming.get(n.id)!) {
    const t = e.to.resolved;
    if (t?.kind !== 'node' || !t.port) continue;
    const st = sourceType(model, e, a);
    const prev = inTypes.get(t.port);
    if (!prev || prev.k === 'unknown') inTypes.set(t.port, st);
  }
  if (!n.op) return;
  const check = (key: string, body: BodyModel, extra: Record<string, { key: string; type: EType }>, expected?: EType): TypedBody | undefined => {
    if (!body.block || body.opaque) return undefined;
    if (!model.level.startsWith('c') && isOpaqueName(model, body, a, extra)) {
      r.dagger('W054', `body of node \`${n.id}\` names \`${body.text.trim()}\`, which is not defined; the node is opaque`, body.scalar);
      n.executable = false;
      return undefined;
    }
    const tb = checkBody(model, body, a, r, extra, expected, n.op === 'expr');
    if (tb) a.bodies.set(`${n.id}/${key}`, tb);
    else n.executable = false;
    return tb;
  };
  const inT = inTypes.get('in');
  const payload: Record<string, { key: string; type: EType }> = inT ? { in: { key: `port:${n.id}.in`, type: inT }, event: { key: `port:${n.id}.in`, type: inT } } : {};
  switch (n.op) {
    case 'expr':
      if (n.body) check('body', n.body, payload);
      break;
    case 'compare':
      if (n.body) check('body', n.body, payload, ET.bool);
      for (const k of ['condition', 'operation']) {
        const b = n.exprs.get(k);
        if (b) check(k, b, payload, ET.bool);
      }
      break;
    case 'filter': {
      const b = n.exprs.get('predicate');
      if (b) check('predicate', b, payload, ET.bool);
      break;
    }
    case 'select': {
      const b = n.exprs.get('when');
      if (b) check('when', b, payload, ET.bool);
      break;
    }
    case 'build':
      for (const [k, b] of n.exprs) {
        if (!k.startsWith('fields.')) continue;
        const ft = buildFieldType(model, n, k.slice(7));
        check(k, b, payload, ft);
      }
      break;
    case 'fsm':
      for (const [k, b] of n.exprs) if (k.startsWith('when.')) check(k, b, {}, ET.bool);
      break;
    case 'merge': {
      // ESCIR.md §5.2: inputs are wrapped in their variant of the `into` union (none: E042).
      const into = cachedTypeParam(model, n, 'into');
      const decl = into?.k === 'union' ? model.types.declaration(into.name) : undefined;
      if (into && into.k !== 'unknown' && decl?.kind !== 'union') {
        r.error('E042', `\`${n.id}\` merges into ${typeName(into)}, which is not a union; each input is wrapped in its variant`, n.params.get('into') ?? n.node, {
          hint: 'declare `kind: union` with one variant per input type',
        });
        n.executable = false;
      } else if (decl?.kind === 'union') {
        for (const e of a.incoming.get(n.id)!) {
          const got = sourceType(model, e, a);
          if (got.k === 'unknown' || got.k === 'unit' || decl.variants.some((v) => sameEType(v.type, got))) continue;
          r.error('E042', `\`${e.from.text}\` carries ${typeName(got)}, which is no variant of ${decl.name}`, e.to, { hint: `variants: ${decl.variants.map((v) => typeName(v.type)).join(', ')}` });
          n.executable = false;
        }
      }
      break;
    }
    case 'pack':
      for (const [k, b] of n.exprs) {
        if (!k.startsWith('layout.')) continue;
        const tb = check(k, b, payload);
        const t = tb?.value?.type;
        if (t && t.k !== 'int' && t.k !== 'bool' && t.k !== 'enum' && t.k !== 'unknown') {
          r.error('E043', `layout entry of \`${n.id}\` packs ${typeName(t)}; entries are integers, bools or enums`, b.scalar);
          n.executable = false;
        }
      }
      break;
    case 'verify': {
      // Operands must be wired (legacy verify nodes usually have none: W054†).
      const missing = ['key', 'msg', 'sig'].filter((p) => !inTypes.has(p));
      if (missing.length > 0) {
        r.dagger('W054', `verify node \`${n.id}\` has no ${missing.map((m) => `\`${m}\``).join(', ')} wired; it is opaque`, n.opNode ?? n.node, { hint: 'wire `key`, `msg` and `sig`' });
        n.executable = false;
      }
      break;
    }
    default:
      break;
  }
  // Expected input types (E042 at the edge).
  for (const e of a.incoming.get(n.id)!) {
    const t = e.to.resolved;
    if (t?.kind !== 'node' || !t.port) continue;
    const want = expectedInputType(model, n, t.port);
    const got = sourceType(model, e, a);
    if (want && !sameEType(want, got) && got.k !== 'unit') {
      r.error('E042', `\`${e.from.text}\` carries ${typeName(got)}, but \`${n.id}.${t.port}\` takes ${typeName(want)}`, e.to, { hint: 'insert a `build` or `call` node to convert' });
    }
  }
  const outs = opOutputTypes(model, n, a, r);
  const map = a.outTypes.get(n.id)!;
  for (const [k, v] of outs) map.set(k, v);
}

function buildFieldType(model: EscirModel, n: NodeModel, field: string): EType | undefined {
  const tn = n.params.get('type');
  if (!isScalar(tn) || typeof tn.value !== 'string') return undefined;
  const d = model.types.struct(tn.value);
  return d?.fields.find((f) => f.name === field)?.type;
}

/** Legacy opaque-name body: a lone identifier or call of something undefined (W054†). */
function isOpaqueName(model: EscirModel, body: BodyModel, a: GraphAnalysis, extra: Record<string, unknown>): boolean {
  const b = body.block!;
  if (b.stmts.length !== 0 || !b.result) return false;
  const e = b.result;
  const env = makeEnv(model, a, {}, () => undefined);
  if (e.k === 'name') return !extra[e.name] && env.resolve(e.name) === undefined && !enumVariantExists(model, e.name);
  if (e.k === 'call' && !e.receiver) return !['min', 'max', 'abs', 'len', 'hex', 'sha3_256', 'blake3', 'fnv1a32', '__list', '__repeat'].includes(e.callee) && !model.externs.has(e.callee);
  return false;
}

function enumVariantExists(model: EscirModel, name: string): boolean {
  for (const n of model.types.names()) {
    const d = model.types.declaration(n);
    if (d?.kind === 'enum' && d.variants.some((v) => v.name === name)) return true;
  }
  return false;
}

export function checkBody(
  model: EscirModel,
  body: BodyModel,
  a: GraphAnalysis | undefined,
  r: EscirReporter,
  extra: Record<string, { key: string; type: EType }>,
  expected: EType | undefined,
  namedOutputs: boolean,
): TypedBody | undefined {
  const env = makeEnv(model, a, extra, (severity, code, message, start, end, hint) => {
    const at = bodyAt(body, start, end);
    if (severity === 'error') r.error(code, message, at, hintOpt(hint));
    else r.warning(code, message, at, hintOpt(hint));
  });
  const tracking: CheckEnv = { ...env };
  if (namedOutputs) tracking.assignable = (name) => assignTarget(env, name);
  const checker = new ExprChecker(tracking);
  checker.typeReporter = (text, at) => {
    const scalar = body.scalar;
    const node = { ...scalar, value: text, offsetAt: (i: number) => scalar.offsetAt(at.start + i) };
    return model.types.resolveString(text, node, false);
  };
  const res = checker.body(body.block!, expected);
  if (res.value && expected && !checker.failed) res.value = checker.coerce(res.value, expected, res.value);
  if (checker.failed) return undefined;
  const tb: TypedBody = { body, stmts: res.stmts, locals: checker.locals, assigned: checker.assigned, deps: operandKeys(res.stmts, res.value) };
  if (res.value) tb.value = res.value;
  return tb;
}

/**
 * What an assignment `name = e` at the top of an `expr` body writes. The name is looked up
 * like a read (ESCIR.md §6: locals → node ids → inputs → state → consts): a state register
 * is written — the write is committed when the step ends (§6 step 4) — and any other name
 * is a named output of the node.
 */
function assignTarget(env: CheckEnv, name: string): { key: string; type: EType | undefined } {
  const b = env.resolve(name);
  if (b?.kind === 'value' && b.key === `state:${name}`) return { key: b.key, type: b.type };
  return { key: `named:${name}`, type: undefined };
}

/** State registers some `expr` body of the graph assigns (ESCIR.md §6: written at commit). */
export function registersWritten(a: GraphAnalysis): Set<string> {
  const out = new Set<string>();
  for (const tb of a.bodies.values()) for (const x of tb.assigned) if (x.key.startsWith('state:')) out.add(x.key.slice(6));
  return out;
}

/** Name environment of graph bodies: locals → node ids / node.port → inputs → state → consts. */
export function makeEnv(
  model: EscirModel,
  a: GraphAnalysis | undefined,
  extra: Record<string, { key: string; type: EType }>,
  report: CheckEnv['report'],
): CheckEnv {
  const nodes = new Map((model.graph?.nodes ?? []).map((n) => [n.id, n]));
  return {
    table: model.types,
    canonical: model.level === 'canonical',
    externs: new Map([...model.externs].map(([k, v]) => [k, { params: v.params.map((p) => p.type), result: v.result }])),
    names: () => [...Object.keys(extra), ...nodes.keys(), ...model.inputs.map((p) => p.name), ...model.state.map((s) => s.name), ...model.consts.keys()],
    report,
    resolve(name): NameBinding | undefined {
      const x = extra[name];
      if (x) return { kind: 'value', key: x.key, type: x.type };
      const node = nodes.get(name);
      if (node && node.op) {
        const outs = a?.outTypes.get(node.id);
        const spec = OPS[node.op]!;
        const def = spec.defaultOut;
        const defType = outs?.get(def);
        const b: NameBinding = {
          kind: 'node',
          id: node.id,
          port: (p) => {
            const t = outs?.get(p);
            return t ? { key: `node:${node.id}.${p}`, type: t } : undefined;
          },
          ports: () => [...(outs?.keys() ?? [])],
        };
        if (defType) {
          b.defaultKey = `node:${node.id}.${def}`;
          b.defaultType = defType;
        }
        return b;
      }
      const input = model.inputs.find((p) => p.name === name);
      if (input) return { kind: 'value', key: input.isValidFlag ? `valid:${name}` : `in:${name}`, type: input.type.k === 'stream' ? input.type.elem : input.type };
      const output = model.outputs.find((p) => p.name === name);
      if (output) return { kind: 'value', key: `out:${name}`, type: output.type.k === 'stream' ? output.type.elem : output.type };
      const st = model.state.find((s) => s.name === name);
      if (st) return { kind: 'value', key: `state:${name}`, type: st.type };
      const c = model.consts.get(name);
      if (c) return { kind: 'const', value: c.value as never, type: c.type };
      // Legacy: a bare name another node's body assigns is that node's named output.
      const owner = model.level === 'legacy' ? namedOutputOwner(model, name) : undefined;
      if (owner) {
        const t = a?.outTypes.get(owner.id)?.get(name);
        return { kind: 'value', key: `node:${owner.id}.${name}`, type: t ?? ET.unknown };
      }
      if (model.level === 'legacy' && name in model.annotations) {
        const v = model.annotations[name];
        const value = typeof v === 'bigint' ? v : typeof v === 'boolean' ? v : undefined;
        if (value !== undefined) {
          return {
            kind: 'const',
            value,
            type: typeof v === 'boolean' ? ET.bool : ET.i64,
            warn: { code: 'W081', message: `annotation \`${name}\` is read as data; it is folded to the constant ${String(v)}` },
          };
        }
      }
      return undefined;
    },
  };
}

// ── fsm ──────────────────────────────────────────────────────────────────────────────────

function prepareFsm(model: EscirModel, n: NodeModel, a: GraphAnalysis, r: EscirReporter): void {
  const states: string[] = [];
  // `states: SomeEnum` adopts a declared enum, so ports can carry the state by name.
  const statesNode = n.params.get('states');
  const adopted = str(statesNode) !== undefined ? model.types.declaration(str(statesNode)!) : undefined;
  if (statesNode && str(statesNode) !== undefined) {
    if (adopted?.kind !== 'enum') {
      r.error('E030', `\`states\` names \`${str(statesNode)}\`, which is not a declared enum`, statesNode, hintOpt(didYouMean(str(statesNode)!, model.types.names())));
      n.executable = false;
      return;
    }
    a.fsmStates.set(n.id, adopted.name);
    const names = adopted.variants.map((v) => v.name);
    finishFsm(model, n, a, r, names);
    return;
  }
  for (const s of items(statesNode)) {
    const name = str(s) ?? str(get(s, 'name'));
    if (!name) continue;
    if (states.includes(name)) r.error('E032', `state \`${name}\` is listed twice in \`${n.id}\``, s);
    else states.push(name);
  }
  // A listed state set that is exactly a declared enum's variants adopts that enum, so the
  // state can leave the circuit on a port of that type.
  const twin = model.types.names().map((t) => model.types.declaration(t)).find((d) => d?.kind === 'enum' && d.variants.length === states.length && d.variants.every((v, i) => v.name === states[i]));
  if (twin?.kind === 'enum' && states.length > 0) {
    a.fsmStates.set(n.id, twin.name);
    finishFsm(model, n, a, r, states);
    return;
  }
  const enumName = `${n.id}$State`;
  model.types.add({ kind: 'enum', name: enumName, variants: states.map((s, i) => ({ name: s, value: BigInt(i) })), reprBits: states.length < 256 ? 8 : 16, implicitOrdinals: false, start: n.node.start, end: n.node.end, pointer: n.node.pointer });
  a.fsmStates.set(n.id, enumName);
  finishFsm(model, n, a, r, states);
}

function finishFsm(model: EscirModel, n: NodeModel, a: GraphAnalysis, r: EscirReporter, states: string[]): void {
  const checkState = (v: YNode | undefined, allowStar: boolean) => {
    const name = str(v);
    if (!v || name === undefined) return;
    if (allowStar && name === '*') return;
    if (!states.includes(name)) {
      r.error('E033', `\`${name}\` is not a state of \`${n.id}\``, v, hintOpt(didYouMean(name, states)));
      n.executable = false;
    }
  };
  checkState(n.params.get('initial_state'), false);
  const triggers: (string | undefined)[] = [];
  for (const t of items(n.params.get('transitions'))) {
    // A transition written any other way (`"a -> b"`) would be dropped or fire unguarded.
    if (!isMap(t)) {
      r.error('E021', `a transition of \`${n.id}\` is a mapping \`{from, to, trigger}\``, t);
      n.executable = false;
    } else if (!get(t, 'to')) {
      r.error('E020', `a transition of \`${n.id}\` has no \`to\` state`, t);
      n.executable = false;
    }
    checkState(get(t, 'from'), true);
    checkState(get(t, 'to'), false);
    triggers.push(resolveTrigger(model, n, get(t, 'trigger'), r));
  }
  a.fsmTriggers.set(n.id, triggers);
}

/** A trigger is an event input (legacy `X_valid` = X), `node.port` or `sub.port`; else E050. */
function resolveTrigger(model: EscirModel, n: NodeModel, v: YNode | undefined, r: EscirReporter): string | undefined {
  const name = str(v);
  if (!v || name === undefined) return undefined;
  const parts = name.split('.');
  if (parts.length === 1) {
    const direct = model.inputs.find((p) => p.name === name);
    if (direct) return direct.isValidFlag ? `valid:${name}` : `in:${name}`;
    const m = /^(.*)_valid$/.exec(name);
    if (m && model.inputs.some((p) => p.name === m[1])) return `in:${m[1]}`;
    if (model.graph?.nodes.some((x) => x.id === name)) {
      const node = model.graph.nodes.find((x) => x.id === name)!;
      return `node:${name}.${node.op ? OPS[node.op]!.defaultOut : 'out'}`;
    }
  } else {
    const [head, port] = parts as [string, string];
    const node = model.graph?.nodes.find((x) => x.id === head);
    if (node) return `node:${head}.${port}`;
    if (model.subcircuits.has(head)) return `sub:${head}.${port}`;
    const input = model.inputs.find((p) => p.name === head);
    if (input) return `in:${head}`;
  }
  const candidates = [...model.inputs.map((p) => p.name), ...(model.graph?.nodes.map((x) => x.id) ?? []), ...model.subcircuits.keys()];
  r.error('E050', `trigger \`${name}\` of \`${n.id}\` is not an event input, node port or subcircuit port`, v, hintOpt(didYouMean(parts[0]!, candidates)));
  n.executable = false;
  return undefined;
}

// ── edges ────────────────────────────────────────────────────────────────────────────────

function checkEdgeTypes(model: EscirModel, graph: GraphModel, a: GraphAnalysis, r: EscirReporter): void {
  for (const e of graph.edges) {
    const t = e.to.resolved;
    if (t?.kind !== 'output') continue;
    let want: EType = t.port.type.k === 'stream' ? t.port.type.elem : t.port.type;
    for (const f of t.fields) want = want.k === 'struct' ? (model.types.struct(want.name)?.fields.find((x) => x.name === f)?.type ?? ET.unknown) : ET.unknown;
    const got = sourceType(model, e, a);
    if (!sameEType(want, got) && !(got.k === 'unit' && want.k === 'bool')) {
      r.error('E042', `\`${e.from.text}\` carries ${typeName(got)}, but output \`${t.port.name}\` is ${typeName(want)}`, e.to, { hint: 'insert a `build` or `call` node to convert' });
    }
    if (want.k === 'enum') {
      const d = model.types.declaration(want.name);
      if (d?.kind === 'enum' && d.implicitOrdinals) {
        r.warning('W044', `enum ${want.name} crosses the circuit boundary with implicit ordinals (declared with \`values:\`)`, e.to, { hint: 'declare `variants: [{name, value}]` to fix the wire values' });
      }
    }
  }
  // Conditions on edges.
  for (const e of graph.edges) {
    if (!e.when) continue;
    const tb = e.when.block && !e.when.opaque ? checkBody(model, e.when, a, r, {}, ET.bool, false) : undefined;
    if (tb) a.bodies.set(`edge/${e.order}`, tb);
  }
}

export function portOfInput(model: EscirModel, name: string): PortModel | undefined {
  return model.inputs.find((p) => p.name === name);
}

export { extraInputs };
