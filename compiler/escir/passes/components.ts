/**
 * P5 for process circuits (ESCIR.md §3.3, §3.5, §7): dialect A `components` with imperative
 * `process` bodies and `connections`, or canonical `processes` with `body` and `channels`.
 * Reads ports (streams, wires, FIFO decorators), registers, core slots and ROMs (E078), builds
 * the network (process/net.ts: E050, E051, E042, W056, W065) and types every body and
 * condition (process/check.ts: E033 undefined name, E034 unknown function or method, E043;
 * W055 elision and W035 non-C bodies come from parsing).
 */
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { ComponentModel, EscirModel, ProcessPortModel } from '../model.ts';
import { checkProcessBody, checkRouteCondition } from '../process/check.ts';
import { CORE_METHODS } from '../process/cores.ts';
import { buildNet, fifoOf } from '../process/net.ts';
import { ensureRomRowType, readRom } from '../process/rom.ts';
import { ET, type EType } from '../types/etype.ts';
import { get, isMap, isScalar, items, str, type YNode } from '../yaml/tree.ts';
import { parseBodyNode } from './bodies.ts';
import { hintOpt } from './shape.ts';

export { CORE_METHODS };

/** Dialect A `components` (body `process`), or canonical `processes` (body `body`) with `channels`. */
export function checkComponents(model: EscirModel, r: EscirReporter, listKey: 'components' | 'processes' = 'components'): ComponentModel[] {
  const canonical = listKey === 'processes';
  const bodyKey = canonical ? 'body' : 'process';
  const out: ComponentModel[] = [];
  const ids = new Map<string, YNode>();
  ensureRomRowType(model.types);
  for (const c of items(get(model.root, listKey))) {
    if (!isMap(c)) continue;
    const idNode = get(c, 'id');
    const id = str(idNode);
    if (!id || !idNode) continue;
    if (ids.has(id)) {
      r.error('E032', `${canonical ? 'process' : 'component'} id \`${id}\` is used twice`, idNode, { related: [r.related('first used here', ids.get(id)!)] });
      continue;
    }
    ids.set(id, idNode);
    const type = str(get(c, 'type')) ?? (get(c, 'initial_data') || get(c, 'rows') ? 'memory' : 'processor');
    const comp: ComponentModel = { id, type, node: c, ports: [], state: [], uses: [] };
    const fifo = fifoOf(get(c, 'annotations'));
    if (fifo) comp.fifo = fifo;
    for (const p of items(get(c, 'ports'))) {
      const port = readPort(model, p);
      if (!port) continue;
      if (comp.ports.some((x) => x.id === port.id)) r.error('E032', `port \`${port.id}\` of \`${id}\` is declared twice`, get(p, 'id') ?? get(p, 'name') ?? p);
      else comp.ports.push(port);
    }
    for (const s of items(get(c, 'state'))) {
      const name = str(get(s, 'name'));
      const tn = get(s, 'type');
      if (!name) continue;
      const reg = { name, type: tn ? model.types.resolveNode(tn, { allowStream: false }) : ET.unknown, node: s, ...(get(s, 'init') ?? get(s, 'default') ? { init: (get(s, 'init') ?? get(s, 'default'))! } : {}) };
      if (comp.state.some((x) => x.name === name) || comp.ports.some((x) => x.id === name)) r.error('E032', `\`${name}\` is declared twice in \`${id}\``, get(s, 'name')!);
      else comp.state.push(reg);
    }
    for (const u of items(get(c, 'uses'))) {
      const uid = str(get(u, 'id')) ?? str(get(u, 'name'));
      const ut = str(get(u, 'type'));
      if (!uid && isMap(u)) r.error('E020', 'a core slot needs an `id`', u.entries[0]?.keyNode ?? u, { pointer: u.pointer });
      if (!uid || !ut) continue;
      if (!CORE_METHODS[ut]) r.error('E030', `unknown core type \`${ut}\``, get(u, 'type')!, hintOpt(didYouMean(ut, Object.keys(CORE_METHODS))));
      comp.uses.push({ id: uid, type: ut });
    }
    if (type === 'memory') comp.rom = readRom(c, r);
    const processNode = get(c, bodyKey) ?? (canonical ? undefined : get(c, 'body'));
    if (!processNode && type !== 'memory') r.error('E020', `${canonical ? 'process' : 'component'} \`${id}\` has no \`${bodyKey}\``, idNode);
    const body = parseBodyNode(processNode, r, { canonical: model.level === 'canonical', what: `process of \`${id}\`` });
    if (body) comp.process = body;
    else if (processNode && !(processNode.kind === 'scalar' && processNode.value === null)) {
      r.dagger('W054', `process of \`${id}\` is ${processNode.kind === 'map' ? 'a mapping' : 'a list'}, not a body; the component is not executable`, processNode, { hint: 'write the process as one block of statements (`process: |`)' });
    }
    out.push(comp);
  }
  const roms = out.filter((x) => x.type === 'memory');
  for (const comp of out) {
    if (!comp.process?.block || comp.process.opaque) continue;
    const typed = checkProcessBody(model, comp, comp.process, roms, r);
    if (typed) comp.typed = typed;
  }
  const net = buildNet(model, out, r, canonical);
  for (const route of net.routes) {
    if (!route.when) continue;
    const payload = payloadOf(model, out, route.from);
    const typed = checkRouteCondition(model, net, route, payload, out, r);
    if (typed) route.cond = typed;
  }
  model.net = net;
  return out;
}

