/**
 * The WebAssembly executor for ESCIR tests: compiles the lowered module with the wasm back
 * end and steps it in runtime/wasm (ESCIR.md §11 item 10: the same tests through both).
 * binaryen is imported lazily, only when this executor is asked for.
 */
import type { IrConst, IrModule } from '../../ir/ir.ts';
import { externMocks } from './mocks.ts';
import type { EscirExecutor } from './runner.ts';

export async function wasmExecutor(module: IrModule, optLevel: 0 | 1 | 2 | 3 = 1): Promise<EscirExecutor> {
  const { compileModule } = await import('../../wasm/index.ts');
  const { loadModule } = await import('../../../runtime/wasm/index.ts');
  const compiled = await compileModule(module, { optLevel, witness: false });
  const loaded = await loadModule(compiled);
  return {
    step: (proc: string, state: IrConst, inputs: IrConst, now: bigint) => {
      const r = loaded.step(proc, state, inputs, now);
      return { state: r.state, outputs: r.outputs };
    },
    call: (func: string, args: IrConst[]) => loaded.callIr(func, args).value,
    mock: externMocks(loaded.host),
    host: loaded.host,
  };
}
