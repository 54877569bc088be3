import { performance } from 'node:perf_hooks';
import { isVerifyClaim, verifyClaim } from '../../compiler/check/state-machine-verify.ts';
import { FailureCodes, frameAtSpan } from '../failure.ts';
import type { TestResult } from '../model.ts';
import type { ProgramContext } from './context.ts';
import type { DiscoveredTest } from './discover.ts';
import { base } from './test-block.ts';

/**
 * A `verify` claim of a state machine as a test (LANGUAGE.md §8.9.4): checked on the
 * transition graph, guards ignored, with a counterexample path when it fails. An unknown
 * claim word is skipped (an unknown clause word is a warning, §10).
 */
export function runVerifyClaim(ctx: ProgramContext, test: DiscoveredTest & { machine: NonNullable<DiscoveredTest['machine']> }): TestResult {
  const { graph, claim, span, name } = test.machine;
  if (!isVerifyClaim(claim)) {
    return { ...base(test), status: 'skipped', durationMs: 0, message: `unknown verify claim '${claim}'` };
  }
  const t0 = performance.now();
  const r = verifyClaim(graph, claim);
  const ms = performance.now() - t0;
  if (r.holds) return { ...base(test), status: 'passed', durationMs: ms, message: r.message };
  const message = `${name}: ${claim} does not hold: ${r.message}`;
  return {
    ...base(test),
    status: 'failed',
    durationMs: ms,
    message,
    detail: frameAtSpan(FailureCodes.verify, message, span, ctx.lookup),
  };
}
