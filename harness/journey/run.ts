import { performance } from 'node:perf_hooks';
import type * as A from '../../compiler/syntax/ast.ts';
import type { SourceLookup } from '../../compiler/diagnostics/index.ts';
import type { IrFunc } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';
import type { TestResult } from '../model.ts';
import { describeFailure, spanLocation } from '../failure.ts';
import { Evaluator, JourneyAssertion, Scope } from './evaluator.ts';
import { JourneyLinker, type JourneyBackend } from './linker.ts';
import { placeholderBytes } from './placeholder.ts';
import type { JourneyPlan, JourneyStepPlan } from './plan.ts';
import { JourneyError, showValue, typed, type JValue } from './values.ts';

/** A backend for one journey run: every step shares its host (fresh stores, one clock). */
export interface JourneySession extends JourneyBackend {
  /** Current values of observed metrics from the host's registry (§8.10.4). */
  metric(name: string): number | undefined;
  /** The role check of `rbac` (§8.7): the roles a circuit demands. */
  rolesOf(func: IrFunc): string[];
  /** Circuits called since the last call to this (for the rbac check of the step's actor). */
  takeCalled(): IrFunc[];
}

export interface JourneyEnv {
  session(): JourneySession;
  lookup: SourceLookup;
  display(path: string): string;
}

/** The implicit actor that holds every role (§8.10.3, §9.1). */
const SYSTEM_ACTOR = 'system';

/**
 * Runs one journey: steps in file order sharing one host and one scope; `result` chains
 * from step to step; the first failing step stops the journey and the rest are skipped
 * (LANGUAGE.md §8.10). One TestResult per step.
 */
export function runJourney(plan: JourneyPlan, env: JourneyEnv, onResult: (r: TestResult) => void = () => {}): TestResult[] {
  const session = env.session();
  const file = env.display(plan.span.file.path);
  const linker = new JourneyLinker(session, plan.span.file.path);
  const evaluator = new Evaluator(linker);
  linker.evaluator = evaluator;
  const scope = new Scope();
  const results: TestResult[] = [];
  // The last step's line carries the journey's metrics (§8.10.4), known only at the end.
  let held: TestResult | undefined;
  const emit = (r: TestResult) => {
    results.push(r);
    if (held) onResult(held);
    held = r;
  };
  let failedAt: string | undefined;
  let result: JValue = { k: 'nil' };
  let totalMs = 0;
  let stepsRun = 0;

  if (plan.form === 'newer') bindRecords(plan.records, evaluator, linker, scope);
  const warningsShown = new Set<string>();

  for (const step of plan.steps) {
    const name = `${plan.name} › ${step.name}`;
    const line = step.span.file.lineCol(step.span.start).line;
    if (failedAt !== undefined) {
      emit({ name, kind: 'journey', file, line, status: 'skipped', durationMs: 0, message: `step ${failedAt} failed` });
      continue;
    }
    const warnBefore = linker.warnings.length;
    const t0 = performance.now();
    let error: unknown;
    const notes: string[] = [];
    try {
      if (plan.form === 'older') {
        evaluator.runBlock(step.body!, scope);
      } else {
        result = runNewerStep(step, scope, evaluator, linker, session, result, plan.records, notes);
      }
    } catch (e) {
      error = e;
    }
    const ms = performance.now() - t0;
    totalMs += ms;
    stepsRun++;
    for (const w of linker.warnings.slice(warnBefore)) {
      const where = w.span ? `${env.display(w.span.file.path)}:${spanLocation(w.span).line}:${spanLocation(w.span).column}: ` : '';
      const text = `${where}warning: ${w.message}`;
      if (!warningsShown.has(text)) {
        warningsShown.add(text);
        notes.push(text);
      }
    }
    if (error !== undefined) {
      failedAt = step.name;
      const located = error instanceof RuntimeTrap && !error.location ? withLocation(error, step) : error;
      const f = describeFailure(located, env.lookup);
      // A failure inside a circuit is located in the circuit's file: say which step called it.
      if (!(error instanceof JourneyError) && !(error instanceof JourneyAssertion)) {
        notes.unshift(`in step ${step.name} (${file}:${line})`);
      }
      const r: TestResult = { name, kind: 'journey', file, line, status: 'failed', durationMs: ms, message: f.message, detail: f.detail };
      if (notes.length > 0) r.detail = `${f.detail}\n${notes.join('\n')}`;
      emit(r);
      continue;
    }
    const r: TestResult = { name, kind: 'journey', file, line, status: 'passed', durationMs: ms, message: '' };
    if (plan.form === 'newer' && step.action) r.message = `result = ${showValue(result, linker.types)}`;
    if (notes.length > 0) r.notes = notes;
    emit(r);
  }
  if (plan.metrics.length > 0 && held) {
    const shown = plan.metrics.map((m) => `${m.name}=${metricValue(m.name, stepsRun, totalMs, session)}`);
    held.notes = [...(held.notes ?? []), `metrics: ${shown.join(', ')}`];
  }
  if (held) onResult(held);
  return results;
}

