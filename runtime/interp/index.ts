/**
 * The reference IR interpreter's entry points (issue 3 runtime interfaces).
 */
import type { IrConst, IrModule } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../errors.ts';
import { Interpreter, type InterpretOptions } from './interpreter.ts';

export { Interpreter, DEFAULT_FUEL, DEFAULT_MAX_DEPTH, resolveLocation, type InterpretOptions } from './interpreter.ts';
export { binaryOp, unaryOp, convertValue, checkedArith, saturatingArith } from './ops.ts';

/** Calls `func` (a module symbol) with IR values; throws RuntimeTrap with location and call stack. */
export function interpretCall(module: IrModule, func: string, args: IrConst[], options: InterpretOptions): IrConst {
  return new Interpreter(module, options).call(func, args);
}

/**
 * One step of a stateful ESCIR circuit: calls the proc's step function with
 * (state, inputs, now) and splits its `{ state, outputs }` result.
 */
export function interpretStep(
  module: IrModule,
  proc: string,
  state: IrConst,
  inputs: IrConst,
  now: bigint,
  options: InterpretOptions,
): { state: IrConst; outputs: IrConst } {
  const p = module.procs.find((x) => x.name === proc);
  if (!p) throw new RuntimeTrap('host', `no proc '${proc}' in the module`);
  const step = module.funcs.find((f) => f.name === p.step);
  if (!step) throw new RuntimeTrap('host', `proc '${proc}' names step function '${p.step}', which is not in the module`);
  const result = new Interpreter(module, options).call(p.step, [state, inputs, now]);
  if (!Array.isArray(result) || result.length < 2) {
    throw new RuntimeTrap('host', `step function '${p.step}' of proc '${proc}' did not return { state, outputs }`);
  }
  let si = 0;
  let oi = 1;
  if (step.result.k === 'struct') {
    const def = module.types[step.result.id];
    if (def?.kind === 'struct') {
      const s = def.fields.findIndex((x) => x.name === 'state');
      const o = def.fields.findIndex((x) => x.name === 'outputs');
      if (s >= 0) si = s;
      if (o >= 0) oi = o;
    }
  }
  return { state: result[si]!, outputs: result[oi]! };
}
