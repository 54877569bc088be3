/**
 * Dialect A (ESCIR.md §3.3, §7): components with imperative `process` bodies, connections,
 * core slots and ROMs. Checked statically: bodies parse (W055 elision, W035 non-C), names
 * resolve (E033 undefined name, E034 unknown function or core method), connections resolve
 * (E050/E051), ports are connected (W056), ROM rows hash to their paths (E078).
 */
import { didYouMean, type EscirReporter } from '../diagnostics.ts';
import type { Block, Expr, Pattern, Stmt } from '../expr/ast.ts';
import type { ComponentModel, EscirModel } from '../model.ts';
import { bodyAt, parseBodyNode } from './bodies.ts';
import { hintOpt } from './shape.ts';
import { ET } from '../types/etype.ts';
import { get, intValue, isMap, isScalar, items, str, type YNode } from '../yaml/tree.ts';
import { fnv1a32 } from '../ops/fnv.ts';

/** Core slot types and the methods ESCIR code calls on them (ESCIR.md §3.3 `uses`). */
export const CORE_METHODS: Record<string, string[]> = {
  CharacterClassifier: ['classify', 'class_of', 'is_whitespace', 'is_name_start', 'is_name_char', 'is_digit', 'is_alpha', 'is_delimiter'],
  FNV1aHasher: ['reset', 'init', 'update', 'feed', 'push', 'pop', 'finish', 'digest', 'hash', 'value', 'current', 'push_segment', 'pop_segment'],
  SHA3_256: ['reset', 'init', 'update', 'absorb', 'finalize', 'finish', 'digest', 'squeeze', 'hash'],
  SchemaROM: ['lookup', 'read', 'get', 'contains'],
};
const PORT_METHODS = ['recv', 'send', 'try_recv', 'try_send', 'peek', 'ready', 'full', 'empty', 'len', 'is_empty', 'available'];
const VALUE_METHODS = ['len', 'is_empty', 'to_le_bytes', 'to_be_bytes', 'as_bytes', 'min', 'max', 'abs', 'wrapping_add', 'wrapping_sub', 'wrapping_mul', 'push', 'pop', 'clear', 'contains'];
const BUILTINS = ['min', 'max', 'abs', 'len', 'hex', 'sha3_256', 'blake3', 'fnv1a32', 'lookup', '__list', '__repeat'];

/** Dialect A `components` (body `process`), or canonical `processes` (body `body`) with `channels`. */
export function checkComponents(model: EscirModel, r: EscirReporter, listKey: 'components' | 'processes' = 'components'): ComponentModel[] {
  const bodyKey = listKey === 'components' ? 'process' : 'body';
  const out: ComponentModel[] = [];
  const roms = new Set(items(get(model.root, listKey)).filter((c) => str(get(c, 'type')) === 'memory').map((c) => str(get(c, 'id')) ?? ''));
  const ids = new Map<string, YNode>();
  for (const c of items(get(model.root, listKey))) {
    if (!isMap(c)) continue;
    const idNode = get(c, 'id');
    const id = str(idNode);
    if (!id || !idNode) continue;
    if (ids.has(id)) {
      r.error('E032', `component id \`${id}\` is used twice`, idNode, { related: [r.related('first used here', ids.get(id)!)] });
      continue;
    }
    ids.set(id, idNode);
    const type = str(get(c, 'type')) ?? 'processor';
    const comp: ComponentModel = { id, type, node: c, ports: [], state: [], uses: [] };
    for (const p of items(get(c, 'ports'))) {
      const pid = str(get(p, 'id')) ?? str(get(p, 'name'));
      const tn = get(p, 'type');
      if (!pid) continue;
      const t = tn ? model.types.resolveNode(tn, { allowStream: true }) : ET.unknown;
      comp.ports.push({ id: pid, type: t, direction: str(get(p, 'direction')) ?? 'input', node: p, stream: t.k === 'stream' });
    }
    for (const s of items(get(c, 'state'))) {
      const name = str(get(s, 'name'));
      const tn = get(s, 'type');
      if (name) comp.state.push({ name, type: tn ? model.types.resolveNode(tn, { allowStream: false }) : ET.unknown, node: s });
    }
    for (const u of items(get(c, 'uses'))) {
      const uid = str(get(u, 'id'));
      const ut = str(get(u, 'type'));
      if (!uid || !ut) continue;
      if (!CORE_METHODS[ut]) r.error('E030', `unknown core type \`${ut}\``, get(u, 'type')!, hintOpt(didYouMean(ut, Object.keys(CORE_METHODS))));
      comp.uses.push({ id: uid, type: ut });
    }
    const processNode = get(c, bodyKey);
    if (!processNode && type !== 'memory') r.error('E020', `${listKey === 'components' ? 'component' : 'process'} \`${id}\` has no \`${bodyKey}\``, idNode);
    const body = parseBodyNode(processNode, r, { canonical: model.level === 'canonical', what: `process of \`${id}\`` });
    if (body) {
      comp.process = body;
      if (body.block && !body.opaque) checkProcessNames(model, comp, body.block, (code, msg, s, e, hint) => r.error(code, msg, bodyAt(body, s, e), hintOpt(hint)), roms);
    }
    checkRom(c, r);
    out.push(comp);
  }
  if (listKey === 'components') checkConnections(model, out, r);
  else checkChannels(model, out, r);
  return out;
}

