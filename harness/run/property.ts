import { performance } from 'node:perf_hooks';
import type { IrConst, IrFunc, IrModule, IrTest, IrType } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';
import { zeroValue } from '../../runtime/values/index.ts';
import { interpreterEngine, type Engine } from '../exec/engine.ts';
import { getBuiltin } from '../../runtime/builtins/index.ts';
import { FUZZ_BUILTIN_EFFECT, FUZZ_CALL_EFFECT, withGuardedCalls } from '../exec/instrument-fuzz.ts';
import { RunState } from '../exec/run-state.ts';
import { AssertionFailure, describeFailure, FailureCodes, frameAt, spanLocation } from '../failure.ts';
import type { TestResult } from '../model.ts';
import { runProperty, seedForName, type IterationOutcome } from '../property/run-property.ts';
import { explainError, newTestHost, type ProgramContext } from './context.ts';
import type { DiscoveredTest } from './discover.ts';
import { base } from './test-block.ts';

/** Iterations per kind when `--runs` is not given (LANGUAGE.md §8.8.2–3). */
export const DEFAULT_RUNS = { property: 100, fuzz: 1000 } as const;

/** Traps that are not panics in a fuzz test (§8.8.3): the input is rejected instead. */
const NOT_PANICS = new Set(['fail', 'require']);

/**
 * `test property` and `test fuzz` (§8.8.2–3). Each iteration gets generated values for the
 * test's `forall`/`fuzz` variables and a fresh host. A property fails on any failed assert or
 * trap; the counterexample is shrunk and printed as JSON with the seed that reproduces it.
 * A fuzz iteration whose code under test panics is re-run with calls guarded (the call yields
 * a zero value and sets the panic flag); `fail`/`require` reject the input.
 */
export async function runPropertyTest(ctx: ProgramContext, test: DiscoveredTest & { ir: IrTest }): Promise<TestResult> {
  const irTest = test.ir;
  const fuzz = irTest.kind === 'fuzz' || irTest.testKind === 'fuzz';
  const runs = ctx.options.runs ?? (fuzz ? DEFAULT_RUNS.fuzz : DEFAULT_RUNS.property);
  const seed = ctx.options.seed ?? seedForName(irTest.name);
  const t0 = performance.now();
  // A panicking fuzz iteration is re-run with guarded calls (instrument-fuzz.ts). The guarded
  // engine is prepared up front: fast-check runs synchronously.
  const guarded = fuzz ? await guardedEngine(ctx.module, irTest.func) : undefined;
  let lastState = new RunState();
  const stats = { panicked: 0 };
  const iterate = (args: IrConst[]): IterationOutcome =>
    runIteration(ctx, irTest, args, guarded, (s) => (lastState = s), stats);

  const report = runProperty(irTest.inputs, ctx.module.types, iterate, {
    runs,
    seed,
    ...(fuzz && ctx.options.fuzzTimeMs !== undefined ? { timeLimitMs: ctx.options.fuzzTimeMs } : {}),
  });
  const ms = performance.now() - t0;
  const rerun = `--seed ${report.seed}`;
  if (!report.failed) {
    const parts = [`${report.runs} runs`];
    if (report.skipped > 0) parts.push(`${report.skipped} inputs rejected`);
    if (report.tooManyRejected) parts.push('stopped: almost every input was rejected by fail/require');
    if (stats.panicked > 0) parts.push(`${stats.panicked} iteration${stats.panicked === 1 ? '' : 's'} panicked (the trapping calls yielded zero values)`);
    if (report.interrupted) parts.push(`stopped by --fuzz-time`);
    parts.push(`seed ${report.seed}`);
    const r: TestResult = { ...base(test), status: 'passed', durationMs: ms, message: parts.join(', ') };
    const notes = [...lastState.monitorReports, ...lastState.indeterminate];
    if (notes.length > 0) r.notes = notes;
    return r;
  }
  const input = JSON.stringify(report.counterexample ?? {});
  const f = describeFailure(report.error, ctx.lookup);
  const message = `${fuzz ? 'fuzz' : 'property'} failed after ${report.runs} run${report.runs === 1 ? '' : 's'} (${report.shrinks} shrinks): ${f.message}; input ${input}; seed ${report.seed}`;
  const header = test.ir.loc ? frameAt(FailureCodes.property, `counterexample ${input}`, spanLocation(test.ir.loc), ctx.lookup) : `counterexample ${input}`;
  const detail = [header, `seed: ${report.seed} (reproduce with ${rerun} --filter ${JSON.stringify(irTest.name)})`, f.detail].join('\n');
  return { ...base(test), status: 'failed', durationMs: ms, message, detail };
}

