/**
 * P6: composites (ESCIR.md §8) — legacy dialect C (`composition`, `wiring`, `extends`,
 * `limits`) and canonical `kind: composite` (`instances`, `wiring`, `expose`, `extends`,
 * `remove`). Parents are merged first (E064 cycle, W064 rename, W032 type redefinition),
 * then every check runs on the merged composite: missing circuits (E060), config overrides
 * (E061, E041), wiring indices (E062), wire types (E042), limits (E063), bindings (E066),
 * unresolved endpoints (E050) and unmapped ports (W065).
 */
import type { RelatedLocation, SourceFile } from '../../diagnostics/index.ts';
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { EscirModel, PortModel } from '../model.ts';
import { hintOpt } from '../passes/shape.ts';
import { typeName, type EType } from '../types/etype.ts';
import { LiteralChecker } from '../types/literals.ts';
import { get, intValue, isMap, isScalar, items, looseNumberValue, str, type YMap, type YNode } from '../yaml/tree.ts';
import type { CircuitIndex } from './resolver.ts';
import { checkLimits } from './limits.ts';

export interface LoadContext {
  index: CircuitIndex;
  /** Loads (validates quietly) another file; undefined when it cannot be loaded. */
  load(path: string): EscirModel | undefined;
  /** Paths whose composite merge is in progress (for E064). */
  stack: string[];
}

/** Where an item came from: this file or an ancestor. */
export interface Origin {
  file: SourceFile;
  node: YNode;
  /** Name of the ancestor it was inherited from (undefined: this file). */
  from?: string;
}

export interface CompEntry {
  id: string;
  circuit?: string;
  circuitOrigin?: Origin;
  count: number;
  /** Config override layers, ancestor first. */
  config: { node: YNode; origin: Origin }[];
  bindings: { from: string; to: string; origin: Origin }[];
  origin: Origin;
  /** Where the instance was first declared (kept through overrides, for W064). */
  declared: Origin;
  /** Where its `instances`/`count` was last set. */
  countOrigin?: Origin;
  /** The ancestor that first declared this instance, if any (kept through overrides). */
  inheritedFrom?: string;
  child?: EscirModel;
}

export interface CompWire {
  from: string;
  to: string;
  convert?: string;
  origin: Origin;
}

export interface CompositeModel {
  entries: CompEntry[];
  wires: CompWire[];
  limits: Record<string, number>;
  limitsOrigin?: Origin;
  parents: string[];
  exposedInputs: { name: string; to: string[]; origin: Origin }[];
  exposedOutputs: { name: string; from: string; origin: Origin }[];
  /** Expanded netlist: instance names (`pool[i]`) and connections. */
  netlist: { instances: { name: string; circuit: string | undefined }[]; conns: { from: string; to: string }[]; truncated?: boolean };
  /** The `extends` chain loops back (E064); files that extend into the loop report it too. */
  cycle?: boolean;
}