type Report = (code: string, message: string, start: number, end: number, hint?: string) => void;

function checkProcessNames(model: EscirModel, comp: ComponentModel, block: Block, report: Report, roms: Set<string>): void {
  const ports = new Map(comp.ports.map((p) => [p.id, p]));
  const slots = new Map(comp.uses.map((u) => [u.id, u.type]));
  // A `memory` component is a ROM the others read with `rom.lookup(h)` (ESCIR.md §7).
  for (const rom of roms) if (!slots.has(rom)) slots.set(rom, 'SchemaROM');
  const globals = new Set<string>([...ports.keys(), ...slots.keys(), ...comp.state.map((s) => s.name), ...model.consts.keys(), ...model.types.names(), 'self', 'now']);
  for (const n of model.types.names()) {
    const d = model.types.declaration(n);
    if (d?.kind === 'enum') for (const v of d.variants) globals.add(v.name);
  }
  const scopes: Set<string>[] = [new Set()];
  const known = (name: string) => globals.has(name) || scopes.some((s) => s.has(name));
  const all = () => [...globals, ...scopes.flatMap((s) => [...s])];
  const expr = (e: Expr): void => {
    switch (e.k) {
      case 'name':
        if (!known(e.name)) report('E033', `undefined name \`${e.name}\` in process of \`${comp.id}\``, e.start, e.end, didYouMean(e.name, all()));
        return;
      case 'call': {
        if (e.receiver) {
          expr(e.receiver);
          const recv = e.receiver.k === 'name' ? e.receiver.name : undefined;
          const slot = recv ? slots.get(recv) : undefined;
          const at = [e.calleeStart, e.calleeStart + e.callee.length] as const;
          if (slot && CORE_METHODS[slot] && !CORE_METHODS[slot]!.includes(e.callee)) {
            report('E034', `core \`${slot}\` has no method \`${e.callee}\``, at[0], at[1], didYouMean(e.callee, CORE_METHODS[slot]!));
          } else if (recv && ports.has(recv) && !PORT_METHODS.includes(e.callee)) {
            report('E034', `port \`${recv}\` has no method \`${e.callee}\``, at[0], at[1], didYouMean(e.callee, PORT_METHODS));
          } else if (!slot && !(recv && ports.has(recv)) && !VALUE_METHODS.includes(e.callee)) {
            report('E034', `unknown method \`${e.callee}\``, at[0], at[1], didYouMean(e.callee, VALUE_METHODS));
          }
        } else if (!BUILTINS.includes(e.callee) && !model.externs.has(e.callee)) {
          report('E034', `unknown function \`${e.callee}\` in process of \`${comp.id}\``, e.calleeStart, e.calleeStart + e.callee.length, didYouMean(e.callee, BUILTINS) ?? (model.level === 'canonical' ? 'declare it under `externs`' : undefined));
        }
        e.args.forEach(expr);
        return;
      }
      case 'field':
        expr(e.object);
        return;
      case 'index':
        expr(e.object);
        expr(e.index);
        return;
      case 'slice':
        expr(e.object);
        if (e.lo) expr(e.lo);
        if (e.hi) expr(e.hi);
        return;
      case 'unary':
        expr(e.operand);
        return;
      case 'binary':
        expr(e.left);
        expr(e.right);
        return;
      case 'cond':
        expr(e.cond);
        expr(e.then);
        expr(e.else);
        return;
      case 'struct':
        e.fields.forEach((f) => expr(f.value));
        return;
      case 'cast':
        expr(e.value);
        return;
      case 'ifExpr':
        expr(e.cond);
        blk(e.then);
        blk(e.else);
        return;
      case 'matchExpr':
        expr(e.subject);
        for (const a of e.arms) arm(a.patterns, a.body);
        return;
      case 'block':
        blk(e.block);
        return;
      default:
        return;
    }
  };
  const arm = (patterns: Pattern[], body: Block) => {
    scopes.push(new Set(patterns.filter((p) => p.k === 'name' && !known(p.name)).map((p) => (p as { name: string }).name)));
    blk(body, false);
    scopes.pop();
  };
  const stmt = (s: Stmt): void => {
    switch (s.k) {
      case 'let':
        expr(s.value);
        scopes[scopes.length - 1]!.add(s.name);
        return;
      case 'assign':
        // Assigning an unknown bare name declares nothing: it is an undefined register or wire.
        if (s.target.k === 'name' && !known(s.target.name)) report('E033', `assignment to undefined register or wire \`${s.target.name}\``, s.target.start, s.target.end, didYouMean(s.target.name, all()));
        else if (s.target.k !== 'name') expr(s.target);
        expr(s.value);
        return;
      case 'expr':
        expr(s.value);
        return;
      case 'if':
        expr(s.cond);
        blk(s.then);
        if (s.else) blk(s.else);
        return;
      case 'match':
        expr(s.subject);
        for (const a of s.arms) arm(a.patterns, a.body);
        return;
      case 'for':
        expr(s.from);
        expr(s.to);
        scopes.push(new Set([s.name]));
        blk(s.body, false);
        scopes.pop();
        return;
      case 'return':
        if (s.value) expr(s.value);
        return;
      default:
        return;
    }
  };
  const blk = (b: Block, scoped = true) => {
    if (scoped) scopes.push(new Set());
    b.stmts.forEach(stmt);
    if (b.result) expr(b.result);
    if (scoped) scopes.pop();
  };
  blk(block, false);
}

