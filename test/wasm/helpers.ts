/** Compile hand-built IR and load it, for back-end tests. */
import type { IrModule } from '../../compiler/ir/ir.ts';
import { compileModule, type CompiledModule } from '../../compiler/wasm/index.ts';
import { loadModule, type LoadedModule } from '../../runtime/wasm/index.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';

export async function build(ir: IrModule, optLevel: 0 | 1 | 2 | 3 = 1): Promise<{ compiled: CompiledModule; mod: LoadedModule }> {
  const compiled = await compileModule(ir, { optLevel });
  return { compiled, mod: await loadModule(compiled) };
}

/** The RuntimeTrap thrown by fn (fails the test when nothing or something else is thrown). */
export function trapOf(fn: () => unknown): RuntimeTrap {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuntimeTrap) return e;
    throw new Error(`expected a RuntimeTrap, got ${(e as Error)?.stack ?? String(e)}`);
  }
  throw new Error('expected a RuntimeTrap, but the call returned');
}