export function checkComposite(model: EscirModel, r: EscirReporter, ctx: LoadContext | undefined): CompositeModel {
  const canonical = model.level === 'canonical';
  const comp: CompositeModel = { entries: [], wires: [], limits: {}, parents: [], exposedInputs: [], exposedOutputs: [], netlist: { instances: [], conns: [] } };
  const extendsNode = canonical ? get(get(model.root, 'extends'), 'circuit') : get(model.root, 'extends');
  const here = (o: Origin) => (o.from ? extendsNode ?? model.root : o.node);
  const note = (o: Origin): { related?: RelatedLocation[] } => (o.from ? { related: [relatedIn(o, `inherited from \`${o.from}\``)] } : {});
  const prefix = (o: Origin) => (o.from ? `(inherited from \`${o.from}\`) ` : '');

  // 1. Parents, recursively (merge happens child-last, so read the parent composite first).
  const parentName = str(extendsNode);
  // Template mode: a parent named by a placeholder is opaque; its entries are not known.
  const opaqueParent = model.template && parentName !== undefined && parentName.includes('{{');
  if (parentName && extendsNode && ctx && !opaqueParent) {
    const path = ctx.index.find(parentName, model.file.path);
    if (!path) {
      r.error('E060', `parent composite \`${parentName}\` is not on the search path`, extendsNode, hintOpt(didYouMean(parentName, [])));
    } else if (ctx.stack.includes(path)) {
      r.error('E064', `\`extends\` cycle: ${[...ctx.stack.map((p) => p.split('/').pop()), path.split('/').pop()].join(' -> ')}`, extendsNode);
      comp.cycle = true;
    } else {
      const parent = ctx.load(path);
      if (parent?.composite?.cycle) {
        r.error('E064', `\`extends\` cycle through \`${parentName}\``, extendsNode, { hint: 'a composite cannot extend itself, directly or through its parents' });
        comp.cycle = true;
      } else if (parent?.composite) {
        const pc = parent.composite;
        comp.parents = [parentName, ...pc.parents];
        const inherit = (o: Origin): Origin => ({ ...o, from: o.from ?? parentName });
        for (const e of pc.entries) {
          const copy: CompEntry = {
            ...e,
            config: e.config.map((l) => ({ node: l.node, origin: inherit(l.origin) })),
            bindings: e.bindings.map((b) => ({ ...b, origin: inherit(b.origin) })),
            origin: inherit(e.origin),
            declared: inherit(e.declared),
            inheritedFrom: e.inheritedFrom ?? parentName,
          };
          if (e.circuitOrigin) copy.circuitOrigin = inherit(e.circuitOrigin);
          if (e.countOrigin) copy.countOrigin = inherit(e.countOrigin);
          comp.entries.push(copy);
        }
        for (const w of pc.wires) comp.wires.push({ ...w, origin: { ...w.origin, from: w.origin.from ?? parentName } });
        comp.limits = { ...pc.limits };
        if (pc.limitsOrigin) comp.limitsOrigin = { ...pc.limitsOrigin, from: pc.limitsOrigin.from ?? parentName };
        for (const x of pc.exposedInputs) comp.exposedInputs.push({ ...x, origin: { ...x.origin, from: x.origin.from ?? parentName } });
        for (const x of pc.exposedOutputs) comp.exposedOutputs.push({ ...x, origin: { ...x.origin, from: x.origin.from ?? parentName } });
        mergeTypes(model, parent, r);
      } else if (parent) {
        r.error('E060', `\`${parentName}\` is not a composite`, extendsNode);
      }
    }
  }

  // 2. Own entries: merge by id.
  // `remove: one_id` is read as a list of one (the shape pass accepts it).
  const removeNode = get(model.root, 'remove');
  const removeList = isScalar(removeNode) && removeNode.value !== null ? [removeNode] : items(removeNode);
  const removed = new Set(removeList.map((x) => str(x) ?? ''));
  for (const rm of removeList) {
    const id = str(rm);
    if (id && !comp.entries.some((e) => e.id === id)) r.error('E050', `\`remove\`: no inherited instance \`${id}\``, rm, hintOpt(didYouMean(id, comp.entries.map((e) => e.id))));
  }
  comp.entries = comp.entries.filter((e) => !removed.has(e.id));
  const ownList = items(get(model.root, canonical ? 'instances' : 'composition'));
  for (const item of ownList) {
    if (!isMap(item)) continue;
    const id = str(get(item, 'id'));
    if (!id) continue;
    const origin: Origin = { file: model.file, node: item };
    const circuitNode = get(item, 'circuit');
    const circuit = str(circuitNode);
    const countNode = get(item, canonical ? 'count' : 'instances');
    const count = countNode ? countOf(countNode) : undefined;
    const configNode = get(item, 'config');
    const existing = comp.entries.find((e) => e.id === id);
    if (existing && existing.origin.from !== undefined) {
      // Child scalars replace, config deep-merges, bindings are replaced if given.
      if (circuit && circuitNode) {
        existing.circuit = circuit;
        existing.circuitOrigin = { file: model.file, node: circuitNode };
      }
      if (count !== undefined && countNode) {
        existing.count = count;
        existing.countOrigin = { file: model.file, node: countNode };
      }
      if (configNode) existing.config.push({ node: configNode, origin });
      const b = readBindings(item, canonical, origin);
      if (b) existing.bindings = b;
      existing.origin = origin;
      continue;
    }
    if (existing) {
      r.error('E032', `instance id \`${id}\` is used twice`, get(item, 'id')!, { related: [relatedIn(existing.origin, 'first used here')] });
      continue;
    }
    const entry: CompEntry = { id, count: count ?? 1, config: configNode ? [{ node: configNode, origin }] : [], bindings: readBindings(item, canonical, origin) ?? [], origin, declared: origin };
    if (countNode) entry.countOrigin = { file: model.file, node: countNode };
    if (circuit && circuitNode) {
      entry.circuit = circuit;
      entry.circuitOrigin = { file: model.file, node: circuitNode };
    }
    // 3. A new id whose circuit an ancestor already instantiates: a probable rename.
    const twin = comp.entries.find((e) => e.inheritedFrom !== undefined && e.circuit === circuit && circuit !== undefined);
    if (twin) {
      r.warning('W064', `new instance \`${id}\` uses \`${circuit}\`, like inherited \`${twin.id}\`: probably a rename`, get(item, 'id')!, {
        hint: `override \`${twin.id}\` instead, or list it under \`remove\``,
        related: [
          relatedIn(twin.declared, `\`${twin.id}\` declared in \`${twin.inheritedFrom}\``),
          ...(twin.origin.from === undefined ? [relatedIn(twin.origin, `\`${twin.id}\` overridden here`)] : []),
        ],
      });
    }
    if (entry.count < 1) r.error('E062', `instance count of \`${id}\` must be at least 1`, countNode ?? item);
    comp.entries.push(entry);
  }

  // 4. Wiring appends; limits and exposure merge.
  for (const w of items(get(model.root, 'wiring'))) {
    const origin: Origin = { file: model.file, node: w };
    if (isScalar(w) && typeof w.value === 'string') {
      const parts = w.value.split('->').map((x) => x.trim());
      if (parts.length < 2 || parts.some((x) => x === '')) r.error('E035', `wire \`${w.value}\` is not \`from -> to\``, w, { hint: 'write `"pool[n].port -> other[n].port"` or `{from: …, to: …}`' });
      else for (let i = 0; i + 1 < parts.length; i++) comp.wires.push({ from: parts[i]!, to: parts[i + 1]!, origin });
      continue;
    }
    const from = str(get(w, 'from'));
    const to = str(get(w, 'to'));
    // A present endpoint that is not a string (a number, null, a list) would drop the wire silently.
    for (const key of ['from', 'to'] as const) {
      const v = get(w, key);
      if (v !== undefined && str(v) === undefined) r.error('E021', `wire \`${key}\` must be an endpoint string such as \`pool[n].port\``, v);
    }
    if (from && to) {
      const wire: CompWire = { from, to, origin };
      const convert = str(get(w, 'convert'));
      if (convert) wire.convert = convert;
      comp.wires.push(wire);
    }
  }
  const limits = get(model.root, 'limits');
  if (isMap(limits)) {
    for (const e of limits.entries) {
      const v = looseNumberValue(e.value);
      if (v !== undefined) comp.limits[e.key] = v;
    }
    comp.limitsOrigin = { file: model.file, node: limits };
  }
  const expose = get(model.root, 'expose');
  for (const x of items(get(expose, 'inputs'))) {
    const name = str(get(x, 'name'));
    const to = get(x, 'to');
    const targets = isScalar(to) ? [str(to) ?? ''] : items(to).map((t) => str(t) ?? '');
    if (name) comp.exposedInputs.push({ name, to: targets.filter(Boolean), origin: { file: model.file, node: x } });
  }
  for (const x of items(get(expose, 'outputs'))) {
    const name = str(get(x, 'name'));
    const from = str(get(x, 'from'));
    if (name && from) comp.exposedOutputs.push({ name, from, origin: { file: model.file, node: x } });
  }

  // 5. Checks on the merged composite.
  const lit = new LiteralChecker(model.types, r);
  for (const e of comp.entries) {
    if (!e.circuit) {
      if (!e.origin.from && !opaqueParent) r.error('E020', `instance \`${e.id}\` has no \`circuit\``, e.origin.node);
      continue;
    }
    if (model.template && e.circuit.includes('{{')) continue;
    const path = ctx?.index.find(e.circuit, model.file.path);
    const at = e.circuitOrigin && !e.circuitOrigin.from ? e.circuitOrigin.node : here(e.origin);
    if (!path) {
      r.error('E060', `${prefix(e.circuitOrigin ?? e.origin)}circuit \`${e.circuit}\` of \`${e.id}\` is not on the search path`, at, note(e.circuitOrigin ?? e.origin));
      continue;
    }
    if (ctx?.stack.includes(path)) continue;
    const child = ctx?.load(path);
    if (child) e.child = child;
    if (child) checkConfig(e, child, r, lit, here, prefix, note);
  }
  checkBindings(comp, r, here, prefix, note);
  checkWiring(model, comp, r, here, prefix, note);
  checkLimits(model, comp, r, here, prefix, note);
  buildNetlist(comp);
  return comp;
}

