/**
 * Header clauses and declaration metadata as plain JSON-able data for IR `attrs`
 * (LANGUAGE.md §5.7, §8.7). The `@` prefix never matters (§4). Integers are numbers when they
 * are safe integers, else decimal strings, so attrs serialise deterministically.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Clause, MetaValue } from '../syntax/ast.ts';
import { Codes } from './codes.ts';
import { typeText } from './resolve-types.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function bigToJson(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

export function metaToJson(m: MetaValue): Json {
  switch (m.kind) {
    case 'id':
      return m.name;
    case 'int':
      return bigToJson(m.value);
    case 'float':
      return m.value;
    case 'string':
      return m.value;
    case 'bool':
      return m.value;
    case 'duration':
      return { ms: m.ms === null ? null : bigToJson(m.ms), text: m.text };
    case 'list':
      return m.items.map(metaToJson);
    case 'record': {
      const out: { [k: string]: Json } = {};
      for (const e of m.entries) out[e.key] = metaToJson(e.value);
      return out;
    }
    case 'expr':
      return m.span.file.text.slice(m.span.start, m.span.end);
    case 'type':
      return typeText(m.type);
  }
}

/** Flags whose bare form means `true` (`critical_path`, bare `constant_time`, …). */
const FLAGS = new Set(['attested', 'constant_time', 'critical_path', 'fuzz_target', 'golden_test', 'observe_emit', 'streamsight', 'wal']);

/** Clauses lowered elsewhere (predicates, tests, emits): recorded by the code that lowers them. */
const LOWERED = new Set(['invariant', 'monitor', 'property', 'test']);

/**
 * The attrs of a declaration's header clauses. Repeated clauses collect into an array;
 * well-known clauses get a normalised shape (lex path, observe, witness threshold, rbac).
 */
export function clauseAttrs(clauses: readonly Clause[], diagnostics: DiagnosticBag): Record<string, Json> {
  const attrs: Record<string, Json> = {};
  const put = (key: string, value: Json) => {
    if (!(key in attrs)) attrs[key] = value;
    else {
      const prev = attrs[key]!;
      attrs[key] = Array.isArray(prev) && key !== 'rbac' ? [...prev, value] : [prev, value];
    }
  };
  for (const c of clauses) {
    if (LOWERED.has(c.name)) continue;
    const d = c.detail;
    if (d?.kind === 'lex') {
      attrs.lex = d.path.normalized;
      if (d.block.length > 0) attrs.lexBlock = clauseAttrs(d.block, diagnostics);
      continue;
    }
    if (d?.kind === 'observe') {
      const obs: { [k: string]: Json } = { form: d.form };
      if (d.metrics.length > 0) obs.metrics = d.metrics.map((m) => m.name);
      if (d.enabled !== undefined) obs.enabled = d.enabled;
      if (c.args.length > 0) obs.args = c.args.map(metaToJson);
      put('observe', obs);
      continue;
    }
    if (d?.kind === 'witnessThreshold') {
      // §8.7: witness threshold(k, n) requires 1 ≤ k ≤ n.
      if (d.k < 1n || d.k > d.n) {
        diagnostics.error(Codes.witnessThreshold, `witness threshold(${d.k}, ${d.n}) needs 1 ≤ k ≤ n`, c.span);
      }
      attrs.witness_threshold = { k: bigToJson(d.k), n: bigToJson(d.n) };
      continue;
    }
    if (d?.kind === 'emit' || d?.kind === 'encode') {
      put(c.name, c.args.map(metaToJson));
      continue;
    }
    if (c.name === 'rbac') {
      const roles = c.args.flatMap((a) => (a.kind === 'list' ? a.items.map(metaToJson) : [metaToJson(a)]));
      attrs.rbac = [...((attrs.rbac as Json[] | undefined) ?? []), ...roles];
      continue;
    }
    if (FLAGS.has(c.name)) {
      const first = c.args[0];
      const name = c.name === 'streamsight' ? 'observe' : c.name;
      put(name, first === undefined ? true : first.kind === 'bool' ? first.value : metaToJson(first));
      continue;
    }
    const args = c.args.map(metaToJson);
    put(c.name, args.length === 0 ? true : args.length === 1 ? args[0]! : args);
  }
  return attrs;
}

/** Deterministic JSON-able copy with sorted keys (for printing). */
export function sortedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJson);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortedJson((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