/** One iteration on a fresh host: its outcome for fast-check. */
function runIteration(
  ctx: ProgramContext,
  irTest: IrTest,
  args: IrConst[],
  guarded: { engine: Engine } | undefined,
  setState: (s: RunState) => void,
  stats: { panicked: number },
): IterationOutcome {
  const fuzz = irTest.kind === 'fuzz' || irTest.testKind === 'fuzz';
  const state = new RunState();
  setState(state);
  const host = newTestHost(ctx, irTest.name, state);
  try {
    ctx.engine.call(irTest.func, args, host);
    if (state.violation) return { ok: false, error: state.violation };
    return { ok: true };
  } catch (e) {
    if (!fuzz || !(e instanceof RuntimeTrap) || state.violation) return { ok: false, error: explainError(ctx, e, state) };
    if (NOT_PANICS.has(e.kind)) return { reject: true };
    if (e.kind === 'assert') return { ok: false, error: explainError(ctx, e, state) };
    if (!guarded) return { ok: false, error: e };
    stats.panicked++;
    return rerunGuarded(ctx, guarded.engine, irTest, args);
  }
}

async function guardedEngine(module: IrModule, func: string): Promise<{ engine: Engine; module: IrModule }> {
  const guardedModule = withGuardedCalls(module, func);
  return { engine: await interpreterEngine(guardedModule), module: guardedModule };
}

/** The exact panic semantics of §8.8.3 on the interpreter: trapping calls yield zero values. */
function rerunGuarded(ctx: ProgramContext, engine: Engine, irTest: IrTest, args: IrConst[]): IterationOutcome {
  const state = new RunState();
  const host = newTestHost(ctx, irTest.name, state);
  // A trap inside a guarded call is a panic unless it is `fail`/`require` (which reject the
  // input) or an `assert` (a test failure): it sets the flag and yields the zero value.
  const guardedCall = (run: () => IrConst, resultType: IrType): IrConst => {
    try {
      return run();
    } catch (e) {
      if (e instanceof RuntimeTrap && !NOT_PANICS.has(e.kind) && e.kind !== 'assert') {
        state.panicked = true;
        const at = e.location ? ` at ${e.location.file}:${e.location.line}:${e.location.column}` : '';
        state.panics.push(`${e.kind}: ${e.message}${at}`);
        return zeroValue(resultType, ctx.module.types);
      }
      throw e;
    }
  };
  host.registerHelper(FUZZ_CALL_EFFECT, (callArgs, call) => {
    const callee = String(callArgs[0]);
    const f: IrFunc | undefined = ctx.funcByName.get(callee);
    return guardedCall(() => engine.call(callee, callArgs.slice(1), host), f?.result ?? call.resultType);
  });
  host.registerHelper(FUZZ_BUILTIN_EFFECT, (callArgs, call) => {
    const name = String(callArgs[0]);
    const impl = getBuiltin(name);
    if (!impl) throw new RuntimeTrap('host', `unknown builtin '${name}'`);
    const ctxArgs = { argTypes: call.argTypes.slice(1), resultType: call.resultType, types: ctx.module.types };
    return guardedCall(() => impl(callArgs.slice(1), ctxArgs), call.resultType);
  });
  try {
    engine.call(irTest.func, args, host);
    if (state.violation) return { ok: false, error: state.violation };
    return { ok: true };
  } catch (e) {
    if (e instanceof RuntimeTrap && NOT_PANICS.has(e.kind) && !state.violation) return { reject: true };
    return { ok: false, error: withPanics(explainError(ctx, e, state), state.panics) };
  }
}

/** An assert that failed after a panic (typically `assert no_panic`) names the panic. */
function withPanics(error: unknown, panics: readonly string[]): unknown {
  if (!(error instanceof AssertionFailure) || panics.length === 0) return error;
  const message = `${error.message} (the iteration panicked: ${panics.join('; ')})`;
  return new AssertionFailure(message, error.location, error.expression, error.values, error.callStack);
}
