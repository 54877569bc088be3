import { performance } from 'node:perf_hooks';
import type { IrConst, IrFunc, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { fromJson, toJson, zeroValue, type JsonValue } from '../../runtime/values/index.ts';
import { RunState } from '../exec/run-state.ts';
import { describeFailure, FailureCodes, frameAt, spanLocation } from '../failure.ts';
import { checkSnapshot, readInputVectors, snapshotPaths, type InputVector, type Json } from '../golden/snapshot.ts';
import type { TestResult } from '../model.ts';
import { callChecked, explainError, newTestHost, type ProgramContext } from './context.ts';
import type { DiscoveredTest } from './discover.ts';
import { base, pass } from './test-block.ts';

/**
 * A `/// test golden` circuit (LANGUAGE.md §8.8.4): run on its canonical inputs (zero
 * values, or the vectors of `<stem>.<circuit>.inputs.json`), and compare the canonical JSON
 * of the result with `__golden__/<stem>.<circuit>.json`. Missing or different snapshots fail
 * unless `--update-golden` is given.
 */
export function runSnapshot(ctx: ProgramContext, test: DiscoveredTest & { circuit: IrFunc }): TestResult {
  const func = test.circuit;
  const paths = snapshotPaths(test.sourcePath, func.sourceName);
  const vectors = readInputVectors(paths);
  const t0 = performance.now();
  const fail = (message: string, detail?: string): TestResult => ({
    ...base(test),
    status: 'failed',
    durationMs: performance.now() - t0,
    message,
    detail: detail ?? message,
  });
  if (vectors.kind === 'error') return fail(`${ctx.display(vectors.path)}: ${vectors.message}`);
  const argSets: IrConst[][] = [];
  const paramTypes = func.params.map((id) => func.locals[id]!);
  if (vectors.kind === 'canonical') {
    argSets.push(paramTypes.map((p) => zeroValue(p.type, ctx.module.types)));
  } else {
    for (const [i, v] of vectors.vectors.entries()) {
      try {
        argSets.push(vectorArgs(v, paramTypes, ctx.module.types, vectors.several ? `vector ${i}` : 'inputs'));
      } catch (e) {
        return fail(`${ctx.display(vectors.path)}: ${(e as Error).message}`);
      }
    }
  }
  const results: Json[] = [];
  const state = new RunState();
  for (const args of argSets) {
    const host = newTestHost(ctx, test.name, state);
    try {
      const value = callChecked(ctx, func, args, host, state);
      if (state.violation) throw state.violation;
      results.push(toJson(value, func.result, ctx.module.types) as Json);
    } catch (e) {
      const f = describeFailure(explainError(ctx, e, state), ctx.lookup);
      return fail(f.message, f.detail);
    }
  }
  const actual: Json = vectors.kind === 'file' && vectors.several ? results : results[0]!;
  const outcome = checkSnapshot(paths.snapshot, actual, ctx.options.updateGolden === true);
  const snap = ctx.display(paths.snapshot);
  const where = func.loc ? spanLocation(func.loc) : undefined;
  switch (outcome.status) {
    case 'match':
      return pass(test, performance.now() - t0, state, `matches ${snap}`);
    case 'written': {
      const r = pass(test, performance.now() - t0, state, `${outcome.created ? 'created' : 'updated'} ${snap}`);
      r.notes = [...(r.notes ?? []), `${outcome.created ? 'created' : 'updated'} ${snap}`];
      return r;
    }
    case 'missing': {
      const m = `golden file ${snap} is missing (run with --update-golden to create it)`;
      return fail(m, `${frameAt(FailureCodes.golden, m, where, ctx.lookup)}\nactual: ${JSON.stringify(actual)}`);
    }
    case 'unreadable': {
      const m = `golden file ${snap} is not valid JSON: ${outcome.message}`;
      return fail(m, frameAt(FailureCodes.golden, m, where, ctx.lookup));
    }
    case 'different': {
      const m = `result differs from ${snap} (run with --update-golden to accept it)`;
      return fail(m, [frameAt(FailureCodes.golden, m, where, ctx.lookup), ...outcome.differences].join('\n'));
    }
  }
}

/** The arguments of one input vector: by parameter name (missing ones are zero) or positional. */
export function vectorArgs(v: InputVector, params: { name: string; type: IrType }[], types: IrTypeDef[], where: string): IrConst[] {
  if ('positional' in v) {
    if (v.positional.length !== params.length) {
      throw new Error(`${where}: expected ${params.length} arguments, got ${v.positional.length}`);
    }
    return params.map((p, i) => fromJson(v.positional[i] as JsonValue, p.type, types, `${where}[${i}]`));
  }
  for (const k of Object.keys(v.byName)) {
    if (!params.some((p) => p.name === k)) throw new Error(`${where}: '${k}' is not a parameter (parameters: ${params.map((p) => p.name).join(', ')})`);
  }
  return params.map((p) => (v.byName[p.name] === undefined ? zeroValue(p.type, types) : fromJson(v.byName[p.name], p.type, types, `${where}.${p.name}`)));
}