function readPort(model: EscirModel, p: YNode): ProcessPortModel | undefined {
  const pid = str(get(p, 'id')) ?? str(get(p, 'name'));
  if (!pid) return undefined;
  const tn = get(p, 'type');
  const type = tn ? model.types.resolveNode(tn, { allowStream: true }) : ET.unknown;
  const dirText = str(get(p, 'direction')) ?? str(get(p, 'dir'));
  const direction = dirText === 'out' || dirText === 'output' ? 'output' : dirText === 'inout' ? 'inout' : 'input';
  const mode = str(get(p, 'mode'));
  const port: ProcessPortModel = { id: pid, type, direction, node: p, stream: type.k === 'stream' || mode === 'stream' };
  if (port.stream && type.k !== 'stream') port.type = { k: 'stream', elem: type } as EType;
  const fifo = fifoOf(get(p, 'annotations')) ?? {};
  const fifoNode = get(p, 'fifo');
  if (isMap(fifoNode)) {
    const d = get(fifoNode, 'depth');
    if (isScalar(d) && typeof d.value === 'bigint' && d.value > 0n) fifo.depth = Number(d.value);
    const pol = str(get(fifoNode, 'policy'));
    if (pol) fifo.policy = pol;
  }
  const policy = str(get(p, 'overflow_policy'));
  if (policy) fifo.policy = policy;
  if (fifo.depth !== undefined || fifo.policy !== undefined) port.fifo = fifo;
  const ff = get(p, 'fire_and_forget');
  if ((isScalar(ff) && ff.value === true) || (fifo.policy && /^(drop|drop_newest|drop_oldest|sample|fire_and_forget)$/.test(fifo.policy))) port.dropWhenFull = true;
  return port;
}

function payloadOf(model: EscirModel, comps: ComponentModel[], from: import('../process/net.ts').NetSource): EType {
  if (from.kind === 'input') {
    const p = model.inputs.find((x) => x.name === from.name);
    return p ? (p.type.k === 'stream' ? p.type.elem : p.type) : ET.unknown;
  }
  const p = comps.find((x) => x.id === from.comp)?.ports.find((x) => x.id === from.port);
  return p ? (p.type.k === 'stream' ? p.type.elem : p.type) : ET.unknown;
}
