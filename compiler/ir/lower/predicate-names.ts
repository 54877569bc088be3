/**
 * Names in predicate clauses (LANGUAGE.md §8.6 item 2) beyond `result` and the parameters
 * (which are the predicate function's own parameters): fields of the return value, the
 * body's top-level `let`s at exit, and observed metrics. Lets and metrics become extra
 * parameters, recorded in the predicate's attrs so the runtime knows where to read them
 * (the witness for lets, the metric registry for metrics).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr } from '../ir.ts';
import { T } from '../ir.ts';
import { fieldE, localE, unwrapE } from './build.ts';
import type { FnCtx } from './context.ts';
import { structField } from './expr.ts';

export function lowerPredicateName(cx: FnCtx, name: string, span: Span): IrExpr | undefined {
  const env = cx.predicate;
  if (!env) return undefined;
  if (env.resultLocal !== undefined) {
    const rt = env.resultType;
    const base = rt.k === 'option' ? rt.inner : rt;
    const f = structField(cx, base, name);
    if (f) {
      const r = localE(env.resultLocal, rt);
      return fieldE(rt.k === 'option' ? unwrapE(r, base, span) : r, f.index, f.type);
    }
  }
  const existing = env.extras.find((x) => x.name === name);
  if (existing) return localE(existing.local, cx.fb.locals[existing.local]!.type);
  const letType = env.lets.get(name);
  if (letType) {
    const local = cx.fb.addLocal(name, letType, false, span);
    env.extras.push({ name, source: 'let', local: local.id });
    return localE(local.id, letType);
  }
  if (env.metrics.has(name)) {
    // Metrics are f64 and start at 0.0 (§8.6 item 2).
    const local = cx.fb.addLocal(name, T.f64, false, span);
    env.extras.push({ name, source: 'metric', local: local.id });
    return localE(local.id, T.f64);
  }
  return undefined;
}
