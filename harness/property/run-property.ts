import fc from 'fast-check';
import { sha3_256 } from '@noble/hashes/sha3.js';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { toJson } from '../../runtime/values/index.ts';
import { arbitraryForInputs, DEFAULT_LIMITS } from './arbitraries.ts';

/**
 * Property and fuzz iterations with fast-check (LANGUAGE.md §8.8.2–3): inputs generated per
 * type, a seed derived from the test name unless `--seed` fixes one, shrinking to the
 * smallest failing input, and the counterexample reported as canonical JSON.
 */
export interface PropertyOptions {
  runs: number;
  seed: number;
  /** Stop generating new inputs after this long (shrinking a failure still completes). */
  timeLimitMs?: number;
}

/** What one iteration concluded. `reject` discards the input (a fuzz precondition). */
export type IterationOutcome = { ok: true } | { ok: false; error: unknown } | { reject: true };

export interface PropertyReport {
  failed: boolean;
  runs: number;
  skipped: number;
  shrinks: number;
  seed: number;
  interrupted: boolean;
  /** Almost every generated input was rejected (fail/require in a fuzz test). */
  tooManyRejected: boolean;
  /** Canonical JSON of the smallest failing input, by variable name. */
  counterexample?: Record<string, unknown>;
  /** What the smallest failing input raised. */
  error?: unknown;
}

/** The PRNG seed of a test: the first 4 bytes of SHA3-256 of its name, as a signed int (§8.8.2). */
export function seedForName(name: string): number {
  const h = sha3_256(new TextEncoder().encode(name));
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) | 0;
}

class IterationFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('iteration failed');
  }
}

export function runProperty(
  inputs: readonly { name: string; type: IrType }[],
  types: readonly IrTypeDef[],
  iterate: (args: IrConst[]) => IterationOutcome,
  options: PropertyOptions,
): PropertyReport {
  const arb = arbitraryForInputs(inputs, types, DEFAULT_LIMITS);
  const prop = fc.property(arb, (args) => {
    const outcome = iterate(args);
    if ('reject' in outcome) {
      fc.pre(false);
      return true;
    }
    if (!outcome.ok) throw new IterationFailure(outcome.error);
    return true;
  });
  const params: fc.Parameters<[IrConst[]]> = { seed: options.seed, numRuns: options.runs };
  if (options.timeLimitMs !== undefined) {
    params.interruptAfterTimeLimit = options.timeLimitMs;
    params.markInterruptAsFailure = false;
  }
  const details = fc.check(prop, params);
  // fast-check gives up when nearly every input is rejected; that is not a failure of the
  // code under test (a fuzz precondition rejected the inputs), so it is reported as such.
  const tooManySkips = details.failed && details.counterexample === null && details.errorInstance === null && !details.interrupted;
  const report: PropertyReport = {
    failed: details.failed && !tooManySkips,
    tooManyRejected: tooManySkips,
    runs: details.numRuns,
    skipped: details.numSkips,
    shrinks: details.numShrinks,
    seed: details.seed,
    interrupted: details.interrupted,
  };
  if (report.failed && details.counterexample) {
    const [args] = details.counterexample;
    report.counterexample = inputsJson(inputs, args, types);
    const err = details.errorInstance;
    report.error = err instanceof IterationFailure ? err.cause : err;
  }
  return report;
}

export function inputsJson(inputs: readonly { name: string; type: IrType }[], args: IrConst[], types: readonly IrTypeDef[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  inputs.forEach((inp, i) => {
    try {
      out[inp.name] = toJson(args[i]!, inp.type, types as IrTypeDef[]);
    } catch {
      out[inp.name] = String(args[i]);
    }
  });
  return out;
}
