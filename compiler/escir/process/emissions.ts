/**
 * Emissions of process circuits (ESCIR.md §1: `emissions` / `telemetry` → `emit` when
 * everything resolves, else attrs + W090). A dialect A emission `{path, schema, condition?,
 * fields?}` emits every item the step sends out on the boundary output carrying `schema`; a
 * canonical `telemetry` entry names that output as its `event`. `condition` / `when` reads the
 * item's fields; `fields` projects them. The stream is the `path` (or `topic`).
 */
import type { IrExpr, IrStream } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { DiagnosticBag } from '../../diagnostics/index.ts';
import { EscirReporter } from '../diagnostics.ts';
import type { CheckEnv } from '../expr/check.ts';
import { ProcessChecker } from '../expr/check-process.ts';
import { bin, convert, field, FnBuilder, index, isSome, struct, unwrap } from '../lower/builder.ts';
import { lowerExpr, lowerStmts } from '../lower/expr.ts';
import type { IrTypes } from '../lower/ir-types.ts';
import type { EscirModel } from '../model.ts';
import { parseBodyNode } from '../passes/bodies.ts';
import { ET, type EType } from '../types/etype.ts';
import { get, items, str, type YNode } from '../yaml/tree.ts';
import type { ProcessLayout } from './layout.ts';

export interface Unresolved {
  node: YNode;
  what: string;
  why: string;
}

export function lowerProcessEmissions(model: EscirModel, L: ProcessLayout, types: IrTypes, fn: FnBuilder, cx: number): { streams: IrStream[]; unresolved: Unresolved[] } {
  const streams: IrStream[] = [];
  const unresolved: Unresolved[] = [];
  const entries: { node: YNode; what: string; source?: string; schema?: string; topic?: string; cond?: YNode; fields: YNode | undefined }[] = [];
  for (const n of items(get(model.root, 'emissions'))) entries.push({ node: n, what: `\`emissions\` entry \`${str(get(n, 'path')) ?? '?'}\``, ...opt('schema', str(get(n, 'schema'))), ...opt('topic', str(get(n, 'path'))), ...opt('cond', get(n, 'condition')), fields: get(n, 'fields') });
  for (const n of items(get(model.root, 'telemetry'))) entries.push({ node: n, what: `\`telemetry\` entry \`${str(get(n, 'event')) ?? '?'}\``, ...opt('source', str(get(n, 'event'))), ...opt('topic', str(get(n, 'topic'))), ...opt('cond', get(n, 'when')), fields: get(n, 'fields') });
  // Each entry's code is located at the entry.
  entries.forEach((e, k) => fn.located(L.spans.of(e.node), () => {
    const fail = (why: string) => void unresolved.push({ node: e.node, what: e.what, why });
    const outs = L.net.boundary.filter((b) => b.direction === 'output' && (e.source ? b.name === e.source : b.type.k === 'struct' && b.type.name === e.schema));
    if (outs.length !== 1) return fail(e.source ? `no output is named \`${e.source}\`` : outs.length ? `several outputs carry \`${e.schema}\`` : `no output carries \`${e.schema ?? '?'}\``);
    const out = outs[0]!;
    if (!e.topic) return fail('it names no stream (`path` / `topic`)');
    const itemT = out.type;
    const decl = itemT.k === 'struct' ? model.types.struct(itemT.name) : undefined;
    const names = items(e.fields).map((f) => str(f) ?? str(get(f, 'name')) ?? '');
    const picked = names.length ? names.map((name) => ({ name, i: decl?.fields.findIndex((f) => f.name === name) ?? -1 })) : undefined;
    const missing = picked?.find((p) => p.i < 0);
    if (missing) return fail(`field \`${missing.name}\` is not a field of ${out.name}'s records`);
    let cond: { value: import('../expr/typed.ts').TExpr; stmts: import('../expr/typed.ts').TStmt[] } | undefined;
    if (e.cond) {
      cond = typedCondition(model, e.cond, itemT);
      if (!cond) return fail(`its condition does not check against the fields of ${out.name}'s records`);
    }
    const recordT = picked ? types.defineStruct(`${L.prefix}$emission$${k}`, picked.map((p) => ({ name: p.name, type: types.of(decl!.fields[p.i]!.type) }))) : types.of(itemT);
    const emitItem = (item: IrExpr) => {
      const record = picked ? struct(recordT, picked.map((p) => field(item, p.i, types.of(decl!.fields[p.i]!.type)))) : item;
      const emit = () => fn.emit({ s: 'expr', value: { e: 'host', name: 'emit', args: [record], target: e.topic!, type: T.bool } });
      if (!cond) return emit();
      const env = { fn, types, table: model.types, locals: new Map<number, number>(), checked: false, operand: (key: string) => (key === 'item' ? item : field(item, Number(key.slice(5)), types.of(decl!.fields[Number(key.slice(5))]!.type))) };
      lowerStmts(env, cond.stmts);
      fn.if(lowerExpr(env, cond.value), emit);
    };
    const itemIr = types.of(itemT);
    if (out.mode === 'stream') {
      const list = fn.let('emitted', L.get(fn, cx, `outq$${out.name}`));
      fn.forRange('e', 1 << 20, (i) => {
        fn.if(bin('ge', convert('int', i, T.u64), { e: 'len', object: fn.get(list), type: T.u64 }), () => fn.emit({ s: 'break' }));
        emitItem(fn.get(fn.let('emit_item', index(fn.get(list), convert('int', i, T.u64), itemIr))));
      });
    } else if (out.mode === 'event') {
      const v = L.get(fn, cx, `out$${out.name}`);
      fn.if(isSome(v), () => emitItem(fn.get(fn.let('emit_item', unwrap(v)))));
    } else return fail('records leave on a value port; an emission needs a stream or event output');
    if (!streams.some((s) => s.name === e.topic)) streams.push({ name: e.topic!, kind: 'event', elem: recordT, filters: [], loc: L.spans.of(e.node) });
  }));
  return { streams, unresolved };
}