/** ROM rows: a row with `path` must hash to its `path_hash`; two rows may not share a hash (E078). */
function checkRom(c: YNode, r: EscirReporter): void {
  const byHash = new Map<bigint, YNode>();
  for (const row of items(get(c, 'initial_data'))) {
    const hashNode = get(row, 'path_hash');
    let hash = intValue(hashNode);
    if (hash === undefined && isScalar(hashNode) && typeof hashNode.value === 'string' && /^0x[0-9a-f]+$/i.test(hashNode.value)) hash = BigInt(hashNode.value);
    const path = str(get(row, 'path'));
    if (path !== undefined) {
      const computed = BigInt(fnv1a32(new TextEncoder().encode(path)));
      if (hash === undefined) hash = computed;
      else if (hash !== computed) {
        r.error('E078', `ROM row \`${path}\`: path_hash 0x${hash.toString(16)} does not match FNV-1a-32 of the path (0x${computed.toString(16).padStart(8, '0')})`, hashNode ?? row);
      }
    }
    if (hash === undefined) continue;
    const prev = byHash.get(hash);
    if (prev) r.error('E078', `ROM hash collision: 0x${hash.toString(16).padStart(8, '0')} is used by two rows`, hashNode ?? row, { related: [r.related('first row here', prev)] });
    else byHash.set(hash, hashNode ?? row);
  }
}