function metricValue(name: string, steps: number, ms: number, session: JourneySession): string {
  if (name === 'step_count') return String(steps);
  if (name === 'latency_ms') return ms.toFixed(3);
  const v = session.metric(name);
  return v === undefined ? '0' : String(v);
}

function withLocation(e: RuntimeTrap, step: JourneyStepPlan): RuntimeTrap {
  return new RuntimeTrap(e.kind, e.message, spanLocation(step.span), e.callStack);
}

/**
 * Parties and fixtures become records (§8.10.2). A placeholder `k: bytes(N)` is the hash
 * chain of "<block>.<k>"; `k: bytes(N) = e` converts e; other values are evaluated as
 * expressions, and a bare name that resolves to nothing (a role such as `commuter`) stays a
 * symbol. An entry that cannot be evaluated is left out, with a warning.
 */
function bindRecords(records: (A.PartyDecl | A.FixtureDecl)[], ev: Evaluator, linker: JourneyLinker, scope: Scope): void {
  for (const rec of records) {
    const fields = new Map<string, JValue>();
    scope.define(rec.name.name, { k: 'record', fields, name: rec.name.name });
    for (const entry of rec.entries) {
      try {
        let v: JValue;
        if (entry.bytesSize !== undefined && entry.value === undefined) {
          v = typed({ k: 'bytesN', n: entry.bytesSize }, placeholderBytes(rec.name.name, entry.name.name, entry.bytesSize));
        } else if (entry.bytesSize !== undefined && entry.value !== undefined) {
          v = ev.coerce(ev.expr(entry.value, scope), { k: 'bytesN', n: entry.bytesSize }, entry.value.span, entry.name.name);
        } else if (entry.value !== undefined) {
          v = ev.expr(entry.value, scope);
        } else {
          continue;
        }
        fields.set(entry.name.name, v);
      } catch (e) {
        linker.warn(`${rec.name.name}.${entry.name.name} cannot be evaluated: ${(e as Error).message}`, entry.span);
      }
    }
  }
}

function runNewerStep(
  step: JourneyStepPlan,
  scope: Scope,
  ev: Evaluator,
  linker: JourneyLinker,
  session: JourneySession,
  previous: JValue,
  records: (A.PartyDecl | A.FixtureDecl)[],
  notes: string[],
): JValue {
  const actorRoles = actorRolesOf(step, records, linker);
  scope.define('result', previous);
  session.takeCalled();
  const output = step.action ? ev.expr(step.action, scope) : previous;
  if (actorRoles !== 'all') {
    for (const f of session.takeCalled()) {
      const need = session.rolesOf(f);
      if (need.length > 0 && !need.some((r) => actorRoles.includes(r))) {
        notes.push(`warning: actor ${step.actor?.name} (role ${actorRoles.join(', ') || 'none'}) is not in rbac [${need.join(', ')}] of ${f.sourceName}`);
      }
    }
  }
  scope.define('result', output);
  for (const e of step.expects) ev.check(e, scope, 'expect', undefined, e.span);
  return output;
}

/** The roles of a step's actor: `system` has every role (§8.10.3); a party's `role`/`roles` entries. */
function actorRolesOf(step: JourneyStepPlan, records: (A.PartyDecl | A.FixtureDecl)[], linker: JourneyLinker): string[] | 'all' {
  if (!step.actor || step.actor.name === SYSTEM_ACTOR) return 'all';
  const party = records.find((r) => r.name.name === step.actor!.name);
  if (!party) {
    linker.warn(`actor '${step.actor.name}' is not a party of this journey`, step.actor.span);
    return 'all';
  }
  const roles: string[] = [];
  for (const e of party.entries) {
    if ((e.name.name === 'role' || e.name.name === 'roles') && e.value) {
      if (e.value.kind === 'Name') roles.push(e.value.name);
      else if (e.value.kind === 'String') roles.push(e.value.value);
      else if (e.value.kind === 'ListLit') {
        for (const x of e.value.elements) if (x.kind === 'Name') roles.push(x.name);
      }
    }
  }
  return roles;
}

export { JourneyError };
