/**
 * State machines (LANGUAGE.md §5.11, §8.9): states and events numbered in order of first
 * mention, a `<name>__step(state: i32, event: i32) -> i32` function returning the target of
 * the first matching transition whose guard holds (or −1), and the compile-time `verify`
 * claims checked on the transition graph (guards ignored).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { IrExpr, IrFunc, IrStateMachine, IrStmt } from '../ir.ts';
import { T } from '../ir.ts';
import type { Ident, StateMachineDecl } from '../../syntax/ast.ts';
import { clauseAttrs } from '../../check/clauses.ts';
import { Codes } from '../../check/codes.ts';
import type { Def, FuncDef } from '../../check/program-index.ts';
import { isVerifyClaim, verifyClaim, VERIFY_CLAIMS } from '../../check/state-machine-verify.ts';
import { andE, binaryE, constE, ifS, localE } from './build.ts';
import type { FnCtx, ProgramCtx } from './context.ts';
import { machineStepSymbol } from './context.ts';
import { findFunction } from './calls.ts';
import { buildFunction } from './functions.ts';

const i32 = (v: number): IrExpr => constE(BigInt(v), T.i32);

/** Names in order of first mention (by source position), without repeats. */
function ordered(idents: Ident[]): string[] {
  const out: string[] = [];
  for (const id of [...idents].sort((a, b) => a.span.start - b.span.start)) if (!out.includes(id.name)) out.push(id.name);
  return out;
}

export function lowerStateMachine(prog: ProgramCtx, def: Def<StateMachineDecl>): { machine: IrStateMachine; step: IrFunc } {
  const sm = def.decl;
  const stateIdents = [...sm.states, ...(sm.initial ? [sm.initial] : []), ...sm.terminal, ...sm.transitions.flatMap((t) => [t.from, t.to])];
  const states = ordered(stateIdents);
  const events = ordered(sm.transitions.flatMap((t) => (t.event ? [t.event] : [])));
  if (states.length === 0) prog.diagnostics.warning(Codes.smNoStates, `state machine '${def.name}' has no states`, def.span);
  const initial = sm.initial?.name ?? sm.states[0]?.name ?? states[0] ?? '';
  const attrs = clauseAttrs(sm.clauses, prog.diagnostics);
  const wal = attrs.wal === true || sm.persistence?.name === 'wal';
  const stepName = machineStepSymbol(prog, def);
  const transitions: IrStateMachine['transitions'] = sm.transitions.map((t) => {
    const tr: IrStateMachine['transitions'][number] = { from: t.from.name, to: t.to.name, event: t.event?.name ?? '*' };
    if (t.guard) tr.guard = t.guard.name;
    if (t.action) tr.action = t.action.name;
    return tr;
  });
  const machine: IrStateMachine = {
    name: def.name,
    states,
    events,
    initial,
    terminal: sm.terminal.map((t) => t.name),
    transitions,
    verify: sm.verify.map((v) => v.name),
    wal,
    stepFunc: stepName,
    loc: def.span,
  };
  const verifyError = verifyMachine(prog, def, machine);
  const step = buildFunction(prog, {
    ...(verifyError ? { priorError: verifyError } : {}),
    name: stepName,
    sourceName: `${def.name}__step`,
    kind: 'step',
    mode: 'step',
    file: def.file,
    loc: def.span,
    result: T.i32,
    declared: T.i32,
    exported: true,
    attrs: { stateMachine: def.name, ...attrs },
    params: (cx) => [cx.fb.addLocal('state', T.i32, true).id, cx.fb.addLocal('event', T.i32, true).id],
    body: (cx) => {
      const out: IrStmt[] = [];
      for (const t of sm.transitions) {
        let cond: IrExpr = binaryE('eq', localE(0, T.i32), i32(states.indexOf(t.from.name)), T.bool);
        if (t.event) cond = andE(cond, binaryE('eq', localE(1, T.i32), i32(events.indexOf(t.event.name)), T.bool));
        if (t.guard) {
          const g = callback(cx, t.guard, 'guard');
          if (g) cond = andE(cond, g);
        }
        const then: IrStmt[] = [];
        if (t.action) {
          const a = callback(cx, t.action, 'action');
          if (a) then.push({ s: 'expr', value: a });
        }
        then.push({ s: 'return', value: i32(states.indexOf(t.to.name)) });
        out.push(ifS(cond, then));
      }
      out.push({ s: 'return', value: i32(-1) });
      return out;
    },
  });
  return { machine, step };
}

/**
 * A guard or action: a zero-parameter circuit (a guard returns bool), else a host callback
 * declared `extern`; neither → warning, the guard holds and the action does nothing (§8.9.3).
 */
function callback(cx: FnCtx, name: Ident, role: 'guard' | 'action'): IrExpr | undefined {
  const def: FuncDef | undefined = findFunction(cx, name.name);
  const sig = def ? cx.prog.sigs.get(def) : undefined;
  if (sig && sig.params.length === 0) {
    const type = role === 'guard' ? T.bool : sig.result;
    const call: IrExpr =
      sig.target.kind === 'func'
        ? { e: 'call', func: sig.target.symbol, args: [], type: sig.result, loc: name.span }
        : { e: sig.target.kind === 'host' ? 'host' : 'builtin', name: sig.target.name, args: [], type: sig.result, loc: name.span };
    if (role === 'guard' && sig.result.k !== 'bool') {
      if (sig.result.k === 'option' && sig.result.inner.k === 'bool') return { e: 'unwrap', value: call, type, loc: name.span };
      cx.prog.diagnostics.error(Codes.typeMismatch, `guard '${name.name}' must return bool, returns ${cx.prog.types.show(sig.result)}`, name.span);
      return undefined;
    }
    return call;
  }
  const why = sig ? `takes ${sig.params.length} parameters (a ${role} takes none)` : 'is neither a circuit nor an extern callback';
  cx.prog.diagnostics.warning(
    Codes.smCallbackUnresolved,
    `${role} '${name.name}' ${why}; ${role === 'guard' ? 'the guard counts as true' : 'the action does nothing'}`,
    name.span,
  );
  return undefined;
}

/** §8.9.4: each `verify` claim is checked on the graph; a failure is an error with a path. */
function verifyMachine(prog: ProgramCtx, def: Def<StateMachineDecl>, m: IrStateMachine): Diagnostic | undefined {
  let first: Diagnostic | undefined;
  const graph = { states: m.states, initial: m.initial, terminal: m.terminal, transitions: m.transitions };
  for (const v of def.decl.verify) {
    if (!isVerifyClaim(v.name)) {
      prog.diagnostics.warning(Codes.unknownVerify, `unknown verify claim '${v.name}' (known: ${VERIFY_CLAIMS.join(', ')})`, v.span);
      continue;
    }
    const r = verifyClaim(graph, v.name);
    if (!r.holds) {
      const d = prog.diagnostics.error(Codes.verifyFailed, `verify ${v.name} failed: ${r.message}`, v.span);
      first ??= d;
    }
  }
  return first;
}