function checkConnections(model: EscirModel, comps: ComponentModel[], r: EscirReporter): void {
  const byId = new Map(comps.map((c) => [c.id, c]));
  const connected = new Set<string>();
  const externals = new Set(items(get(model.root, 'external')).map((x) => str(get(x, 'id')) ?? ''));
  for (const conn of items(get(model.root, 'connections'))) {
    for (const [compKey, handleKey, dir] of [['source', 'sourceHandle', 'output'], ['target', 'targetHandle', 'input']] as const) {
      const cNode = get(conn, compKey);
      const cid = str(cNode);
      if (!cid || !cNode) continue;
      const comp = byId.get(cid);
      if (!comp) {
        if (externals.has(cid) || model.inputs.some((p) => p.name === cid) || model.outputs.some((p) => p.name === cid)) continue;
        r.error('E050', `connection ${compKey} \`${cid}\` is not a component`, cNode, hintOpt(didYouMean(cid, [...byId.keys(), ...externals])));
        continue;
      }
      const hNode = get(conn, handleKey);
      const handle = str(hNode);
      if (!handle || !hNode) continue;
      const port = comp.ports.find((p) => p.id === handle);
      if (!port) {
        r.error('E051', `component \`${cid}\` has no port \`${handle}\``, hNode, hintOpt(didYouMean(handle, comp.ports.map((p) => p.id))));
        continue;
      }
      if (port.direction !== dir && port.direction !== 'inout') {
        r.error('E051', `\`${cid}.${handle}\` is an ${port.direction} port; a connection ${compKey} needs an ${dir}`, hNode);
      }
      connected.add(`${cid}.${handle}`);
    }
    // A connection condition muxes the wire (ESCIR.md §3.3): it must parse.
    parseBodyNode(get(conn, 'condition'), r, { canonical: false, what: 'connection condition' });
  }
  for (const c of comps) {
    for (const p of c.ports) {
      if (connected.has(`${c.id}.${p.id}`)) continue;
      if (externals.has(p.id) || model.inputs.some((x) => x.name === p.id) || model.outputs.some((x) => x.name === p.id)) continue;
      r.warning('W056', `port \`${c.id}.${p.id}\` is not connected`, get(p.node, 'id') ?? p.node);
    }
  }
  for (const x of items(get(model.root, 'external'))) {
    const idNode = get(x, 'id');
    if (idNode) r.warning('W065', `external \`${str(idNode)}\` is linked by name only; nothing maps it to a component port`, idNode);
  }
}

/** Canonical `channels[{from: "proc.port", to: "proc.port", when?}]` (ESCIR.md §3.5). */
function checkChannels(model: EscirModel, procs: ComponentModel[], r: EscirReporter): void {
  const byId = new Map(procs.map((p) => [p.id, p]));
  for (const ch of items(get(model.root, 'channels'))) {
    for (const key of ['from', 'to'] as const) {
      const node = get(ch, key);
      const text = str(node);
      if (!text || !node) continue;
      const [pid, port] = text.split('.');
      if (model.inputs.some((p) => p.name === pid) || model.outputs.some((p) => p.name === pid)) continue;
      const proc = byId.get(pid!);
      if (!proc) {
        r.error('E050', `channel ${key} \`${text}\`: no process \`${pid}\``, node, hintOpt(didYouMean(pid!, [...byId.keys()])));
        continue;
      }
      if (port && !proc.ports.some((p) => p.id === port)) r.error('E051', `process \`${pid}\` has no port \`${port}\``, node, hintOpt(didYouMean(port, proc.ports.map((p) => p.id))));
    }
    const when = get(ch, 'when');
    if (when) parseBodyNode(when, r, { canonical: true, what: 'channel condition' });
  }
}