function relatedIn(o: Origin, message: string): RelatedLocation {
  const lc = o.file.lineCol(o.node.start);
  return { message, file: o.file.path, line: lc.line, column: lc.column };
}

function readBindings(item: YMap, canonical: boolean, origin: Origin): CompEntry['bindings'] | undefined {
  if (canonical) {
    const inject = get(item, 'inject');
    if (!isMap(inject)) return undefined;
    return inject.entries.map((e) => ({ from: str(e.value) ?? '', to: `${str(get(item, 'id'))}[n].${e.key}`, origin: { ...origin, node: e.value } }));
  }
  const b = get(item, 'bindings');
  if (!b) return undefined;
  return items(b).map((x) => ({ from: str(get(x, 'from')) ?? '', to: str(get(x, 'to')) ?? '', origin: { ...origin, node: x } }));
}

/** Types unite; a redefinition of a parent type is W032. */
function mergeTypes(model: EscirModel, parent: EscirModel, r: EscirReporter): void {
  const own = get(model.root, 'types');
  for (const name of parent.types.names()) {
    const decl = parent.types.declaration(name);
    if (!decl) continue;
    if (isMap(own) && own.entries.some((e) => e.key === name)) {
      const e = own.entries.find((x) => x.key === name)!;
      r.warning('W032', `type \`${name}\` redefines the one inherited from \`${parent.name ?? '?'}\``, e.keyNode, { related: [relatedIn({ file: parent.file, node: parent.root }, 'parent file')] });
      continue;
    }
    if (!model.types.has(name)) model.types.add(decl);
  }
}

