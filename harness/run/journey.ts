import type { IrFunc } from '../../compiler/ir/ir.ts';
import { RunState } from '../exec/run-state.ts';
import { runJourney, type JourneySession } from '../journey/run.ts';
import type { JourneyPlan } from '../journey/plan.ts';
import type { TestResult } from '../model.ts';
import { callChecked, explainError, newTestHost, type ProgramContext } from './context.ts';

/**
 * A journey against the compiled program: one host shared by all steps (§8.4.3: the steps
 * of a journey share stores), clause checks on every circuit call.
 */
export function runJourneyTest(ctx: ProgramContext, plan: JourneyPlan, onResult: (r: TestResult) => void): TestResult[] {
  return runJourney(
    plan,
    {
      lookup: ctx.lookup,
      display: ctx.display,
      session: () => journeySession(ctx, plan.name),
    },
    onResult,
  );
}

function journeySession(ctx: ProgramContext, name: string): JourneySession {
  const state = new RunState();
  const host = newTestHost(ctx, name, state);
  let called: IrFunc[] = [];
  return {
    module: ctx.module,
    asts: ctx.asts,
    callFunc(func, args) {
      called.push(func);
      state.operands = undefined;
      try {
        return callChecked(ctx, func, args, host, state);
      } catch (e) {
        const explained = explainError(ctx, e, state);
        state.violation = undefined;
        throw explained;
      }
    },
    hostEffect(effect, args, argTypes, resultType, target) {
      const call = { name: effect, args, argTypes, resultType, types: ctx.module.types, ...(target !== undefined ? { target } : {}) };
      return host.invoke(call);
    },
    isHostEffect: (effect) => host.handles(effect),
    metric: (m) => (host.metrics.has(m) ? host.metrics.get(m) : undefined),
    rolesOf: (f) => rolesOf(f),
    takeCalled() {
      const c = called;
      called = [];
      return c;
    },
  };
}

/** The roles an `rbac [..]` clause demands (§8.7), from the circuit's attrs. */
function rolesOf(f: IrFunc): string[] {
  const r = f.attrs?.rbac;
  if (Array.isArray(r)) return r.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x && 'name' in x ? String((x as { name: unknown }).name) : String(x)));
  return [];
}
