/**
 * Telemetry (ESCIR.md §1 table, §3.2 `streamsight`, §3.5 `telemetry`, §10 "telemetry →
 * guarded emit"): each entry whose event, fields and topic resolve becomes an `emit` host
 * effect at the end of the step — a record of the listed fields, sent to the stream named by
 * the topic. Entries that do not resolve stay in attrs with W090 saying why.
 *
 * Decisions (specs/escir.md §7a): an entry fires when its event source is present (an event
 * port or node output) or, for a value source, when the value differs from the previous
 * step's; a canonical `when` must also hold. Topic placeholders: `{namespace}`, `{event}`,
 * `{circuit}`; a placeholder naming a record field stays in the stream name (consumers route
 * on it) and its value is in the record.
 */
import type { IrExpr, IrStream, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { DiagnosticBag } from '../../diagnostics/index.ts';
import { EscirReporter } from '../diagnostics.ts';
import { checkBody } from '../graph/analyze.ts';
import type { EscirModel } from '../model.ts';
import { OPS } from '../ops/registry.ts';
import { parseBodyNode } from '../passes/bodies.ts';
import { ET, type EType } from '../types/etype.ts';
import { zeroValue } from '../types/literals.ts';
import { get, items, str, type YNode } from '../yaml/tree.ts';
import { and, bin, field, isSome, struct, TRUE, unwrap, type FnBuilder } from './builder.ts';
import { CircuitSpans } from './locations.ts';
import { lowerExpr, lowerStmts } from './expr.ts';
import type { IrTypes } from './ir-types.ts';

export interface TelemetryEntry {
  /** `streamsight`, `telemetry` or `emissions`, and the entry's node. */
  section: string;
  node: YNode;
  event: string;
  topic: string;
  severity?: string;
  fields: { name: string; source?: string }[];
  when?: YNode;
}

/** Every telemetry entry of a file, in section order. */
export function telemetryEntries(model: EscirModel): TelemetryEntry[] {
  const out: TelemetryEntry[] = [];
  const ss = get(model.root, 'streamsight');
  const namespace = str(get(ss, 'namespace'));
  const read = (section: string, n: YNode, event: string | undefined, topic: string | undefined, fieldsNode: YNode | undefined, when?: YNode) => {
    if (!event) return;
    const fields: TelemetryEntry['fields'] = [];
    for (const f of items(fieldsNode)) {
      const name = str(f) ?? str(get(f, 'name'));
      if (!name) continue;
      const source = str(get(f, 'source'));
      fields.push(source ? { name, source } : { name });
    }
    const e: TelemetryEntry = { section, node: n, event, topic: (topic ?? `{namespace}/${event}`).replace(/\{namespace\}/g, namespace ?? `lex://escir/${model.name ?? 'circuit'}`), fields };
    const sev = str(get(n, 'severity'));
    if (sev) e.severity = sev;
    if (when) e.when = when;
    out.push(e);
  };
  for (const n of items(get(ss, 'emit'))) read('streamsight', n, str(get(n, 'event')), str(get(n, 'topic')), get(n, 'fields'), get(n, 'when'));
  for (const n of items(get(model.root, 'telemetry'))) read('telemetry', n, str(get(n, 'event')), str(get(n, 'topic')), get(n, 'fields'), get(n, 'when'));
  return out;
}

export interface GraphTelemetryContext {
  model: EscirModel;
  types: IrTypes;
  fn: FnBuilder;
  prefix: string;
  /** An operand of the step as option<T> (`out:x`, `in:x`, `node:id.port`, `state:x`), or undefined. */
  read(key: string): IrExpr | undefined;
  /** Adds a state slot; returns its getter and setter. */
  slot(name: string, type: IrType, init: import('../../ir/ir.ts').IrConst): { get(): IrExpr; set(v: IrExpr): void };
}

interface Resolved {
  key: string;
  type: EType;
  fields: string[];
  event: boolean;
}

/** Lowers the resolvable entries into `emit`s; returns the streams they write and the unresolved entries with reasons. */
export function lowerGraphTelemetry(ctx: GraphTelemetryContext): { streams: IrStream[]; unresolved: { node: YNode; what: string; why: string }[] } {
  const { model, types, fn } = ctx;
  const streams: IrStream[] = [];
  const unresolved: { node: YNode; what: string; why: string }[] = [];
  const spans = new CircuitSpans(model);
  // Each entry's code is located at the entry (its `when` at its tokens).
  telemetryEntries(model).forEach((entry, k) => fn.located(spans.of(entry.node), () => {
    const fail = (why: string) => void unresolved.push({ node: entry.node, what: describeEntry(entry), why });
    const ev = resolvePath(model, entry.event);
    if (!ev) return fail(`its event \`${entry.event}\` is not a port or node output of the graph`);
    const evOpt = ctx.read(ev.key);
    if (!evOpt) return fail(`its event \`${entry.event}\` is not computed in the step`);
    const payloadT = project(model, ev.type, ev.fields);
    if (!payloadT) return fail(`\`${entry.event}\` has no such field`);
    const parts: { name: string; value: () => IrExpr; type: EType; present?: IrExpr }[] = [];
    for (const f of entry.fields) {
      const fromPayload = !f.source ? fieldOf(model, payloadT, f.name) : undefined;
      if (fromPayload) {
        parts.push({ name: f.name, type: fromPayload.type, value: () => field(payload(), fromPayload.index, types.of(fromPayload.type)) });
        continue;
      }
      const r = resolvePath(model, f.source ?? f.name);
      const opt = r ? ctx.read(r.key) : undefined;
      const t = r ? project(model, r.type, r.fields) : undefined;
      if (!r || !opt || !t) return fail(`field \`${f.name}\`${f.source ? ` (from \`${f.source}\`)` : ''} does not resolve`);
      parts.push({ name: f.name, type: t, value: () => projectIr(model, types, unwrap(opt), r.type, r.fields), ...(r.event ? { present: isSome(opt) } : {}) });
    }
    if (parts.some((p) => p.type.k === 'unknown')) return fail('a field has an unknown type');
    const dynamic = [...entry.topic.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
    const topic = entry.topic.replace(/\{event\}/g, entry.event).replace(/\{(circuit|name)\}/g, model.name ?? 'circuit');
    const missing = dynamic.filter((d) => d !== 'event' && d !== 'circuit' && d !== 'name' && !parts.some((p) => p.name === d));
    if (missing.length) return fail(`topic placeholder${missing.length > 1 ? 's' : ''} ${missing.map((m) => `\`{${m}}\``).join(', ')} name${missing.length > 1 ? '' : 's'} no listed field`);
    let whenTyped: ReturnType<typeof checkBody>;
    if (entry.when) {
      const body = parseBodyNode(entry.when, quiet(model), { canonical: model.level === 'canonical', what: 'telemetry condition' });
      whenTyped = body?.block && !body.opaque ? checkBody(model, body, model.graph?.analysis, quiet(model), {}, ET.bool, false) : undefined;
      if (!whenTyped?.value) return fail('its `when` does not check');
      for (const key of whenTyped.deps) if (!ctx.read(key)) return fail(`its \`when\` reads \`${key.slice(key.indexOf(':') + 1)}\`, which is not available`);
    }
    // Fire: the event is present (value sources: it changed); listed event fields are present; `when` holds.
    let fire: IrExpr = ev.event ? isSome(evOpt) : TRUE;
    if (!ev.event) {
      const prev = ctx.slot(`tel$${k}`, types.of(ev.type), zeroValue(ev.type, model.types));
      fire = fn.get(fn.let(`tel${k}_changed`, bin('ne', unwrap(evOpt), prev.get())));
      prev.set(unwrap(evOpt));
    }
    for (const p of parts) if (p.present) fire = and(fire, p.present);
    function payload(): IrExpr {
      return projectIr(model, types, unwrap(evOpt!), ev!.type, ev!.fields);
    }
    const recordT = types.defineStruct(`${ctx.prefix}$telemetry$${k}`, parts.map((p) => ({ name: p.name, type: types.of(p.type) })));
    fn.if(fire, () => {
      const emit = () => fn.emit({ s: 'expr', value: { e: 'host', name: 'emit', args: [struct(recordT, parts.map((p) => p.value()))], target: topic, type: T.bool } });
      if (whenTyped?.value) {
        const env = { fn, types, table: model.types, locals: new Map<number, number>(), checked: false, operand: (key: string) => unwrap(ctx.read(key)!), spans: spans.body(whenTyped.body) };
        lowerStmts(env, whenTyped.stmts);
        fn.if(lowerExpr(env, whenTyped.value), emit);
      } else emit();
    });
    if (!streams.some((s) => s.name === topic)) streams.push({ name: topic, kind: 'event', elem: recordT, filters: [], loc: spans.of(entry.node) });
  }));
  return { streams, unresolved };
}

function quiet(model: EscirModel): EscirReporter {
  return new EscirReporter(model.file, new DiagnosticBag(), true, model.level === 'canonical');
}

/** `head[.port][.field…]`: an input, output, register or node output (legacy `X_valid` is X). */
function resolvePath(model: EscirModel, path: string): Resolved | undefined {
  const [head, ...rest] = path.split('.');
  if (!head) return undefined;
  const node = model.graph?.nodes.find((n) => n.id === head);
  const a = model.graph?.analysis;
  if (node && node.op && a) {
    const outs = a.outTypes.get(node.id);
    const explicit = rest[0] !== undefined && outs?.has(rest[0]);
    const port = explicit ? rest[0]! : OPS[node.op]!.defaultOut;
    const t = outs?.get(port);
    if (!t) return undefined;
    const spec = OPS[node.op]!.outputs[port];
    return { key: `node:${node.id}.${port}`, type: t, fields: explicit ? rest.slice(1) : rest, event: spec ? spec.event === true : true };
  }
  const out = model.outputs.find((p) => p.name === head && !p.isValidFlag) ?? model.outputs.find((p) => p.validPort === head);
  if (out) return { key: `out:${out.name}`, type: out.type.k === 'stream' ? out.type.elem : out.type, fields: rest, event: out.mode !== 'value' };
  const input = model.inputs.find((p) => p.name === head && !p.isValidFlag) ?? model.inputs.find((p) => p.validPort === head);
  if (input) return { key: `in:${input.name}`, type: input.type.k === 'stream' ? input.type.elem : input.type, fields: rest, event: input.mode !== 'value' };
  const reg = model.state.find((s) => s.name === head);
  if (reg) return { key: `state:${reg.name}`, type: reg.type, fields: rest, event: false };
  return undefined;
}

function fieldOf(model: EscirModel, t: EType, name: string): { index: number; type: EType } | undefined {
  if (t.k === 'struct') {
    const d = model.types.struct(t.name);
    const i = d ? d.fields.findIndex((f) => f.name === name) : -1;
    return i >= 0 ? { index: i, type: d!.fields[i]!.type } : undefined;
  }
  if (t.k === 'union') {
    const d = model.types.declaration(t.name);
    if (d?.kind !== 'union') return undefined;
    if (name === d.discriminant) return { index: 0, type: { k: 'int', bits: d.tagBits, signed: false } };
    const vi = d.variants.findIndex((v) => v.name === name);
    return vi >= 0 ? { index: vi + 1, type: d.variants[vi]!.type } : undefined;
  }
  return undefined;
}

function project(model: EscirModel, t: EType, fields: string[]): EType | undefined {
  let cur = t;
  for (const f of fields) {
    const next = fieldOf(model, cur, f);
    if (!next) return undefined;
    cur = next.type;
  }
  return cur;
}

function projectIr(model: EscirModel, types: IrTypes, v: IrExpr, t: EType, fields: string[]): IrExpr {
  let cur = t;
  let e = v;
  for (const f of fields) {
    const next = fieldOf(model, cur, f)!;
    e = field(e, next.index, types.of(next.type));
    cur = next.type;
  }
  return e;
}

/** What W090 says about entries kept as attrs (also used when the circuit does not lower). */
export function describeEntry(e: TelemetryEntry): string {
  return `\`${e.section}\` entry \`${e.event}\``;
}
