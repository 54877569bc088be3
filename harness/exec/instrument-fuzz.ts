import type { IrExpr, IrFunc, IrModule } from '../../compiler/ir/ir.ts';
import { mapExpr, mapStmtExprs } from './ir-walk.ts';

/**
 * The fuzz panic flag (LANGUAGE.md §8.8.3): "a trap inside a call sets the iteration's panic
 * flag, and the call yields a zero value". WebAssembly cannot resume after a trap, so an
 * iteration that panicked is re-run on the interpreter with every call of the test body
 * routed through the harness effect below, which catches the trap, sets the flag and
 * returns the zero value of the callee's result type. `no_panic` reads the flag.
 */
export const FUZZ_CALL_EFFECT = '__estream_fuzz_call';
export const NO_PANIC_EFFECT = 'no_panic';

/** A copy of the module whose test function `funcName` calls through FUZZ_CALL_EFFECT. */
export function withGuardedCalls(module: IrModule, funcName: string): IrModule {
  const funcs = module.funcs.map((f): IrFunc => {
    if (f.name !== funcName) return f;
    const guard = (e: IrExpr): IrExpr => {
      if (e.e !== 'call') return e;
      const g: IrExpr = {
        e: 'host',
        name: FUZZ_CALL_EFFECT,
        args: [{ e: 'const', value: e.func, type: { k: 'string' } }, ...e.args],
        type: e.type,
      };
      if (e.loc) g.loc = e.loc;
      return g;
    };
    return { ...f, body: f.body.map((s) => mapStmtExprs(s, guard)) };
  });
  return { ...module, funcs };
}

/** Whether a function reads `no_panic` through the host (rather than as a constant). */
export function readsNoPanicEffect(f: IrFunc): boolean {
  let found = false;
  for (const s of f.body) {
    mapStmtExprs(s, (e) => {
      if (e.e === 'host' && e.name === NO_PANIC_EFFECT) found = true;
      return e;
    });
  }
  return found;
}

export { mapExpr };