export type Here = (o: Origin) => YNode;
export type Prefix = (o: Origin) => string;
export type Note = (o: Origin) => { related?: RelatedLocation[] };

/** `config` deep-merges over the child's `config` record: unknown key E061, misfit E041. */
function checkConfig(e: CompEntry, child: EscirModel, r: EscirReporter, lit: LiteralChecker, here: Here, prefix: Prefix, note: Note): void {
  if (e.config.length === 0) return;
  const configPort = child.inputs.find((p) => p.name === 'config');
  const configType = configPort?.type;
  const childExample = get(child.root, 'example_config');
  for (const layer of e.config) {
    if (!isMap(layer.node)) continue;
    const walk = (node: YMap, type: EType | undefined, example: YNode | undefined, path: string) => {
      for (const kv of node.entries) {
        const fieldPath = path ? `${path}.${kv.key}` : kv.key;
        const struct = type?.k === 'struct' ? child.types.struct(type.name) : undefined;
        const field = struct?.fields.find((f) => f.name === kv.key);
        const exampleHas = isMap(example) && example.entries.some((x) => x.key === kv.key);
        if (!field && !exampleHas) {
          const known = [...(struct?.fields.map((f) => f.name) ?? []), ...(isMap(example) ? example.entries.map((x) => x.key) : [])];
          const where = layer.origin.from ? here(layer.origin) : kv.keyNode;
          r.error('E061', `${prefix(layer.origin)}\`${e.id}\`: \`${child.name ?? e.circuit}\` has no config key \`${fieldPath}\``, where, {
            ...note(layer.origin),
            ...hintOpt(didYouMean(kv.key, known) ?? (known.length ? `its config keys are ${known.slice(0, 8).map((k) => `\`${k}\``).join(', ')}` : 'the child declares no `config` input')),
          });
          continue;
        }
        if (field && isMap(kv.value) && field.type.k === 'struct') walk(kv.value, field.type, isMap(example) ? get(example, kv.key) : undefined, fieldPath);
        else if (field && !layer.origin.from) lit.check(kv.value, crossFileType(field.type), { code: 'E041', legacy: child.level === 'legacy', partial: true });
      }
    };
    walk(layer.node, configType, childExample, '');
  }
}

/** Types declared in another file cannot be checked against this file's table: keep the scalars only. */
function crossFileType(t: EType): EType {
  return t.k === 'struct' || t.k === 'enum' || t.k === 'union' || t.k === 'array' ? { k: 'unknown' } : t;
}

interface ParsedEnd {
  inst: string;
  index?: number | 'n' | '*';
  port?: string;
  text: string;
}

function parseEnd(s: string): ParsedEnd | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*(\d+|n|\*)\s*\])?\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_.]*))?\s*$/.exec(s);
  if (!m) return undefined;
  const end: ParsedEnd = { inst: m[1]!, text: s.trim() };
  if (m[2] !== undefined) end.index = m[2] === 'n' || m[2] === '*' ? m[2] : Number(m[2]);
  if (m[3] !== undefined) end.port = m[3];
  return end;
}

/** `{from: a[n], to: b[n].slot}` injects a[n] into b's `subcircuits` slot (E066). */
function checkBindings(comp: CompositeModel, r: EscirReporter, here: Here, prefix: Prefix, note: Note): void {
  for (const e of comp.entries) {
    for (const b of e.bindings) {
      const at = b.origin.from ? here(b.origin) : b.origin.node;
      const from = parseEnd(b.from);
      const to = parseEnd(b.to);
      if (!from || !to) {
        r.error('E066', `${prefix(b.origin)}binding \`${b.from}\` → \`${b.to}\` is not \`pool[n]\` → \`pool[n].slot\``, at, note(b.origin));
        continue;
      }
      const src = comp.entries.find((x) => x.id === from.inst);
      const dst = comp.entries.find((x) => x.id === to.inst);
      if (!src || !dst) {
        const missing = !src ? from.inst : to.inst;
        r.error('E066', `${prefix(b.origin)}binding names \`${missing}\`, which is not an instance`, at, { ...note(b.origin), ...hintOpt(didYouMean(missing, comp.entries.map((x) => x.id))) });
        continue;
      }
      if (!to.port) {
        r.error('E066', `${prefix(b.origin)}binding target \`${b.to}\` names no slot`, at, note(b.origin));
        continue;
      }
      if (from.index === 'n' && to.index === 'n' && src.count !== dst.count) {
        r.error('E062', `${prefix(b.origin)}\`[n]\` zips \`${src.id}\` (${src.count}) with \`${dst.id}\` (${dst.count})`, at, note(b.origin));
      }
      if (dst.child) {
        const slots = new Set(items(get(dst.child.root, 'subcircuits')).map((s) => str(get(s, 'id')) ?? ''));
        for (const x of items(get(dst.child.root, 'instances'))) slots.add(str(get(x, 'id')) ?? '');
        if (!slots.has(to.port)) {
          r.error('E066', `${prefix(b.origin)}\`${dst.circuit}\` has no subcircuit slot \`${to.port}\``, at, { ...note(b.origin), ...hintOpt(didYouMean(to.port, slots)) });
          continue;
        }
        const slot = items(get(dst.child.root, 'subcircuits')).find((s) => str(get(s, 'id')) === to.port);
        const want = str(get(slot, 'circuit'));
        if (want && src.circuit && !sameCircuit(want, src.circuit)) {
          r.error('E066', `${prefix(b.origin)}slot \`${to.port}\` of \`${dst.circuit}\` takes \`${want}\`, but \`${src.id}\` is \`${src.circuit}\``, at, note(b.origin));
        }
      }
    }
  }
}

function sameCircuit(a: string, b: string): boolean {
  return a === b || a.split('/').pop() === b.split('/').pop();
}

function childPort(entry: CompEntry, name: string, dir: 'input' | 'output'): PortModel | undefined {
  const list = dir === 'input' ? entry.child?.inputs : entry.child?.outputs;
  return list?.find((p) => p.name === name);
}

function checkWiring(model: EscirModel, comp: CompositeModel, r: EscirReporter, here: Here, prefix: Prefix, note: Note): void {
  const portNames = new Set([...model.inputs.map((p) => p.name), ...model.outputs.map((p) => p.name), ...comp.exposedInputs.map((x) => x.name), ...comp.exposedOutputs.map((x) => x.name)]);
  const used = new Set<string>();
  for (const w of comp.wires) {
    const at = w.origin.from ? here(w.origin) : w.origin.node;
    const ends = [parseEnd(w.from), parseEnd(w.to)] as const;
    const [src, dst] = ends;
    if (!src || !dst) {
      r.error('E035', `${prefix(w.origin)}wire \`${w.from}\` → \`${w.to}\` is not \`instance[index].port\``, at, note(w.origin));
      continue;
    }
    let ok = true;
    const entries: (CompEntry | undefined)[] = [];
    for (const [end, role] of [[src, 'from'], [dst, 'to']] as const) {
      const entry = comp.entries.find((x) => x.id === end.inst);
      entries.push(entry);
      if (entry) continue;
      if (portNames.has(end.inst) && end.index === undefined) {
        used.add(end.inst);
        continue;
      }
      ok = false;
      r.error('E050', `${prefix(w.origin)}wire ${role} \`${end.text}\`: no instance \`${end.inst}\``, pointAt(at, w.origin, role), {
        ...note(w.origin),
        ...hintOpt(didYouMean(end.inst, [...comp.entries.map((x) => x.id), ...portNames])),
      });
    }
    if (!ok) continue;
    const [se, de] = entries;
    // Index rules.
    for (const [end, entry] of [[src, se], [dst, de]] as const) {
      if (!entry) continue;
      if (typeof end.index === 'number' && end.index >= entry.count) {
        r.error('E062', `${prefix(w.origin)}\`${end.text}\`: index ${end.index} is out of range (\`${entry.id}\` has ${entry.count})`, at, note(w.origin));
        ok = false;
      }
      if (end.index === undefined && entry.count > 1) {
        r.error('E062', `${prefix(w.origin)}\`${end.text}\`: \`${entry.id}\` is a pool of ${entry.count}; give an index (\`[n]\`, \`[k]\` or \`[*]\`)`, at, note(w.origin));
        ok = false;
      }
    }
    if (se && de && (src.index === 'n') !== (dst.index === 'n') && (src.index === 'n' || dst.index === 'n')) {
      const other = src.index === 'n' ? dst : src;
      if (!(other.index === undefined && (src.index === 'n' ? de : se)!.count === 1)) {
        r.error('E062', `${prefix(w.origin)}\`[n]\` on one side only (\`${w.from}\` → \`${w.to}\`)`, at, note(w.origin));
        ok = false;
      }
    }
    if (se && de && src.index === 'n' && dst.index === 'n' && se.count !== de.count) {
      r.error('E062', `${prefix(w.origin)}\`[n]\` zips \`${se.id}\` (${se.count}) with \`${de.id}\` (${de.count})`, at, note(w.origin));
      ok = false;
    }
    // Ports and types, when the children are known.
    const sp = se && src.port ? childPort(se, src.port.split('.')[0]!, 'output') ?? childPort(se, src.port.split('.')[0]!, 'input') : undefined;
    const dp = de && dst.port ? childPort(de, dst.port.split('.')[0]!, 'input') : undefined;
    if (se?.child && src.port && !sp) {
      r.error('E050', `${prefix(w.origin)}\`${se.circuit}\` has no port \`${src.port}\``, pointAt(at, w.origin, 'from'), { ...note(w.origin), ...hintOpt(didYouMean(src.port, se.child.outputs.map((p) => p.name))) });
      ok = false;
    }
    if (de?.child && dst.port && !dp) {
      r.error('E050', `${prefix(w.origin)}\`${de.circuit}\` has no input \`${dst.port}\``, pointAt(at, w.origin, 'to'), { ...note(w.origin), ...hintOpt(didYouMean(dst.port, de.child.inputs.map((p) => p.name))) });
      ok = false;
    }
    if (src.index === '*' && dp && dp.mode === 'value') {
      r.error('E062', `${prefix(w.origin)}\`${w.from}\` merges a pool into \`${w.to}\`, a value port`, at, { ...note(w.origin), hint: 'merge into an event or stream port' });
    }
    if (ok && sp && dp && !w.convert) {
      const a = typeName(sp.type.k === 'stream' ? sp.type.elem : sp.type);
      const b = typeName(dp.type.k === 'stream' ? dp.type.elem : dp.type);
      if (a !== '?' && b !== '?' && a !== b) {
        r.error('E042', `${prefix(w.origin)}wire \`${w.from}\` (${a}) → \`${w.to}\` (${b}): types differ`, at, { ...note(w.origin), hint: 'add `convert:` or a converting circuit' });
      }
    }
  }
  for (const x of comp.exposedInputs) for (const t of x.to) if (!comp.entries.some((e) => e.id === parseEnd(t)?.inst)) {
    r.error('E050', `${prefix(x.origin)}exposed input \`${x.name}\` goes to \`${t}\`: no such instance`, x.origin.from ? here(x.origin) : x.origin.node, note(x.origin));
  }
  for (const x of comp.exposedOutputs) if (!comp.entries.some((e) => e.id === parseEnd(x.from)?.inst)) {
    r.error('E050', `${prefix(x.origin)}exposed output \`${x.name}\` comes from \`${x.from}\`: no such instance`, x.origin.from ? here(x.origin) : x.origin.node, note(x.origin));
  }
  // Composite ports never mapped to an instance (W065).
  for (const p of [...model.inputs, ...model.outputs]) {
    if (!used.has(p.name)) r.warning('W065', `${p.direction} \`${p.name}\` is never wired to an instance`, p.nameNode ?? p.node, { hint: 'wire it, or expose it explicitly' });
  }
  if (model.level === 'legacy' && model.inputs.length === 0 && model.outputs.length === 0 && comp.exposedInputs.length === 0 && comp.entries.length > 0) {
    r.warning('W065', 'the composite exposes no ports: nothing outside can reach its instances', model.root.entries.find((e) => e.key === 'composition')?.keyNode ?? model.root);
  }
}

function pointAt(at: YNode, origin: Origin, role: 'from' | 'to'): YNode {
  if (origin.from) return at;
  return get(origin.node, role) ?? at;
}

/** Bounds the expanded netlist so a pathological pool size cannot exhaust memory. */
const NETLIST_LIMIT = 200_000;

function buildNetlist(comp: CompositeModel): void {
  const push = (conn: { from: string; to: string }) => {
    if (comp.netlist.conns.length < NETLIST_LIMIT) comp.netlist.conns.push(conn);
    else comp.netlist.truncated = true;
  };
  for (const e of comp.entries) {
    if (comp.netlist.instances.length + e.count > NETLIST_LIMIT) {
      comp.netlist.truncated = true;
      continue;
    }
    if (e.count === 1) comp.netlist.instances.push({ name: e.id, circuit: e.circuit });
    else for (let i = 0; i < e.count; i++) comp.netlist.instances.push({ name: `${e.id}[${i}]`, circuit: e.circuit });
  }
  const size = (id: string) => comp.entries.find((e) => e.id === id)?.count ?? 1;
  for (const w of comp.wires) {
    if (comp.netlist.truncated) break;
    const a = parseEnd(w.from);
    const b = parseEnd(w.to);
    if (!a || !b) continue;
    const name = (end: ParsedEnd, i: number | undefined) => `${end.inst}${i === undefined ? '' : `[${i}]`}${end.port ? `.${end.port}` : ''}`;
    const idx = (end: ParsedEnd): (number | undefined)[] =>
      end.index === undefined ? [undefined] : typeof end.index === 'number' ? [end.index] : Array.from({ length: Math.min(size(end.inst), NETLIST_LIMIT) }, (_, i) => i);
    if (a.index === 'n' && b.index === 'n') {
      const n = Math.min(size(a.inst), size(b.inst));
      for (let i = 0; i < n && !comp.netlist.truncated; i++) push({ from: name(a, i), to: name(b, i) });
      continue;
    }
    // `[*]` sources merge in index order; `[*]` targets broadcast.
    outer: for (const i of idx(a)) {
      for (const j of idx(b)) {
        if (comp.netlist.truncated) break outer;
        push({ from: name(a, i), to: name(b, j) });
      }
    }
  }
}

/**
 * A pool size: an integer, or a quoted one in legacy exports (`instances: "12"`). Anything else
 * (a placeholder, a wrong type, reported by the shape pass) counts as 1.
 */
function countOf(n: YNode): number {
  const v = looseNumberValue(n);
  return v !== undefined && Number.isSafeInteger(v) && v >= 0 ? v : Number(intValue(n) ?? 1n);
}