function opt<K extends string, V>(key: K, v: V | undefined): { [k in K]?: V } {
  return v === undefined ? {} : ({ [key]: v } as { [k in K]?: V });
}

/** A condition over the record's fields (`valid`, `field_id != 0`) or the record itself (`item`). */
function typedCondition(model: EscirModel, node: YNode, itemT: EType) {
  const quiet = new EscirReporter(model.file, new DiagnosticBag(), true, model.level === 'canonical');
  const body = parseBodyNode(node, quiet, { canonical: model.level === 'canonical', what: 'emission condition' });
  if (!body?.block || body.opaque) return undefined;
  const decl = itemT.k === 'struct' ? model.types.struct(itemT.name) : undefined;
  const env: CheckEnv = {
    table: model.types,
    canonical: model.level === 'canonical',
    report: () => undefined,
    names: () => decl?.fields.map((f) => f.name) ?? [],
    resolve(name) {
      if (name === 'item') return { kind: 'value', key: 'item', type: itemT };
      const i = decl?.fields.findIndex((f) => f.name === name) ?? -1;
      if (i >= 0) return { kind: 'value', key: `item.${i}`, type: decl!.fields[i]!.type };
      const cst = model.consts.get(name);
      return cst ? { kind: 'const', value: cst.value as never, type: cst.type } : undefined;
    },
  };
  const checker = new ProcessChecker(env, { method: () => undefined, call: () => undefined, placeBase: () => undefined, misuse: () => undefined });
  const res = checker.body(body.block, ET.bool);
  if (checker.failed || !res.value) return undefined;
  const value = checker.coerce(res.value, ET.bool, res.value);
  return checker.failed ? undefined : { value, stmts: res.stmts };
}
