/**
 * The reference executor for ESCIR tests: the IR interpreter of runtime/interp, with a
 * fresh in-memory host. ESCIR circuits have no clock of their own: `now` is the step's.
 */
import type { IrConst, IrModule } from '../../ir/ir.ts';
import { externMocks } from './mocks.ts';
import type { EscirExecutor } from './runner.ts';

export async function interpreterExecutor(module: IrModule, fuel = 1_000_000): Promise<EscirExecutor> {
  const { interpretStep, interpretCall } = await import('../../../runtime/interp/index.ts');
  const { createHost } = await import('../../../runtime/host/host.ts');
  const host = createHost({ streams: module.streams });
  return {
    step: (proc: string, state: IrConst, inputs: IrConst, now: bigint) => interpretStep(module, proc, state, inputs, now, { host, fuel }),
    call: (func: string, args: IrConst[]) => interpretCall(module, func, args, { host, fuel }),
    mock: externMocks(host),
    host,
  };
}
