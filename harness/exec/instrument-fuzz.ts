import type { IrExpr, IrFunc, IrModule } from '../../compiler/ir/ir.ts';
import { mapExpr, mapStmtExprs } from './ir-walk.ts';

/**
 * The fuzz panic flag (LANGUAGE.md §8.8.3): "a trap inside a call sets the iteration's panic
 * flag, and the call yields a zero value". WebAssembly cannot resume after a trap, so an
 * iteration that panicked is re-run on the interpreter with every call of the test body —
 * calls of circuits and of builtins alike — routed through the harness effects below, which
 * catch the trap, set the flag and return the zero value of the call's result type.
 * `no_panic` is lowered to a host read of that flag (compiler/ir/lower/expr.ts).
 */
export const FUZZ_CALL_EFFECT = '__estream_fuzz_call';
export const FUZZ_BUILTIN_EFFECT = '__estream_fuzz_builtin';
export const NO_PANIC_EFFECT = 'no_panic';

/** A copy of the module whose test function `funcName` calls through the guard effects. */
export function withGuardedCalls(module: IrModule, funcName: string): IrModule {
  const funcs = module.funcs.map((f): IrFunc => {
    if (f.name !== funcName) return f;
    const guard = (e: IrExpr): IrExpr => {
      if (e.e !== 'call' && e.e !== 'builtin') return e;
      const callee = e.e === 'call' ? e.func : e.name;
      const g: IrExpr = {
        e: 'host',
        name: e.e === 'call' ? FUZZ_CALL_EFFECT : FUZZ_BUILTIN_EFFECT,
        args: [{ e: 'const', value: callee, type: { k: 'string' } }, ...e.args],
        type: e.type,
      };
      if (e.loc) g.loc = e.loc;
      return g;
    };
    return { ...f, body: f.body.map((s) => mapStmtExprs(s, guard)) };
  });
  return { ...module, funcs };
}

export { mapExpr };
