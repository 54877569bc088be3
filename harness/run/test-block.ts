import { performance } from 'node:perf_hooks';
import type { IrTest } from '../../compiler/ir/ir.ts';
import { RunState } from '../exec/run-state.ts';
import { describeFailure } from '../failure.ts';
import type { TestResult } from '../model.ts';
import { explainError, newTestHost, type ProgramContext } from './context.ts';
import type { DiscoveredTest } from './discover.ts';

/**
 * `test golden` blocks and inline header tests (LANGUAGE.md §8.8.1, §8.8.5): the test
 * function runs once on a fresh host; every `assert` must hold and nothing may trap.
 */
export function runTestBlock(ctx: ProgramContext, test: DiscoveredTest & { ir: IrTest }): TestResult {
  const state = new RunState();
  const host = newTestHost(ctx, test.name, state);
  const t0 = performance.now();
  try {
    ctx.engine.call(test.ir.func, [], host);
    if (state.violation) throw state.violation;
    return pass(test, performance.now() - t0, state);
  } catch (e) {
    const ms = performance.now() - t0;
    const f = describeFailure(explainError(ctx, e, state), ctx.lookup);
    return { ...base(test), status: 'failed', durationMs: ms, message: f.message, detail: f.detail };
  }
}

export function base(test: DiscoveredTest): Pick<TestResult, 'name' | 'kind' | 'file' | 'line'> {
  return { name: test.name, kind: test.kind, file: test.file, line: test.line };
}

export function pass(test: DiscoveredTest, ms: number, state: RunState, message = ''): TestResult {
  const r: TestResult = { ...base(test), status: 'passed', durationMs: ms, message };
  const notes = [...state.monitorReports, ...state.indeterminate];
  if (notes.length > 0) r.notes = notes;
  return r;
}
