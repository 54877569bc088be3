/**
 * Predicate clauses (LANGUAGE.md §8.6) as `kind: 'predicate'` functions returning bool:
 * - header `invariant`/`monitor`/`property` of a circuit: parameters are the circuit's
 *   parameters, then `result`, then (on first use) the top-level lets and observed metrics
 *   the predicate names;
 * - data `@invariant`: one parameter, the value, whose fields are in scope.
 * The function's attrs say where each parameter's value comes from (`params`, `extras`), which
 * circuit or data type it belongs to, and whether it is indeterminate (an unresolved name,
 * §8.6 item 2).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrFunc, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Clause, DataDecl, Expr } from '../../syntax/ast.ts';
import type { Def, FileInfo } from '../../check/program-index.ts';
import type { TypeDeclLike } from '../../check/program-index.ts';
import type { FnCtx, FuncSig, PredicateEnv, ProgramCtx } from './context.ts';
import { uniqueSymbol } from './context.ts';
import { buildFunction, declareParams } from './functions.ts';
import { lowerCond } from './ops.ts';

interface PredicateSource {
  clause: string;
  label?: string;
  propertyKind?: string;
  expr: Expr;
  span: Span;
}

export function predicateClauses(clauses: readonly Clause[]): PredicateSource[] {
  const out: PredicateSource[] = [];
  for (const c of clauses) {
    if (c.detail?.kind !== 'predicate') continue;
    const p: PredicateSource = { clause: c.detail.clause, expr: c.detail.expr, span: c.span };
    if (c.detail.label !== undefined) p.label = c.detail.label;
    if (c.detail.propertyKind !== undefined) p.propertyKind = c.detail.propertyKind;
    out.push(p);
  }
  return out;
}

/** Metrics a circuit observes: `observe metrics: [...]` clauses and body `observe` statements. */
export function observedMetrics(clauses: readonly Clause[], circuit?: IrFunc): Set<string> {
  const out = new Set<string>();
  for (const c of clauses) if (c.detail?.kind === 'observe') for (const m of c.detail.metrics) out.add(m.name);
  const body = circuit?.attrs.bodyMetrics;
  if (Array.isArray(body)) for (const m of body) out.add(String(m));
  return out;
}

/** The predicate functions of one circuit's header clauses. */
export function lowerCircuitPredicates(prog: ProgramCtx, sig: FuncSig, circuit: IrFunc, clauses: readonly Clause[]): IrFunc[] {
  const preds = predicateClauses(clauses);
  const counts = new Map<string, number>();
  const metrics = observedMetrics(clauses, circuit);
  return preds.map((p) => {
    const n = counts.get(p.clause) ?? 0;
    counts.set(p.clause, n + 1);
    const name = uniqueSymbol(prog, `${sig.symbol}__${p.clause}${n}`);
    const resultType = sig.result;
    const env: PredicateEnv = {
      resultLocal: undefined,
      resultType,
      lets: prog.circuitLets.get(sig.symbol) ?? new Map(),
      metrics,
      extras: [],
      unresolved: [],
    };
    return lowerPredicate(prog, {
      name,
      file: sig.def.file,
      source: p,
      env,
      attrs: { circuit: sig.symbol },
      params: (cx) => {
        const ids = declareParams(cx, sig.params, false);
        if (resultType.k !== 'void') {
          const r = cx.fb.addLocal('result', resultType, false, p.span);
          cx.fb.declare('result', { id: r.id, type: resultType });
          env.resultLocal = r.id;
          ids.push(r.id);
        }
        return ids;
      },
    });
  });
}

/** The data `@invariant`s of a data declaration, over a value of its type. */
export function lowerDataPredicates(prog: ProgramCtx, def: Def<TypeDeclLike>, type: IrType): IrFunc[] {
  const decl = def.decl as DataDecl;
  const preds = predicateClauses(decl.verbs);
  return preds.map((p, i) => {
    const name = uniqueSymbol(prog, `${def.name}__invariant${i}`);
    const env: PredicateEnv = { resultLocal: undefined, resultType: type, lets: new Map(), metrics: new Set(), extras: [], unresolved: [] };
    return lowerPredicate(prog, {
      name,
      file: def.file,
      source: p,
      env,
      attrs: { dataType: type.k === 'struct' ? type.id : null, dataName: def.name },
      params: (cx) => {
        // The value's fields are the names in scope (resolved as fields of `result`); `self`
        // names the value itself unless a field has that name.
        const v = cx.fb.addLocal('self', type, false, def.span);
        const fields = type.k === 'struct' ? prog.types.struct(type.id).fields.map((f) => f.name) : [];
        if (!fields.includes('self')) cx.fb.declare('self', { id: v.id, type });
        env.resultLocal = v.id;
        return [v.id];
      },
    });
  });
}

function lowerPredicate(
  prog: ProgramCtx,
  spec: { name: string; file: FileInfo; source: PredicateSource; env: PredicateEnv; attrs: Record<string, unknown>; params: (cx: FnCtx) => number[] },
): IrFunc {
  const { source, env } = spec;
  let paramIds: number[] = [];
  const func = buildFunction(prog, {
    name: spec.name,
    sourceName: source.label ?? `${source.clause}`,
    kind: 'predicate',
    mode: 'predicate',
    file: spec.file,
    loc: source.span,
    result: T.bool,
    declared: T.bool,
    exported: true,
    attrs: {},
    params: (cx) => {
      cx.predicate = env;
      paramIds = spec.params(cx);
      return paramIds;
    },
    body: (cx) => [{ s: 'return', value: lowerCond(cx, source.expr) }],
    after: (_cx, f) => {
      // Extra parameters (lets, metrics) follow the declared ones, in first-use order.
      f.params = [...paramIds, ...env.extras.map((x) => x.local)];
    },
  });
  const predicate: Record<string, unknown> = {
    ...spec.attrs,
    clause: source.clause,
    params: func.params.map((id) => func.locals[id]!.name),
    extras: env.extras.map((x) => ({ name: x.name, source: x.source })),
    indeterminate: env.unresolved.length > 0,
  };
  if (source.label !== undefined) predicate.label = source.label;
  if (source.propertyKind !== undefined) predicate.propertyKind = source.propertyKind;
  if (env.unresolved.length > 0) predicate.unresolved = env.unresolved.map((u) => u.name);
  Object.assign(func.attrs, predicate);
  return func;
}
