import type { IrExpr, IrFunc, IrModule } from '../../compiler/ir/ir.ts';
import { mapExpr, mapStmtExprs } from './ir-walk.ts';

/**
 * The fuzz panic flag (LANGUAGE.md §8.8.3): "a trap inside a call sets the iteration's panic
 * flag, and the call yields a zero value". WebAssembly cannot resume after a trap, so an
 * iteration that panicked is re-run on the interpreter with every call of the test body
 * routed through the harness effects below, which catch the trap, set the flag and return
 * the zero value of the call's result type. Calls are circuit calls (`call`), pure builtins
 * (`builtin`), and builtin calls the IR spells with core nodes (`builtinCall`, e.g. `nth` →
 * `index`): those are moved into a helper function of the test's locals and called through
 * the effect. `no_panic` is lowered to a host read of the flag (compiler/ir/lower/expr.ts).
 */
export const FUZZ_CALL_EFFECT = '__estream_fuzz_call';
export const FUZZ_BUILTIN_EFFECT = '__estream_fuzz_builtin';
export const NO_PANIC_EFFECT = 'no_panic';

/** A copy of the module whose test function `funcName` calls through the guard effects. */
export function withGuardedCalls(module: IrModule, funcName: string): IrModule {
  const helpers: IrFunc[] = [];
  const funcs = module.funcs.map((f): IrFunc => {
    if (f.name !== funcName) return f;
    const guard = (e: IrExpr): IrExpr => {
      if (e.e === 'call' || e.e === 'builtin') {
        const callee = e.e === 'call' ? e.func : e.name;
        return hostCall(e.e === 'call' ? FUZZ_CALL_EFFECT : FUZZ_BUILTIN_EFFECT, callee, e.args, e);
      }
      if (e.builtinCall === undefined || e.e === 'host') return e;
      const helper = callHelper(f, e, `${f.name}%${e.builtinCall}#${helpers.length}`);
      helpers.push(helper);
      return hostCall(FUZZ_CALL_EFFECT, helper.name, f.locals.map((l) => ({ e: 'local', id: l.id, type: l.type })), e);
    };
    return { ...f, body: f.body.map((s) => mapStmtExprs(s, guard)) };
  });
  return { ...module, funcs: [...funcs, ...helpers] };
}

function hostCall(effect: string, callee: string, args: IrExpr[], site: IrExpr): IrExpr {
  const g: IrExpr = { e: 'host', name: effect, args: [{ e: 'const', value: callee, type: { k: 'string' } }, ...args], type: site.type };
  if (site.loc) g.loc = site.loc;
  return g;
}

/**
 * A function computing `node` from the test function's locals: every local is a parameter
 * (so the node's free locals need no analysis), and the body returns the node's value.
 */
function callHelper(test: IrFunc, node: IrExpr, name: string): IrFunc {
  const helper: IrFunc = {
    name,
    sourceName: node.builtinCall ?? name,
    kind: 'helper',
    params: test.locals.map((l) => l.id),
    result: node.type,
    locals: test.locals.map((l) => ({ ...l })),
    body: [{ s: 'return', value: node }],
    exported: false,
    overflowChecks: test.overflowChecks,
    attrs: {},
  };
  if (node.loc) helper.loc = node.loc;
  return helper;
}

export { mapExpr };
