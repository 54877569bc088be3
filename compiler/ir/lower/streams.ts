/**
 * Streams, stores, series and graphs (LANGUAGE.md §5.6, §5.12, §5.13, §8.4) as IrStreams that
 * host effects name, and each stream `| filter` stage as a `kind: 'filter'` function
 * `(record: T) -> bool` that `emit` calls before the host effect.
 */
import type { IrFunc, IrStream, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Clause, MetaValue, StoreDecl, StreamDecl } from '../../syntax/ast.ts';
import { clauseAttrs, metaToJson } from '../../check/clauses.ts';
import { typeText } from '../../check/resolve-types.ts';
import type { Def, StreamNode } from '../../check/program-index.ts';
import type { ProgramCtx, StreamInfo } from './context.ts';
import { uniqueSymbol } from './context.ts';
import { buildFunction } from './functions.ts';
import { lowerCond } from './ops.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000, day: 86_400_000 };

function durationMs(v: MetaValue | undefined): number | null | undefined {
  if (!v) return undefined;
  if (v.kind === 'duration') return v.ms === null ? null : Number(v.ms);
  if (v.kind === 'id' && (v.name === 'forever' || v.name === 'none')) return null;
  if (v.kind === 'int') return Number(v.value);
  return undefined;
}

function boolArg(c: Clause | undefined): boolean | undefined {
  const a = c?.args[0];
  if (!c) return undefined;
  return a === undefined ? true : a.kind === 'bool' ? a.value : undefined;
}

/** The IrStream and typing of one declaration (filters are added by lowerStreamFilters). */
export function declareStream(prog: ProgramCtx, def: Def<StreamNode>): StreamInfo {
  const d = def.decl;
  const ir: IrStream = { name: def.name, kind: 'event', filters: [], loc: def.span };
  let elem: IrType = T.any;
  let key: IrType = T.any;
  let value: IrType = T.any;
  if (d.kind === 'Stream') {
    const t = d.type;
    if (t.kind === 'StateType') {
      ir.kind = 'state';
      key = prog.resolver.resolve(t.key, def.file);
      value = prog.resolver.resolve(t.value, def.file);
      elem = value;
      ir.key = key;
      ir.value = value;
    } else {
      elem = t.kind === 'GenericType' && t.name === 'event' ? prog.resolver.resolve(t.arg, def.file) : prog.resolver.resolve(t, def.file);
      ir.elem = elem;
    }
    streamClauses(ir, d);
  } else if (d.kind === 'Store') {
    ir.kind = d.storeKind;
    const entry = (n: string) => d.entries.find((e) => e.name.name === n);
    const typed = (n: string) => {
      const e = entry(n);
      return e?.type ? prog.resolver.resolve(e.type, def.file) : undefined;
    };
    key = typed('key') ?? T.any;
    value = typed('value') ?? typed('schema') ?? T.any;
    elem = value;
    if (d.storeKind === 'kv') {
      ir.key = key;
      ir.value = value;
    } else ir.elem = elem;
    storeEntries(ir, d);
  } else if (d.kind === 'Series') {
    ir.kind = 'series';
    const merkle = d.clauses.find((c) => c.name === 'merkle_chain');
    const m = boolArg(merkle);
    if (m !== undefined) ir.merkleChain = m;
  } else {
    ir.kind = 'graph';
  }
  return { def, ir, elem, key, value };
}

function streamClauses(ir: IrStream, d: StreamDecl): void {
  for (const c of d.clauses) {
    if (c.name === 'retention' || c.name === 'ttl') {
      const ms = durationMs(c.args[0]);
      if (ms !== undefined) ir.retentionMs = ms;
    }
    if (c.name === 'merkle_chain') {
      const m = boolArg(c);
      if (m !== undefined) ir.merkleChain = m;
    }
  }
  if (d.throttle) {
    const per = UNIT_MS[d.throttle.unit] ?? 1000;
    ir.throttle = { perSecond: (Number(d.throttle.rate) * 1000) / per, burst: Number(d.throttle.burst) };
  }
}

function storeEntries(ir: IrStream, d: StoreDecl): void {
  for (const e of d.entries) {
    const n = e.name.name;
    if ((n === 'ttl' || n === 'retention') && e.value) {
      const ms = durationMs(e.value);
      if (ms !== undefined) ir.retentionMs = ms;
    }
    if (n === 'merkle_chain' && e.value?.kind === 'bool') ir.merkleChain = e.value.value;
  }
}

/** One `kind: 'filter'` function per `| filter` stage, `record` bound to the element. */
export function lowerStreamFilters(prog: ProgramCtx, info: StreamInfo): IrFunc[] {
  const d = info.def.decl;
  if (d.kind !== 'Stream') return [];
  return d.filters.map((expr, i) => {
    const name = uniqueSymbol(prog, `${info.ir.name}__filter${i}`);
    info.ir.filters.push(name);
    return buildFunction(prog, {
      name,
      sourceName: `${info.ir.name} | filter`,
      kind: 'filter',
      mode: 'filter',
      file: info.def.file,
      loc: expr.span,
      result: T.bool,
      declared: T.bool,
      exported: false,
      attrs: { stream: info.ir.name },
      params: (cx) => {
        const r = cx.fb.addLocal('record', info.elem, false, expr.span);
        cx.record = { local: r.id, type: info.elem };
        return [r.id];
      },
      body: (cx) => [{ s: 'return', value: lowerCond(cx, expr) }],
    });
  });
}

/** Stream metadata (consumers, classify, machine, …) for module attrs. */
export function streamAttrs(prog: ProgramCtx, info: StreamInfo): Record<string, unknown> {
  const d = info.def.decl;
  if (d.kind === 'Stream' || d.kind === 'Series') return clauseAttrs(d.clauses, prog.diagnostics);
  if (d.kind === 'Graph') return clauseAttrs(d.items, prog.diagnostics);
  const out: Record<string, unknown> = {};
  for (const e of d.entries) out[e.name.name] = e.type ? typeText(e.type) : e.value ? metaToJson(e.value) : true;
  return out;
}
