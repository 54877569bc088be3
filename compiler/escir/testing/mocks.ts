/**
 * Extern mocks (ESCIR.md §6 `mock`): an extern called by a circuit is a host import. In
 * tests its result comes from a `mock` step, for the next step only; called without a mock
 * it traps (the host has nothing to answer with), which the runner reports as E075.
 */
import type { IrConst } from '../../ir/ir.ts';
import type { Host } from '../../../runtime/host/host.ts';

/** A setter of mocked extern results over one host: `undefined` clears the mock. */
export function externMocks(host: Host): (name: string, value: IrConst | undefined) => void {
  const values = new Map<string, IrConst>();
  const registered = new Set<string>();
  return (name, value) => {
    if (value === undefined) {
      values.delete(name);
      return;
    }
    values.set(name, value);
    if (registered.has(name)) return;
    registered.add(name);
    host.registerExtern(name, () => {
      if (!values.has(name)) throw new Error(`extern \`${name}\` has no result in this step (mock it)`);
      return values.get(name)!;
    });
  };
}
